"""Synthetic demo applications, so that boards, "My applications" and the inbox have
something to show. Everything here is invented (on synthetic students and positions);
dates are relative to the day the demo is loaded. Loading twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from corridor.jobs.models import Position, PositionStatus
from corridor.pipeline import services
from corridor.pipeline.models import Application, ApplicationTransition
from corridor.pipeline.states import Origin, State
from corridor.talent.models import ConsentReason, ContactConsent, TalentProfile

#: The ways synthetic candidates have gone through a position's pipeline.
PATHS = [
    [State.APPLIED],
    [State.APPLIED, State.SHORTLISTED],
    [State.APPLIED, State.SHORTLISTED, State.INTERVIEW_SCHEDULED],
    [State.APPLIED, State.INTERVIEW_SCHEDULED, State.OFFERED],
    [State.APPLIED, State.OFFERED, State.ACCEPTED, State.PLACED],
    [State.APPLIED, State.REJECTED],
    [State.INVITED],
]
ENTERPRISES = ["sinomach", "ccecc"]


def load_applications(tally) -> None:
    positions = list(
        Position.objects.filter(enterprise__slug__in=ENTERPRISES, status=PositionStatus.OPEN)
        .select_related("enterprise")
        .order_by("enterprise__slug", "reference")
    )
    if not positions:
        return
    by_enterprise = {}
    for position in positions:
        by_enterprise.setdefault(position.enterprise.slug, []).append(position)
    candidates = list(
        TalentProfile.objects.filter(synthetic=True, user__isnull=True)
        .exclude(student_number="")
        .order_by("student_number")[: len(PATHS) * 4]
    )
    chosen = [p for slug in ENTERPRISES for p in by_enterprise.get(slug, [])[:2]]
    for index, position in enumerate(chosen):
        group = candidates[index * len(PATHS) : (index + 1) * len(PATHS)]
        for profile, path in zip(group, PATHS, strict=False):
            _walk(tally, profile, position, path)
    _demo_logins(tally, by_enterprise)


def _walk(tally, profile, position, path) -> None:
    """Record one synthetic candidate's way through a pipeline (no notifications: the
    synthetic students have no accounts)."""
    if Application.objects.filter(profile=profile, position=position).exists():
        return
    now = timezone.now()
    application = Application.objects.create(
        profile=profile,
        position=position,
        state=path[-1],
        origin=Origin.INVITED if path[0] == State.INVITED else Origin.APPLIED,
        placement_kind=position.kind,
    )
    previous = ""
    for state in path:
        ApplicationTransition.objects.create(
            application=application, from_state=previous, to_state=state
        )
        previous = state
    if State.INTERVIEW_SCHEDULED in path:
        application.interview_at = now + datetime.timedelta(days=7)
        application.interview_place = "Online"
    if State.PLACED in path:
        application.placement_start = now.date() + datetime.timedelta(days=30)
        application.placement_end = application.placement_start + datetime.timedelta(days=182)
    application.save()
    if path[0] == State.APPLIED:
        ContactConsent.objects.get_or_create(
            profile=profile,
            organization_id=position.enterprise_id,
            revoked_at=None,
            defaults={"reason": ConsentReason.APPLIED},
        )
    tally.count("applications", True, False)


def _demo_logins(tally, by_enterprise) -> None:
    """The demo student logins get an interview and an offer (through the services, so
    their inbox shows the notifications)."""
    users = get_user_model().objects
    student = users.filter(email="student@demo.corridor.test").first()
    recruiter = users.filter(email="recruiter@demo.corridor.test").first()
    recruiter2 = users.filter(email="recruiter2@demo.corridor.test").first()
    profile = TalentProfile.objects.filter(user=student).first() if student else None
    if not (profile and recruiter and recruiter2):
        return
    plans = [
        (by_enterprise.get("sinomach", [])[2:3], recruiter, [State.SHORTLISTED]),
        (by_enterprise.get("ccecc", [])[2:3], recruiter2, [State.OFFERED]),
    ]
    for positions, by, moves in plans:
        for position in positions:
            if Application.objects.filter(profile=profile, position=position).exists():
                continue
            application = services.start_application(
                profile=profile, position=position, actor=student, origin=Origin.APPLIED
            )
            for state in moves:
                services.transition(application, state, actor=by)
            tally.count("applications", True, False)
