"""The engine's inputs, built from the database: id maps, profiles, positions, similarity.

``corridor_match`` works on dense integer ids and NumPy / SciPy arrays. This module turns
database rows into those arrays with a handful of ``values_list`` queries (never one query
per row) and keeps one warm "world" per process:

* :class:`Vocabulary` maps database keys to dense ids: skills (``Skill.pk``), languages
  (ISO 639-1 codes), countries (ISO 3166 codes, id 0 = none) and sectors (``Sector.pk``,
  id 0 = none). It also holds the skill similarity matrix (see :func:`similarity_matrix`).
* :meth:`Vocabulary.profile_set` / :meth:`Vocabulary.position_set` build a ``ProfileSet`` /
  ``PositionSet`` for any queryset, rows ordered by primary key.
* :func:`get_world` returns the process-level :class:`World`: the vocabulary, every
  profile and every open position, with their ``PositionIndex`` / ``CandidateIndex``
  built on first use. It is rebuilt when :func:`world_version` changes (counts, largest
  ids and latest ``updated_at`` of the tables involved, one SQL query) or after
  :data:`MAX_AGE_SECONDS`.

Conversions (documented here once, used everywhere):

* skill proficiency = ``ProfileSkill.level / 4`` (basic 0.25 ... expert 1.0);
* language levels via :func:`corridor.taxonomy.levels.numeric_level` (CEFR steps, HSK 3.0
  bands, native = 7);
* education via :data:`corridor.core.choices.EDUCATION_ORDER` (same order as the engine's
  ``Education``); a profile without a degree level counts as secondary school, a position
  without a minimum asks for nothing (secondary, the lowest level);
* home country = nationality; preferred countries = ``TalentProfile.preferred_countries``;
* dates are day numbers (days since 1970-01-01); a profile without ``available_from`` is
  available today, a position without ``start_date`` starts today;
* every listed position skill weighs 1 within its group (essential / optional);
  ``capacity`` = ``headcount``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django_countries import countries as all_countries

from corridor.core.choices import EDUCATION_ORDER, LANGUAGE_CODES
from corridor.jobs.models import Importance, Position, PositionLanguage, PositionSkill
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile
from corridor.taxonomy.levels import numeric_level
from corridor.taxonomy.models import Sector, Skill
from corridor_match import (
    CandidateIndex,
    PositionIndex,
    PositionSet,
    ProfileSet,
)
from corridor_match.levels import PositionKind

#: Credit for a skill through a ``Skill.related`` link. Related skills (ESCO's "related
#: to", curated neighbours such as MIG and TIG welding) share tools and concepts but are
#: distinct trades: half credit.
RELATED_CREDIT = 0.5
#: Credit through a broader / narrower link, in both directions. Holding the narrower
#: skill ("TIG welding") shows most of the broader one ("welding"); holding the broader
#: one is a solid grounding for a specialisation. Slightly more than a related skill
#: because the two lie on one line of the hierarchy, but well below an exact match (1.0),
#: so an exact holder always ranks first. One link deep only; the engine takes the best
#: single link (never a sum) and multiplies it by the held proficiency.
BROADER_CREDIT = 0.6

#: The warm world is rebuilt at least this often even when its version looks unchanged
#: (a changed skill level or broader link changes no count or timestamp).
MAX_AGE_SECONDS = 600

KIND_TO_ENGINE = {
    "job": PositionKind.JOB,
    "internship": PositionKind.INTERNSHIP,
    "apprenticeship": PositionKind.APPRENTICESHIP,
}
ENGINE_TO_KIND = {v: k for k, v in KIND_TO_ENGINE.items()}
EPOCH = dt.date(1970, 1, 1)


def day_number(value: dt.date | None, default: int) -> int:
    """Days since 1970-01-01 (``default`` when the date is missing)."""
    return default if value is None else (value - EPOCH).days


def day_date(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def today_number() -> int:
    return day_number(timezone.localdate(), 0)


def _index(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``values`` in sorted ``keys`` and a mask of those found."""
    if len(keys) == 0:
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(keys, values)
    pos = np.minimum(pos, len(keys) - 1)
    return pos, keys[pos] == values


