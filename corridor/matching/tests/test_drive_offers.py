"""Publishing a placement drive turns each allocation into an offered application."""

import pytest

from corridor.matching.drives import execute_drive, publish_offers
from corridor.matching.tests import factories as f
from corridor.matching.tests.test_drives import build, make_drive
from corridor.notifications.models import Notification
from corridor.pipeline.models import Application
from corridor.pipeline.services import transition
from corridor.pipeline.states import Origin, State

pytestmark = pytest.mark.django_db


def test_published_allocations_become_offers_once_and_students_hear_of_them(personas):
    data = build(personas)
    weld = data["weld"]
    mine = f.profile(
        "Student Persona", user=personas.student, institution=personas.university,
        skills=[(weld, 4)], languages=[("zh", "HSK", "6")],
    )  # fmt: skip
    drive = make_drive(personas, data)
    execute_drive(drive.pk)
    allocations = list(drive.allocations.values_list("profile_id", "position_id"))
    assert allocations
    # One candidate already applied to their allocated position: that application stays.
    first_profile, first_position = allocations[0]
    applied = Application.objects.create(
        profile_id=first_profile, position_id=first_position, state=State.APPLIED,
        origin=Origin.APPLIED, placement_kind="job",
    )  # fmt: skip

    assert publish_offers(drive) == len(allocations)

    offers = Application.objects.filter(drive=drive)
    assert offers.count() == len(allocations) - 1
    assert set(offers.values_list("state", "origin")) == {(State.OFFERED, Origin.DRIVE)}
    applied.refresh_from_db()
    assert applied.state == State.APPLIED and applied.drive is None
    assert (mine.pk, data["welder"].pk) in allocations
    note = Notification.objects.get(recipient=personas.student)
    assert "offer" in note.subject.lower()
    # The student answers the offer like any other.
    offer = offers.get(profile=mine)
    transition(offer, State.ACCEPTED, actor=personas.student)
    offer.refresh_from_db()
    assert offer.state == State.ACCEPTED

    assert publish_offers(drive) == 0  # twice: nothing more
    assert Application.objects.filter(drive=drive).count() == len(allocations) - 1
