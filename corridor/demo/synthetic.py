"""Synthetic students, projects and positions for the demo (clearly marked synthetic).

The organisations are the real ones of the seed reports; the people and vacancies here
are invented, deterministically (a fixed seed), so every run produces the same rows and
a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from corridor.directory.models import Organization
from corridor.jobs.models import Position, PositionLanguage, PositionSkill, Project
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile, Visibility
from corridor.taxonomy.models import Sector, Skill

SEED = 20261123
TODAY = dt.date(2026, 11, 23)

#: nationality -> (own language, names in own script with Latin transliteration)
PEOPLE = {
    "PK": ("ur", [("عائشہ خان", "Ayesha Khan"), ("محمد علی", "Muhammad Ali"), ("زینب حسین", "Zainab Hussain"),
                  ("عمر فاروق", "Umar Farooq"), ("حسن رضا", "Hassan Raza"), ("فاطمہ نور", "Fatima Noor"),
                  ("بلال احمد", "Bilal Ahmed"), ("سارہ اقبال", "Sara Iqbal"), ("عثمان طارق", "Usman Tariq"),
                  ("مریم شاہ", "Maryam Shah"), ("علی حیدر", "Ali Haider"), ("حمزہ یوسف", "Hamza Yousaf")]),
    "VN": ("vi", [("Nguyễn Thị Lan", "Nguyen Thi Lan"), ("Trần Văn Minh", "Tran Van Minh"),
                  ("Lê Thu Hà", "Le Thu Ha"), ("Phạm Quốc Bảo", "Pham Quoc Bao"),
                  ("Hoàng Mai Anh", "Hoang Mai Anh"), ("Vũ Đức Thắng", "Vu Duc Thang"),
                  ("Đặng Ngọc Hân", "Dang Ngoc Han"), ("Bùi Thanh Tùng", "Bui Thanh Tung")]),
    "RU": ("ru", [("Анна Смирнова", "Anna Smirnova"), ("Дмитрий Иванов", "Dmitry Ivanov"),
                  ("Екатерина Попова", "Ekaterina Popova"), ("Сергей Кузнецов", "Sergey Kuznetsov"),
                  ("Мария Соколова", "Maria Sokolova"), ("Алексей Морозов", "Alexey Morozov")]),
    "KZ": ("kk", [("Айгерім Серікқызы", "Aigerim Serikkyzy"), ("Нұрлан Әбдіров", "Nurlan Abdirov"),
                  ("Дана Қасымова", "Dana Kasymova"), ("Ерлан Жұмабаев", "Yerlan Zhumabayev"),
                  ("Әсел Төлеуова", "Asel Toleuova")]),
    "UZ": ("uz", [("Dilnoza Karimova", "Dilnoza Karimova"), ("Jasur Rashidov", "Jasur Rashidov"),
                  ("Madina Yusupova", "Madina Yusupova")]),
    "TH": ("th", [("สมชาย ใจดี", "Somchai Jaidee"), ("ณัฐธิดา ทองคำ", "Natthida Thongkham")]),
    "LA": ("lo", [("ສົມພອນ ແກ້ວມະນີ", "Somphone Keomany")]),
    "ID": ("id", [("Putri Wulandari", "Putri Wulandari"), ("Rizky Pratama", "Rizky Pratama")]),
}  # fmt: skip

#: university key -> (programmes with the sectors they prepare for)
STUDIES = {
    "chengdu-university": [
        ("Civil Engineering (B.Eng.)", "bachelor", "Civil engineering", ["civil", "hydropower"]),
        ("Mechanical Engineering (B.Eng.)", "bachelor", "Mechanical engineering", ["machinery", "automotive"]),
        ("International Chinese Education (M.A.)", "master", "Chinese language teaching", ["mandarin_teaching"]),
        ("Computer Science (B.Eng.)", "bachelor", "Computer science", ["digital"]),
    ],
    "jcu": [
        ("Ceramic Art and Design (B.A.)", "bachelor", "Ceramic design", ["ceramics"]),
        ("Materials Science of Ceramics (M.Eng.)", "master", "Materials engineering", ["ceramics", "machinery"]),
        ("Cross-border E-commerce (B.A.)", "bachelor", "E-commerce", ["ecommerce", "digital"]),
    ],
    "xsyu": [
        ("Petroleum Engineering (B.Eng.)", "bachelor", "Petroleum engineering", ["oil_gas"]),
        ("Oil and Gas Storage and Transportation (M.Eng.)", "master", "Pipeline engineering", ["oil_gas", "machinery"]),
    ],
    "radio-engineering-college-russia": [
        ("Radio Engineering (vocational diploma)", "vocational", "Electronics", ["digital", "machinery"]),
    ],
    "ranepa": [
        ("Public Administration (M.P.A.)", "master", "Public administration", ["vocational_teaching", "ecommerce"]),
    ],
}  # fmt: skip

#: (enterprise key, project reference, title en, title zh, country, city, sector, positions)
#: positions: (reference, title en, title zh, kind, headcount, min education)
PROJECTS = [
    ("sinomach", "pk-machinery-service", "Machinery after-sales service centre (demo)", "机械设备售后服务中心（演示）", "PK", "Lahore", "machinery",
     [("pk-service-tech", "Machinery service technician", "机械维修技术员", "job", 6, "vocational"),
      ("pk-plc-intern", "PLC and automation intern", "PLC自动化实习生", "internship", 4, "bachelor")]),
    ("sinomach", "pk-power-plant-om", "Power plant operation and maintenance (demo)", "电站运维项目（演示）", "PK", "Karachi", "hydropower",
     [("pk-electrical-engineer", "Electrical engineer", "电气工程师", "job", 3, "bachelor"),
      ("pk-om-apprentice", "O&M apprentice", "运维学徒", "apprenticeship", 8, "secondary")]),
    ("czec", "pk-hydropower-station", "Hydropower station construction (demo)", "水电站建设项目（演示）", "PK", "Muzaffarabad", "hydropower",
     [("pk-hydro-civil", "Civil engineer, dam and tunnels", "土木工程师（大坝与隧洞）", "job", 5, "bachelor"),
      ("pk-hydro-surveyor", "Surveying technician", "测量技术员", "job", 4, "vocational"),
      ("pk-hydro-intern", "Hydropower engineering intern", "水电工程实习生", "internship", 10, "bachelor")]),
    ("ccecc", "pk-road-upgrade", "Highway upgrade (demo)", "公路升级改造项目（演示）", "PK", "Islamabad", "civil",
     [("pk-site-engineer", "Site engineer", "现场工程师", "job", 6, "bachelor"),
      ("pk-qs", "Quantity surveyor", "造价工程师", "job", 2, "bachelor"),
      ("pk-translator", "Chinese-Urdu-English interpreter", "中乌英翻译", "job", 3, "bachelor")]),
    ("ccecc", "ng-rail-maintenance", "Railway maintenance depot (demo)", "铁路维护基地（演示）", "NG", "Lagos", "civil",
     [("ng-rail-apprentice", "Track maintenance apprentice", "轨道维护学徒", "apprenticeship", 12, "secondary")]),
    ("powerchina", "pk-solar-park", "Solar park construction (demo)", "光伏电站建设项目（演示）", "PK", "Bahawalpur", "hydropower",
     [("pk-solar-electrician", "Electrician, photovoltaic plant", "光伏电站电工", "job", 8, "vocational")]),
    ("changan-automobile", "ru-assembly-support", "Vehicle assembly support (demo)", "整车装配支持项目（演示）", "RU", "Moscow", "automotive",
     [("ru-auto-technician", "Automotive service technician", "汽车售后技师", "job", 5, "vocational"),
      ("ru-auto-intern", "Quality engineering intern", "质量工程实习生", "internship", 3, "bachelor")]),
    ("changan-automobile", "cn-rnd-chongqing", "R&D centre internships (demo)", "重庆研发中心实习项目（演示）", "CN", "Chongqing", "automotive",
     [("cn-ev-intern", "New-energy vehicle R&D intern", "新能源汽车研发实习生", "internship", 6, "master")]),
    ("alibaba", "cn-cbec-academy", "Cross-border e-commerce talent programme (demo)", "跨境电商人才项目（演示）", "CN", "Hangzhou", "ecommerce",
     [("cn-cbec-operator", "Cross-border store operator", "跨境电商运营专员", "job", 10, "bachelor"),
      ("cn-cbec-intern", "Live-streaming e-commerce intern", "直播电商实习生", "internship", 8, "bachelor")]),
    ("hikvision", "vn-after-sales", "Security systems after-sales (demo)", "安防系统售后项目（演示）", "VN", "Hanoi", "digital",
     [("vn-network-engineer", "Network and video systems engineer", "网络与视频系统工程师", "job", 4, "bachelor")]),
    ("tang-international-education-group", "pk-mandarin-centres", "Mandarin + vocational skills centres (demo)", "中文+职业技能中心（演示）", "PK", "Lahore", "mandarin_teaching",
     [("pk-mandarin-teacher", "Mandarin teacher", "国际中文教师", "job", 6, "bachelor"),
      ("pk-vocational-trainer", "Vocational trainer (welding)", "职业技能培训师（焊接）", "job", 2, "vocational")]),
    ("hahcv", "vn-ceramics-workshop", "Ceramics workshop modernisation (demo)", "陶瓷工坊现代化项目（演示）", "VN", "Hanoi", "ceramics",
     [("vn-ceramic-technician", "Ceramic kiln technician", "陶瓷窑炉技术员", "job", 3, "vocational"),
      ("vn-ceramic-designer", "Ceramic product designer", "陶瓷产品设计师", "internship", 2, "bachelor")]),
]  # fmt: skip

LANGUAGE_LEVELS = ["HSK:3", "HSK:4", "HSK:5", "HSK:6"]
ENGLISH_LEVELS = ["CEFR:B1", "CEFR:B2", "CEFR:C1"]


def _skills_by_sector() -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for code, skill_id in (
        Skill.objects.filter(curated=True).values_list("sectors__code", "pk").order_by("pk")
    ):
        if code:
            table.setdefault(code, []).append(skill_id)
    return table


def _replace_children(manager, rows: list, key) -> bool:
    """Make a parent's child rows exactly ``rows`` (compared by ``key``); True if changed."""
    current = sorted(key(obj) for obj in manager.all())
    if current == sorted(key(obj) for obj in rows):
        return False
    manager.all().delete()
    type(rows[0]).objects.bulk_create(rows) if rows else None
    return True


