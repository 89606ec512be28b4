"""Shared fixtures for the talent tests: a small taxonomy, profiles, and form data."""

import pytest

from corridor.accounts.models import Role
from corridor.accounts.services import grant_role
from corridor.core.testing import OrganizationFactory, UserFactory
from corridor.directory.models import OrganizationKind
from corridor.taxonomy.models import Label, Skill


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded CVs go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _skill(uri, label_en, label_zh="", synonyms=()):
    skill = Skill.objects.create(
        uri=uri, label_en=label_en, label_zh=label_zh, skill_type="skill/competence"
    )
    labels = [("en", label_en, "preferred"), ("zh", label_zh, "preferred")]
    labels += [("en", text, "alternative") for text in synonyms]
    for language, text, kind in labels:
        if text:
            Label.objects.create(
                skill=skill, language=language, text=text, kind=kind, source="curated"
            )
    skill.refresh_search_text()
    skill.save(update_fields=["search_text"])
    return skill


@pytest.fixture
def skills(db):
    return {
        "welding": _skill("urn:test:welding", "welding", "焊接", ["arc welding"]),
        "python": _skill("urn:test:python", "Python (computer programming)", "Python编程"),
        "logistics": _skill("urn:test:logistics", "logistics management", "物流管理"),
    }


@pytest.fixture
def other_university(db):
    return OrganizationFactory(
        slug="other-university", kind=OrganizationKind.UNIVERSITY, name_en="Other University"
    )


@pytest.fixture
def other_admin(other_university):
    user = UserFactory(email="admin@other-university.test")
    grant_role(user, Role.INSTITUTION_ADMIN, other_university)
    return user
