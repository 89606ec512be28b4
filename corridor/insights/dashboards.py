"""What the country and alliance dashboards show: aggregates only, never a person.

Every count comes through the permission chokepoint (``for_user``) and every count derived
from talent profiles below :data:`SMALL_COUNT` is suppressed (shown as "< 5"), so that a
dashboard cannot single anyone out. Organisations (alliance members) are not people and
are counted as they are.

Alliances are organisations of kind *alliance* with their :class:`AllianceMember` rows; the
cooperation app's targets and progress, the pipeline's placements and the training app's
completions are used when those apps provide them (see the ``_optional`` helpers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django_countries import countries

from corridor.core.permissions import Action, Scope, grants
from corridor.directory.models import AllianceMember, Organization, OrganizationKind
from corridor.insights import gaps
from corridor.insights.models import Statistic
from corridor.talent.models import TalentProfile

#: Counts derived from profiles smaller than this (but not zero) are not shown.
SMALL_COUNT = 5

COUNTRY_POLICY = "insights.countrydashboard"
ALLIANCE_POLICY = "insights.alliancedashboard"
GAPS_POLICY = "insights.gaps"


def suppressed(count: int | None) -> int | None:
    """``None`` (shown as "< 5") for 1–4, the count otherwise."""
    if count and count < SMALL_COUNT:
        return None
    return count or 0


def may_view(user, policy: str) -> bool:
    return bool(grants(user, policy, Action.VIEW))


# --- alliances -------------------------------------------------------------------------------


def visible_alliances(user):
    """Alliances whose dashboard ``user`` may open: all for platform admins; otherwise those
    the user's organisation runs or is a current member of (POLICY row OWN_ORG)."""
    alliances = Organization.objects.filter(
        Q(kind=OrganizationKind.ALLIANCE) | Q(pk__in=_cooperation_alliance_org_ids())
    )
    held = grants(user, ALLIANCE_POLICY, Action.VIEW)
    if Scope.ALL in held:
        return alliances
    org_ids = held.get(Scope.OWN_ORG, set())
    if not org_ids:
        return alliances.none()
    member_of = AllianceMember.objects.filter(member_id__in=org_ids, left__isnull=True).values(
        "alliance_id"
    )
    return alliances.filter(Q(pk__in=org_ids) | Q(pk__in=member_of))


def _cooperation_alliance_org_ids():
    """Organisations the cooperation app keeps an Alliance record for (CCN is an
    association that acts as an alliance)."""
    try:
        from corridor.cooperation.models import Alliance
    except ImportError:
        return []
    return Alliance.objects.values("organization_id")


def member_ids(alliance) -> set[int]:
    return set(
        AllianceMember.objects.filter(alliance=alliance, left__isnull=True).values_list(
            "member_id", flat=True
        )
    )


def _optional(module: str, name: str):
    """A function another app offers, or ``None`` while it does not exist yet."""
    try:
        imported = __import__(module, fromlist=[name])
    except ImportError:
        return None
    return getattr(imported, name, None)


def targets_progress(alliance) -> list[dict]:
    """[{label, unit, target, achieved, percent, source}] of the alliance's targets, from
    the cooperation app (the one place progress is computed)."""
    progress = _optional("corridor.cooperation.progress", "alliance_progress")
    if progress is None:
        return []
    from corridor.cooperation.models import Alliance

    coop = Alliance.objects.filter(organization=alliance).first()
    if coop is None:
        return []
    return [
        {
            "label": str(item.label),
            "unit": str(item.target.unit),
            "target": _number(item.target_value),
            "achieved": _number(item.achieved),
            "percent": round(item.percent, 1),
            "source": item.source,
        }
        for item in progress(coop)
    ]


