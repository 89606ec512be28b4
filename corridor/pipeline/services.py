"""The one write path for applications, shared by pages, API, events and placement drives.

Every function here is atomic and raises :class:`PipelineError` (with a message fit for
the user) when the move is not allowed; whoever is concerned is notified in their own
language.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from corridor.jobs.models import PositionStatus
from corridor.notifications.services import notify
from corridor.pipeline.models import Application, ApplicationNote, ApplicationTransition
from corridor.pipeline.states import DETAILS, Origin, Side, State, find_move, moves_from
from corridor.talent.models import ConsentReason, ContactConsent


class PipelineError(Exception):
    """A refused move; ``message`` says why (translated), ``field`` the detail at fault."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


# --- who is who ---------------------------------------------------------------------------


def _is_platform_admin(user) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or any(role == "platform_admin" for role, _org in user.role_grants())
    )


def sides_of(user, application: Application) -> set[Side]:
    """The sides ``user`` may act for on ``application``: the student who owns the profile,
    the recruiters of the position's enterprise and platform admins."""
    if not getattr(user, "is_authenticated", False):
        return set()
    sides = set()
    if application.profile.user_id == user.pk:
        sides.add(Side.STUDENT)
    if _is_platform_admin(user) or application.position.enterprise_id in user.organization_ids(
        "recruiter"
    ):
        sides.add(Side.RECRUITER)
    return sides


def may_recruit_for(user, position) -> bool:
    """Whether ``user`` acts for the enterprise of ``position`` (or is a platform admin)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _is_platform_admin(user) or position.enterprise_id in user.organization_ids("recruiter")


def recruiters_of(enterprise_id: int):
    """The accounts recruiting for an enterprise (who hear about their applications)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organization_id=enterprise_id,
            memberships__role="recruiter",
            is_active=True,
        )
        .distinct()
    )


# --- reads ----------------------------------------------------------------------------------


def placed_applications():
    """Every application in state *placed*: the internships and jobs secured.

    Issue 6 (insights) counts "internships and jobs secured" from this queryset; filter
    it further by ``placement_kind`` (job / internship / apprenticeship), by
    ``position__enterprise`` / ``position__country``, by ``profile__institution`` or
    ``profile__nationality``, or by ``placement_start`` dates. Unscoped: callers showing
    rows to a user narrow it with ``Application.objects.for_user``.
    """
    return Application.objects.placed()


# --- writes ---------------------------------------------------------------------------------

_INITIAL_STATE = {
    Origin.APPLIED: State.APPLIED,
    Origin.INVITED: State.INVITED,
    Origin.DRIVE: State.OFFERED,
}


