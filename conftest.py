import pytest

from corridor.core.testing import make_personas


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _cold_process_caches():
    """Per-process caches keyed on table versions can outlive a rolled-back test whose ids
    the next test reuses; every test starts cold."""
    from corridor.taxonomy import extract, search

    extract.clear_cache()
    search._fuzzy._state.clear()
    yield
    extract.clear_cache()
    search._fuzzy._state.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or a test that switched the
    thread to Chinese must not change what the next test reads."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client signed in as ``user`` (or anonymous for None)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
