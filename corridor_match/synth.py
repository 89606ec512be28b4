"""Seeded synthetic profiles and positions with a realistic shape (for demos,
tests and benchmarks).  Everything is vectorised so millions of rows are cheap.

Shape: ~10 sectors, each with its own skills whose popularity follows a Zipf law
(a long tail of rare skills) plus transversal skills shared by all; related-skill
links within a sector; Chinese (HSK), English (CEFR) and native languages;
countries of the seed reports; education levels; day-number dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .levels import CEFR_VALUES, HSK_VALUES, NATIVE_VALUE
from .model import PositionSet, ProfileSet

SECTORS: tuple[str, ...] = (
    "civil_engineering", "hydropower", "machinery", "automotive", "cross_border_ecommerce",
    "ceramics", "oil_and_gas", "digital_economy", "mandarin_teaching", "vocational_teaching",
)  # fmt: skip
COUNTRIES: tuple[str, ...] = (
    "CN", "PK", "VN", "RU", "KZ", "JP", "SG", "UZ", "ID", "TH", "MY", "LA", "KH", "BD", "EG", "KE",
)  # fmt: skip
LANGUAGES: tuple[str, ...] = ("zh", "en", "ur", "ru", "vi", "kk", "ja", "uz", "id", "th")
#: Native language(s) of each country (by code).
NATIVE: dict[str, tuple[str, ...]] = {
    "CN": ("zh",), "PK": ("ur",), "VN": ("vi",), "RU": ("ru",), "KZ": ("kk", "ru"), "JP": ("ja",),
    "SG": ("en", "zh"), "UZ": ("uz", "ru"), "ID": ("id",), "TH": ("th",),
}  # fmt: skip
_HOME_P = {
    "PK": 30,
    "VN": 12,
    "RU": 10,
    "KZ": 10,
    "UZ": 6,
    "ID": 6,
    "TH": 5,
    "BD": 5,
    "EG": 4,
    "KE": 4,
    "LA": 4,
    "KH": 4,
}
_POS_P = {"PK": 25, "CN": 15, "VN": 10, "RU": 8, "KZ": 8, "UZ": 5, "ID": 5, "TH": 4, "SG": 4, "MY": 4, "EG": 4,
          "KE": 3, "LA": 2, "KH": 2, "BD": 1}  # fmt: skip
BASE_DAY = 20454  # 2026-01-01 as days since 1970-01-01


@dataclass
class SynthWorld:
    """A generated instance: data plus the vocabularies behind the integer ids."""

    profiles: ProfileSet
    positions: PositionSet
    similarity: sp.csr_matrix
    skill_sector: np.ndarray
    sectors: tuple[str, ...] = SECTORS
    countries: tuple[str, ...] = COUNTRIES
    languages: tuple[str, ...] = LANGUAGES


def _probs(table: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.array([COUNTRIES.index(c) for c in table])
    p = np.array(list(table.values()), dtype=float)
    return ids, p / p.sum()


class _Vocab:
    def __init__(
        self, rng: np.random.Generator, n_skills: int, n_transversal: int, zipf: float
    ) -> None:
        self.n_skills = n_skills
        per = (n_skills - n_transversal) // len(SECTORS)
        self.per = per
        self.sector_skills = n_transversal + np.stack(
            [rng.permutation(per) + s * per for s in range(len(SECTORS))]
        )
        self.transversal = rng.permutation(n_transversal)
        w = 1.0 / np.arange(1, per + 1) ** zipf
        self.cdf = np.cumsum(w) / w.sum()
        wt = 1.0 / np.arange(1, n_transversal + 1) ** zipf
        self.cdf_t = np.cumsum(wt) / wt.sum()
        self.skill_sector = np.full(n_skills, -1, dtype=np.int32)
        for s in range(len(SECTORS)):
            self.skill_sector[self.sector_skills[s]] = s

    def draw(
        self, rng: np.random.Generator, sector: np.ndarray, counts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = np.repeat(np.arange(len(counts)), counts)
        rank = np.minimum(np.searchsorted(self.cdf, rng.random(len(rows))), self.per - 1)
        return rows, self.sector_skills[sector[rows], rank]

    def draw_transversal(
        self, rng: np.random.Generator, counts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = np.repeat(np.arange(len(counts)), counts)
        rank = np.minimum(
            np.searchsorted(self.cdf_t, rng.random(len(rows))), len(self.transversal) - 1
        )
        return rows, self.transversal[rank]


def _matrix(
    n: int, n_cols: int, parts: list[tuple[np.ndarray, np.ndarray]], vals: np.ndarray | None = None
) -> sp.csr_matrix:
    rows = np.concatenate([r for r, _ in parts])
    cols = np.concatenate([c for _, c in parts])
    data = np.ones(len(rows), dtype=np.float32) if vals is None else vals
    m = sp.csr_matrix((data, (rows, cols)), shape=(n, n_cols))
    m.sum_duplicates()
    m.data = np.minimum(m.data, 1.0)
    return m


def _similarity(rng: np.random.Generator, v: _Vocab, links: int) -> sp.csr_matrix:
    src = np.repeat(v.sector_skills.ravel(), links)
    sector = np.repeat(np.repeat(np.arange(len(SECTORS)), v.per), links)
    dst = v.sector_skills[sector, rng.integers(0, v.per, len(src))]
    w = np.round(rng.uniform(0.3, 0.8, len(src)), 2)
    keep = src != dst
    m = sp.csr_matrix((w[keep], (src[keep], dst[keep])), shape=(v.n_skills, v.n_skills))
    return m.maximum(m.T).tocsr()


def _languages(rng: np.random.Generator, country: np.ndarray, n: int) -> np.ndarray:
    lang = np.zeros((n, len(LANGUAGES)), dtype=np.float32)
    for c, natives in NATIVE.items():
        rows = np.flatnonzero(country == COUNTRIES.index(c))
        for code in natives:
            lang[rows, LANGUAGES.index(code)] = NATIVE_VALUE
    hsk = np.array([HSK_VALUES[str(i)] for i in range(1, 10)], dtype=np.float32)
    zh = hsk[rng.choice(9, n, p=[0.02, 0.08, 0.2, 0.25, 0.2, 0.15, 0.06, 0.03, 0.01])]
    en = np.array(list(CEFR_VALUES.values()), dtype=np.float32)[
        rng.choice(6, n, p=[0.05, 0.15, 0.3, 0.3, 0.15, 0.05])
    ]
    lang[:, 0] = np.maximum(lang[:, 0], zh)
    lang[:, 1] = np.maximum(lang[:, 1], en)
    return lang


def make_profiles(rng: np.random.Generator, v: _Vocab, n: int) -> ProfileSet:
    """Generate ``n`` synthetic profiles over vocabulary ``v``."""
    ids, p = _probs(_HOME_P)
    home = ids[rng.choice(len(ids), n, p=p)]
    sec1 = rng.integers(0, len(SECTORS), n)
    sec2 = (sec1 + rng.integers(1, len(SECTORS), n)) % len(SECTORS)
    parts = [
        v.draw(rng, sec1, rng.integers(4, 11, n)),
        v.draw(rng, sec2, rng.binomial(2, 0.3, n)),
        v.draw_transversal(rng, rng.integers(1, 4, n)),
    ]
    prof = np.round(rng.uniform(0.5, 1.0, sum(len(r) for r, _ in parts)), 1).astype(np.float32)
    skills = _matrix(n, v.n_skills, parts, prof)
    n_pref = rng.integers(0, 3, n)
    pr = np.repeat(np.arange(n), n_pref)
    pc = rng.integers(0, len(COUNTRIES), len(pr))
    cn = np.flatnonzero(rng.random(n) < 0.5)
    pref = _matrix(n, len(COUNTRIES), [(pr, pc), (cn, np.zeros(len(cn), dtype=np.int64))])
    grad = BASE_DAY + rng.integers(-365, 540, n)
    return ProfileSet(
        skills=skills,
        languages=_languages(rng, home, n),
        education=rng.choice(5, n, p=[0.05, 0.25, 0.45, 0.2, 0.05]),
        home_country=home,
        preferred_countries=pref,
        available_from=BASE_DAY + rng.integers(0, 300, n),
        graduation=grad,
    )


def make_positions(
    rng: np.random.Generator, v: _Vocab, n: int, n_slots: int | None = None
) -> PositionSet:
    """Generate ``n`` synthetic positions; capacities sum to ``n_slots`` (default n)."""
    ids, p = _probs(_POS_P)
    country = ids[rng.choice(len(ids), n, p=p)]
    sector = rng.integers(0, len(SECTORS), n)
    kind = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    ess = _matrix(n, v.n_skills, [v.draw(rng, sector, rng.integers(2, 7, n))])
    opt = _matrix(
        n,
        v.n_skills,
        [
            v.draw(rng, sector, rng.integers(0, 3, n)),
            v.draw_transversal(rng, rng.integers(0, 3, n)),
        ],
    )
    opt = (opt - opt.multiply(ess > 0)).tocsr()
    opt.eliminate_zeros()
    lang = np.zeros((n, len(LANGUAGES)), dtype=np.float32)
    zh = rng.random(n) < 0.5
    lang[zh, 0] = rng.choice(np.array([2.0, 3.0, 3.5, 4.0], dtype=np.float32), zh.sum())
    en = rng.random(n) < 0.4
    lang[en, 1] = rng.choice(np.array([3.0, 4.0], dtype=np.float32), en.sum())
    min_edu = np.where(kind == 0, rng.choice(4, n, p=[0.1, 0.3, 0.5, 0.1]), rng.choice(2, n))
    n_slots = n if n_slots is None else n_slots
    cap = np.ones(n, dtype=np.int64)
    if n_slots > n:
        cap += np.bincount(rng.choice(n, n_slots - n, p=rng.dirichlet(np.ones(n))), minlength=n)
    return PositionSet(
        essential=ess,
        optional=opt,
        languages=lang,
        min_education=min_edu,
        country=country,
        sector=sector,
        kind=kind,
        start_day=BASE_DAY + rng.integers(30, 400, n),
        min_essential_coverage=np.where(rng.random(n) < 0.3, 0.5, 0.0),
        capacity=cap,
    )


def generate(
    n_profiles: int,
    n_positions: int,
    n_slots: int | None = None,
    *,
    seed: int = 0,
    n_skills: int = 4000,
    n_transversal: int = 200,
    zipf: float = 1.1,
    related_links: int = 2,
) -> SynthWorld:
    """Generate a seeded synthetic world of profiles, positions and a skill-similarity matrix."""
    rng = np.random.default_rng(seed)
    v = _Vocab(rng, n_skills, n_transversal, zipf)
    return SynthWorld(
        profiles=make_profiles(rng, v, n_profiles),
        positions=make_positions(rng, v, n_positions, n_slots),
        similarity=_similarity(rng, v, related_links),
        skill_sector=v.skill_sector,
    )
