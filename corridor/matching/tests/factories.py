"""Small hand-made worlds for the matching tests (and the permission matrix)."""

from __future__ import annotations

import datetime as dt

from corridor.jobs.models import Position, PositionLanguage, PositionSkill
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile, Visibility
from corridor.taxonomy.models import Sector, Skill

_counter = {"n": 0}


def skill(label: str, broader: Skill | None = None, zh: str = "") -> Skill:
    _counter["n"] += 1
    return Skill.objects.create(
        uri=f"urn:test:skill:{label.replace(' ', '-')}:{_counter['n']}",
        label_en=label,
        label_zh=zh,
        skill_type="skill/competence",
        broader=broader,
    )


def sector(code: str = "civil", label: str = "Civil engineering") -> Sector:
    return Sector.objects.get_or_create(code=code, defaults={"label_en": label})[0]


def position(
    enterprise,
    reference: str,
    *,
    essential=(),
    optional=(),
    languages=(),
    kind: str = "job",
    country: str = "PK",
    headcount: int = 1,
    min_education: str = "",
    start_date: dt.date | None = dt.date(2027, 7, 1),
    status: str = "open",
    sector_obj: Sector | None = None,
    title: str | None = None,
) -> Position:
    p = Position.objects.create(
        enterprise=enterprise,
        reference=reference,
        title_en=title or reference.replace("-", " ").title(),
        kind=kind,
        country=country,
        headcount=headcount,
        min_education=min_education,
        start_date=start_date,
        status=status,
        sector=sector_obj,
    )
    PositionSkill.objects.bulk_create(
        [PositionSkill(position=p, skill=s, importance="essential") for s in essential]
        + [PositionSkill(position=p, skill=s, importance="optional") for s in optional]
    )
    PositionLanguage.objects.bulk_create(
        [
            PositionLanguage(position=p, language=code, scale=scale, level=level)
            for code, scale, level in languages
        ]
    )
    return p


def profile(
    name: str,
    *,
    user=None,
    institution=None,
    skills=(),
    languages=(),
    nationality: str = "PK",
    preferred=(),
    degree: str = "bachelor",
    available_from: dt.date | None = dt.date(2027, 6, 1),
    graduation: dt.date | None = None,
    visibility: str = Visibility.SIGNED_IN,
) -> TalentProfile:
    p = TalentProfile.objects.create(
        user=user,
        full_name=name,
        name_latin=name,
        nationality=nationality,
        preferred_countries=list(preferred),
        institution=institution,
        degree_level=degree,
        available_from=available_from,
        expected_graduation=graduation,
        visibility=visibility,
    )
    ProfileSkill.objects.bulk_create(
        [ProfileSkill(profile=p, skill=s, level=level) for s, level in skills]
    )
    ProfileLanguage.objects.bulk_create(
        [
            ProfileLanguage(profile=p, language=code, scale=scale, level=level)
            for code, scale, level in languages
        ]
    )
    return p
