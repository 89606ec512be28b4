"""Where missing skills can be learnt: the hook the training-programmes issue fills."""

from __future__ import annotations

from collections.abc import Iterable


def programmes_teaching(skill_ids: Iterable[int]) -> list[dict]:
    """Training programmes that teach any of ``skill_ids`` (``Skill`` primary keys).

    Each item is a dict ``{"skill_id": int, "title": str, "url": str}``; explanations list
    them under the missing skill they teach. Returns ``[]`` until the training-programmes
    issue adds programmes: that issue fills this function in (and only this one).
    """
    return []
