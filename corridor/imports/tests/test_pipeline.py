"""The import pipeline on real files: every problem reported, good rows kept, re-runs idle."""

import datetime as dt
import io

import pytest
from django.utils import translation

from corridor.core.testing import OrganizationFactory
from corridor.directory.models import Organization, OrganizationKind
from corridor.imports import exporters, pipeline
from corridor.imports.pipeline import RejectedWriter, import_file
from corridor.imports.schemas import ProfileSchema
from corridor.imports.tests.conftest import POSITION_HEADER, PROFILE_HEADER, csv_bytes, xlsx_bytes
from corridor.jobs.models import Position, PositionLanguage, PositionSkill
from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile

pytestmark = pytest.mark.django_db


def run(kind, data, **kwargs):
    return import_file(kind, io.BytesIO(data), **kwargs)


def errors_by_row(report):
    found = {}
    for error in report.errors:
        found.setdefault(error["row"], []).append((error["column"], error["message"]))
    return found


def good_profile_rows():
    return [
        PROFILE_HEADER,
        ["university", "2026001", "王芳", "Wang Fang", "wang@example.org", "+86 138 0000 0000",
         "中国", "Civil Engineering", "本科", "Civil engineering", "2026/7/1", "01.09.2026",
         "zh:native; en:B2", "civil engineering; 建筑规范"],
        ["university", "2026002", "عائشہ خان", "Ayesha Khan", "", "", "Pakistan",
         "Civil Engineering", "bachelor", "", "2026-07-01", "", "zh:HSK4; en:B2; ur:native",
         "urn:test:welding; arc welding"],
        ["university", "2026003", "Анна Смирнова", "Anna Smirnova", "anna@example.org", "",
         "RU", "", "master", "", "", "", "ru:native", ""],
    ]  # fmt: skip


def test_profiles_from_a_utf8_bom_csv_with_three_scripts(personas, skills):
    report = run("profiles", csv_bytes(good_profile_rows()), user=personas.institution_admin)

    assert report.ok and report.rejected == 0
    assert (report.total, report.created) == (3, 3)
    wang = TalentProfile.objects.get(student_number="2026001")
    assert wang.institution == personas.university
    assert (wang.full_name, wang.nationality.code, wang.degree_level) == ("王芳", "CN", "bachelor")
    assert wang.expected_graduation == dt.date(2026, 7, 1)
    assert wang.available_from == dt.date(2026, 9, 1)
    assert {s.skill_id for s in wang.skills.all()} == {skills["civil"].pk, skills["codes"].pk}
    ayesha = TalentProfile.objects.get(full_name="عائشہ خان")
    assert ayesha.nationality.code == "PK"
    assert {(lang.language, lang.scale, lang.level) for lang in ayesha.languages.all()} == {
        ("zh", "HSK", "4"),
        ("en", "CEFR", "B2"),
        ("ur", "native", ""),
    }
    assert list(ayesha.skills.values_list("skill_id", flat=True)) == [skills["welding"].pk]
    assert TalentProfile.objects.get(student_number="2026003").full_name == "Анна Смирнова"


def test_gb18030_semicolon_csv_with_chinese_headers(personas, skills):
    rows = [
        ["院校", "学号", "姓名", "国籍", "学历", "预计毕业日期", "语言", "技能"],
        [
            "university",
            "S-1",
            "李明",
            "中国",
            "硕士",
            "2026年7月1日",
            "中文：母语",
            "焊接；土木工程",
        ],
    ]
    report = run("profiles", csv_bytes(rows, "gb18030", ";"), user=personas.institution_admin)
    assert (report.encoding, report.delimiter, report.created) == ("gb18030", ";", 1)
    li = TalentProfile.objects.get(student_number="S-1")
    assert (li.full_name, li.degree_level) == ("李明", "master")
    assert li.skills.count() == 2
    assert li.languages.get().scale == "native"


def test_xlsx_with_date_cells_serial_numbers_and_text_dates(personas, skills):
    rows = [
        PROFILE_HEADER,
        ["university", 2026001, "王芳", "", "", "", "CN", "", "", "", dt.date(2026, 7, 1),
         46266, "", ""],
        ["university", 2026002, "Анна", "", "", "", "RU", "", "", "", "2026/7/1", "46266", "", ""],
    ]  # fmt: skip
    report = run("profiles", xlsx_bytes(rows), user=personas.institution_admin)
    assert (report.format, report.created, report.rejected) == ("xlsx", 2, 0)
    for number in ("2026001", "2026002"):  # numbers typed as numbers keep no ".0"
        profile = TalentProfile.objects.get(student_number=number)
        assert profile.expected_graduation == dt.date(2026, 7, 1)
        assert profile.available_from == dt.date(2026, 9, 1)


