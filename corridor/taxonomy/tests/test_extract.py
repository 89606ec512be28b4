"""Skills from text: label matching in English and Chinese, ranked lookup, documents."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.taxonomy.extract import (
    OCCUPATION,
    SKILL,
    Extractor,
    clear_cache,
    get_extractor,
    read_document,
    tokenize,
)

MIG, ARC, WELDING, AUTOCAD, BIM, DESIGN, HSE, IT, ENGINES, BRAKES, TOURISTS, GUIDE = range(1, 13)
WELDER, CIVIL_ENGINEER, BIM_ENGINEER = 100, 101, 102

ROWS = [
    (SKILL, MIG, "en", "gas metal arc welding", "preferred"),
    (SKILL, MIG, "en", "MIG welding", "alternative"),
    (SKILL, MIG, "zh", "熔化极气体保护焊", "preferred"),
    (SKILL, MIG, "zh", "二保焊", "alternative"),
    (SKILL, ARC, "en", "arc welding", "preferred"),
    (SKILL, WELDING, "en", "welding", "preferred"),
    (SKILL, WELDING, "en", "weld", "alternative"),
    (SKILL, AUTOCAD, "en", "create AutoCAD drawings", "preferred"),
    (SKILL, AUTOCAD, "en", "AutoCAD", "alternative"),
    (SKILL, AUTOCAD, "zh", "AutoCAD制图", "preferred"),
    (SKILL, BIM, "en", "building information modelling", "preferred"),
    (SKILL, BIM, "en", "BIM", "alternative"),
    (SKILL, BIM, "zh", "建筑信息模型（BIM）", "preferred"),
    (SKILL, BIM, "zh", "BIM建模", "alternative"),
    (SKILL, DESIGN, "en", "design buildings", "preferred"),
    (SKILL, HSE, "en", "health and safety regulations", "preferred"),
    (SKILL, IT, "en", "information technology", "preferred"),
    (SKILL, IT, "en", "IT", "alternative"),
    (SKILL, ENGINES, "en", "repair engines", "preferred"),
    (SKILL, BRAKES, "en", "brake repair", "preferred"),
    (SKILL, TOURISTS, "en", "guide tourists", "preferred"),
    # "guide" alone is a synonym of one concept and a word of many labels: too generic
    (SKILL, GUIDE, "en", "guide visitors", "preferred"),
    (SKILL, GUIDE, "en", "guide", "alternative"),
    *[(SKILL, 200 + n, "en", f"guide group {n}", "preferred") for n in range(20)],
    (OCCUPATION, WELDER, "en", "welder", "preferred"),
    (OCCUPATION, WELDER, "zh", "焊工", "preferred"),
    (OCCUPATION, CIVIL_ENGINEER, "en", "civil engineer", "preferred"),
    (OCCUPATION, BIM_ENGINEER, "en", "BIM engineer", "preferred"),
]
OCCUPATION_SKILLS = {
    WELDER: {MIG, ARC, WELDING},
    BIM_ENGINEER: {AUTOCAD, BIM, DESIGN},
    CIVIL_ENGINEER: {DESIGN, HSE},
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ROWS, occupation_skills=OCCUPATION_SKILLS)


def skills_of(extraction) -> dict[int, object]:
    return {s.concept_id: s for s in extraction.skills}


def assert_spans(text: str, extraction) -> None:
    for s in [*extraction.skills, *extraction.occupations]:
        assert text[s.start : s.end] == s.phrase
        for m in s.mentions:
            assert text[m.start : m.end] == m.phrase


def test_longest_match_wins_and_spans_point_at_the_input(extractor):
    text = "Five years of Gas Metal Arc Welding; also MIG welding on site."
    out = extractor.extract(text)
    found = skills_of(out)
    assert set(found) == {MIG}  # not "arc welding" nor "welding" inside the longer label
    mig = found[MIG]
    assert mig.phrase == "Gas Metal Arc Welding"
    assert mig.label == "gas metal arc welding" and not mig.synonym
    assert [m.phrase for m in mig.mentions] == ["Gas Metal Arc Welding", "MIG welding"]
    assert mig.mentions[1].synonym and mig.mentions[1].label_kind == "alternative"
    assert 0 < mig.score <= 1
    assert_spans(text, out)


def test_english_inflection_word_order_and_joiners(extractor):
    text = "Welding of pipes. Designed buildings and building design. Health & Safety Regulations."
    found = skills_of(extractor.extract(text))
    assert {WELDING, DESIGN, HSE} <= set(found)
    assert found[WELDING].phrase == "Welding"
    assert [m.phrase for m in found[DESIGN].mentions] == ["Designed buildings", "building design"]
    assert found[HSE].phrase == "Health & Safety Regulations"
    # a one-word label matches its -ing/-ed forms, not every word of the same stem
    assert skills_of(extractor.extract("Welded frames"))[WELDING].phrase == "Welded"
    assert WELDING not in skills_of(extractor.extract("an experienced welder"))


def test_no_match_across_a_coordination_or_a_sentence(extractor):
    found = skills_of(extractor.extract("Brake repair and engine cleaning"))
    assert set(found) == {BRAKES}  # not "repair engines" from "repair and engine"
    assert not extractor.extract("We design. Buildings are ours.").skills


def test_generic_one_word_synonyms_and_lowercase_acronyms_are_ignored(extractor):
    assert not extractor.extract("a guide to our company; I use it daily").skills
    found = skills_of(extractor.extract("Guide visitors; IT support"))
    assert set(found) == {GUIDE, IT}
    assert found[IT].phrase == "IT"


def test_chinese_labels_match_inside_running_text(extractor):
    text = "熟练掌握AutoCAD和BIM建模，有二保焊经验"
    out = extractor.extract(text)
    found = skills_of(out)
    assert set(found) == {AUTOCAD, BIM, MIG}
    assert found[AUTOCAD].phrase == "AutoCAD"
    assert found[BIM].phrase == "BIM建模" and found[BIM].synonym
    assert found[MIG].phrase == "二保焊"
    assert found[MIG].mentions[0].language == "zh"
    assert_spans(text, out)
    # a parenthesised part of a label is optional; full-width letters fold
    found = skills_of(extractor.extract("负责建筑信息模型和ＡｕｔｏＣＡＤ制图"))
    assert found[BIM].phrase == "建筑信息模型"
    assert found[AUTOCAD].phrase == "ＡｕｔｏＣＡＤ制图"


def test_occupations_from_labels_and_from_skills(extractor):
    out = extractor.extract("焊工，熟悉二保焊和arc welding")
    assert out.occupation is not None
    assert out.occupation.concept_id == WELDER
    assert out.occupation.phrase == "焊工"
    assert out.occupation.source == "label+skills"
    assert set(out.occupation.via_skills) == {MIG, ARC}

    out = extractor.extract("AutoCAD drawings, BIM models; designs buildings.")
    assert out.occupation.concept_id == BIM_ENGINEER
    assert out.occupation.source == "skills"
    assert out.occupation.label == ""
    assert set(out.occupation.via_skills) == {AUTOCAD, BIM, DESIGN}
    assert all(0 < o.score <= 1 for o in out.occupations)


def test_limits_and_empty_text(extractor):
    text = "MIG welding, arc welding, AutoCAD, BIM, IT, brake repair, guide tourists"
    assert len(extractor.extract(text).skills) == 7
    assert len(extractor.extract(text, max_skills=2).skills) == 2
    empty = extractor.extract("")
    assert empty.skills == [] and empty.occupations == [] and empty.occupation is None


def test_rank_tolerates_partial_queries_and_typos(extractor):
    assert extractor.rank("arc weld")[0].concept_id == ARC
    top = extractor.rank("autocad drawing", k=3)
    assert top[0].concept_id == AUTOCAD and len(top) <= 3
    assert extractor.rank("autocda")[0].concept_id == AUTOCAD
    assert extractor.rank("二保")[0].concept_id == MIG
    hit = extractor.rank("MIG")[0]
    assert (hit.concept_id, hit.label, hit.label_kind) == (MIG, "MIG welding", "alternative")
    assert extractor.rank("weld", kind=OCCUPATION)[0].concept_id == WELDER
    assert extractor.rank("") == []
    with pytest.raises(ValueError):
        extractor.rank("x", kind="sector")


def test_tokenize_keeps_spans_and_drops_stop_words():
    text = "The C++ and ＰＬＣ programming, 土木"
    toks = tokenize(text)
    assert [t.form for t in toks] == ["c++", "&", "plc", "programming", ",", "土", "木"]
    assert [text[t.start : t.end] for t in toks][:3] == ["C++", "and", "ＰＬＣ"]


# --- documents ------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, written by hand."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _docx(*paragraphs: str, cell: str = "") -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if cell:
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_read_pdf_docx_and_text_by_content_not_name():
    pdf = SimpleUploadedFile("cv.txt", _pdf("MIG welding and AutoCAD"))
    assert "MIG welding and AutoCAD" in read_document(pdf)

    docx_file = SimpleUploadedFile("cv", _docx("BIM modelling", "二保焊", cell="AutoCAD"))
    text = read_document(docx_file)
    assert "BIM modelling" in text and "二保焊" in text and "AutoCAD" in text

    assert read_document("熟练掌握二保焊".encode("gb18030")) == "熟练掌握二保焊"
    assert read_document("\ufeffMIG welding\r\nAutoCAD".encode()) == "MIG welding\nAutoCAD"
    assert read_document(io.BytesIO(b"plain text CV")) == "plain text CV"
    # starts like a BMP image ("BM") but is text all through
    assert read_document(b"BMW mechanic, 5 years") == "BMW mechanic, 5 years"


def test_read_document_rejects_other_types_and_large_files():
    with pytest.raises(ValueError, match=r"Unsupported file type \(image/png\)"):
        read_document(SimpleUploadedFile("cv.pdf", _png(), content_type="application/pdf"))
    zipped = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    with pytest.raises(ValueError, match="Unsupported file type"):
        read_document(zipped.getvalue())
    with pytest.raises(ValueError, match="not text"):
        read_document(b"\x00\x01\x02binary\x00" * 10)
    with pytest.raises(ValueError, match="too large"):
        read_document(b"x" * 100, max_bytes=10)
    with pytest.raises(ValueError, match="empty"):
        read_document(b"  \n")
    with pytest.raises(ValueError, match="PDF could not be read"):
        read_document(b"%PDF-1.4\nthis is not really a PDF")


# --- Django glue ----------------------------------------------------------------------


def test_get_extractor_reads_the_taxonomy_and_follows_its_changes(db, monkeypatch):
    from corridor.taxonomy import extract
    from corridor.taxonomy.models import Label, Occupation, OccupationSkill, Skill

    monkeypatch.setattr(extract, "RECHECK_SECONDS", 0)
    clear_cache()
    skill = Skill.objects.create(
        uri="https://example.org/skill/mig", label_en="MIG welding", skill_type="skill/competence"
    )
    Label.objects.create(
        skill=skill, language="en", text="MIG welding", kind="preferred", source="curated"
    )
    Label.objects.create(
        skill=skill, language="zh", text="二保焊", kind="alternative", source="curated"
    )
    welder = Occupation.objects.create(
        uri="https://example.org/occupation/welder", label_en="welder"
    )
    Label.objects.create(
        occupation=welder, language="en", text="welder", kind="preferred", source="esco"
    )
    OccupationSkill.objects.create(occupation=welder, skill=skill, relation="essential")

    extractor = get_extractor()
    assert get_extractor() is extractor  # cached while nothing changes
    out = extractor.extract("Welder: 二保焊 and MIG welding")
    assert [s.concept_id for s in out.skills] == [skill.pk]
    assert out.occupation.concept_id == welder.pk

    Label.objects.create(skill=skill, language="en", text="GMAW", kind="alternative", source="esco")
    fresh = get_extractor()
    assert fresh is not extractor
    assert [s.concept_id for s in fresh.extract("GMAW").skills] == [skill.pk]
    clear_cache()
