"""Recommendations both ways and one-pair explanations, on the warm world.

Rankings use the process-level world (:func:`corridor.matching.world.get_world`); the
profile or position being asked about is rebuilt from the database on every call so an
edit shows at once. Objects are always fetched through ``for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridor.core.permissions import Action
from corridor.jobs.models import Position
from corridor.matching.narrate import RECRUITER, STUDENT, Narrative, Narrator
from corridor.matching.world import get_world
from corridor.talent.models import TalentProfile
from corridor_match import CandidateFilters, PositionFilters, PositionIndex, explain

DEFAULT_K = 20
#: Past this many ranked candidates, the recruiter's visible profiles are fetched as one
#: id list instead of checking the ranked ones in batches.
_CHECK_LIMIT = 4000


def visible_identities(user, profiles) -> set[int]:
    """Pks of ``profiles`` whose name and contact details ``user`` may see.

    The same rule as :meth:`TalentProfile.identity_visible_to`, for many profiles in one query.
    """
    profiles = list(profiles)
    if not getattr(user, "is_authenticated", False) or not profiles:
        return set()
    roles = user.role_grants()
    if user.is_superuser or any(role == "platform_admin" for role, _org in roles):
        return {p.pk for p in profiles}
    own_institutions = {org for role, org in roles if role == "institution_admin"}
    visible = {
        p.pk
        for p in profiles
        if p.user_id == user.pk or (p.institution_id and p.institution_id in own_institutions)
    }
    orgs = user.organization_ids()
    rest = [p.pk for p in profiles if p.pk not in visible]
    if orgs and rest:
        from corridor.talent.models import ContactConsent

        visible |= set(
            ContactConsent.objects.filter(
                profile_id__in=rest, organization_id__in=orgs, revoked_at__isnull=True
            ).values_list("profile_id", flat=True)
        )
    return visible


def candidate_name(profile: TalentProfile, visible: set[int]) -> str:
    return profile.display_name if profile.pk in visible else str(profile.anonymous_label())


@dataclass
class PositionMatch:
    position: Position
    score: float
    narrative: Narrative

    @property
    def eligible(self) -> bool:
        return self.narrative.eligible


@dataclass
class CandidateMatch:
    profile: TalentProfile
    name: str
    identified: bool
    score: float
    narrative: Narrative

    @property
    def eligible(self) -> bool:
        return self.narrative.eligible


def positions_for_profile(
    user, profile: TalentProfile, filters: PositionFilters | None = None, k: int = DEFAULT_K
) -> list[PositionMatch]:
    """The ``k`` open positions best suited to ``profile``, explained to the student."""
    world = get_world()
    vocab = world.vocabulary
    me, _ids = vocab.profile_set(TalentProfile.objects.filter(pk=profile.pk))
    if me is None or world.positions is None:
        return []
    # a profile without skills: only positions listing no skill share "nothing"; the
    # warm index would expand an empty row (see world.similarity_for), a bare one does not
    index = world.position_index if me.skills.nnz else PositionIndex(world.positions, None)
    top = index.top_k(me, 0, k=k, filters=filters)
    pks = [int(pk) for pk in world.position_ids[top.indices]]
    positions = (
        Position.objects.for_user(user, Action.VIEW)
        .select_related("enterprise", "sector", "project")
        .in_bulk(pks)
    )
    rows = [(int(q), pk) for q, pk in zip(top.indices, pks, strict=True) if pk in positions]
    items = [
        (
            explain(me, 0, world.positions, q, world.similarity).to_dict(),
            profile,
            positions[pk],
        )
        for q, pk in rows
    ]
    narratives = Narrator(vocab, STUDENT).narrate(items)
    return [
        PositionMatch(position=q, score=n.score, narrative=n)
        for (_d, _p, q), n in zip(items, narratives, strict=True)
    ]


def _rank_candidates(world, position_set, user, filters, k) -> tuple[np.ndarray, np.ndarray]:
    """Rows and scores of the ``k`` best candidates among profiles ``user`` may view.

    Ranks a few more than ``k`` and keeps the viewable ones (one small query), asking for
    more until ``k`` are found; past ``_CHECK_LIMIT`` it takes the viewable ids at once.
    """
    index = world.candidate_index
    n = world.profiles.n
    fetch = max(4 * k, 50)
    while True:
        top = index.top_k(position_set, 0, k=min(fetch, n), filters=filters)
        exhausted = len(top.indices) < fetch or fetch >= n
        if fetch > _CHECK_LIMIT:
            allowed_rows = world.profile_rows(
                TalentProfile.objects.for_user(user, Action.VIEW).values_list("pk", flat=True)
            )
            keep = np.isin(top.indices, allowed_rows)
            return top.indices[keep][:k], top.scores[keep][:k]
        pks = world.profile_ids[top.indices].tolist()
        allowed = set(
            TalentProfile.objects.for_user(user, Action.VIEW)
            .filter(pk__in=pks)
            .values_list("pk", flat=True)
        )
        keep = np.fromiter((pk in allowed for pk in pks), dtype=bool, count=len(pks))
        if keep.sum() >= k or exhausted:
            return top.indices[keep][:k], top.scores[keep][:k]
        fetch *= 4


def candidates_for_position(
    user, position: Position, filters: CandidateFilters | None = None, k: int = DEFAULT_K
) -> list[CandidateMatch]:
    """The ``k`` best candidates for ``position`` among the profiles ``user`` may view,
    named only where ``user`` may see their identity."""
    world = get_world()
    vocab = world.vocabulary
    wanted, _ids = vocab.position_set(Position.objects.filter(pk=position.pk))
    if wanted is None or world.profiles is None:
        return []
    rows, _scores = _rank_candidates(world, wanted, user, filters, k)
    pks = [int(pk) for pk in world.profile_ids[rows]]
    profiles = (
        TalentProfile.objects.for_user(user, Action.VIEW).select_related("institution").in_bulk(pks)
    )
    pairs = [(int(p), pk) for p, pk in zip(rows, pks, strict=True) if pk in profiles]
    items = [
        (
            explain(world.profiles, p, wanted, 0, world.similarity).to_dict(),
            profiles[pk],
            position,
        )
        for p, pk in pairs
    ]
    narratives = Narrator(vocab, RECRUITER).narrate(items)
    visible = visible_identities(user, [profiles[pk] for _p, pk in pairs])
    return [
        CandidateMatch(
            profile=p,
            name=candidate_name(p, visible),
            identified=p.pk in visible,
            score=n.score,
            narrative=n,
        )
        for (_d, p, _q), n in zip(items, narratives, strict=True)
    ]


def explain_pair(profile: TalentProfile, position: Position, audience: str = STUDENT) -> Narrative:
    """The explanation of one pair, both sides read fresh from the database."""
    vocab = get_world().vocabulary
    me, _a = vocab.profile_set(TalentProfile.objects.filter(pk=profile.pk))
    wanted, _b = vocab.position_set(Position.objects.filter(pk=position.pk))
    data = explain(me, 0, wanted, 0, vocab.similarity).to_dict()
    return Narrator(vocab, audience).narrate([(data, profile, position)])[0]
