"""Reading files (type by content, encodings, delimiters, sheets) and parsing cells."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import translation

from corridor.imports import values as v
from corridor.imports.readers import FileProblem, open_table, sniff_format
from corridor.imports.schemas import SCHEMAS, ProfileSchema, norm_header
from corridor.imports.tests.conftest import csv_bytes, xlsx_bytes

# --- readers -------------------------------------------------------------------------


def read(data: bytes, recognise=ProfileSchema.recognise):
    with open_table(io.BytesIO(data), recognise) as table:
        return table, list(table.rows)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "utf-16"])
def test_csv_in_each_encoding_reads_the_same(encoding):
    rows = [["学号", "姓名"], ["2026001", "王芳"], ["2026002", "Анна Смирнова"]]
    table, data = read(csv_bytes(rows, encoding=encoding))
    assert table.headers == ["学号", "姓名"]
    assert data == [(2, ["2026001", "王芳"]), (3, ["2026002", "Анна Смирнова"])]
    assert table.estimated_rows == 2


def test_gb18030_is_detected_and_reported():
    table, _rows = read(csv_bytes([["姓名"], ["李明"]], encoding="gb18030"))
    assert table.encoding == "gb18030"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_delimiter_is_sniffed_from_the_header(delimiter, name):
    rows = [["student_number", "full_name", "nationality"], ["1", "Ali, Hassan", "PK"]]
    table, data = read(csv_bytes(rows, delimiter=delimiter))
    assert table.delimiter == delimiter
    assert data[0][1] == ["1", "Ali, Hassan", "PK"]


def test_quoted_newlines_keep_row_numbers_as_records():
    rows = [["full_name", "programme"], ["A", "line one\nline two"], ["B", "x"]]
    _table, data = read(csv_bytes(rows))
    assert [n for n, _cells in data] == [2, 3]


def test_file_type_is_decided_by_content_not_name():
    assert sniff_format(io.BytesIO(xlsx_bytes([["a"]]))) == "xlsx"
    assert sniff_format(io.BytesIO(b"a,b\n1,2\n")) == "csv"
    with pytest.raises(FileProblem, match="xls"):
        sniff_format(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))
    with pytest.raises(FileProblem, match="not a CSV or XLSX"):
        sniff_format(io.BytesIO(b"%PDF-1.7\n\0\0"))
    with pytest.raises(FileProblem, match="empty"):
        sniff_format(io.BytesIO(b""))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(FileProblem, match="not an Excel workbook"):
        sniff_format(archive)


def test_text_in_no_known_encoding_is_refused_with_the_line():
    data = "姓名\n李明\n".encode("gb18030") + b"\x81\x20\xff\n"
    with pytest.raises(FileProblem, match="line 3"):
        read(data)


def test_xlsx_picks_the_sheet_with_our_headers_and_keeps_types():
    rows = [
        ["student_number", "full_name", "expected_graduation"],
        [2026001, "王芳", dt.date(2026, 7, 1)],
    ]
    table, data = read(xlsx_bytes(rows, extra_sheet_first=True))
    assert table.sheet == "Sheet1"
    number, cells = data[0]
    assert number == 2
    assert cells[0] == 2026001 and isinstance(cells[2], dt.datetime)


# --- headers -------------------------------------------------------------------------


def test_headers_in_english_and_chinese_and_loosely_written():
    index = ProfileSchema.header_index()
    for header in ("学号", "Student number", "student-number", "STUDENT_NUMBER*", "student id"):
        assert index[norm_header(header)].key == "student_number", header
    assert index[norm_header("姓名")].key == "full_name"
    assert index[norm_header("国籍")].key == "nationality"


def test_no_header_means_two_columns_in_any_schema():
    for schema in SCHEMAS.values():
        seen = {}
        for column in schema.columns:
            for name in (column.key, *column.aliases):
                key = norm_header(name)
                assert seen.setdefault(key, column.key) == column.key, (schema.kind, name)


# --- cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-07-01",
        "2026/7/1",
        "01.07.2026",
        "2026年7月1日",
        "2026-07-01 00:00:00",
        "46204",
        46204,
        46204.0,
        dt.date(2026, 7, 1),
        dt.datetime(2026, 7, 1, 0, 0),
    ],
)
def test_dates_in_every_accepted_shape(value):
    assert v.parse_date(value) == dt.date(2026, 7, 1)


def test_1904_workbooks_count_serials_from_1904():
    assert v.parse_date(44742, epoch_1904=True) == dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    "value", ["2026-13-01", "31.02.2026", "07/01/2026", "soon", "2026", "1899-01-01"]
)
def test_bad_dates_are_refused(value):
    with pytest.raises(v.CellError):
        v.parse_date(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [("PK", "PK"), ("pak", "PK"), ("Pakistan", "PK"), ("巴基斯坦", "PK"), ("俄罗斯", "RU"),
     ("Russian Federation", "RU"), ("Viet Nam", "VN"), ("ＣＮ", "CN")],
)  # fmt: skip
def test_countries_by_code_or_english_or_chinese_name(value, code):
    assert v.parse_country(value) == code


def test_unknown_country_is_refused():
    with pytest.raises(v.CellError, match="Atlantis"):
        v.parse_country("Atlantis")


def test_languages_cell():
    assert v.parse_languages("zh:HSK4; en:B2; ur:native") == (
        ("zh", "HSK", "4"),
        ("en", "CEFR", "B2"),
        ("ur", "native", ""),
    )
    assert v.parse_languages("中文：HSK 5；English=C1, Russian A2") == (
        ("zh", "HSK", "5"),
        ("en", "CEFR", "C1"),
        ("ru", "CEFR", "A2"),
    )
    with pytest.raises(v.CellError) as exc:
        v.parse_languages("zh:HSK12; xx:B2; en; en:B1; en:B2")
    assert len(exc.value.messages) == 4  # bad level, unknown language, no level, twice


def test_formula_escaping_round_trips():
    for text in ("=1+2", "+86 138 0000 0000", "-x", "@SUM(A1)", "\tx"):
        escaped = v.escape_formula(text)
        assert escaped.startswith("'")
        assert v.to_text(escaped) == text.strip()
    assert v.escape_formula("normal") == "normal"


def test_numbers_from_excel_become_text_without_decimals():
    assert v.to_text(2026001) == "2026001"
    assert v.to_text(2026001.0) == "2026001"


def test_skills_by_uri_label_synonym_or_chinese(skills):
    index = v.SkillIndex()
    assert index.parse("urn:test:welding; 焊接; Arc  Welding; CIVIL ENGINEERING") == (
        skills["welding"].pk,
        skills["civil"].pk,
    )
    with pytest.raises(v.CellError, match="several skills"):
        index.parse("drafting")
    with pytest.raises(v.CellError, match="Unknown skill"):
        index.parse("basket weaving")
    with pytest.raises(v.CellError, match="URI"):
        index.parse("urn:test:nothing")
    assert index.token_for(skills["welding"].pk) == "welding"


def test_messages_follow_the_active_language():
    with translation.override("zh-hans"), pytest.raises(v.CellError) as exc:
        v.parse_email("not-an-address")
    assert "邮件" in exc.value.messages[0]
