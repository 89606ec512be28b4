"""Fixtures of the importer's tests: a small taxonomy, files built in the test."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from corridor.taxonomy.models import Label, LabelKind, Sector, Skill, Source


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def skills(db):
    """A few skills with English/Chinese labels and synonyms, one label shared by two."""

    def skill(uri, en, zh="", alt=(), curated=True):
        obj = Skill.objects.create(
            uri=uri, label_en=en, label_zh=zh, skill_type="skill/competence", curated=curated
        )
        for text in alt:
            Label.objects.create(
                skill=obj,
                language="en",
                text=text,
                kind=LabelKind.ALTERNATIVE,
                source=Source.CURATED,
            )
        return obj

    made = {
        "welding": skill("urn:test:welding", "welding", "焊接", alt=["arc welding"]),
        "civil": skill("urn:test:civil", "civil engineering", "土木工程"),
        "codes": skill("urn:test:codes", "building codes", "建筑规范"),
        "python": skill("urn:test:python", "Python (computer programming)", "Python编程"),
        "draft_a": skill("urn:test:draft-a", "technical drawing", alt=["drafting"], curated=False),
        "draft_b": skill("urn:test:draft-b", "legal writing", alt=["drafting"], curated=False),
    }
    Sector.objects.create(code="hydropower", label_en="Hydropower", label_zh="水电")
    return made


def csv_bytes(rows, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, sheet_title="Sheet1", extra_sheet_first=False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if extra_sheet_first:
        sheet.title = "Notes"
        sheet.append(["These notes are not data"])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PROFILE_HEADER = [
    "institution", "student_number", "full_name", "name_latin", "email", "phone", "nationality",
    "programme", "degree_level", "field", "expected_graduation", "available_from", "languages",
    "skills",
]  # fmt: skip
POSITION_HEADER = [
    "enterprise", "reference", "title_en", "title_zh", "kind", "headcount", "country", "city",
    "sector", "min_education", "start_date", "application_deadline", "status",
    "essential_skills", "optional_skills", "languages",
]  # fmt: skip
