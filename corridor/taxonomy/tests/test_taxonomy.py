"""The shared vocabulary: curated EN/ZH taxonomy, ESCO import, autocomplete."""

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from corridor.taxonomy.levels import numeric_level, parse_level
from corridor.taxonomy.loaders import import_esco, load_curated
from corridor.taxonomy.models import Label, Occupation, OccupationSkill, Skill
from corridor.taxonomy.search import autocomplete

pytestmark = pytest.mark.django_db

# The official release a user downloads from the ESCO portal; CI sets ESCO_DIR (and
# REQUIRE_ESCO=1 so that a missing release fails instead of skipping).
ESCO_DIR = Path(
    os.environ.get("ESCO_DIR")
    or Path(__file__).resolve().parents[3].parent / "shared" / "data" / "esco"
)
ESCO_CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
ESCO_RELATIONS = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"

CIVIL_ENGINEERING = "http://data.europa.eu/esco/skill/82887396-e5bf-4306-af51-3fe8d82790b2"


@pytest.fixture
def curated():
    return load_curated()


def test_curated_taxonomy_covers_the_seed_sectors_in_both_languages(curated):
    assert Skill.objects.filter(curated=True).count() >= 300
    assert not Skill.objects.filter(curated=True, label_zh="").exists()
    assert not Occupation.objects.filter(curated=True, label_zh="").exists()
    for sector in [
        "civil",
        "hydropower",
        "machinery",
        "automotive",
        "ecommerce",
        "ceramics",
        "oil_gas",
        "digital",
        "mandarin_teaching",
        "vocational_teaching",
    ]:
        assert Skill.objects.filter(sectors__code=sector).count() >= 10, sector
    civil = Skill.objects.get(uri=CIVIL_ENGINEERING)
    assert civil.label_zh == "土木工程"
    assert Label.objects.filter(skill=civil, language="zh", kind="alternative").exists()


def test_loading_the_curated_taxonomy_twice_changes_nothing(curated):
    assert curated.changed
    assert not load_curated().changed


def _esco_release(tmp_path: Path, skills: list[dict], relations: list[dict]) -> tuple[Path, Path]:
    def csv_bytes(rows, header):
        out = io.StringIO()
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()

    skill_header = [
        "conceptType",
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "description",
    ]
    occupation_header = [
        "conceptType",
        "conceptUri",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
        "description",
    ]
    classification, rel = tmp_path / "classification.zip", tmp_path / "relations.zip"
    with zipfile.ZipFile(classification, "w") as z:
        z.writestr("skills_en.csv", csv_bytes(skills, skill_header))
        z.writestr(
            "occupations_en.csv",
            csv_bytes(
                [
                    {
                        "conceptType": "Occupation",
                        "conceptUri": "urn:esco:occ:welder",
                        "iscoGroup": "7212",
                        "preferredLabel": "welder",
                        "altLabels": "welding operator\nwelder-fitter",
                        "hiddenLabels": "",
                        "description": "Welders join metals.",
                    }
                ],
                occupation_header,
            ),
        )
    with zipfile.ZipFile(rel, "w") as z:
        z.writestr(
            "occupationSkillRelations.csv",
            csv_bytes(relations, ["occupationUri", "relationType", "skillType", "skillUri"]),
        )
        z.writestr(
            "skillSkillRelations.csv",
            csv_bytes([], ["originalSkillUri", "relationType", "relatedSkillUri"]),
        )
        z.writestr(
            "broaderRelationsSkillPillar.csv",
            csv_bytes([], ["conceptType", "conceptUri", "broaderType", "broaderUri"]),
        )
        z.writestr(
            "broaderRelationsOccPillar.csv",
            csv_bytes([], ["conceptType", "conceptUri", "broaderType", "broaderUri"]),
        )
    return classification, rel


def test_esco_import_keeps_curated_chinese_labels_and_reimports_without_duplicates(
    curated, tmp_path
):
    skills = [
        {
            "conceptType": "KnowledgeSkillCompetence",
            "conceptUri": CIVIL_ENGINEERING,
            "skillType": "knowledge",
            "reuseLevel": "sector-specific",
            "preferredLabel": "civil engineering",
            "altLabels": "civil engineering\ncivil works\nengineering of civil works",
            "hiddenLabels": "",
            "description": "The engineering discipline that studies the design of roads.",
        },
        {
            "conceptType": "KnowledgeSkillCompetence",
            "conceptUri": "urn:esco:skill:tig",
            "skillType": "skill/competence",
            "reuseLevel": "",
            "preferredLabel": "use tungsten inert gas welding",
            "altLabels": "TIG welding\nGTAW",
            "hiddenLabels": "tig weldin",
            "description": "Weld with TIG.",
        },
    ]
    relations = [
        {
            "occupationUri": "urn:esco:occ:welder",
            "relationType": "essential",
            "skillType": "skill/competence",
            "skillUri": "urn:esco:skill:tig",
        }
    ]
    classification, rel = _esco_release(tmp_path, skills, relations)
    labels_before = Label.objects.count()

    first = import_esco(classification, rel)
    assert first.created["skills"] == 1 and first.updated["skills"] == 1
    civil = Skill.objects.get(uri=CIVIL_ENGINEERING)
    assert civil.label_zh == "土木工程" and civil.curated and civil.in_esco
    assert civil.description_en.startswith("The engineering discipline")
    assert Label.objects.filter(
        skill=civil, text="engineering of civil works", source="esco"
    ).exists()
    assert Label.objects.filter(skill=civil, language="zh").count() >= 2  # curated kept
    assert (
        OccupationSkill.objects.get(occupation__uri="urn:esco:occ:welder").relation == "essential"
    )
    assert Label.objects.count() > labels_before

    snapshot = sorted(Label.objects.values_list("id", "language", "text", "kind"))
    assert not import_esco(classification, rel).changed
    assert sorted(Label.objects.values_list("id", "language", "text", "kind")) == snapshot
    assert not load_curated().changed  # and the curated loader does not fight ESCO


