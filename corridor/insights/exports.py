"""Dashboards and gap tables as XLSX (XlsxWriter) and PDF (reportlab) downloads.

A :class:`Report` is a title and a list of tables (each optionally drawn as a bar chart in
the PDF). Text cells that a spreadsheet would run as a formula (starting with = + - @, tab
or carriage return) are written with a leading apostrophe. Chinese text in PDFs uses
reportlab's built-in CID font STSong-Light, so no font file has to be shipped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CJK_FONT = "STSong-Light"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]
    #: Index of the numeric column to chart in the PDF (labels from column 0), or None.
    chart_column: int | None = None


@dataclass
class Report:
    title: str
    subtitle: str = ""
    tables: list[Table] = field(default_factory=list)


def safe_text(value):
    """Text a spreadsheet will not evaluate: formula-like strings get a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value):
    """Numbers stay numbers; ``None`` (a suppressed count) reads "< 5"; the rest is text."""
    if value is None:
        return "< 5"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def to_xlsx(report: Report) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    used: set[str] = set()
    for index, table in enumerate(report.tables, start=1):
        name = _sheet_name(table.caption, index, used)
        sheet = book.add_worksheet(name)
        sheet.write_string(0, 0, safe_text(report.title), title)
        sheet.write_string(1, 0, safe_text(table.caption), bold)
        for col, header in enumerate(table.headers):
            sheet.write_string(3, col, safe_text(str(header)), bold)
        for r, row in enumerate(table.rows, start=4):
            for col, value in enumerate(row):
                value = cell(value)
                if isinstance(value, int | float):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, value)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, max(len(table.headers) - 1, 1), 14)
    if not report.tables:
        book.add_worksheet(_("Empty")[:31]).write_string(0, 0, safe_text(report.title))
    book.close()
    return buffer.getvalue()


def _sheet_name(caption: str, index: int, used: set[str]) -> str:
    cleaned = "".join(ch for ch in caption if ch not in "[]:*?/\\'").strip() or "Sheet"
    name = f"{index} {cleaned}"[:31]
    while name in used:
        name = f"{index}-{len(used)}"[:31]
    used.add(name)
    return name


def to_pdf(report: Report) -> bytes:
    from xml.sax.saxutils import escape  # nosec B406 - escapes text for reportlab markup; parses nothing

    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = CJK_FONT
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=report.title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story = [Paragraph(escape(report.title), styles["Title"])]
    generated = _("Generated %(when)s") % {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC")}
    story.append(
        Paragraph(escape(" · ".join(filter(None, [report.subtitle, generated]))), styles["Normal"])
    )
    width = A4[0] - 30 * mm
    for table in report.tables:
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(escape(table.caption), styles["Heading2"]))
        if not table.rows:
            story.append(Paragraph(escape(_("No data.")), styles["Normal"]))
            continue
        if table.chart_column is not None:
            chart_rows = [
                (str(row[0])[:28], row[table.chart_column])
                for row in table.rows[:12]
                if isinstance(row[table.chart_column], int | float)
            ]
            if chart_rows:
                height = 14 * len(chart_rows) + 30
                drawing = Drawing(width, height)
                chart = HorizontalBarChart()
                chart.x, chart.y = 140, 15
                chart.width, chart.height = width - 160, height - 25
                chart.data = [[value for _label, value in reversed(chart_rows)]]
                chart.categoryAxis.categoryNames = [label for label, _v in reversed(chart_rows)]
                chart.categoryAxis.labels.fontName = CJK_FONT
                chart.categoryAxis.labels.fontSize = 7
                chart.valueAxis.labels.fontSize = 7
                chart.valueAxis.valueMin = min(0, *(v for _l, v in chart_rows))
                chart.bars[0].fillColor = colors.HexColor("#1f6f8b")
                drawing.add(chart)
                story.append(drawing)
        data = [[Paragraph(escape(str(h)), styles["BodyText"]) for h in table.headers]]
        for row in table.rows:
            data.append(
                [
                    Paragraph(
                        escape(
                            str(cell(v)).lstrip("'") if not isinstance(v, int | float) else f"{v:,}"
                        ),
                        styles["BodyText"],
                    )
                    for v in row
                ]
            )
        first = width * 0.4 if len(table.headers) > 1 else width
        rest = (width - first) / max(len(table.headers) - 1, 1)
        pdf_table = PdfTable(
            data, colWidths=[first] + [rest] * (len(table.headers) - 1), repeatRows=1
        )
        pdf_table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(pdf_table)
    doc.build(story)
    return buffer.getvalue()
