"""Fixtures of the API tests: an API client per persona and a little shared data."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from corridor.api.tests import data


@pytest.fixture(autouse=True)
def _fresh_cache(django_db_setup, django_db_blocker):
    """Throttles and allauth's failed sign-in counters live in the shared cache (a table of
    the test database unless CACHE_URL says otherwise), also for tests without ``db``."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_for():
    """``api_for(user)``: a client sending ``user``'s API token (anonymous for None)."""

    def build(user):
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return build


@pytest.fixture
def world(personas):
    """Skills, a sector, projects and positions of enterprises A and B, and profiles."""
    return data.build_world(personas)
