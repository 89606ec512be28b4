"""Who organises a placement drive as what, and which positions and candidates they may use.

An organiser acts in one role: platform admin (no organisation), or secretariat,
institution admin or recruiter in one organisation. The role decides the pools:

========================  ==============================  ===================================
role                      positions                       candidates
========================  ==============================  ===================================
platform admin            every open position             every profile
secretariat               open positions they may view    profiles they may view
institution admin         open positions they may view    their institution's students
recruiter                 their enterprise's open ones    profiles they may view
========================  ==============================  ===================================

Everything goes through ``for_user`` so a drive never reaches beyond what its organiser
may see; the pools are applied again when the drive runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from corridor.core.permissions import (
    INSTITUTION_ADMIN,
    PLATFORM_ADMIN,
    POLICY,
    RECRUITER,
    SECRETARIAT,
    Action,
    Scope,
    grants,
)
from corridor.jobs.models import Position, PositionStatus
from corridor.talent.models import TalentProfile

DRIVE_LABEL = "matching.placementdrive"
#: Roles that organise drives within an organisation, strongest first.
ORG_ROLES = (SECRETARIAT, INSTITUTION_ADMIN, RECRUITER)


@dataclass(frozen=True)
class OrganiserRole:
    role: str
    organization_id: int | None


def organiser_roles(user, action: Action = Action.CREATE) -> list[OrganiserRole]:
    """The capacities in which ``user`` may organise drives (platform first)."""
    held = grants(user, DRIVE_LABEL, action)
    found: list[OrganiserRole] = []
    if Scope.ALL in held:
        found.append(OrganiserRole(PLATFORM_ADMIN, None))
    orgs = held.get(Scope.OWN_ORG, set())
    if not orgs:
        return found
    table = POLICY.get(DRIVE_LABEL, {}).get(action, {})
    seen: set[int] = set()
    for role in ORG_ROLES:
        if table.get(role) != Scope.OWN_ORG:
            continue
        for held_role, org_id in user.role_grants():
            if held_role == role and org_id in orgs and org_id not in seen:
                seen.add(org_id)
                found.append(OrganiserRole(role, org_id))
    return found


def organiser_role(user, organization_id: int | None) -> OrganiserRole | None:
    """The role ``user`` organises in for ``organization_id`` (None: not allowed)."""
    for option in organiser_roles(user):
        if option.organization_id == organization_id:
            return option
    return None


def may_see_drives(user) -> bool:
    """Whether ``user`` sees the placement-drive pages (for the navigation)."""
    return bool(grants(user, DRIVE_LABEL, Action.VIEW))


def position_pool(user, role: OrganiserRole) -> QuerySet[Position]:
    if role.role == RECRUITER:
        return Position.objects.for_user(user, Action.CHANGE).filter(
            enterprise_id=role.organization_id, status=PositionStatus.OPEN
        )
    return Position.objects.for_user(user, Action.VIEW).filter(status=PositionStatus.OPEN)


def candidate_pool(user, role: OrganiserRole) -> QuerySet[TalentProfile]:
    profiles = TalentProfile.objects.for_user(user, Action.VIEW)
    if role.role == INSTITUTION_ADMIN:
        profiles = profiles.filter(institution_id=role.organization_id)
    return profiles


def drive_positions(drive, user, role: OrganiserRole) -> QuerySet[Position]:
    """The drive's positions within the organiser's pool."""
    return position_pool(user, role).filter(pk__in=drive.positions.values("pk"))


def drive_candidates(drive, user, role: OrganiserRole) -> QuerySet[TalentProfile]:
    """The drive's candidates within the organiser's pool: its explicit list if it has
    one, else everyone matching its institution / nationality filter."""
    pool = candidate_pool(user, role)
    if drive.candidates.exists():
        return pool.filter(pk__in=drive.candidates.values("pk"))
    if drive.candidate_institution_id:
        pool = pool.filter(institution_id=drive.candidate_institution_id)
    if drive.candidate_nationality:
        pool = pool.filter(nationality=drive.candidate_nationality)
    return pool