@transaction.atomic
def load_synthetic(tally, orgs: dict[str, Organization]) -> None:
    rng = random.Random(SEED)  # noqa: S311 - deterministic demo data, not security
    by_sector = _skills_by_sector()
    sectors = {s.code: s for s in Sector.objects.all()}
    _load_students(tally, orgs, rng, by_sector)
    _load_positions(tally, orgs, rng, by_sector, sectors)


def _pick(rng, pool: list[int], k: int) -> list[int]:
    return rng.sample(pool, min(k, len(pool))) if pool else []


def _load_students(tally, orgs, rng, by_sector) -> None:
    number = 0
    for nationality, (language, names) in PEOPLE.items():
        for full_name, latin in names:
            number += 1
            university = rng.choice(sorted(k for k in STUDIES if k in orgs))
            programme, degree, field, sector_codes = rng.choice(STUDIES[university])
            graduation = dt.date(2027 + rng.randint(0, 1), rng.choice([6, 7]), 1)
            values = {
                "full_name": full_name,
                "name_latin": latin,
                "email": f"{latin.lower().replace(' ', '.')}@students.demo.corridor.test",
                "nationality": nationality,
                "programme": programme,
                "degree_level": degree,
                "field_of_study": field,
                "expected_graduation": graduation,
                "available_from": graduation,
                "headline": f"{field} student (synthetic demo profile)",
                "preferred_countries": sorted(
                    {nationality, "CN", rng.choice(["PK", "VN", "RU", "KZ"])}
                ),
                "preferred_kinds": sorted(rng.sample(["job", "internship", "apprenticeship"], 2)),
                "visibility": Visibility.SIGNED_IN if number % 7 else Visibility.NOBODY,
                "synthetic": True,
            }
            profile = TalentProfile.objects.filter(
                institution=orgs[university], student_number=f"DEMO-{number:04d}"
            ).first()
            created = profile is None
            if created:
                profile = TalentProfile(
                    institution=orgs[university], student_number=f"DEMO-{number:04d}"
                )
            changed = created or any(getattr(profile, k) != v for k, v in values.items())
            if changed:
                for key, value in values.items():
                    setattr(profile, key, value)
                profile.full_clean()
                profile.save()
            pool = sorted({sid for code in sector_codes for sid in by_sector.get(code, [])})
            skills = [
                ProfileSkill(profile=profile, skill_id=sid, level=rng.randint(1, 4))
                for sid in _pick(rng, pool, rng.randint(4, 8))
            ]
            zh_level = rng.choice(LANGUAGE_LEVELS).split(":")
            en_level = rng.choice(ENGLISH_LEVELS).split(":")
            languages = [
                ProfileLanguage(profile=profile, language=language, scale="native", level=""),
                ProfileLanguage(
                    profile=profile,
                    language="zh",
                    scale=zh_level[0],
                    level=zh_level[1],
                    certificate=f"HSK {zh_level[1]}",
                ),
                ProfileLanguage(
                    profile=profile, language="en", scale=en_level[0], level=en_level[1]
                ),
            ]
            changed |= _replace_children(profile.skills, skills, lambda s: (s.skill_id, s.level))
            changed |= _replace_children(
                profile.languages, languages, lambda lang: (lang.language, lang.scale, lang.level)
            )
            tally.count("synthetic student profiles", created, changed and not created)