def start_application(
    *, profile, position, actor, origin, event=None, drive=None, note=""
) -> Application:
    """Start an application of ``profile`` to ``position``.

    * ``origin="applied"``: the student (``actor`` owns the profile) applies; this shares
      the profile with the enterprise (a :class:`ContactConsent`, reason "applied").
    * ``origin="invited"``: a recruiter of the enterprise (or a platform admin) invites
      the student; the student accepts or declines.
    * ``origin="drive"``: a placement drive's offer (``drive`` required; ``actor`` may be
      None when a task publishes it); the student accepts or declines.
    * ``origin="event"``: a one-to-one meeting at ``event``: an application when the
      student starts it, an invitation when the recruiting side does.

    Raises :class:`PipelineError` when the position is not open, the profile already has a
    live application to it, or ``actor`` may not start it.
    """
    origin = Origin(origin)
    if origin == Origin.DRIVE and drive is None:
        raise PipelineError(_("A placement drive offer needs its drive."))
    if origin == Origin.EVENT and event is None:
        raise PipelineError(_("An application from an event needs the event."))
    is_student = actor is not None and profile.user_id == actor.pk
    if origin == Origin.APPLIED and not is_student:
        raise PipelineError(_("Only the student may apply with their own profile."))
    if origin == Origin.INVITED and not may_recruit_for(actor, position):
        raise PipelineError(_("Only recruiters of the position's enterprise may invite."))
    if origin == Origin.EVENT and not (is_student or may_recruit_for(actor, position)):
        raise PipelineError(
            _("Only the student or a recruiter of the enterprise may start this application.")
        )
    if position.status != PositionStatus.OPEN:
        raise PipelineError(
            _("This position is %(status)s: only open positions take applications.")
            % {"status": position.get_status_display()}
        )
    if origin == Origin.EVENT:
        state = State.APPLIED if is_student else State.INVITED
    else:
        state = _INITIAL_STATE[origin]
    with transaction.atomic():
        if Application.objects.filter(profile=profile, position=position).live().exists():
            raise PipelineError(_("There is already an application for this position."))
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    profile=profile,
                    position=position,
                    state=state,
                    origin=origin,
                    drive=drive,
                    event=event,
                    created_by=actor,
                    cover_note=note if state == State.APPLIED else "",
                    placement_kind=position.kind,
                )
        except IntegrityError:  # a concurrent request won the race
            raise PipelineError(_("There is already an application for this position.")) from None
        ApplicationTransition.objects.create(
            application=application,
            from_state="",
            to_state=state,
            actor=actor,
            comment=note if state != State.APPLIED else "",
        )
        if state == State.APPLIED:
            _share_profile(application, ConsentReason.APPLIED)
        _notify(application, state, actor=actor, side=Side.STUDENT if is_student else None)
    return application


def transition(application: Application, to_state, *, actor, comment="", **details):
    """Move ``application`` to ``to_state`` for ``actor``, with the move's ``details``
    (``interview_at``/``interview_place``, ``offer_terms``, ``placement_start``/
    ``placement_end``), record it in the audit trail and notify the other side.

    Raises :class:`PipelineError` naming the current state and the possible moves when the
    move is not in :data:`corridor.pipeline.states.MOVES`, when ``actor`` is not on the side
    that makes it, or when a required detail is missing or wrong.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("profile", "position")
            .get(pk=application.pk)
        )
        sides = sides_of(actor, locked)
        move = find_move(locked.state, to_state)
        current = State(locked.state).label
        if move is None:
            possible = moves_from(locked.state, sides)
            if possible:
                message = _(
                    "This application is %(state)s; it cannot move to %(target)s. "
                    "Possible now: %(moves)s."
                ) % {
                    "state": current,
                    "target": _state_label(to_state),
                    "moves": ", ".join(str(m.label) for m in possible),
                }
            else:
                message = _(
                    "This application is %(state)s; it cannot move to %(target)s, and "
                    "there is nothing you can do with it now."
                ) % {"state": current, "target": _state_label(to_state)}
            raise PipelineError(message)
        if move.side not in sides:
            who = _("the student") if move.side == Side.STUDENT else _("the recruiting enterprise")
            raise PipelineError(
                _("This application is %(state)s; only %(who)s may %(move)s.")
                % {"state": current, "who": who, "move": str(move.label).lower()}
            )
        _apply_details(locked, move, details)
        from_state = locked.state
        locked.state = move.target
        locked.save()
        ApplicationTransition.objects.create(
            application=locked,
            from_state=from_state,
            to_state=move.target,
            actor=actor,
            comment=comment,
        )
        if move.source == State.INVITED and move.target == State.APPLIED:
            _share_profile(locked, ConsentReason.INVITATION)
        if move.target == State.ACCEPTED:
            _share_profile(locked, ConsentReason.INVITATION)
        _notify(locked, move.target, actor=actor, side=move.side, comment=comment)
    application.refresh_from_db()
    return application


def add_note(application: Application, *, author, text: str) -> ApplicationNote:
    """A recruiting-side note (never shown to the student). Raises PipelineError when
    ``author`` is not on the recruiting side or the note is empty."""
    if Side.RECRUITER not in sides_of(author, application):
        raise PipelineError(_("Only the recruiting enterprise may add notes."))
    text = (text or "").strip()
    if not text:
        raise PipelineError(_("Write a note first."), field="text")
    return ApplicationNote.objects.create(application=application, author=author, text=text)


# --- helpers --------------------------------------------------------------------------------


def _state_label(value) -> str:
    try:
        return str(State(value).label)
    except ValueError:
        return str(value)


def _apply_details(application: Application, move, details: dict) -> None:
    allowed = set(DETAILS.get(move.target, ()))
    given = {key: value for key, value in details.items() if value not in (None, "")}
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise PipelineError(
            _("%(move)s does not take: %(fields)s.")
            % {"move": move.label, "fields": ", ".join(unknown)},
            field=unknown[0],
        )
    for name in move.requires:
        if name not in given:
            label = Application._meta.get_field(name).verbose_name
            raise PipelineError(
                _("%(move)s needs the %(field)s.") % {"move": move.label, "field": label},
                field=name,
            )
    if move.target == State.INTERVIEW_SCHEDULED:
        when = given["interview_at"]
        if isinstance(when, datetime.datetime) and when < timezone.now():
            raise PipelineError(_("The interview cannot be in the past."), field="interview_at")
    if move.target == State.PLACED and given["placement_end"] < given["placement_start"]:
        raise PipelineError(_("The end comes before the start."), field="placement_end")
    for name, value in given.items():
        setattr(application, name, value)


def _share_profile(application: Application, reason) -> None:
    """Consent that the enterprise sees the student's name and contacts (kept if any)."""
    enterprise_id = application.position.enterprise_id
    exists = ContactConsent.objects.filter(
        profile_id=application.profile_id, organization_id=enterprise_id, revoked_at__isnull=True
    ).exists()
    if not exists:
        ContactConsent.objects.create(
            profile_id=application.profile_id, organization_id=enterprise_id, reason=reason
        )


