"""Fixtures of the privacy tests: a student with a complete profile, CV and consent."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from corridor.talent.models import ContactConsent, ProfileLanguage, TalentProfile


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def full_profile(personas):
    """``personas.student``'s profile with a language, experience, a CV and a consent."""
    student = personas.student
    student.first_name, student.last_name = "Zainab", "Qureshi"
    student.save()
    profile = TalentProfile.objects.create(
        user=student,
        institution=personas.university,
        full_name="زینب قریشی",
        name_latin="Zainab Qureshi",
        email="zainab.private@example.test",
        phone="+92 300 1234567",
        nationality="PK",
        student_number="S-77",
        summary="I love bridges; call me at +92 300 1234567.",
        visibility="signed_in",
    )
    profile.cv.save("cv.txt", ContentFile(b"Zainab Qureshi - CV\n"))
    ProfileLanguage.objects.create(
        profile=profile, language="zh", scale="HSK", level="4", certificate="HSK 4 (2025)"
    )
    profile.experience.create(title="Site intern", description="Zainab's bridge work")
    ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="granted"
    )
    return profile