def test_a_file_that_is_not_an_esco_release_is_refused_clearly(tmp_path):
    bogus = tmp_path / "bogus.zip"
    with zipfile.ZipFile(bogus, "w") as z:
        z.writestr("people.csv", "name\nAyesha\n")
    with pytest.raises(CommandError, match="no skills_en.csv in the archive"):
        call_command("taxonomy", "import-esco", str(bogus))
    with pytest.raises(CommandError, match="no such file"):
        call_command("taxonomy", "import-esco", str(tmp_path / "missing.zip"))
    assert not Skill.objects.exists()


@pytest.mark.skipif(
    not ESCO_CLASSIFICATION.exists() and not os.environ.get("REQUIRE_ESCO"),
    reason="ESCO v1.1.1 release not present (set ESCO_DIR)",
)
def test_the_official_esco_release_imports_completely_and_reimports_without_duplicates(curated):
    call_command("taxonomy", "import-esco", str(ESCO_CLASSIFICATION), str(ESCO_RELATIONS))
    esco_skills = Skill.objects.filter(in_esco=True).count()
    esco_occupations = Occupation.objects.filter(in_esco=True).count()
    esco_links = OccupationSkill.objects.filter(skill__in_esco=True, occupation__in_esco=True)
    assert esco_skills == 13_896
    assert esco_occupations == 3_007
    assert esco_links.count() >= 123_855
    civil = Skill.objects.get(uri=CIVIL_ENGINEERING)
    assert civil.label_zh == "土木工程"
    counts = (
        Skill.objects.count(),
        Occupation.objects.count(),
        Label.objects.count(),
        OccupationSkill.objects.count(),
    )
    assert not import_esco(ESCO_CLASSIFICATION, ESCO_RELATIONS).changed
    assert counts == (
        Skill.objects.count(),
        Occupation.objects.count(),
        Label.objects.count(),
        OccupationSkill.objects.count(),
    )


def test_autocomplete_in_chinese_by_synonym_and_with_typos(curated):
    def first(query, model=Skill):
        hits = autocomplete(model, query, 5)
        return hits[0] if hits else None

    assert first("土木").concept.uri == CIVIL_ENGINEERING
    synonym = first("二保焊")
    assert synonym and synonym.matched == "二保焊" and "welding" in synonym.concept.label_en
    typo = first("hydropwer")
    assert typo and typo.fuzzy and "hydro" in typo.matched.lower()
    assert first("civil engineer", Occupation).concept.label_zh == "土木工程师"
    assert autocomplete(Skill, "   ", 5) == []


def test_autocomplete_endpoint_serves_programs_and_forms(client, curated):
    url = reverse("taxonomy:autocomplete", args=["skills"])
    data = client.get(url, {"q": "AutoCAD"}).json()["results"]
    assert data[0]["label_en"] == "create AutoCAD drawings" and data[0]["label_zh"]
    html = client.get(url, {"q": "焊接"}, headers={"HX-Request": "true"}).content.decode()
    assert 'role="option"' in html
    assert client.get("/taxonomy/autocomplete/planets/").status_code == 404


def test_skill_page_shows_labels_and_the_occupations_that_need_it(client, curated):
    civil = Skill.objects.get(uri=CIVIL_ENGINEERING)
    page = client.get(civil.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "土木工程" in page and "civil engineering" in page
    assert "土木工程师" in page  # essential for civil engineer
    listing = client.get(reverse("taxonomy:skill_list"), {"q": "焊接"}).content.decode()
    assert "welding" in listing.lower()


@pytest.mark.parametrize(
    ("typed", "scale", "level", "value"),
    [
        ("HSK 4", "HSK", "4", 3.0),
        ("hsk4", "HSK", "4", 3.0),
        ("B1", "CEFR", "B1", 3.0),
        ("CEFR:C2", "CEFR", "C2", 6.0),
        ("native", "native", "", 7.0),
    ],
)
def test_language_levels_from_either_scale_compare_on_one_scale(typed, scale, level, value):
    assert parse_level(typed) == (scale, level)
    assert numeric_level(scale, level) == value


@pytest.mark.parametrize("typed", ["HSK 10", "D1", "", "fluent-ish"])
def test_unknown_language_levels_are_refused_with_a_reason(typed):
    with pytest.raises(ValueError):
        parse_level(typed)
