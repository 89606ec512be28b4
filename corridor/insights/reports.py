"""The tables of each dashboard, shared by the pages' downloads (XLSX, PDF)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.insights.exports import Report, Table


def _programmes(row) -> str:
    return "; ".join(str(p) for p in row.programmes)


def gap_table(rows) -> Table:
    return Table(
        caption=_("Supply and demand by skill"),
        headers=[
            _("Skill"),
            _("Demand (headcount)"),
            _("Essential"),
            _("Optional"),
            _("Supply (profiles)"),
            _("Gap"),
            _("Programmes that close it"),
        ],
        rows=[
            [r.label, r.demand, r.essential, r.optional, r.supply, r.gap, _programmes(r)]
            for r in rows
        ],
        chart_column=5,
    )


def sector_table(rows) -> Table:
    return Table(
        caption=_("Open positions by sector"),
        headers=[_("Sector"), _("Positions"), _("Headcount")],
        rows=[[r["label"] or _("No sector"), r["positions"], r["headcount"]] for r in rows],
        chart_column=2,
    )


def gaps_report(rows, sectors, subtitle: str = "") -> Report:
    return Report(
        title=_("Talent supply and demand"),
        subtitle=subtitle,
        tables=[gap_table(rows), sector_table(sectors)],
    )


def _monthly(caption: str, rows) -> Table:
    return Table(
        caption=caption,
        headers=[_("Month"), _("Count")],
        rows=[[r["month"], r["count"]] for r in rows],
        chart_column=1,
    )


def alliance_report(board) -> Report:
    tables = [
        Table(
            caption=_("Targets and progress"),
            headers=[_("Target"), _("Target value"), _("Achieved")],
            rows=[[t["label"], t["target"], t["achieved"]] for t in board.targets],
            chart_column=2,
        ),
        Table(
            caption=_("Members by country"),
            headers=[_("Country"), _("Members")],
            rows=[[r["name"] or _("Not stated"), r["count"]] for r in board.members_by_country],
            chart_column=1,
        ),
        _monthly(_("Placements by month"), board.placements),
        _monthly(_("Trainees by month"), board.trainees),
        gap_table(board.gaps),
    ]
    return Report(
        title=str(board.alliance.display_name), subtitle=_("Alliance dashboard"), tables=tables
    )


def country_report(board) -> Report:
    summary = Table(
        caption=_("Summary"),
        headers=[_("Figure"), _("Value")],
        rows=[
            [_("Students from %(country)s") % {"country": board.name}, board.students_from],
            [_("Students in %(country)s") % {"country": board.name}, board.students_in],
            [_("Open positions"), board.open_positions],
            [_("Open headcount"), board.open_headcount],
        ],
    )
    nationalities = Table(
        caption=_("Students in the country by nationality"),
        headers=[_("Nationality"), _("Students")],
        rows=[[r["name"], r["count"]] for r in board.students_in_by_nationality],
        chart_column=1,
    )
    statistics = Table(
        caption=_("Statistics"),
        headers=[_("Statistic"), _("Value"), _("Unit"), _("When"), _("Source")],
        rows=[
            [s.label, s.value_display, s.unit, s.when, s.source.title if s.source else ""]
            for s in board.statistics
        ],
    )
    return Report(
        title=board.name,
        subtitle=_("Country dashboard"),
        tables=[
            summary,
            nationalities,
            sector_table(board.positions_by_sector),
            _monthly(_("Placements by month"), board.placements),
            statistics,
        ],
    )
