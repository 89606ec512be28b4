import datetime

import pytest
from django.utils import timezone

from corridor.jobs.models import Position, PositionStatus
from corridor.talent.models import TalentProfile, Visibility


def make_position(enterprise, reference, status=PositionStatus.OPEN, **extra):
    extra.setdefault("title_en", reference.replace("-", " ").title())
    extra.setdefault("country", "PK")
    extra.setdefault("kind", "internship")
    return Position.objects.create(
        enterprise=enterprise, reference=reference, status=status, **extra
    )


def make_profile(user, institution, full_name, visibility=Visibility.SIGNED_IN, **extra):
    extra.setdefault("nationality", "PK")
    return TalentProfile.objects.create(
        user=user, institution=institution, full_name=full_name, visibility=visibility, **extra
    )


#: Details that satisfy each target state's requirements.
def details_for(target) -> dict:
    if target == "interview_scheduled":
        return {
            "interview_at": timezone.now() + datetime.timedelta(days=3),
            "interview_place": "Room 1",
        }
    if target == "placed":
        return {
            "placement_start": datetime.date(2027, 3, 1),
            "placement_end": datetime.date(2027, 8, 31),
        }
    return {}


@pytest.fixture
def world(personas):
    class World:
        position_a = make_position(personas.enterprise_a, "welder-a", title_zh="焊工")
        position_b = make_position(personas.enterprise_b, "fitter-b")
        profile = make_profile(personas.student, personas.university, "Ayesha Khan")
        profile_b = make_profile(personas.student_b, personas.university, "Bilal Ahmed")

    return World
