"""A fair with two booths, positions with skills and two registered students with
profiles, for the meeting tests."""

import datetime as dt

import pytest
from django.utils import translation

from corridor.events.models import Booth, RegistrationStatus
from corridor.events.tests.conftest import make_event
from corridor.matching import world as matching_world
from corridor.matching.tests import factories as mf


@pytest.fixture
def meet_world(personas):
    matching_world.clear_cache()
    welding, civil = mf.skill("welding"), mf.skill("civil engineering")
    event = make_event(personas.association, capacity=50)
    booth_a = Booth.objects.create(
        event=event,
        enterprise=personas.enterprise_a,
        label="A1",
        meeting_start=dt.time(10, 0),
        meeting_end=dt.time(11, 0),
        slot_minutes=30,
        breaks=[],
    )
    booth_b = Booth.objects.create(
        event=event,
        enterprise=personas.enterprise_b,
        label="B1",
        meeting_start=dt.time(10, 0),
        meeting_end=dt.time(11, 0),
        slot_minutes=20,
        breaks=[],
    )
    pos_a = mf.position(personas.enterprise_a, "welder-a", essential=[welding])
    pos_b = mf.position(personas.enterprise_b, "engineer-b", essential=[civil])
    booth_a.positions.add(pos_a)
    booth_b.positions.add(pos_b)
    prof = mf.profile(
        "Ayesha Khan", user=personas.student, institution=personas.university, skills=[(welding, 4)]
    )
    prof_b = mf.profile(
        "Bilal Ahmed", user=personas.student_b, institution=personas.university, skills=[(civil, 4)]
    )
    reg = event.registrations.create(
        user=personas.student,
        name="Ayesha Khan",
        email=personas.student.email,
        status=RegistrationStatus.CONFIRMED,
    )
    reg_b = event.registrations.create(
        user=personas.student_b,
        name="Bilal Ahmed",
        email=personas.student_b.email,
        status=RegistrationStatus.CONFIRMED,
    )

    class W:
        pass

    w = W()
    w.__dict__.update(
        event=event,
        booth_a=booth_a,
        booth_b=booth_b,
        pos_a=pos_a,
        pos_b=pos_b,
        profile=prof,
        profile_b=prof_b,
        reg=reg,
        reg_b=reg_b,
    )
    with translation.override("en"):
        yield w
    matching_world.clear_cache()
