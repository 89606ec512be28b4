"""Benchmark: the Django path of recommendations (database -> engine arrays -> pages).

Builds a throw-away SQLite database (``CORRIDOR_DATA_DIR`` is a temporary folder), loads
the demo and times the world build from it, then adds a synthetic world written as real
rows (``corridor_match.synth``: skills with related links, profiles, positions with their
skills and language requirements) and times again: the version check, the vocabulary,
profiles and positions built from ``values_list`` queries, the warm indexes, and one
"Positions for me" / "Candidates for this position" service call each (explanations in
words included).

Run ``python bench/bench_recommend.py`` (20,000 positions and 20,000 profiles) or
``--quick`` (2,000 each).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import _common
import numpy as np

QUERIES = 30


def _setup_django(data_dir: str) -> None:
    os.environ["CORRIDOR_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _p(values: list[float]) -> tuple[float, float]:
    a = np.asarray(values) * 1000
    return float(np.percentile(a, 50)), float(np.percentile(a, 95))


def _zh(value: float) -> tuple[str, str]:
    from corridor_match.levels import HSK_VALUES

    best = min(HSK_VALUES, key=lambda k: abs(HSK_VALUES[k] - value))
    return "HSK", best


def _cefr(value: float) -> tuple[str, str]:
    from corridor_match.levels import CEFR_VALUES

    best = min(CEFR_VALUES, key=lambda k: abs(CEFR_VALUES[k] - value))
    return "CEFR", best


def _level(lang: str, value: float) -> tuple[str, str]:
    if value >= 7:
        return "native", ""
    return _zh(value) if lang == "zh" else _cefr(value)


def write_synthetic(n_profiles: int, n_positions: int, seed: int) -> dict:
    """Write a synth world as database rows; returns counts and seconds."""
    from django.db import transaction

    from corridor.directory.models import Organization, OrganizationKind
    from corridor.jobs.models import Position, PositionLanguage, PositionSkill
    from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile
    from corridor.taxonomy.models import Sector, Skill
    from corridor_match import synth

    t0 = time.perf_counter()
    world = synth.generate(n_profiles, n_positions, seed=seed, n_skills=2000, n_transversal=100)
    edu = ["secondary", "vocational", "bachelor", "master", "doctorate"]
    kinds = ["job", "internship", "apprenticeship"]
    with transaction.atomic():
        sectors = [
            Sector.objects.get_or_create(code=f"bench-{s}", defaults={"label_en": s})[0]
            for s in synth.SECTORS
        ]
        skills = Skill.objects.bulk_create(
            [
                Skill(
                    uri=f"urn:bench:skill:{i}", label_en=f"bench skill {i}", skill_type="knowledge"
                )
                for i in range(world.profiles.skills.shape[1])
            ],
            batch_size=2000,
        )
        skill_pk = np.array([s.pk for s in skills])
        S = world.similarity.tocoo()
        through = Skill.related.through
        pairs = {(int(a), int(b)) for a, b in zip(S.row, S.col, strict=True) if a != b}
        pairs |= {(b, a) for a, b in pairs}
        through.objects.bulk_create(
            [through(from_skill_id=skill_pk[a], to_skill_id=skill_pk[b]) for a, b in pairs],
            batch_size=5000,
        )
        enterprises = [
            Organization.objects.create(
                slug=f"bench-enterprise-{i}", kind=OrganizationKind.ENTERPRISE, name_en=f"E{i}"
            )
            for i in range(20)
        ]
        university = Organization.objects.create(
            slug="bench-university", kind=OrganizationKind.UNIVERSITY, name_en="Bench U"
        )
        q = world.positions
        positions = Position.objects.bulk_create(
            [
                Position(
                    enterprise=enterprises[i % len(enterprises)],
                    reference=f"bench-{i}",
                    title_en=f"Bench position {i}",
                    kind=kinds[int(q.kind[i])],
                    country=synth.COUNTRIES[int(q.country[i])],
                    sector=sectors[int(q.sector[i])],
                    headcount=int(q.capacity[i]),
                    min_education=edu[int(q.min_education[i])],
                    status="open",
                )
                for i in range(q.n)
            ],
            batch_size=2000,
        )
        pos_pk = np.array([p.pk for p in positions])
        rows = []
        for matrix, importance in ((q.essential, "essential"), (q.optional, "optional")):
            coo = matrix.tocoo()
            rows += [
                PositionSkill(position_id=pos_pk[r], skill_id=skill_pk[c], importance=importance)
                for r, c in zip(coo.row, coo.col, strict=True)
            ]
        PositionSkill.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        r, c = np.nonzero(q.languages)
        PositionLanguage.objects.bulk_create(
            [
                PositionLanguage(
                    position_id=pos_pk[i],
                    language=synth.LANGUAGES[j],
                    scale=_level(synth.LANGUAGES[j], float(q.languages[i, j]))[0],
                    level=_level(synth.LANGUAGES[j], float(q.languages[i, j]))[1],
                )
                for i, j in zip(r, c, strict=True)
            ],
            batch_size=5000,
        )
        p = world.profiles
        profiles = TalentProfile.objects.bulk_create(
            [
                TalentProfile(
                    full_name=f"Bench profile {i}",
                    nationality=synth.COUNTRIES[int(p.home_country[i])],
                    institution=university,
                    student_number=f"B{i}",
                    degree_level=edu[int(p.education[i])],
                )
                for i in range(p.n)
            ],
            batch_size=2000,
        )
        prof_pk = np.array([x.pk for x in profiles])
        coo = p.skills.tocoo()
        ProfileSkill.objects.bulk_create(
            [
                ProfileSkill(
                    profile_id=prof_pk[r],
                    skill_id=skill_pk[c],
                    level=int(min(max(round(v * 4), 1), 4)),
                )
                for r, c, v in zip(coo.row, coo.col, coo.data, strict=True)
            ],
            batch_size=5000,
        )
        r, c = np.nonzero(p.languages)
        ProfileLanguage.objects.bulk_create(
            [
                ProfileLanguage(
                    profile_id=prof_pk[i],
                    language=synth.LANGUAGES[j],
                    scale=_level(synth.LANGUAGES[j], float(p.languages[i, j]))[0],
                    level=_level(synth.LANGUAGES[j], float(p.languages[i, j]))[1],
                )
                for i, j in zip(r, c, strict=True)
            ],
            batch_size=5000,
        )
    return {"seconds": time.perf_counter() - t0, "positions": pos_pk, "profiles": prof_pk}


def measure(figs: _common.Figures, label: str, user, sample_profiles, sample_positions) -> None:
    from corridor.jobs.models import Position
    from corridor.matching import services, world
    from corridor.talent.models import TalentProfile

    world.clear_cache()
    t0 = time.perf_counter()
    world.world_version()
    figs.add(f"recommend.{label}.version_check", (time.perf_counter() - t0) * 1000, "ms")
    t0 = time.perf_counter()
    vocab = world.Vocabulary.from_db()
    figs.add(f"recommend.{label}.vocabulary", time.perf_counter() - t0, "s")
    t0 = time.perf_counter()
    vocab.profile_set(TalentProfile.objects.all())
    figs.add(f"recommend.{label}.profile_set", time.perf_counter() - t0, "s")
    t0 = time.perf_counter()
    vocab.position_set(Position.objects.open())
    figs.add(f"recommend.{label}.position_set", time.perf_counter() - t0, "s")
    t0 = time.perf_counter()
    w = world.get_world()
    figs.add(f"recommend.{label}.world_build", time.perf_counter() - t0, "s")
    t0 = time.perf_counter()
    _ = w.position_index, w.candidate_index
    figs.add(f"recommend.{label}.indexes_build", time.perf_counter() - t0, "s")
    figs.add(f"recommend.{label}.profiles", w.profiles.n, "rows")
    figs.add(f"recommend.{label}.open_positions", w.positions.n, "rows")

    lat = []
    for profile in sample_profiles:
        t0 = time.perf_counter()
        services.positions_for_profile(user, profile)
        lat.append(time.perf_counter() - t0)
    p50, p95 = _p(lat)
    figs.add(f"recommend.{label}.positions_for_me.p50", p50, "ms")
    figs.add(f"recommend.{label}.positions_for_me.p95", p95, "ms")
    lat = []
    for position in sample_positions:
        t0 = time.perf_counter()
        services.candidates_for_position(user, position)
        lat.append(time.perf_counter() - t0)
    p50, p95 = _p(lat)
    figs.add(f"recommend.{label}.candidates.p50", p50, "ms")
    figs.add(f"recommend.{label}.candidates.p95", p95, "ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--positions", type=int, default=20_000)
    ap.add_argument("--profiles", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n_pos, n_prof = (2_000, 2_000) if args.quick else (args.positions, args.profiles)
    figs = _common.Figures(
        "bench_recommend",
        {"positions": n_pos, "profiles": n_prof, "queries": QUERIES, "quick": args.quick},
    )
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as data_dir:
        _setup_django(data_dir)
        from corridor.accounts.models import User
        from corridor.demo.loader import load_demo
        from corridor.jobs.models import Position
        from corridor.talent.models import TalentProfile

        t0 = time.perf_counter()
        load_demo()
        figs.add("recommend.demo.load", time.perf_counter() - t0, "s")
        admin = User.objects.create_superuser("bench@example.test", "bench-password-0")
        demo_profiles = list(
            TalentProfile.objects.filter(skills__isnull=False).distinct()[:QUERIES]
        )
        demo_positions = list(Position.objects.open()[:QUERIES])
        measure(figs, "demo", admin, demo_profiles, demo_positions)

        written = write_synthetic(n_prof, n_pos, args.seed)
        figs.add("recommend.synthetic.write_rows", written["seconds"], "s")
        rng = np.random.default_rng(args.seed)
        pick = rng.choice(written["profiles"], QUERIES, replace=False).tolist()
        profiles = list(TalentProfile.objects.filter(pk__in=pick))
        pick = rng.choice(written["positions"], QUERIES, replace=False).tolist()
        positions = list(Position.objects.filter(pk__in=pick).select_related("enterprise"))
        measure(figs, "synthetic", admin, profiles, positions)
        figs.add("recommend.peak_rss", _common.peak_rss_mb(), "MiB")
        from django.db import connections

        connections.close_all()
    print(f"wrote {figs.write()}")


if __name__ == "__main__":
    sys.exit(main())
