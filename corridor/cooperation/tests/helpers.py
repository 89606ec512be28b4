"""Objects the cooperation tests build on."""

import datetime

from django.core.management import call_command

from corridor.cooperation.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Alliance,
    Measurement,
    Metric,
    Target,
)
from corridor.core.testing import OrganizationFactory
from corridor.directory.models import AllianceMember, AllianceRole, OrganizationKind


def alliance(slug="test-alliance", *, secretariat_of=None, members=()):
    """An alliance (with its organisation); ``secretariat_of``: an organisation that
    becomes a member with the secretariat role; ``members``: current plain members."""
    org = OrganizationFactory(
        slug=slug, kind=OrganizationKind.ALLIANCE, name_en="Test Alliance", name_zh="测试联盟"
    )
    obj = Alliance.objects.create(
        organization=org, founded_year=2023, founded_month=2, founded_day=17, countries=["CN", "PK"]
    )
    if secretariat_of is not None:
        AllianceMember.objects.create(
            alliance=org, member=secretariat_of, role=AllianceRole.SECRETARIAT
        )
    for member in members:
        AllianceMember.objects.create(alliance=org, member=member, role=AllianceRole.MEMBER)
    return obj


def target(alliance_obj, metric=Metric.INTERNSHIPS_AND_JOBS, value=50000, **extra):
    extra.setdefault("label_en", f"Target {metric}")
    extra.setdefault(
        "measurement",
        Measurement.COMPUTED if metric == Metric.INTERNSHIPS_AND_JOBS else Measurement.ENTERED,
    )
    return Target.objects.create(alliance=alliance_obj, metric=metric, target_value=value, **extra)


def agreement(*parties, slug="test-agreement", status=AgreementStatus.SIGNED, **extra):
    extra.setdefault("kind", "memorandum_of_cooperation")
    extra.setdefault("title_en", "Memorandum of cooperation")
    obj = Agreement.objects.create(slug=slug, status=status, **extra)
    for org in parties:
        AgreementParty.objects.create(agreement=obj, organization=org)
    return obj


def place(profile, position, *, student_user, recruiter):
    """Place ``profile`` in ``position`` through the pipeline's own services."""
    from corridor.pipeline import services
    from corridor.pipeline.states import State

    application = services.start_application(
        profile=profile, position=position, actor=student_user, origin="applied"
    )
    services.transition(application, State.OFFERED, actor=recruiter)
    services.transition(application, State.ACCEPTED, actor=student_user)
    start = datetime.date.today()
    services.transition(
        application,
        State.PLACED,
        actor=recruiter,
        placement_start=start,
        placement_end=start + datetime.timedelta(days=180),
    )
    return application


def run_worker():
    """Run the queued tasks as `corridor db_worker` does (restoring its signal handlers)."""
    import signal

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
