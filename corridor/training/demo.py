"""Demo training data: every programme of ``demo/data/programmes.json`` with its providers,
orderer and sector; the order-based ones as talent orders; the Belt and Road International
Skills Competition (seed 002, no date) linked to its event; the agreements each programme
stems from; and a few synthetic cohorts in which the demo
student logins enrolled and completed (marked synthetic).

The reports describe skills only in words (``skills_text_en``); :data:`SKILLS` maps each
programme to taxonomy skills — our mapping, said so on each programme. No levels of
language, quantities or dates the reports do not give are filled in. Idempotent: rows are
matched on their keys and written only when they differ. Runs after the events and
cooperation loaders (it links their rows).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from corridor.taxonomy.models import Sector, Skill

#: programme key -> (sector code, [(skill label_en, level reached)]). Our mapping of the
#: report's description of what the programme teaches onto the curated taxonomy.
SKILLS = {
    "ccte-china-pakistan-dual-diploma": (
        "vocational_teaching",
        [("interact verbally in Chinese", 2), ("Chinese culture and contemporary China", 2)],
    ),
    "china-pakistan-mandarin-vocational-skills": (
        "mandarin_teaching",
        [
            ("interact verbally in Chinese", 3),
            ("understand spoken Chinese", 3),
            ("write Chinese", 2),
            ("Chinese culture and contemporary China", 2),
        ],
    ),
    "punjab-mandarin-teaching-project": (
        "mandarin_teaching",
        [
            ("teach Chinese as a second or foreign language", 3),
            ("teach Pinyin and Mandarin pronunciation", 3),
        ],
    ),
    "sindh-mandarin-teaching-project": (
        "mandarin_teaching",
        [
            ("teach Chinese as a second or foreign language", 3),
            ("teach Pinyin and Mandarin pronunciation", 3),
        ],
    ),
    "powerchina-pakistan-hydropower-risk-training": (
        "hydropower",
        [
            ("perform risk analysis", 3),
            ("draw up risk assessment", 3),
            ("manage emergency procedures", 2),
        ],
    ),
    "tang-teacher-training-pakistan": (
        "vocational_teaching",
        [
            ("apply teaching strategies", 3),
            ("develop curriculum", 2),
            ("train vocational and language teachers", 3),
        ],
    ),
    "ccn-ranepa-digital-economy-talent": (
        "digital",
        [("e-commerce systems", 2), ("perform data analysis", 3), ("plan digital marketing", 2)],
    ),
    "hahcv-jcu-ceramics-customised-talent": (
        "ceramics",
        [
            ("create ceramic objects", 3),
            ("control kiln firing", 3),
            ("apply glaze coating", 3),
            ("Chinese ceramic history and culture", 2),
        ],
    ),
    "china-brand-going-global-talent": (
        "ecommerce",
        [
            ("e-commerce systems", 3),
            ("international import export regulations", 2),
            ("perform market research", 2),
            ("social media management", 3),
        ],
    ),
    "ranepa-summer-schools": ("", [("Chinese culture and contemporary China", 2)]),
    "ranepa-teacher-development": (
        "vocational_teaching",
        [("apply teaching strategies", 3), ("give constructive feedback", 2)],
    ),
    "xsyu-central-asia-oil-gas-talent": (
        "oil_gas",
        [("petroleum", 3), ("natural gas", 3), ("interpret geophysical data", 2)],
    ),
    "cosdf-international-vocational-talent-bases": (
        "vocational_teaching",
        [("adapt training to labour market", 2), ("teach in academic or vocational contexts", 2)],
    ),
    "chongqing-corporate-apprenticeship-pilot": (
        "vocational_teaching",
        [("run work-based learning and apprenticeships", 3)],
    ),
}

#: Order-based programmes that become talent orders: programme key -> supplier key. The
#: orderer is the programme's (none where the report names none).
ORDERS = {
    "hahcv-jcu-ceramics-customised-talent": "jcu",
    "ccn-ranepa-digital-economy-talent": "ranepa",
    "xsyu-central-asia-oil-gas-talent": "xsyu",
}

#: Synthetic cohorts: (programme key, cohort name, start, end, capacity,
#: [(demo login e-mail, completed on or None)]).
COHORTS = [
    (
        "hahcv-jcu-ceramics-customised-talent",
        "Synthetic demo cohort A",
        dt.date(2025, 9, 1),
        dt.date(2026, 6, 30),
        30,
        [("student2@demo.corridor.test", dt.date(2026, 6, 30))],
    ),
    (
        "powerchina-pakistan-hydropower-risk-training",
        "Synthetic demo cohort A",
        dt.date(2026, 3, 2),
        dt.date(2026, 4, 24),
        40,
        [("student@demo.corridor.test", dt.date(2026, 4, 24))],
    ),
    (
        "china-pakistan-mandarin-vocational-skills",
        "Synthetic demo cohort A",
        dt.date(2026, 9, 1),
        dt.date(2027, 6, 30),
        100,
        [("student@demo.corridor.test", None)],
    ),
]

COMPETITION_KEY = "belt-and-road-international-skills-competition"
MAPPED = "Skills taught: mapped by Corridor onto the taxonomy from the report's words."


def _description(row: dict) -> str:
    parts = [row.get("skills_text_en", ""), MAPPED]
    if row.get("notes"):
        parts.append(row["notes"])
    return "\n\n".join(p for p in parts if p)


def _skills(labels) -> list[tuple[Skill, int]]:
    found = []
    for label, level in labels:
        skill = Skill.objects.filter(label_en=label).order_by("-curated", "pk").first()
        if skill is not None:
            found.append((skill, level))
    return found


def _set_skills(owner, model, fk: str, rows, changed: bool) -> bool:
    current = sorted(model.objects.filter(**{fk: owner}).values_list("skill_id", "level"))
    wanted = sorted((skill.pk, level) for skill, level in rows)
    if current == wanted:
        return changed
    model.objects.filter(**{fk: owner}).delete()
    model.objects.bulk_create(
        [model(**{fk: owner}, skill=skill, level=level) for skill, level in rows]
    )
    return True


@transaction.atomic
def load_training(tally, orgs) -> None:
    """Load (or bring up to date) the training demo; counts go to ``tally``."""
    from corridor.cooperation.models import Agreement
    from corridor.demo.loader import read, upsert
    from corridor.training.models import Programme, ProgrammeSkill, TalentOrder, TalentOrderSkill

    sectors = {s.code: s for s in Sector.objects.all()}
    programmes = {}
    for row in read("programmes.json"):
        sector_code, labels = SKILLS.get(row["key"], ("", []))
        values = {
            "kind": row["kind"],
            "title_en": row["title_en"],
            "title_zh": row.get("title_zh") or "",
            "orderer": orgs.get(row["orderer"]) if row.get("orderer") else None,
            "sector": sectors.get(sector_code),
            "description": _description(row),
        }
        programme, created, changed = upsert(Programme, {"key": row["key"]}, values)
        providers = [orgs[key] for key in row.get("providers", []) if key in orgs]
        if sorted(programme.providers.values_list("pk", flat=True)) != sorted(
            p.pk for p in providers
        ):
            programme.providers.set(providers)
            changed = True
        changed = _set_skills(programme, ProgrammeSkill, "programme", _skills(labels), changed)
        agreements = list(Agreement.objects.filter(slug__in=row.get("agreements", [])))
        if sorted(programme.agreements.values_list("pk", flat=True)) != sorted(
            a.pk for a in agreements
        ):
            programme.agreements.set(agreements)
            changed = True
        tally.count("training programmes", created, changed and not created)
        programmes[row["key"]] = programme

    orders = {}
    for key, supplier_key in ORDERS.items():
        programme = programmes.get(key)
        if programme is None or supplier_key not in orgs:
            continue
        values = {
            "orderer": programme.orderer,
            "supplier": orgs[supplier_key],
            "programme": programme,
            "title_en": programme.title_en,
            "title_zh": programme.title_zh,
            "status": "accepted",
            "description": "Order-based training as the report describes it; the report gives "
            "no number of people and no due date."
            + ("" if programme.orderer else " The report names no orderer."),
        }
        order, created, changed = upsert(TalentOrder, {"key": key}, values)
        rows = list(programme.skills.select_related("skill"))
        changed = _set_skills(
            order, TalentOrderSkill, "order", [(r.skill, r.level) for r in rows], changed
        )
        tally.count("talent orders", created, changed and not created)
        orders[key] = order

    _load_cohorts(tally, programmes, orders)
    _load_competition(tally)


def _load_cohorts(tally, programmes, orders) -> None:
    from corridor.demo.loader import upsert
    from corridor.talent.models import TalentProfile
    from corridor.training import services
    from corridor.training.models import Cohort, Enrolment, EnrolmentStatus

    for key, name, start, end, capacity, students in COHORTS:
        programme = programmes.get(key)
        if programme is None:
            continue
        values = {
            "start": start,
            "end": end,
            "capacity": capacity,
            "order": orders.get(key),
            "synthetic": True,
        }
        cohort, created, changed = upsert(Cohort, {"programme": programme, "name": name}, values)
        tally.count("synthetic cohorts", created, changed and not created)
        for email, completed_on in students:
            profile = TalentProfile.objects.filter(user__email=email).first()
            if profile is None:
                continue
            enrolment = Enrolment.objects.filter(cohort=cohort, profile=profile).first()
            new = enrolment is None
            if new:
                enrolment = services.enrol(cohort, profile)
            done = False
            if completed_on and enrolment.status == EnrolmentStatus.ENROLLED:
                services.complete_enrolment(enrolment, on=completed_on)
                done = True
            tally.count("synthetic enrolments", new, done)


def _load_competition(tally) -> None:
    from corridor.demo.loader import read, upsert
    from corridor.events.models import Event
    from corridor.training.models import Competition

    row = next((e for e in read("events.json") if e["key"] == COMPETITION_KEY), None)
    if row is None:
        return
    values = {
        "title_en": row["title_en"],
        "title_zh": row.get("title_zh") or "",
        "organiser": None,
        "event": Event.objects.filter(slug=COMPETITION_KEY).first(),
        "start": None,
        "end": None,
        "description": "Hosted in Chongqing (seed 002). The report gives no date, no organiser "
        "and no list of skills.",
    }
    _competition, created, changed = upsert(Competition, {"key": COMPETITION_KEY}, values)
    tally.count("skills competitions", created, changed and not created)
