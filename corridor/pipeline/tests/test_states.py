"""The state machine table: every allowed move works for its side, every other one is
refused with a message naming the current state."""

import pytest

from corridor.pipeline.models import Application, ApplicationTransition
from corridor.pipeline.services import PipelineError, transition
from corridor.pipeline.states import MOVES, Side, State, find_move
from corridor.pipeline.tests.conftest import details_for

pytestmark = pytest.mark.django_db

ACTORS = {
    "student": {Side.STUDENT},
    "recruiter_a": {Side.RECRUITER},
    "platform_admin": {Side.RECRUITER},
    "recruiter_b": set(),
    "student_b": set(),
    "institution_admin": set(),
}
PAIRS = [(source, target) for source in State for target in State]


def _application(world, state, position=None):
    return Application.objects.create(
        profile=world.profile,
        position=position or world.position_a,
        state=state,
        origin="applied",
        placement_kind="internship",
    )


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}-{t}" for s, t in PAIRS])
def test_each_move_for_each_actor(source, target, personas, world):
    move = find_move(source, target)
    for who, sides in ACTORS.items():
        application = _application(world, source)
        actor = getattr(personas, who)
        allowed = move is not None and move.side in sides
        if allowed:
            transition(application, target, actor=actor, comment="ok", **details_for(target))
            assert application.state == target
            trail = ApplicationTransition.objects.get(application=application)
            assert (trail.from_state, trail.to_state, trail.actor) == (source, target, actor)
        else:
            with pytest.raises(PipelineError) as refused:
                transition(application, target, actor=actor, **details_for(target))
            assert str(State(source).label) in refused.value.message
            application.refresh_from_db()
            assert application.state == source
            assert not application.transitions.exists()
        application.delete()


def test_the_refusal_lists_what_is_possible(personas, world):
    application = _application(world, State.APPLIED)
    with pytest.raises(PipelineError) as refused:
        transition(application, State.PLACED, actor=personas.recruiter_a)
    message = refused.value.message
    assert "Applied" in message and "Placed" in message
    assert "Shortlist" in message and "Reject" in message


def test_the_wrong_side_is_told_who_may(personas, world):
    application = _application(world, State.OFFERED)
    with pytest.raises(PipelineError) as refused:
        transition(application, State.ACCEPTED, actor=personas.recruiter_a)
    assert "only the student may accept the offer" in refused.value.message


def test_required_details(personas, world):
    application = _application(world, State.APPLIED)
    with pytest.raises(PipelineError) as refused:
        transition(application, State.INTERVIEW_SCHEDULED, actor=personas.recruiter_a)
    assert refused.value.field == "interview_at"
    accepted = _application(world, State.ACCEPTED, world.position_b)
    with pytest.raises(PipelineError) as refused:
        transition(
            accepted,
            State.PLACED,
            actor=personas.recruiter_b,
            placement_start="2027-01-01",
        )
    assert refused.value.field == "placement_end"


def test_placement_end_before_start_is_refused(personas, world):
    import datetime

    application = _application(world, State.ACCEPTED)
    with pytest.raises(PipelineError, match="end comes before"):
        transition(
            application,
            State.PLACED,
            actor=personas.recruiter_a,
            placement_start=datetime.date(2027, 5, 1),
            placement_end=datetime.date(2027, 4, 1),
        )


def test_details_of_another_move_are_refused(personas, world):
    application = _application(world, State.APPLIED)
    with pytest.raises(PipelineError, match="does not take"):
        transition(application, State.SHORTLISTED, actor=personas.recruiter_a, offer_terms="x")


def test_every_state_is_reachable_and_the_table_has_no_duplicates():
    assert len({(m.source, m.target) for m in MOVES}) == len(MOVES)
    reached = {State.INVITED, State.APPLIED, State.OFFERED} | {m.target for m in MOVES}
    assert reached == set(State)
