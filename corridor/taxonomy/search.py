"""Autocomplete over skills and occupations, in any language, tolerant of typos.

First the folded search column (every label and synonym, Chinese as bigrams) is asked
for concepts containing every typed term; when that finds too few, a fuzzy match over
all labels (rapidfuzz) catches misspellings such as "weldign" or "hydropwer".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from corridor.core.text import fold, search_terms
from corridor.taxonomy.models import Label, Occupation, Skill


@dataclass
class Hit:
    concept: Skill | Occupation
    matched: str  # the label that matched (a synonym when not the preferred label)
    fuzzy: bool = False


def _candidates(model, terms: list[str]):
    queryset = model.objects.all()
    for term in terms:
        queryset = queryset.filter(search_text__contains=f" {term}")
    return queryset


class _FuzzyIndex:
    """All labels of one concept kind, folded, kept in memory for typo-tolerant lookup."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[tuple, list[str], list[tuple[int, str]]]] = {}

    def _version(self, fk: str) -> tuple:
        labels = Label.objects.filter(**{f"{fk}__isnull": False})
        return (labels.count(), labels.order_by("-pk").values_list("pk", flat=True).first())

    def lookup(self, fk: str, query: str, limit: int) -> list[tuple[int, str, float]]:
        version = self._version(fk)
        with self._lock:
            state = self._state.get(fk)
            if state is None or state[0] != version:
                rows = list(
                    Label.objects.filter(**{f"{fk}__isnull": False}).values_list(f"{fk}_id", "text")
                )
                state = (version, [fold(text) for _id, text in rows], rows)
                self._state[fk] = state
        _version, folded, rows = state
        matches = process.extract(
            fold(query), folded, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=80
        )
        return [(rows[i][0], rows[i][1], score) for _text, score, i in matches]


_fuzzy = _FuzzyIndex()


def autocomplete(model: type[Skill] | type[Occupation], query: str, limit: int = 10) -> list[Hit]:
    """Concepts for what a user typed, best first."""
    query = (query or "").strip()
    terms = search_terms(query)
    if not terms:
        return []
    folded = fold(query)
    fk = model._meta.model_name
    found = list(_candidates(model, terms)[:500])
    hits: list[Hit] = []
    if found:
        labels: dict[int, list[str]] = {}
        for concept_id, text in Label.objects.filter(
            **{f"{fk}_id__in": [c.pk for c in found]}
        ).values_list(f"{fk}_id", "text"):
            labels.setdefault(concept_id, []).append(text)

        def best_label(concept) -> tuple[int, str]:
            options = [concept.label_en, concept.label_zh, *labels.get(concept.pk, [])]
            ranked = []
            for text in filter(None, options):
                f = fold(text)
                rank = 0 if f == folded else 1 if f.startswith(folded) else 2 if folded in f else 3
                ranked.append((rank, len(text), text))
            rank, _length, text = min(ranked)
            return rank, text

        scored = []
        for concept in found:
            rank, text = best_label(concept)
            preferred = text in (concept.label_en, concept.label_zh)
            scored.append(((rank, not concept.curated, not preferred, len(text)), concept, text))
        scored.sort(key=lambda item: item[0])
        hits = [Hit(concept, text) for _key, concept, text in scored[:limit]]
    if not hits:  # nothing contains what was typed: maybe a typo
        seen = {hit.concept.pk for hit in hits}
        fuzzy = [
            (cid, text) for cid, text, _s in _fuzzy.lookup(fk, query, limit) if cid not in seen
        ]
        by_id = model.objects.in_bulk([cid for cid, _t in fuzzy])
        for cid, text in fuzzy:
            if cid in by_id and cid not in seen and len(hits) < limit:
                seen.add(cid)
                hits.append(Hit(by_id[cid], text, fuzzy=True))
    return hits