def test_every_problem_is_reported_with_row_and_column_and_good_rows_are_stored(personas, skills):
    other = OrganizationFactory(slug="other-university", kind=OrganizationKind.UNIVERSITY)
    rows = good_profile_rows() + [
        ["university", "B1", "Bad Skill", "", "", "", "CN", "", "", "", "", "", "", "basket weaving"],
        ["university", "B2", "Bad Level", "", "", "", "CN", "", "", "", "", "", "zh:HSK12", ""],
        ["university", "B3", "Bad Date", "", "", "", "CN", "", "", "", "2026-13-45", "", "", ""],
        ["university", "B4", "", "", "", "", "CN", "", "", "", "", "", "", ""],
        ["university", "B5", "No Country", "", "", "", "Atlantis", "", "", "", "", "", "", ""],
        ["other-university", "B6", "Elsewhere", "", "", "", "CN", "", "", "", "", "", "", ""],
        ["university", "B7", "Many", "", "x@", "", "Narnia", "", "wizard", "", "later", "", "", ""],
        ["university", "2026001", "Duplicate", "", "", "", "CN", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    report = run("profiles", csv_bytes(rows), user=personas.institution_admin)

    assert (report.total, report.created, report.rejected) == (11, 3, 8)
    assert TalentProfile.objects.count() == 3
    assert not TalentProfile.objects.filter(student_number__startswith="B").exists()
    found = errors_by_row(report)
    assert sorted(found) == [5, 6, 7, 8, 9, 10, 11, 12]  # header = row 1, data from row 2
    assert found[5] == [("skills", found[5][0][1])] and "basket weaving" in found[5][0][1]
    assert found[6][0][0] == "languages" and "HSK12" in found[6][0][1]
    assert found[7][0][0] == "expected_graduation" and "2026-13-45" in found[7][0][1]
    assert found[8] == [("full_name", "A value is required.")]
    assert found[9][0][0] == "nationality" and "Atlantis" in found[9][0][1]
    assert found[10][0][0] == "institution" and "may not import" in found[10][0][1]
    assert [column for column, _m in found[11]] == [
        "email",
        "nationality",
        "degree_level",
        "expected_graduation",
    ]
    assert found[12][0][0] == "student_number" and "Row 2" in found[12][0][1]
    assert report.errors[0]["letter"] == "N"  # the skills column
    assert other.students.count() == 0


def test_missing_required_columns_fail_the_file_and_store_nothing(personas, skills):
    report = run("profiles", csv_bytes([["姓名"], ["李明"]]), user=personas.institution_admin)
    assert not report.ok
    assert "student_number" in report.file_error and "nationality" in report.file_error
    assert TalentProfile.objects.count() == 0


def test_unknown_columns_are_ignored_with_a_warning(personas, skills):
    rows = [
        ["institution", "学号", "姓名", "国籍", "shoe size"],
        ["university", "1", "A", "CN", "42"],
    ]
    report = run("profiles", csv_bytes(rows), user=personas.institution_admin)
    assert report.created == 1
    assert "shoe size" in report.warnings[0]


def test_default_institution_fills_a_missing_column(personas, skills):
    rows = [["学号", "姓名", "国籍"], ["1", "李明", "CN"]]
    report = run(
        "profiles",
        csv_bytes(rows),
        user=personas.institution_admin,
        default_org=personas.university,
    )
    assert report.created == 1
    assert TalentProfile.objects.get().institution == personas.university


def test_dry_run_stores_nothing_and_says_what_would_happen(personas, skills):
    run("profiles", csv_bytes(good_profile_rows()[:2]), user=personas.institution_admin)
    rows = good_profile_rows()
    rows[1][2] = "王芳芳"  # changed name
    rows.append(["university", "X", "", "", "", "", "CN", "", "", "", "", "", "", ""])
    before = list(TalentProfile.objects.values_list("pk", "full_name", "updated_at"))

    report = run("profiles", csv_bytes(rows), user=personas.institution_admin, dry_run=True)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 1, 0, 1)
    assert list(TalentProfile.objects.values_list("pk", "full_name", "updated_at")) == before
    assert ProfileSkill.objects.count() == 2 and ProfileLanguage.objects.count() == 2


def test_running_the_same_file_again_changes_nothing(personas, skills):
    data = csv_bytes(good_profile_rows())
    run("profiles", data, user=personas.institution_admin)
    state = (
        list(TalentProfile.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ProfileSkill.objects.order_by("pk").values_list("pk", "profile_id", "skill_id")),
        list(ProfileLanguage.objects.order_by("pk").values_list("pk", "language", "level")),
    )
    report = run("profiles", data, user=personas.institution_admin)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert state == (
        list(TalentProfile.objects.order_by("pk").values_list("pk", "updated_at")),
        list(ProfileSkill.objects.order_by("pk").values_list("pk", "profile_id", "skill_id")),
        list(ProfileLanguage.objects.order_by("pk").values_list("pk", "language", "level")),
    )


def test_updates_replace_child_rows_but_keep_what_the_import_does_not_manage(personas, skills):
    run("profiles", csv_bytes(good_profile_rows()), user=personas.institution_admin)
    wang = TalentProfile.objects.get(student_number="2026001")
    kept = wang.skills.get(skill=skills["civil"])
    kept.level = 4  # the student said "expert" on their profile page
    kept.save()
    wang.headline = "Bridges and tunnels"
    wang.save()

    rows = good_profile_rows()
    rows[1][12] = "zh:native; en:C1"  # English improved
    rows[1][13] = "civil engineering; welding"  # building codes out, welding in
    report = run("profiles", csv_bytes(rows), user=personas.institution_admin)

    assert (report.updated, report.unchanged) == (1, 2)
    wang.refresh_from_db()
    assert wang.headline == "Bridges and tunnels"
    assert {s.skill_id: s.level for s in wang.skills.all()} == {
        skills["civil"].pk: 4,
        skills["welding"].pk: 2,
    }
    assert wang.languages.get(language="en").level == "C1"


def test_a_file_with_few_columns_leaves_the_others_alone(personas, skills):
    run("profiles", csv_bytes(good_profile_rows()), user=personas.institution_admin)
    rows = [["学号", "姓名", "国籍", "email"], ["2026001", "王芳", "CN", "new@example.org"]]
    report = run(
        "profiles",
        csv_bytes(rows),
        user=personas.institution_admin,
        default_org=personas.university,
    )
    assert report.updated == 1
    wang = TalentProfile.objects.get(student_number="2026001")
    assert wang.email == "new@example.org"
    assert wang.programme == "Civil Engineering" and wang.skills.count() == 2


def test_a_crash_mid_way_leaves_whole_batches_only(personas, skills, monkeypatch):
    rows = [PROFILE_HEADER] + [
        [
            "university",
            f"N{i}",
            f"Name {i}",
            "",
            "",
            "",
            "CN",
            "",
            "",
            "",
            "",
            "",
            "en:B1",
            "welding",
        ]
        for i in range(6)
    ]
    calls = {"n": 0}
    original = ProfileSchema.apply_child_ops

    def failing(self, ops, pks):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, ops, pks)

    monkeypatch.setattr(ProfileSchema, "apply_child_ops", failing)
    with pytest.raises(RuntimeError):
        run("profiles", csv_bytes(rows), user=personas.institution_admin, batch_size=2)
    # The first batch is stored whole; the second (parents written, children not) rolled back.
    assert sorted(TalentProfile.objects.values_list("student_number", flat=True)) == ["N0", "N1"]
    assert ProfileSkill.objects.count() == 2

    monkeypatch.setattr(ProfileSchema, "apply_child_ops", original)
    report = run("profiles", csv_bytes(rows), user=personas.institution_admin, batch_size=2)
    assert (report.created, report.unchanged) == (4, 2)