def _number(value):
    """A whole number as an int (50000, not 50000.0), else a float; None stays None."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _date_field(model, candidates):
    names = {f.name for f in model._meta.get_fields()}
    return next((name for name in candidates if name in names), None)


def placements_by_month(user, *, member_ids=None, country: str = "") -> list[dict]:
    """[{month: "2026-05", count}] of placed applications, when the pipeline offers them."""
    placed = _optional("corridor.pipeline.services", "placed_applications")
    if placed is None:
        return []
    applications = placed()
    if hasattr(applications, "for_user"):
        applications = applications.for_user(user, Action.VIEW)
    if member_ids is not None:
        applications = applications.filter(
            Q(position__enterprise_id__in=member_ids) | Q(profile__institution_id__in=member_ids)
        )
    if country:
        applications = applications.filter(position__country=country)
    fields = [
        name
        for name in ("placement_start", "updated_at", "created_at")
        if _date_field(applications.model, (name,))
    ]
    return _by_month(applications, *fields) if fields else []


def trainees_by_month(user, *, member_ids=None) -> list[dict]:
    """[{month, count}] of programme completions (training app) the user may see."""
    completions = _optional("corridor.training.services", "completions")
    if completions is None:
        return []
    rows = completions(organization_ids=member_ids)
    if hasattr(rows, "for_user"):
        rows = rows.filter(pk__in=rows.model.objects.for_user(user, Action.VIEW).values("pk"))
    return _by_month(rows, "completed_on")


def _by_month(queryset, *field_names: str) -> list[dict]:
    """Counts per month of the first of ``field_names`` that is filled in."""
    months = [TruncMonth(name, output_field=DateField()) for name in field_names]
    month = months[0] if len(months) == 1 else Coalesce(*months, output_field=DateField())
    rows = (
        queryset.annotate(month=month)
        .exclude(month=None)
        .values("month")
        .annotate(count=Count("pk", distinct=True))
        .order_by("month")
    )
    return [{"month": r["month"].strftime("%Y-%m"), "count": r["count"]} for r in rows]


@dataclass
class AllianceDashboard:
    alliance: Organization
    members_by_country: list[dict]
    member_count: int
    targets: list[dict]
    placements: list[dict]
    trainees: list[dict]
    gaps: list[gaps.GapRow]
    totals: dict = field(default_factory=dict)


def alliance_dashboard(user, alliance) -> AllianceDashboard:
    members = member_ids(alliance)
    by_country = (
        Organization.objects.filter(pk__in=members)
        .values("country")
        .annotate(count=Count("pk"))
        .order_by("-count", "country")
    )
    filters = gaps.GapFilters(member_ids=members)
    totals = gaps.totals(user, filters)
    totals["profiles"] = suppressed(totals["profiles"])
    return AllianceDashboard(
        alliance=alliance,
        members_by_country=[
            {
                "country": str(r["country"] or ""),
                "name": str(countries.name(r["country"])) if r["country"] else "",
                "count": r["count"],
            }
            for r in by_country
        ],
        member_count=len(members),
        targets=targets_progress(alliance),
        placements=placements_by_month(user, member_ids=members),
        trainees=trainees_by_month(user, member_ids=members),
        gaps=gaps.skill_gaps(user, filters, limit=20),
        totals=totals,
    )


# --- countries -------------------------------------------------------------------------------


@dataclass
class CountryDashboard:
    code: str
    name: str
    students_from: int | None
    students_in: int | None
    students_in_by_nationality: list[dict]
    open_positions: int
    open_headcount: int
    positions_by_sector: list[dict]
    placements: list[dict]
    statistics: list


def country_dashboard(user, code: str) -> CountryDashboard:
    code = code.upper()
    profiles = TalentProfile.objects.for_user(user, Action.VIEW)
    students_in = profiles.filter(institution__country=code)
    nationalities = students_in.values("nationality").annotate(count=Count("pk")).order_by("-count")
    only_country = gaps.GapFilters(country=code)
    positions = gaps.open_positions(user, only_country).aggregate(
        count=Count("pk"), headcount=Sum("headcount", default=0)
    )
    return CountryDashboard(
        code=code,
        name=str(countries.name(code)),
        students_from=suppressed(profiles.filter(nationality=code).count()),
        students_in=suppressed(students_in.count()),
        students_in_by_nationality=[
            {
                "country": str(r["nationality"]),
                "name": str(countries.name(r["nationality"])),
                "count": suppressed(r["count"]),
            }
            for r in nationalities
        ],
        open_positions=positions["count"],
        open_headcount=positions["headcount"],
        positions_by_sector=gaps.demand_by_sector(user, only_country),
        placements=placements_by_month(user, country=code),
        statistics=list(
            Statistic.objects.for_user(user, Action.VIEW)
            .filter(country=code)
            .select_related("stated_by", "source")
        ),
    )


def world_overview(user) -> list[dict]:
    """Per country: open positions' headcount there and students of that nationality
    (suppressed below :data:`SMALL_COUNT`), for the map and the tile view."""
    demand = {r["country"]: r for r in gaps.demand_by_country(user)}
    students = dict(
        TalentProfile.objects.for_user(user, Action.VIEW)
        .values("nationality")
        .annotate(count=Count("pk"))
        .values_list("nationality", "count")
    )
    codes = sorted(set(demand) | {str(c) for c in students if c})
    rows = [
        {
            "country": code,
            "name": str(countries.name(code)),
            "headcount": demand.get(code, {}).get("headcount", 0),
            "positions": demand.get(code, {}).get("positions", 0),
            "students": suppressed(students.get(code, 0)),
        }
        for code in codes
    ]
    rows.sort(key=lambda r: (-(r["headcount"] or 0), -(r["students"] or 0), r["name"]))
    return rows
