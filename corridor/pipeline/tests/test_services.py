"""start_application and transition: consent, one live application, open positions only,
notifications to the person concerned in their language."""

import pytest
from django.utils.translation import gettext_lazy as _

from corridor.notifications.models import Notification
from corridor.pipeline.models import Application
from corridor.pipeline.services import (
    PipelineError,
    placed_applications,
    start_application,
    transition,
)
from corridor.pipeline.states import State
from corridor.pipeline.tests.conftest import details_for, make_position
from corridor.talent.models import ContactConsent

pytestmark = pytest.mark.django_db


def test_applying_shares_the_profile_with_the_enterprise(personas, world):
    assert not world.profile.identity_visible_to(personas.recruiter_a)
    application = start_application(
        profile=world.profile,
        position=world.position_a,
        actor=personas.student,
        origin="applied",
        note="I weld.",
    )
    assert application.state == State.APPLIED
    assert application.placement_kind == "internship"
    consent = ContactConsent.objects.get(profile=world.profile)
    assert consent.organization == personas.enterprise_a and consent.reason == "applied"
    assert world.profile.identity_visible_to(personas.recruiter_a)
    assert not world.profile.identity_visible_to(personas.recruiter_b)
    recruiter_note = Notification.objects.get(recipient=personas.recruiter_a)
    assert "Ayesha Khan" in recruiter_note.subject
    assert not Notification.objects.filter(recipient=personas.recruiter_b).exists()


def test_a_student_applies_once_but_again_after_withdrawing(personas, world):
    kwargs = {
        "profile": world.profile,
        "position": world.position_a,
        "actor": personas.student,
        "origin": "applied",
    }
    first = start_application(**kwargs)
    with pytest.raises(PipelineError, match="already an application"):
        start_application(**kwargs)
    transition(first, State.WITHDRAWN, actor=personas.student)
    second = start_application(**kwargs)
    assert second.pk != first.pk


@pytest.mark.parametrize("status", ["draft", "closed", "filled"])
def test_only_open_positions_take_applications(personas, world, status):
    position = make_position(personas.enterprise_a, f"p-{status}", status=status)
    with pytest.raises(PipelineError, match="only open positions"):
        start_application(
            profile=world.profile, position=position, actor=personas.student, origin="applied"
        )
    assert not Application.objects.exists()


def test_nobody_applies_with_someone_elses_profile(personas, world):
    with pytest.raises(PipelineError, match="Only the student"):
        start_application(
            profile=world.profile,
            position=world.position_a,
            actor=personas.student_b,
            origin="applied",
        )


def test_only_the_enterprises_recruiters_invite(personas, world):
    with pytest.raises(PipelineError, match="Only recruiters"):
        start_application(
            profile=world.profile,
            position=world.position_a,
            actor=personas.recruiter_b,
            origin="invited",
        )
    invitation = start_application(
        profile=world.profile,
        position=world.position_a,
        actor=personas.recruiter_a,
        origin="invited",
    )
    assert invitation.state == State.INVITED
    # An invitation shares nothing until the student accepts it.
    assert not ContactConsent.objects.exists()
    student_note = Notification.objects.get(recipient=personas.student)
    assert "invited" in student_note.subject
    transition(invitation, State.APPLIED, actor=personas.student)
    assert ContactConsent.objects.get(profile=world.profile).reason == "invitation"


def test_the_student_hears_of_each_recruiter_move_in_chinese(personas, world):
    personas.student.preferred_language = "zh-hans"
    personas.student.save()
    application = start_application(
        profile=world.profile,
        position=world.position_a,
        actor=personas.student,
        origin="applied",
    )
    transition(application, State.SHORTLISTED, actor=personas.recruiter_a)
    note = Notification.objects.get(recipient=personas.student)
    # The position's Chinese title and the enterprise's Chinese name: rendered in the
    # student's language, not the recruiter's.
    assert "焊工" in note.body and "甲企业" in note.body
    assert note.url == application.get_absolute_url()
    # The state label is translated when the catalogue has it (the lead merges ours).
    label = str(State.SHORTLISTED.label)
    from django.utils import translation

    with translation.override("zh-hans"):
        chinese_label = str(_(label))
    assert chinese_label in note.body


def test_recruiters_hear_when_the_student_accepts(personas, world):
    application = start_application(
        profile=world.profile, position=world.position_a, actor=personas.student, origin="applied"
    )
    transition(application, State.OFFERED, actor=personas.recruiter_a, offer_terms="6 months")
    Notification.objects.all().delete()
    transition(application, State.ACCEPTED, actor=personas.student)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        personas.recruiter_a.pk
    ]


def test_placed_applications_count_the_secured_placements(personas, world):
    application = start_application(
        profile=world.profile, position=world.position_a, actor=personas.student, origin="applied"
    )
    for state in (State.OFFERED,):
        transition(application, state, actor=personas.recruiter_a)
    transition(application, State.ACCEPTED, actor=personas.student)
    assert not placed_applications().exists()
    transition(application, State.PLACED, actor=personas.recruiter_a, **details_for("placed"))
    placed = placed_applications().get()
    assert placed.placement_kind == "internship"
    assert str(placed.placement_start) == "2027-03-01"
    assert list(application.transitions.values_list("to_state", flat=True)) == [
        "applied",
        "offered",
        "accepted",
        "placed",
    ]
