import pytest
from django.utils import translation

from corridor.matching import world


@pytest.fixture(autouse=True)
def _fresh_world():
    """A cold matching world and English words in every test."""
    world.clear_cache()
    with translation.override("en"):
        yield
    world.clear_cache()
