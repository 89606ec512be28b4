"""Measure the gap analysis and the overview on a large synthetic database.

    DATABASE_URL=... corridor migrate
    DATABASE_URL=... python -m corridor.insights.tools.bench_gaps --profiles 100000 --positions 20000

Fills the (empty, throw-away) database with synthetic profiles, skills and open positions
once (``--fill``), then times ``skill_gaps``, ``demand_by_sector``, ``world_overview`` and
``country_dashboard`` for a platform admin and for a recruiter (the SHARED profile scope),
and prints median and p95 over ``--repeat`` runs.
"""

import argparse
import os
import random
import statistics
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--positions", type=int, default=20_000)
    parser.add_argument("--skills", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--fill", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()
    if args.fill:
        fill(args)
    measure(args)


def fill(args):
    from corridor.accounts.models import Role, User
    from corridor.accounts.services import grant_role
    from corridor.directory.models import Organization
    from corridor.jobs.models import Position, PositionSkill
    from corridor.talent.models import ProfileSkill, TalentProfile
    from corridor.taxonomy.models import Sector, Skill

    rng = random.Random(7)  # noqa: S311 - synthetic benchmark data, not secrets
    skills = Skill.objects.bulk_create(
        Skill(uri=f"urn:bench:{i}", label_en=f"skill {i}", skill_type="skill/competence")
        for i in range(args.skills)
    )
    sectors = Sector.objects.bulk_create(
        Sector(code=f"bench-{i}", label_en=f"Sector {i}") for i in range(12)
    )
    enterprise = Organization.objects.create(slug="bench-ent", kind="enterprise", name_en="E")
    university = Organization.objects.create(slug="bench-uni", kind="university", name_en="U")
    countries = ["PK", "VN", "RU", "KZ", "UZ", "TH", "ID", "CN"]
    positions = Position.objects.bulk_create(
        Position(
            enterprise=enterprise,
            reference=f"p{i}",
            title_en=f"Position {i}",
            kind="job",
            country=rng.choice(countries),
            sector=rng.choice(sectors),
            headcount=rng.randint(1, 5),
            status="open",
        )
        for i in range(args.positions)
    )
    PositionSkill.objects.bulk_create(
        PositionSkill(position=p, skill=s, importance=rng.choice(["essential", "optional"]))
        for p in positions
        for s in rng.sample(skills, 4)
    )
    batch = 10_000
    for start in range(0, args.profiles, batch):
        profiles = TalentProfile.objects.bulk_create(
            TalentProfile(
                full_name=f"Bench {i}",
                nationality=rng.choice(countries),
                institution=university,
                visibility=rng.choice(["signed_in", "signed_in", "nobody"]),
                synthetic=True,
            )
            for i in range(start, min(start + batch, args.profiles))
        )
        ProfileSkill.objects.bulk_create(
            ProfileSkill(profile=p, skill=s) for p in profiles for s in rng.sample(skills, 5)
        )
    admin = User.objects.create_user("bench-admin@example.test", "x")
    grant_role(admin, Role.PLATFORM_ADMIN, None)
    recruiter = User.objects.create_user("bench-recruiter@example.test", "x")
    grant_role(recruiter, Role.RECRUITER, enterprise)


def measure(args):
    from corridor.accounts.models import User
    from corridor.insights import dashboards, gaps

    for email in ("bench-admin@example.test", "bench-recruiter@example.test"):
        user = User.objects.get(email=email)
        for name, call in [
            ("skill_gaps", lambda u=user: gaps.skill_gaps(u)),
            ("skill_gaps PK", lambda u=user: gaps.skill_gaps(u, gaps.GapFilters(country="PK"))),
            ("demand_by_sector", lambda u=user: gaps.demand_by_sector(u)),
            ("world_overview", lambda u=user: dashboards.world_overview(u)),
            ("country_dashboard PK", lambda u=user: dashboards.country_dashboard(u, "PK")),
        ]:
            times = []
            for _ in range(args.repeat):
                user.__dict__.pop("_role_grants", None)
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            print(
                f"{email.split('@')[0]:16} {name:22} median {statistics.median(times):7.1f} ms"
                f"  p95 {p95:7.1f} ms"
            )


if __name__ == "__main__":
    main()
