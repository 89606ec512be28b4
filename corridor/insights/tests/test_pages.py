"""The insights pages as users meet them: figures shown, refusals, filters, downloads."""

import io

import pytest
from django.urls import reverse

from corridor.insights.models import Statistic
from corridor.insights.tests.helpers import build

pytestmark = pytest.mark.django_db


def test_gap_page_shows_largest_gaps_and_chart_data(personas, client_for):
    build(personas)
    response = client_for(personas.secretariat).get(reverse("insights:gaps"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.label_en, r.gap) for r in rows][:2] == [("=ceramics", 4), ("welding", 3)]
    html = response.content.decode()
    assert 'id="gap-chart"' in html and 'data-chart="gap-chart"' in html
    assert "style=" not in html  # CSP: no inline styles


def test_gap_page_filters_by_country_and_alliance(personas, client_for):
    data = build(personas)
    client = client_for(personas.secretariat)
    response = client.get(reverse("insights:gaps"), {"country": "VN"})
    assert [r.label_en for r in response.context["rows"]] == ["=ceramics"]
    response = client.get(reverse("insights:gaps"), {"alliance": data.alliance.slug})
    assert "=ceramics" not in [r.label_en for r in response.context["rows"]]


def test_invalid_gap_filter_answers_400_with_the_reason(personas, client_for):
    build(personas)
    response = client_for(personas.secretariat).get(reverse("insights:gaps"), {"country": "XX"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_alliance_filter_offers_only_alliances_the_user_may_see(personas, client_for):
    data = build(personas)
    # recruiter B's enterprise is no member: the alliance is not a valid choice for them.
    response = client_for(personas.recruiter_b).get(
        reverse("insights:gaps"), {"alliance": data.alliance.slug}
    )
    assert response.status_code == 400


def test_students_and_outsiders_are_refused_dashboards(personas, client_for):
    build(personas)
    for who in ("student", "outsider"):
        client = client_for(getattr(personas, who))
        assert client.get(reverse("insights:gaps")).status_code == 403
        assert client.get(reverse("insights:country_dashboard", args=["PK"])).status_code == 403


def test_country_dashboard_suppresses_small_student_counts(personas, client_for):
    build(personas)
    response = client_for(personas.platform_admin).get(
        reverse("insights:country_dashboard", args=["pk"])
    )
    assert response.status_code == 200
    board = response.context["board"]
    assert board.code == "PK"
    assert board.students_from is None  # 3 Pakistani profiles: fewer than 5
    assert board.open_positions == 2 and board.open_headcount == 5
    assert "&lt; 5" in response.content.decode()


def test_country_dashboard_shows_counts_from_five(personas, client_for):
    from corridor.api.tests import data

    build(personas)
    for n in range(2):
        data.profile(None, personas.university, f"Extra {n}")
    board = (
        client_for(personas.platform_admin)
        .get(reverse("insights:country_dashboard", args=["PK"]))
        .context["board"]
    )
    assert board.students_from == 5


def test_country_dashboard_lists_statistics_about_the_country(personas, client_for):
    Statistic.objects.create(
        key="pk-students",
        label_en="Pakistani students",
        label_zh="巴基斯坦留学生",
        value=24497,
        unit="students",
        country="PK",
        as_of_year=2021,
    )
    response = client_for(personas.recruiter_a).get(
        reverse("insights:country_dashboard", args=["PK"])
    )
    assert "Pakistani students" in response.content.decode()
    assert "24,497" in response.content.decode()


def test_unknown_country_is_404(personas, client_for):
    response = client_for(personas.platform_admin).get(
        reverse("insights:country_dashboard", args=["XX"])
    )
    assert response.status_code == 404


def test_alliance_dashboard_for_members_staff_only(personas, client_for):
    data = build(personas)
    url = reverse("insights:alliance_dashboard", args=[data.alliance.pk])
    for who in ("secretariat", "institution_admin", "recruiter_a", "platform_admin"):
        assert client_for(getattr(personas, who)).get(url).status_code == 200, who
    for who in ("recruiter_b", "student", "outsider"):
        assert client_for(getattr(personas, who)).get(url).status_code == 404, who
    response = client_for(personas.secretariat).get(url)
    board = response.context["board"]
    assert board.member_count == 3
    assert {r["country"]: r["count"] for r in board.members_by_country} == {"CN": 3}


def test_statistics_list_is_public_and_filters(personas, client_for):
    Statistic.objects.create(key="a", label_en="Alpha", value=1, unit="x", country="PK")
    Statistic.objects.create(
        key="b", label_en="Beta", value=2, unit="x", country="CN", comparator="at_least"
    )
    client = client_for(None)
    response = client.get(reverse("insights:statistic_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    response = client.get(reverse("insights:statistic_list"), {"country": "CN"})
    assert [s.label_en for s in response.context["page"]] == ["Beta"]
    assert "≥ 2" in response.content.decode()
    response = client.get(reverse("insights:statistic_list"), {"as_of_year": "abc"})
    assert response.context["page"].paginator.count == 0
    assert response.context["filter_errors"]


def test_statistic_without_year_says_so():
    stat = Statistic(key="x", label_en="X", value=5255000, unit="persons")
    assert stat.when == "year not given"
    assert stat.value_display == "5,255,000"


def test_gap_xlsx_has_figures_and_escapes_formulas(personas, client_for):
    from openpyxl import load_workbook

    build(personas)
    response = client_for(personas.secretariat).get(reverse("insights:gaps_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    by_skill = {r[0]: r for r in rows}
    # "=ceramics" is written as text with a leading apostrophe, never as a formula.
    assert "'=ceramics" in by_skill
    assert by_skill["'=ceramics"][1:6] == [4, 4, 0, 0, 4]
    assert by_skill["welding"][1:6] == [5, 5, 0, 2, 3]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_gap_xlsx_in_chinese_has_chinese_labels(personas, client_for):
    from openpyxl import load_workbook

    build(personas)
    client = client_for(personas.secretariat)
    response = client.get(
        reverse("insights:gaps_export", args=["xlsx"]), headers={"accept-language": "zh-hans"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    labels = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert "焊接" in labels


def test_country_pdf_has_figures_and_chinese_text(personas, client_for):
    from pypdf import PdfReader

    build(personas)
    Statistic.objects.create(
        key="pk-students",
        label_en="Pakistani students",
        label_zh="巴基斯坦留学生",
        value=24497,
        unit="students",
        country="PK",
    )
    response = client_for(personas.platform_admin).get(
        reverse("insights:country_export", args=["PK", "pdf"]),
        headers={"accept-language": "zh-hans"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "巴基斯坦留学生" in text
    assert "24,497" in text


def test_alliance_pdf_and_xlsx(personas, client_for):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    data = build(personas)
    client = client_for(personas.secretariat)
    pdf = client.get(reverse("insights:alliance_export", args=[data.alliance.pk, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Test Alliance" in text and "welding" in text
    xlsx = client.get(reverse("insights:alliance_export", args=[data.alliance.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    members = book.worksheets[1]
    assert [[c.value for c in r] for r in members.iter_rows(min_row=5)] == [["China", 3]]
    assert (
        client.get(reverse("insights:alliance_export", args=[data.alliance.pk, "doc"])).status_code
        == 404
    )
