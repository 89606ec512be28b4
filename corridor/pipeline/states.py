"""The application state machine: every allowed move and who may make it, in one table.

A *side* is who acts: the ``STUDENT`` (the account that owns the talent profile) or the
``RECRUITER`` side (recruiters of the position's enterprise, and platform admins). Any move
not in :data:`MOVES` is refused by :func:`corridor.pipeline.services.transition` with a
message naming the current state and the moves that are possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    INVITED = "invited", _("Invited")
    APPLIED = "applied", _("Applied")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Offer accepted")
    DECLINED = "declined", _("Declined")
    PLACED = "placed", _("Placed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not selected")


class Origin(models.TextChoices):
    APPLIED = "applied", _("Student applied")
    INVITED = "invited", _("Recruiter invited")
    DRIVE = "drive", _("Placement drive offer")
    EVENT = "event", _("Meeting at an event")


class Side(StrEnum):
    STUDENT = "student"
    RECRUITER = "recruiter"


#: States after which the application is over and the student may apply again.
CLOSED = frozenset({State.DECLINED, State.WITHDRAWN, State.REJECTED})
#: Columns of the recruiter's board, in the order a candidate moves through them.
BOARD_ORDER = [
    State.INVITED,
    State.APPLIED,
    State.SHORTLISTED,
    State.INTERVIEW_SCHEDULED,
    State.OFFERED,
    State.ACCEPTED,
    State.PLACED,
    State.DECLINED,
    State.WITHDRAWN,
    State.REJECTED,
]


@dataclass(frozen=True)
class Move:
    """One allowed transition: from ``source`` to ``target``, made by ``side``, labelled
    ``label`` on buttons; ``requires`` names the details it cannot do without."""

    source: State
    target: State
    side: Side
    label: str
    requires: tuple[str, ...] = ()


S, R = Side.STUDENT, Side.RECRUITER
_WITHDRAW = _("Withdraw my application")
_REJECT = _("Reject")
_INTERVIEW = ("interview_at",)

MOVES: tuple[Move, ...] = (
    # An invitation waits for the student.
    Move(State.INVITED, State.APPLIED, S, _("Accept the invitation")),
    Move(State.INVITED, State.DECLINED, S, _("Decline the invitation")),
    Move(State.INVITED, State.WITHDRAWN, R, _("Cancel the invitation")),
    # The recruiting side runs the pipeline.
    Move(State.APPLIED, State.SHORTLISTED, R, _("Shortlist")),
    Move(State.APPLIED, State.INTERVIEW_SCHEDULED, R, _("Schedule an interview"), _INTERVIEW),
    Move(State.APPLIED, State.OFFERED, R, _("Make an offer")),
    Move(State.APPLIED, State.REJECTED, R, _REJECT),
    Move(State.SHORTLISTED, State.INTERVIEW_SCHEDULED, R, _("Schedule an interview"), _INTERVIEW),
    Move(State.SHORTLISTED, State.OFFERED, R, _("Make an offer")),
    Move(State.SHORTLISTED, State.REJECTED, R, _REJECT),
    Move(
        State.INTERVIEW_SCHEDULED,
        State.INTERVIEW_SCHEDULED,
        R,
        _("Reschedule the interview"),
        _INTERVIEW,
    ),
    Move(State.INTERVIEW_SCHEDULED, State.OFFERED, R, _("Make an offer")),
    Move(State.INTERVIEW_SCHEDULED, State.REJECTED, R, _REJECT),
    Move(State.OFFERED, State.REJECTED, R, _("Withdraw the offer")),
    Move(
        State.ACCEPTED,
        State.PLACED,
        R,
        _("Record the placement"),
        ("placement_start", "placement_end"),
    ),
    # The student answers offers and may withdraw until placed.
    Move(State.OFFERED, State.ACCEPTED, S, _("Accept the offer")),
    Move(State.OFFERED, State.DECLINED, S, _("Decline the offer")),
    Move(State.APPLIED, State.WITHDRAWN, S, _WITHDRAW),
    Move(State.SHORTLISTED, State.WITHDRAWN, S, _WITHDRAW),
    Move(State.INTERVIEW_SCHEDULED, State.WITHDRAWN, S, _WITHDRAW),
    Move(State.ACCEPTED, State.WITHDRAWN, S, _WITHDRAW),
)

#: Details each move may carry (beyond its required ones); anything else is refused.
DETAILS = {
    State.INTERVIEW_SCHEDULED: ("interview_at", "interview_place"),
    State.OFFERED: ("offer_terms",),
    State.PLACED: ("placement_start", "placement_end"),
}


def moves_from(state: str, sides: set[Side] | frozenset[Side] | None = None) -> list[Move]:
    """The moves possible from ``state`` (for ``sides`` only, when given)."""
    return [m for m in MOVES if m.source == state and (sides is None or m.side in sides)]


def find_move(source: str, target: str) -> Move | None:
    return next((m for m in MOVES if m.source == source and m.target == target), None)
