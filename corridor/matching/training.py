"""Where missing skills can be learnt: the hook the training-programmes issue fills."""

from __future__ import annotations

from collections.abc import Iterable


def programmes_teaching(skill_ids: Iterable[int]) -> list[dict]:
    """Training programmes that teach any of ``skill_ids`` (``Skill`` primary keys).

    Each item is a dict ``{"skill_id": int, "title": str, "url": str}``, one per skill and
    programme that teaches it (programmes are public, so no user filter); explanations
    list them under the missing skill they teach. One query.
    """
    from corridor.training.models import ProgrammeSkill

    ids = list(skill_ids)
    if not ids:
        return []
    rows = (
        ProgrammeSkill.objects.filter(skill_id__in=ids)
        .select_related("programme")
        .order_by("skill_id", "programme__title_en", "programme_id")
    )
    return [
        {
            "skill_id": row.skill_id,
            "title": row.programme.title,
            "url": row.programme.get_absolute_url(),
        }
        for row in rows
    ]