def test_stored_errors_are_capped_but_all_are_counted(personas, skills, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_STORED_ERRORS", 3)
    rows = [PROFILE_HEADER] + [
        ["university", f"N{i}", "", "", "", "", "Atlantis"] + [""] * 7 for i in range(5)
    ]
    report = run("profiles", csv_bytes(rows), user=personas.institution_admin)
    assert report.error_count == 10 and len(report.errors) == 3
    assert report.as_dict()["errors_truncated"] is True


def test_rejected_rows_come_back_with_a_reason_and_import_once_fixed(personas, skills):
    rows = good_profile_rows() + [
        ["university", "B1", "Bad", "", "", "", "Atlantis", "", "", "", "", "", "", ""]
    ]
    sink = io.StringIO(newline="")
    report = run(
        "profiles", csv_bytes(rows), user=personas.institution_admin, rejected=RejectedWriter(sink)
    )
    assert report.rejected == 1
    text = sink.getvalue()
    header, line = text.lstrip("\ufeff").splitlines()
    assert header.endswith(",rejected_reason")
    assert line.startswith("university,B1,Bad") and "Atlantis" in line

    fixed = text.replace("Atlantis", "Pakistan").encode("utf-8")
    report = run("profiles", fixed, user=personas.institution_admin)
    assert (report.created, report.rejected, report.warnings) == (1, 0, [])


def test_messages_are_in_the_users_language(personas, skills):
    rows = [PROFILE_HEADER, ["university", "1", "李明", "", "not-an-address"] + [""] * 9]
    rows[1][6] = "CN"
    with translation.override("zh-hans"):
        report = run("profiles", csv_bytes(rows), user=personas.institution_admin)
    assert report.errors[0]["message"] == "请输入合法的邮件地址。"


# --- permissions ---------------------------------------------------------------------


def position_rows(enterprise="enterprise-a"):
    return [
        POSITION_HEADER,
        [enterprise, "pk-welder-01", "Welder", "焊工", "job", "3", "PK", "Karachi",
         "hydropower", "vocational", "2026-09-01", "2026-07-31", "open",
         "welding; 土木工程", "building codes", "zh:HSK3; en:B1"],
        [enterprise, "pk-intern-02", "Site intern", "", "实习", "", "巴基斯坦", "", "", "",
         "", "", "草稿", "", "", ""],
    ]  # fmt: skip


def test_recruiter_b_cannot_import_positions_into_enterprise_a(personas, skills):
    report = run("positions", csv_bytes(position_rows()), user=personas.recruiter_b)
    assert (report.created, report.rejected) == (0, 2)
    assert all(
        e["column"] == "enterprise" and "may not import into Enterprise A" in e["message"]
        for e in report.errors
    )
    assert Position.objects.count() == 0


def test_recruiter_a_imports_positions_with_skills_and_languages(personas, skills):
    report = run("positions", csv_bytes(position_rows()), user=personas.recruiter_a)
    assert (report.created, report.rejected) == (2, 0)
    welder = Position.objects.get(reference="pk-welder-01")
    assert welder.enterprise == personas.enterprise_a
    assert (welder.headcount, welder.status, welder.sector.code) == (3, "open", "hydropower")
    assert {(s.skill_id, s.importance) for s in welder.skills.all()} == {
        (skills["welding"].pk, "essential"),
        (skills["civil"].pk, "essential"),
        (skills["codes"].pk, "optional"),
    }
    assert set(welder.languages.values_list("language", "scale", "level")) == {
        ("zh", "HSK", "3"),
        ("en", "CEFR", "B1"),
    }
    intern = Position.objects.get(reference="pk-intern-02")
    assert (intern.kind, intern.status, intern.headcount, intern.country.code) == (
        "internship",
        "draft",
        1,
        "PK",
    )
    again = run("positions", csv_bytes(position_rows()), user=personas.recruiter_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_position_rules_across_columns(personas, skills):
    rows = position_rows()
    rows[1][11] = "2026-10-01"  # deadline after start
    rows[1][14] = "welding"  # both essential and optional
    rows[2][5] = "-2"
    rows[2][8] = "fishing"
    report = run("positions", csv_bytes(rows), user=personas.recruiter_a)
    found = errors_by_row(report)
    assert [c for c, _m in found[2]] == ["application_deadline", "optional_skills"]
    assert [c for c, _m in found[3]] == ["headcount", "sector"]


def test_only_platform_admins_and_secretariats_import_organisations(personas):
    rows = [["key", "kind", "name_en"], ["new-college", "vocational_college", "New College"]]
    for who in ("institution_admin", "recruiter_a", "student"):
        report = run("organisations", csv_bytes(rows), user=getattr(personas, who))
        assert not report.ok and "may not import" in report.file_error
    assert run("organisations", csv_bytes(rows), user=personas.secretariat).created == 1


def test_students_cannot_import_profiles(personas, skills):
    report = run("profiles", csv_bytes(good_profile_rows()), user=personas.student)
    assert not report.ok and TalentProfile.objects.count() == 0


def test_organisations_with_parents_generated_keys_and_cycles(personas):
    rows = [
        ["key", "类型", "英文名称", "中文名称", "本地名称", "国家", "上级机构"],
        ["", "education_group", "Silk Road Education Group", "丝路教育集团", "", "CN", ""],
        ["silk-college", "职业学院", "Silk Road College", "丝路学院", "", "中国", "silk-road-education-group"],
        ["pk-campus", "university", "Pakistan Campus", "", "پاکستان کیمپس", "PK", "silk-college"],
        ["loop", "university", "Loop", "", "", "", "loop"],
        ["late-parent", "university", "Late", "", "", "", "defined-later"],
        ["defined-later", "university", "Defined later", "", "", "", ""],
    ]  # fmt: skip
    report = run("organisations", csv_bytes(rows), user=personas.platform_admin, batch_size=2)
    assert (report.created, report.rejected) == (4, 2)
    campus = Organization.objects.get(slug="pk-campus")
    assert campus.parent.slug == "silk-college"
    assert campus.parent.parent.name_zh == "丝路教育集团"
    assert campus.name_local == "پاکستان کیمپس"
    found = errors_by_row(report)
    assert sorted(found) == [5, 6]

    # Now that "defined-later" exists, the row naming it as parent is accepted too.
    again = run("organisations", csv_bytes(rows), user=personas.platform_admin)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (1, 0, 4, 1)
    assert Organization.objects.get(slug="late-parent").parent.slug == "defined-later"
    third = run("organisations", csv_bytes(rows), user=personas.platform_admin)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 5)
    cycle = [["key", "kind", "name_en", "parent"], ["silk-road-education-group", "education_group",
             "Silk Road Education Group", "pk-campus"]]  # fmt: skip
    report = run("organisations", csv_bytes(cycle), user=personas.platform_admin)
    assert report.rejected == 1 and "ancestor" in report.errors[0]["message"]


# --- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_unchanged_for_every_kind(personas, skills, fmt, tmp_path):
    run("profiles", csv_bytes(good_profile_rows()), user=personas.institution_admin)
    run("positions", csv_bytes(position_rows()), user=personas.recruiter_a)
    TalentProfile.objects.filter(student_number="2026003").update(programme='=HYPERLINK("x")')
    for kind, user in (
        ("profiles", personas.institution_admin),
        ("positions", personas.recruiter_a),
        ("organisations", personas.platform_admin),
    ):
        queryset = exporters.export_queryset(kind, user)
        if fmt == "csv":
            out = io.StringIO(newline="")
            exporters.write_csv(kind, queryset, out)
            data = out.getvalue().encode("utf-8")
            assert "'=HYPERLINK" in out.getvalue() or kind != "profiles"
        else:
            path = tmp_path / f"{kind}.xlsx"
            exporters.write_xlsx(kind, queryset, str(path))
            data = path.read_bytes()
        report = run(kind, data, user=user)
        assert report.ok and report.total > 0, kind
        assert (report.created, report.updated, report.rejected) == (0, 0, 0), (kind, report.errors)
        assert report.unchanged == report.total
    assert TalentProfile.objects.get(student_number="2026003").programme == '=HYPERLINK("x")'


def test_profile_export_holds_only_profiles_the_user_manages(personas, skills):
    run("profiles", csv_bytes(good_profile_rows()), user=personas.institution_admin)
    assert exporters.export_queryset("profiles", personas.institution_admin).count() == 3
    # Shared with everyone signed in, yet a recruiter's export carries no names or contacts.
    assert exporters.export_queryset("profiles", personas.recruiter_a).count() == 0
    assert exporters.export_queryset("profiles", personas.platform_admin).count() == 3


def test_position_export_is_what_the_user_may_see(personas, skills):
    run("positions", csv_bytes(position_rows()), user=personas.recruiter_a)
    assert exporters.export_queryset("positions", personas.recruiter_a).count() == 2
    # Recruiter B sees A's open position but not A's draft.
    refs = exporters.export_queryset("positions", personas.recruiter_b).values_list(
        "reference", flat=True
    )
    assert list(refs) == ["pk-welder-01"]
    assert PositionSkill.objects.count() == 3 and PositionLanguage.objects.count() == 2