def _load_positions(tally, orgs, rng, by_sector, sectors) -> None:
    for enterprise_key, reference, title_en, title_zh, country, city, sector, positions in PROJECTS:
        enterprise = orgs.get(enterprise_key)
        if enterprise is None:
            continue
        values = {
            "title_en": title_en,
            "title_zh": title_zh,
            "country": country,
            "city": city,
            "sector": sectors.get(sector),
            "start_date": dt.date(2026, 3, 1),
            "end_date": dt.date(2029, 12, 31),
            "description": "Synthetic demo project: the enterprise is real, the project is invented.",
        }
        project, created = Project.objects.get_or_create(
            enterprise=enterprise, reference=reference, defaults=values
        )
        changed = not created and any(getattr(project, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(project, key, value)
            project.save()
        tally.count("synthetic projects", created, changed)
        for ref, p_en, p_zh, kind, headcount, education in positions:
            pvalues = {
                "project": project,
                "title_en": p_en,
                "title_zh": p_zh,
                "kind": kind,
                "headcount": headcount,
                "country": country,
                "city": city,
                "sector": sectors.get(sector),
                "min_education": education,
                "start_date": dt.date(2027, 7, 1),
                "application_deadline": dt.date(2027, 5, 31),
                "status": "open",
                "description": "Synthetic demo position (the enterprise is real).",
            }
            position, p_created = Position.objects.get_or_create(
                enterprise=enterprise, reference=ref, defaults=pvalues
            )
            p_changed = not p_created and any(getattr(position, k) != v for k, v in pvalues.items())
            if p_changed:
                for key, value in pvalues.items():
                    setattr(position, key, value)
                position.save()
            pool = by_sector.get(sector, [])
            chosen = _pick(rng, pool, 7)
            skills = [
                PositionSkill(
                    position=position, skill_id=sid, importance="essential" if i < 4 else "optional"
                )
                for i, sid in enumerate(chosen)
            ]
            languages = [
                PositionLanguage(
                    position=position, language="zh", scale="HSK", level=str(rng.choice([3, 4, 5]))
                )
            ]
            if country != "CN":
                languages.append(
                    PositionLanguage(position=position, language="en", scale="CEFR", level="B1")
                )
            p_changed |= _replace_children(
                position.skills, skills, lambda s: (s.skill_id, s.importance)
            )
            p_changed |= _replace_children(
                position.languages, languages, lambda lang: (lang.language, lang.scale, lang.level)
            )
            tally.count("synthetic positions", p_created, p_changed and not p_created)


#: The demo student logins: (nationality, own language, programme, sectors).
DEMO_STUDENTS = {
    "student@demo.corridor.test": (
        "ur",
        "Civil Engineering (B.Eng.)",
        "bachelor",
        "Civil engineering",
        ["civil", "hydropower"],
    ),
    "student2@demo.corridor.test": (
        "vi",
        "Ceramic Art and Design (B.A.)",
        "bachelor",
        "Ceramic design",
        ["ceramics"],
    ),
}


def complete_demo_student(profile) -> bool:
    """Give a demo login's profile studies, skills and languages (once); True if changed."""
    spec = DEMO_STUDENTS.get(profile.email)
    if spec is None or profile.skills.exists():
        return False
    language, programme, degree, field, sector_codes = spec
    rng = random.Random(profile.email)  # noqa: S311 - deterministic demo data
    profile.programme, profile.degree_level, profile.field_of_study = programme, degree, field
    profile.expected_graduation = profile.available_from = dt.date(2027, 6, 30)
    profile.preferred_countries = sorted({profile.nationality.code, "CN"})
    profile.preferred_kinds = ["internship", "job"]
    profile.save()
    pool = sorted({sid for code in sector_codes for sid in _skills_by_sector().get(code, [])})
    ProfileSkill.objects.bulk_create(
        ProfileSkill(profile=profile, skill_id=sid, level=rng.randint(2, 4))
        for sid in _pick(rng, pool, 8)
    )
    ProfileLanguage.objects.bulk_create(
        [
            ProfileLanguage(profile=profile, language=language, scale="native", level=""),
            ProfileLanguage(
                profile=profile, language="zh", scale="HSK", level="4", certificate="HSK 4"
            ),
            ProfileLanguage(profile=profile, language="en", scale="CEFR", level="B2"),
        ]
    )
    return True