_STUDENT_SUBJECTS = {
    State.INVITED: _("You are invited to apply: %(position)s"),
    State.OFFERED: _("You have an offer: %(position)s"),
    State.INTERVIEW_SCHEDULED: _("Interview scheduled: %(position)s"),
    State.PLACED: _("Your placement is recorded: %(position)s"),
}
_STUDENT_BODY = _(
    "%(enterprise)s moved your application for %(position)s to: %(state)s.\n%(comment)s"
)
_RECRUITER_SUBJECT = _("%(candidate)s — %(position)s: %(state)s")
_RECRUITER_BODY = _("%(candidate)s's application for %(position)s is now: %(state)s.\n%(comment)s")


def _notify(application: Application, state, *, actor, side, comment="") -> None:
    """Tell the person concerned: the student when the recruiting side (or a drive)
    acts, the enterprise's recruiters when the student does."""
    position = application.position
    state = State(state)
    title = lazy(lambda: position.title, str)()
    params = {
        "position": title,
        "state": state.label,
        "enterprise": lazy(lambda: position.enterprise.display_name, str)(),
        "comment": comment,
    }
    url = application.get_absolute_url()
    if side == Side.STUDENT:
        profile = application.profile
        for recruiter in recruiters_of(position.enterprise_id):
            candidate = (
                profile.display_name
                if profile.identity_visible_to(recruiter)
                else profile.anonymous_label()
            )
            notify(
                recruiter,
                subject=_RECRUITER_SUBJECT,
                body=_RECRUITER_BODY,
                params={**params, "candidate": candidate},
                url=url,
                kind=f"application.{state.value}",
            )
        return
    student = application.profile.user
    if student is None or student == actor:
        return
    subject = _STUDENT_SUBJECTS.get(state, _("Your application for %(position)s: %(state)s"))
    notify(
        student,
        subject=subject,
        body=_STUDENT_BODY,
        params=params,
        url=url,
        kind=f"application.{state.value}",
    )
