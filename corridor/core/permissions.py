"""The permission chokepoint.

Every page, API endpoint, export and search fetches objects through
``Model.objects.for_user(user, action)``. What each role may do to each model lives in one
table, :data:`POLICY`; each model's queryset says what a *scope* means for it (for example
"own organisation" for an organisation is the organisation itself, for a person it is the
people of that organisation). An object outside a user's scope is a 404, never a leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"


class Scope(StrEnum):
    ALL = "all"  # every object of the model
    OWN_ORG = "own_org"  # objects of the organisations where the user holds the role
    OWN = "own"  # objects that belong to the user personally
    SHARED = "shared"  # objects their owners chose to show this user (e.g. public profiles)


# Pseudo-roles every visitor has, besides the roles held in organisations.
ANONYMOUS = "anonymous"
AUTHENTICATED = "authenticated"

# Role names as stored in accounts.Membership.role (kept as plain strings so that core
# does not import accounts: dependencies point core <- accounts <- domains).
PLATFORM_ADMIN = "platform_admin"
SECRETARIAT = "secretariat"
INSTITUTION_ADMIN = "institution_admin"
RECRUITER = "recruiter"
STUDENT = "student"

_V, _C, _U, _D = Action.VIEW, Action.CREATE, Action.CHANGE, Action.DELETE

#: model label -> action -> role -> scope. A role missing from an action's entry may not
#: perform it. This table is the single place where rights are granted.
POLICY: dict[str, dict[Action, dict[str, Scope]]] = {
    "directory.organization": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
        _U: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
        _D: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
    },
    "directory.person": {
        _V: {AUTHENTICATED: Scope.ALL},
        _C: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
        _U: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
        _D: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
    },
    # Reference data: readable by everyone, changed by platform admins (and importers).
    "taxonomy.skill": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL},
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    "taxonomy.sector": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL},
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    "taxonomy.occupation": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL},
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    # Talent profiles: the student's own, their institution's, and what students shared.
    "talent.talentprofile": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            STUDENT: Scope.OWN,
            AUTHENTICATED: Scope.SHARED,
        },
        _C: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG, STUDENT: Scope.OWN},
        _U: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG, STUDENT: Scope.OWN},
        _D: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG, STUDENT: Scope.OWN},
    },
    # Privacy: a user's own consent history; the audit log is for platform admins only.
    "accounts.consentrecord": {_V: {AUTHENTICATED: Scope.OWN}},
    "accounts.auditentry": {_V: {PLATFORM_ADMIN: Scope.ALL}},
    # Projects: an enterprise's own business; everyone signed in may read them.
    "jobs.project": {
        _V: {AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
        _U: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
        _D: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
    },
    # Positions: published ones for everyone signed in, drafts only for their enterprise.
    "jobs.position": {
        _V: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG, AUTHENTICATED: Scope.SHARED},
        _C: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
        _U: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
        _D: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
    },
    # Placement drives belong to the organising organisation; what goes into a drive is
    # narrowed by role in corridor.matching.pools.
    "matching.placementdrive": {
        action: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        }
        for action in (_V, _C, _U, _D)
    },
    # Import batches: everyone sees their own uploads; which rows of a file are accepted is
    # decided row by row against creatable_organization_ids of the target model.
    "imports.importbatch": {
        _V: {PLATFORM_ADMIN: Scope.ALL, AUTHENTICATED: Scope.OWN},
        _C: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
        _U: {PLATFORM_ADMIN: Scope.ALL, AUTHENTICATED: Scope.OWN},
        _D: {PLATFORM_ADMIN: Scope.ALL, AUTHENTICATED: Scope.OWN},
    },
    # One-to-one meetings at fairs: the student's own requests, meetings and consultations;
    # the booth enterprise's and, for organisers, all of the event's. Outcomes: organisers.
    **{
        label: {
            action: {
                PLATFORM_ADMIN: Scope.ALL,
                SECRETARIAT: Scope.OWN_ORG,
                INSTITUTION_ADMIN: Scope.OWN_ORG,
                RECRUITER: Scope.OWN_ORG,
                AUTHENTICATED: Scope.OWN,
            }
            for action in (_V, _C, _U, _D)
        }
        for label in ("events.meetingrequest", "events.meeting")
    },
    "events.consultation": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
            AUTHENTICATED: Scope.OWN,
        },
        **{
            action: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG} for action in (_C, _U, _D)
        },
    },
    "events.eventoutcome": {
        action: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        }
        for action in (_V, _C, _U, _D)
    },
    # Cooperation. Alliances, their targets and sources are public facts; the alliance's
    # secretariat (its own organisation, or a member with the secretariat role) keeps them.
    "cooperation.alliance": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG},
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    "cooperation.target": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG},
        _U: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG},
        _D: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG},
    },
    # Agreements: signed ones (and later statuses) are public; drafts only for the staff of
    # their parties and the secretariat of their alliance.
    "cooperation.agreement": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
            ANONYMOUS: Scope.SHARED,
            AUTHENTICATED: Scope.SHARED,
        },
        **{
            action: {
                PLATFORM_ADMIN: Scope.ALL,
                SECRETARIAT: Scope.OWN_ORG,
                INSTITUTION_ADMIN: Scope.OWN_ORG,
                RECRUITER: Scope.OWN_ORG,
            }
            for action in (_C, _U)
        },
        _D: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG},
    },
    "cooperation.source": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    # Insights. Statistics are published figures from the reports: readable by everyone.
    "insights.statistic": {
        _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
        _C: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
        _U: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
        _D: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.ALL},
    },
    # Dashboards (aggregates only, no model of their own): gap analysis and country
    # dashboards for signed-in staff; an alliance's dashboard for its secretariat and the
    # staff of its members (OWN_ORG: the alliance or a member is one of the user's orgs).
    "insights.gaps": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.ALL,
            RECRUITER: Scope.ALL,
        },
    },
    "insights.countrydashboard": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.ALL,
            INSTITUTION_ADMIN: Scope.ALL,
            RECRUITER: Scope.ALL,
        },
    },
    "insights.alliancedashboard": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
    },
    # Events: published (and past or cancelled) events and their agenda, speakers and
    # booths are public; staff of an organiser organisation manage the event; a recruiter
    # also keeps their enterprise's booth. Registrations: one's own, and for staff those of
    # the events they organise and of their organisation's people.
    "events.event": {
        _V: {
            ANONYMOUS: Scope.SHARED,
            AUTHENTICATED: Scope.SHARED,
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
        },
        **{
            action: {
                PLATFORM_ADMIN: Scope.ALL,
                SECRETARIAT: Scope.OWN_ORG,
                INSTITUTION_ADMIN: Scope.OWN_ORG,
                RECRUITER: Scope.OWN_ORG,
            }
            for action in (_C, _U, _D)
        },
    },
    **{
        label: {
            _V: {
                ANONYMOUS: Scope.SHARED,
                AUTHENTICATED: Scope.SHARED,
                PLATFORM_ADMIN: Scope.ALL,
                SECRETARIAT: Scope.OWN_ORG,
                INSTITUTION_ADMIN: Scope.OWN_ORG,
                RECRUITER: Scope.OWN_ORG,
            },
            **{
                action: {
                    PLATFORM_ADMIN: Scope.ALL,
                    SECRETARIAT: Scope.OWN_ORG,
                    INSTITUTION_ADMIN: Scope.OWN_ORG,
                    RECRUITER: Scope.OWN_ORG,
                }
                for action in (_C, _U, _D)
            },
        }
        for label in ("events.session", "events.speaker", "events.booth")
    },
    "events.registration": {
        **{
            action: {
                PLATFORM_ADMIN: Scope.ALL,
                SECRETARIAT: Scope.OWN_ORG,
                INSTITUTION_ADMIN: Scope.OWN_ORG,
                RECRUITER: Scope.OWN_ORG,
                AUTHENTICATED: Scope.OWN,
            }
            for action in (_V, _C, _U)
        },
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    # Training. Programmes, competitions and standards (with adoptions) are public; the
    # institutions running a programme keep it, its cohorts and enrolments; students see
    # their own enrolments, certificates and career plan; orders: orderer and supplier.
    **{
        label: {
            _V: {ANONYMOUS: Scope.ALL, AUTHENTICATED: Scope.ALL},
            **{a: {PLATFORM_ADMIN: Scope.ALL, keeper: Scope.OWN_ORG} for a in (_C, _U, _D)},
        }
        for label, keeper in (
            ("training.programme", INSTITUTION_ADMIN),
            ("training.cohort", INSTITUTION_ADMIN),
            ("training.curriculumstandard", INSTITUTION_ADMIN),
            ("training.standardadoption", INSTITUTION_ADMIN),
            ("training.competition", SECRETARIAT),
        )
    },
    "training.enrolment": {
        _V: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG, STUDENT: Scope.OWN},
        _C: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG},
        _U: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG},
        _D: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG},
    },
    "training.certificate": {
        _V: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG, STUDENT: Scope.OWN},
        _U: {PLATFORM_ADMIN: Scope.ALL, INSTITUTION_ADMIN: Scope.OWN_ORG},
    },
    "training.talentorder": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
        },
        _C: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG, RECRUITER: Scope.OWN_ORG},
        _U: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            RECRUITER: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
        },
        _D: {PLATFORM_ADMIN: Scope.ALL},
    },
    "training.competitionentry": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            SECRETARIAT: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            STUDENT: Scope.OWN,
        },
        **{a: {PLATFORM_ADMIN: Scope.ALL, SECRETARIAT: Scope.OWN_ORG} for a in (_C, _U, _D)},
    },
    "training.careertarget": {
        a: {PLATFORM_ADMIN: Scope.ALL, STUDENT: Scope.OWN} for a in (_V, _C, _U, _D)
    },
    # Applications: the student's own, the recruiting enterprise's, the institution's
    # students' (read only). Notes are for the recruiting side alone, never the student.
    "pipeline.application": {
        _V: {
            PLATFORM_ADMIN: Scope.ALL,
            RECRUITER: Scope.OWN_ORG,
            INSTITUTION_ADMIN: Scope.OWN_ORG,
            AUTHENTICATED: Scope.OWN,
        },
        _C: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG, AUTHENTICATED: Scope.OWN},
        _U: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG, AUTHENTICATED: Scope.OWN},
    },
    "pipeline.applicationnote": {
        _V: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
        _C: {PLATFORM_ADMIN: Scope.ALL, RECRUITER: Scope.OWN_ORG},
    },
    # Notifications: everyone sees (and marks read) only their own; created by services.
    "notifications.notification": {
        _V: {AUTHENTICATED: Scope.OWN},
        _U: {AUTHENTICATED: Scope.OWN},
    },
}


def grants(user: Any, model_label: str, action: Action) -> dict[Scope, set[int]]:
    """The scopes ``user`` holds for ``action`` on a model, with the organisation ids that
    OWN_ORG applies to. Empty when the user may not perform the action at all."""
    table = POLICY.get(model_label, {}).get(action, {})
    result: dict[Scope, set[int]] = {}
    if not getattr(user, "is_authenticated", False):
        if ANONYMOUS in table:
            result.setdefault(table[ANONYMOUS], set())
        return result
    if getattr(user, "is_superuser", False):
        return {Scope.ALL: set()}
    if AUTHENTICATED in table:
        result.setdefault(table[AUTHENTICATED], set())
    for role, org_id in user.role_grants():
        scope = table.get(role)
        if scope is None:
            continue
        orgs = result.setdefault(scope, set())
        if scope == Scope.OWN_ORG and org_id is not None:
            orgs.add(org_id)
    return result


class ScopedQuerySet(models.QuerySet):
    """Base queryset with the ``for_user`` chokepoint.

    Subclasses implement :meth:`scope_q` to say which rows a scope covers.
    """

    def scope_q(self, scope: Scope, user: Any, org_ids: Iterable[int]) -> Q:
        raise NotImplementedError(f"{type(self).__name__} must define scope_q for {scope}")

    def for_user(self, user: AnonymousUser | Any, action: Action | str) -> ScopedQuerySet:
        """The objects ``user`` may perform ``action`` on (none when not allowed)."""
        held = grants(user, self.model._meta.label_lower, Action(action))
        if Scope.ALL in held:
            return self.all()
        condition = Q(pk__in=[])
        for scope, org_ids in held.items():
            condition |= self.scope_q(scope, user, org_ids)
        return self.filter(condition)


def can(user: Any, action: Action | str, obj: models.Model) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (same rule as ``for_user``)."""
    manager = type(obj)._default_manager
    return manager.for_user(user, action).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


def can_create(user: Any, model: type[models.Model], organization_id: int | None = None) -> bool:
    """Whether ``user`` may create a ``model`` object (in ``organization_id`` if given)."""
    held = grants(user, model._meta.label_lower, Action.CREATE)
    if Scope.ALL in held:
        return True
    orgs = held.get(Scope.OWN_ORG, set())
    if organization_id is None:
        return bool(orgs)
    return organization_id in orgs


def creatable_organization_ids(user: Any, model: type[models.Model]) -> set[int] | None:
    """Organisation ids in which ``user`` may create ``model`` objects; ``None`` means any."""
    held = grants(user, model._meta.label_lower, Action.CREATE)
    if Scope.ALL in held:
        return None
    return set(held.get(Scope.OWN_ORG, set()))
