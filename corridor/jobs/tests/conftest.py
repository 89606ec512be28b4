"""Skills, occupations and form data shared by the jobs tests."""

from types import SimpleNamespace

import pytest

from corridor.jobs.models import Position, PositionStatus, Project
from corridor.taxonomy.models import Label, LabelKind, Occupation, Sector, Skill, Source


def make_concept(model, uri, label_en, label_zh="", synonyms=(), **fields):
    concept = model.objects.create(
        uri=uri, label_en=label_en, label_zh=label_zh, curated=True, **fields
    )
    texts = [("en", label_en, LabelKind.PREFERRED)]
    if label_zh:
        texts.append(("zh", label_zh, LabelKind.PREFERRED))
    texts += [(language, text, LabelKind.ALTERNATIVE) for language, text in synonyms]
    fk = model._meta.model_name
    Label.objects.bulk_create(
        Label(**{fk: concept}, language=language, text=text, kind=kind, source=Source.CURATED)
        for language, text, kind in texts
    )
    concept.refresh_search_text()
    concept.save(update_fields=["search_text"])
    return concept


@pytest.fixture
def taxonomy(db):
    hydropower = Sector.objects.create(code="hydropower", label_en="Hydropower", label_zh="水电")
    ceramics = Sector.objects.create(code="ceramics", label_en="Ceramics", label_zh="陶瓷")
    return SimpleNamespace(
        hydropower=hydropower,
        ceramics=ceramics,
        welding=make_concept(
            Skill,
            "urn:test:skill:welding",
            "welding",
            "焊接",
            synonyms=[("en", "arc welding"), ("zh", "电焊")],
            skill_type="skill/competence",
        ),
        wiring=make_concept(
            Skill,
            "urn:test:skill:wiring",
            "electrical wiring",
            "电气布线",
            skill_type="skill/competence",
        ),
        glazing=make_concept(
            Skill,
            "urn:test:skill:glazing",
            "ceramic glazing",
            "陶瓷施釉",
            skill_type="skill/competence",
        ),
        electrician=make_concept(Occupation, "urn:test:occ:electrician", "electrician", "电工"),
    )


def position_data(enterprise, *, skills=(), languages=(), **fields) -> dict:
    """The POST data of the position form: ``skills`` as (label, id, importance) and
    ``languages`` as (language, scale, level) rows; ``fields`` override the defaults."""
    data = {
        "enterprise": enterprise.pk,
        "project": "",
        "title_en": "Hydropower electrician",
        "title_zh": "水电站电工",
        "reference": "",
        "kind": "job",
        "occupation_label": "",
        "occupation": "",
        "sector": "",
        "headcount": 3,
        "country": "PK",
        "city": "Muzaffarabad",
        "min_education": "vocational",
        "start_date": "2027-03-01",
        "application_deadline": "2027-01-15",
        "description": "Install and maintain the plant's electrical systems.",
        "skills-TOTAL_FORMS": len(skills) + 1,  # and one empty row, as the page sends
        "skills-INITIAL_FORMS": 0,
        "languages-TOTAL_FORMS": len(languages) + 1,
        "languages-INITIAL_FORMS": 0,
        f"skills-{len(skills)}-importance": "essential",
    }
    for i, (label, pk, importance) in enumerate(skills):
        data[f"skills-{i}-skill_label"] = label
        data[f"skills-{i}-skill"] = "" if pk is None else pk
        data[f"skills-{i}-importance"] = importance
    for i, (language, scale, level) in enumerate(languages):
        data[f"languages-{i}-language"] = language
        data[f"languages-{i}-scale"] = scale
        data[f"languages-{i}-level"] = level
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def project_a(personas, taxonomy):
    return Project.objects.create(
        enterprise=personas.enterprise_a,
        reference="hydro",
        title_en="Hydropower station",
        title_zh="水电站项目",
        country="PK",
        city="Muzaffarabad",
        sector=taxonomy.hydropower,
    )


@pytest.fixture
def make_position(personas):
    def make(enterprise=None, status=PositionStatus.OPEN, **fields):
        enterprise = enterprise or personas.enterprise_a
        defaults = {
            "reference": f"pos-{Position.objects.count() + 1}",
            "title_en": "Position",
            "kind": "job",
            "country": "PK",
        }
        defaults.update(fields)
        return Position.objects.create(enterprise=enterprise, status=status, **defaults)

    return make
