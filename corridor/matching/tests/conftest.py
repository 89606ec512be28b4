import pytest
from django.utils import translation

from corridor.matching import world


@pytest.fixture(autouse=True)
def _fresh_world():
    """A cold world and English words at the start of every test (a request made in
    another language leaves that language active in the thread)."""
    world.clear_cache()
    with translation.override("en"):
        yield
    world.clear_cache()