def similarity_matrix(
    skill_ids: np.ndarray, related: list[tuple[int, int]], broader: list[tuple[int, int]]
) -> sp.csr_matrix:
    """Skill similarity S (dense skill ids): ``S[s, e]`` = credit for ``e`` when holding ``s``.

    ``related`` holds (skill pk, skill pk) pairs (both directions are added), ``broader``
    (narrower pk, broader pk) pairs (both directions too). Where two links join the same
    pair the larger credit wins. The diagonal stays empty (an exact match is always 1).
    """
    n = len(skill_ids)
    parts = []
    for pairs, credit in ((related, RELATED_CREDIT), (broader, BROADER_CREDIT)):
        if not pairs:
            continue
        a = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        ia, oka = _index(skill_ids, a[:, 0])
        ib, okb = _index(skill_ids, a[:, 1])
        ok = oka & okb & (ia != ib)
        ia, ib = ia[ok], ib[ok]
        rows = np.concatenate([ia, ib])
        cols = np.concatenate([ib, ia])
        parts.append((rows, cols, np.full(len(rows), credit)))
    if not parts:
        return sp.csr_matrix((n, n), dtype=np.float64)
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    vals = np.concatenate([p[2] for p in parts])
    key = rows * max(n, 1) + cols
    order = np.lexsort((-vals, key))  # per key, the largest credit first
    key, vals = key[order], vals[order]
    first = np.r_[True, key[1:] != key[:-1]]
    key, vals = key[first], vals[first]
    return sp.csr_matrix((vals, (key // n, key % n)), shape=(n, n), dtype=np.float64)


def _countries_of(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [c for c in value.split(",") if c]
    return [str(getattr(c, "code", c)) for c in value if c]


@dataclass
class Vocabulary:
    """Dense ids of skills, languages, countries and sectors, and the similarity matrix."""

    skill_ids: np.ndarray  # dense id -> Skill.pk (sorted)
    languages: list[str]  # dense id -> language code
    countries: list[str]  # dense id -> country code ("" = none, id 0)
    sector_ids: np.ndarray  # dense id - 1 -> Sector.pk (sorted); id 0 = no sector
    similarity: sp.csr_matrix
    today: int = field(default_factory=today_number)

    @classmethod
    def from_db(cls) -> Vocabulary:
        """Three small queries for skills and their links, one for sectors, two for
        languages in use beyond the standard list."""
        skills = np.array(
            list(Skill.objects.order_by("pk").values_list("pk", flat=True)), dtype=np.int64
        )
        through = Skill.related.through
        related = list(through.objects.values_list("from_skill_id", "to_skill_id"))
        broader = list(Skill.objects.filter(broader__isnull=False).values_list("pk", "broader_id"))
        languages = list(LANGUAGE_CODES)
        seen = set(languages)
        for model in (ProfileLanguage, PositionLanguage):
            for code in model.objects.values_list("language", flat=True).distinct():
                if code and code not in seen:
                    seen.add(code)
                    languages.append(code)
        country_codes = [""] + sorted(code for code, _name in all_countries)
        sectors = np.array(
            list(Sector.objects.order_by("pk").values_list("pk", flat=True)), dtype=np.int64
        )
        return cls(
            skill_ids=skills,
            languages=languages,
            countries=country_codes,
            sector_ids=sectors,
            similarity=similarity_matrix(skills, related, broader),
        )

    # --- id maps ------------------------------------------------------------------------
    @property
    def n_skills(self) -> int:
        return len(self.skill_ids)

    @cached_property
    def language_index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.languages)}

    @cached_property
    def country_index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.countries)}

    def skill_index(self, pks) -> tuple[np.ndarray, np.ndarray]:
        """Dense ids of skill primary keys, and a mask of the known ones."""
        return _index(self.skill_ids, np.asarray(pks, dtype=np.int64))

    def skill_pk(self, dense: int) -> int:
        return int(self.skill_ids[dense])

    def country_id(self, code: str | None) -> int:
        return self.country_index.get(str(code or ""), 0)

    def sector_id(self, pk: int | None) -> int:
        if pk is None:
            return 0
        i, ok = _index(self.sector_ids, np.array([pk], dtype=np.int64))
        return int(i[0]) + 1 if ok[0] else 0

    def sector_ids_of(self, pks: np.ndarray) -> np.ndarray:
        pks = np.asarray(pks, dtype=np.int64)
        i, ok = _index(self.sector_ids, pks)
        return np.where(ok & (pks > 0), i + 1, 0)

    # --- sets ---------------------------------------------------------------------------
    def _language_matrix(self, rows, n: int, row_of: dict[int, int]) -> np.ndarray:
        out = np.zeros((n, len(self.languages)), dtype=np.float32)
        values: dict[tuple[str, str], float] = {}
        for owner, code, scale, level in rows:
            col = self.language_index.get(code)
            if col is None:
                continue
            key = (scale, level or "")
            value = values.get(key)
            if value is None:
                try:
                    value = numeric_level(scale, level)
                except ValueError:
                    value = 0.0
                values[key] = value
            r = row_of[owner]
            out[r, col] = max(out[r, col], value)
        return out

    def _skill_matrix(self, owners, skill_pks, values, ids: np.ndarray) -> sp.csr_matrix:
        owners = np.asarray(owners, dtype=np.int64)
        rows, ok_r = _index(ids, owners)
        cols, ok_c = self.skill_index(skill_pks)
        ok = ok_r & ok_c
        data = np.asarray(values, dtype=np.float32)
        return sp.csr_matrix(
            (data[ok], (rows[ok], cols[ok])), shape=(len(ids), self.n_skills), dtype=np.float32
        )

    def profile_set(
        self, queryset: QuerySet[TalentProfile]
    ) -> tuple[ProfileSet | None, np.ndarray]:
        """(ProfileSet, profile pks) of ``queryset``, rows in primary-key order. Three
        queries: profiles, their skills, their languages. The set is None when the
        queryset is empty (the engine's sets have at least one row)."""
        rows = list(
            queryset.order_by("pk").values_list(
                "pk",
                "nationality",
                "preferred_countries",
                "degree_level",
                "available_from",
                "expected_graduation",
            )
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        n = len(ids)
        if n == 0:
            return None, ids
        row_of = {int(pk): i for i, pk in enumerate(ids)}
        members = queryset.order_by().values("pk")
        skill_rows = list(
            ProfileSkill.objects.filter(profile_id__in=members).values_list(
                "profile_id", "skill_id", "level"
            )
        )
        skills = self._skill_matrix(
            [r[0] for r in skill_rows],
            [r[1] for r in skill_rows],
            [r[2] / 4.0 for r in skill_rows],
            ids,
        )
        languages = self._language_matrix(
            ProfileLanguage.objects.filter(profile_id__in=members).values_list(
                "profile_id", "language", "scale", "level"
            ),
            n,
            row_of,
        )
        pref_rows, pref_cols = [], []
        for i, r in enumerate(rows):
            for code in _countries_of(r[2]):
                c = self.country_index.get(code)
                if c:
                    pref_rows.append(i)
                    pref_cols.append(c)
        preferred = sp.csr_matrix(
            (np.ones(len(pref_rows), dtype=bool), (pref_rows, pref_cols)),
            shape=(n, len(self.countries)),
        )
        today = self.today
        profiles = ProfileSet(
            skills=skills,
            languages=languages,
            education=np.array([EDUCATION_ORDER.get(r[3], 0) for r in rows], dtype=np.int8),
            home_country=np.array([self.country_id(r[1]) for r in rows], dtype=np.int32),
            preferred_countries=preferred,
            available_from=np.array([day_number(r[4], today) for r in rows], dtype=np.int32),
            graduation=np.array([day_number(r[5], 0) for r in rows], dtype=np.int32),
        )
        return profiles, ids

    def position_set(self, queryset: QuerySet[Position]) -> tuple[PositionSet | None, np.ndarray]:
        """(PositionSet, position pks) of ``queryset``, rows in primary-key order. Three
        queries: positions, their skills, their languages. None when empty."""
        rows = list(
            queryset.order_by("pk").values_list(
                "pk", "kind", "country", "sector_id", "min_education", "start_date", "headcount"
            )
        )
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        n = len(ids)
        if n == 0:
            return None, ids
        row_of = {int(pk): i for i, pk in enumerate(ids)}
        members = queryset.order_by().values("pk")
        skill_rows = list(
            PositionSkill.objects.filter(position_id__in=members).values_list(
                "position_id", "skill_id", "importance"
            )
        )
        groups = {}
        for importance in (Importance.ESSENTIAL, Importance.OPTIONAL):
            chosen = [r for r in skill_rows if r[2] == importance]
            groups[importance] = self._skill_matrix(
                [r[0] for r in chosen], [r[1] for r in chosen], [1.0] * len(chosen), ids
            )
        languages = self._language_matrix(
            PositionLanguage.objects.filter(position_id__in=members).values_list(
                "position_id", "language", "scale", "level"
            ),
            n,
            row_of,
        )
        today = self.today
        positions = PositionSet(
            essential=groups[Importance.ESSENTIAL],
            optional=groups[Importance.OPTIONAL],
            languages=languages,
            min_education=np.array([EDUCATION_ORDER.get(r[4], 0) for r in rows], dtype=np.int8),
            country=np.array([self.country_id(r[2]) for r in rows], dtype=np.int32),
            sector=self.sector_ids_of(np.array([r[3] or 0 for r in rows], dtype=np.int64)),
            kind=np.array([int(KIND_TO_ENGINE.get(r[1], 0)) for r in rows], dtype=np.int8),
            start_day=np.array([day_number(r[5], today) for r in rows], dtype=np.int32),
            capacity=np.array([max(int(r[6] or 1), 1) for r in rows], dtype=np.int32),
        )
        return positions, ids


def similarity_for(profiles: ProfileSet, similarity: sp.csr_matrix) -> sp.csr_matrix | None:
    """``similarity``, or None when ``profiles`` hold no skill at all: the same result
    (nothing to expand), and ``corridor_match.expand_skills`` fails on an empty skill
    matrix combined with a non-empty similarity."""
    return similarity if profiles.skills.nnz else None


def _row_lookup(ids: np.ndarray, pk: int) -> int | None:
    i, ok = _index(ids, np.array([pk], dtype=np.int64))
    return int(i[0]) if ok[0] else None


@dataclass
class World:
    """Every profile and every open position as engine inputs, with warm indexes."""

    version: tuple
    vocabulary: Vocabulary
    profiles: ProfileSet | None  # None when there is no profile at all
    profile_ids: np.ndarray
    positions: PositionSet | None  # None when no position is open
    position_ids: np.ndarray
    built_at: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _position_index: PositionIndex | None = field(default=None, repr=False)
    _candidate_index: CandidateIndex | None = field(default=None, repr=False)

    @classmethod
    def build(cls, version: tuple = ()) -> World:
        vocabulary = Vocabulary.from_db()
        profiles, profile_ids = vocabulary.profile_set(TalentProfile.objects.all())
        positions, position_ids = vocabulary.position_set(Position.objects.open())
        return cls(version, vocabulary, profiles, profile_ids, positions, position_ids)

    @property
    def similarity(self) -> sp.csr_matrix:
        return self.vocabulary.similarity

    @property
    def position_index(self) -> PositionIndex | None:
        if self.positions is None:
            return None
        with self._lock:
            if self._position_index is None:
                self._position_index = PositionIndex(self.positions, self.similarity)
            return self._position_index

    @property
    def candidate_index(self) -> CandidateIndex | None:
        if self.profiles is None:
            return None
        with self._lock:
            if self._candidate_index is None:
                self._candidate_index = CandidateIndex(
                    self.profiles, similarity_for(self.profiles, self.similarity)
                )
            return self._candidate_index

    def profile_row(self, pk: int) -> int | None:
        return _row_lookup(self.profile_ids, pk)

    def position_row(self, pk: int) -> int | None:
        return _row_lookup(self.position_ids, pk)

    def profile_rows(self, pks) -> np.ndarray:
        """Rows of the given profile pks (unknown pks dropped), ascending."""
        i, ok = _index(self.profile_ids, np.asarray(list(pks), dtype=np.int64))
        return np.unique(i[ok])


# --- the process-level cache ----------------------------------------------------------

_VERSIONED_MODELS: list[tuple[type[Model], bool]] = [
    (Position, True),
    (TalentProfile, True),
    (Skill, False),
    (Skill.related.through, False),
    (Sector, False),
    (ProfileSkill, False),
    (ProfileLanguage, False),
    (PositionSkill, False),
    (PositionLanguage, False),
]


def world_version() -> tuple:
    """A cheap fingerprint of everything the world is built from (one SQL query):
    per table the row count and largest id (and latest ``updated_at`` where there is
    one), plus today's date (missing dates mean "today")."""
    quote = connection.ops.quote_name
    parts = []
    for model, stamped in _VERSIONED_MODELS:
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        # Table and column names come from our own models, never from input.
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608
        if stamped:
            parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return (*(str(v) for v in row), str(timezone.localdate()))


_cache_lock = threading.Lock()
_cache: dict[str, World] = {}


def get_world() -> World:
    """The warm world, rebuilt when the database changed (see :func:`world_version`)."""
    version = world_version()
    current = _cache.get(connection.alias)
    fresh = current is not None and current.version == version
    if fresh and time.monotonic() - current.built_at < MAX_AGE_SECONDS:
        return current
    with _cache_lock:
        current = _cache.get(connection.alias)
        if (
            current is not None
            and current.version == version
            and time.monotonic() - current.built_at < MAX_AGE_SECONDS
        ):
            return current
        world = World.build(version)
        _cache[connection.alias] = world
        return world


def clear_cache() -> None:
    """Forget the warm world (tests; after bulk imports)."""
    with _cache_lock:
        _cache.clear()
