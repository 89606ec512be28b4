"""Insights pages: statistics, gap analysis, alliance and country dashboards, downloads.

Thin views: the figures come from :mod:`corridor.insights.gaps` and
:mod:`corridor.insights.dashboards`, which read everything through ``for_user``.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django_countries import countries

from corridor.core.views import ScopedListView, refuse
from corridor.insights import dashboards, gaps, reports
from corridor.insights.exports import to_pdf, to_xlsx
from corridor.insights.forms import GapFilterForm, StatisticFilterSet
from corridor.insights.models import Statistic

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(report, fmt: str, name: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    body = to_xlsx(report) if fmt == "xlsx" else to_pdf(report)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "insights"}.{fmt}"'
    return response


def _chart(rows, label_key, value_key, **extra):
    return {
        "labels": [str(r[label_key]) for r in rows],
        "values": [r[value_key] for r in rows],
        **extra,
    }


class IndexView(View):
    """Where to start: countries as tiles/bars (or a map), alliances, gaps, statistics."""

    def get(self, request):
        if not dashboards.may_view(request.user, dashboards.COUNTRY_POLICY):
            return refuse(request)
        world = dashboards.world_overview(request.user)
        context = {
            "world": world,
            "world_data": {
                "countries": world,
                "labels": {
                    "headcount": _("Open headcount"),
                    "students": _("Students (nationality)"),
                },
            },
            "alliances": dashboards.visible_alliances(request.user).order_by("name_en"),
        }
        return render(request, "insights/index.html", context)


class StatisticListView(ScopedListView):
    model = Statistic
    filterset_class = StatisticFilterSet
    template_name = "insights/statistic_list.html"
    partial_template_name = "insights/partials/_statistic_results.html"

    def get_queryset(self):
        return self.scoped().select_related("stated_by", "sector", "source")


class GapsView(View):
    """Demand (open positions' headcount) against supply (visible profiles) by skill."""

    def _compute(self, request):
        form = GapFilterForm(request.GET or None, user=request.user)
        if form.is_bound and not form.is_valid():
            return form, None
        filters = form.gap_filters() if form.is_bound else gaps.GapFilters()
        rows = gaps.skill_gaps(request.user, filters)
        sectors = gaps.demand_by_sector(request.user, filters)
        return form, (filters, rows, sectors)

    def get(self, request, fmt=None):
        if not dashboards.may_view(request.user, dashboards.GAPS_POLICY):
            return refuse(request)
        form, result = self._compute(request)
        if result is None:
            return render(request, "insights/gaps.html", {"form": form}, status=400)
        filters, rows, sectors = result
        if fmt:
            return download(reports.gaps_report(rows, sectors), fmt, "talent-gaps")
        top = rows[:15]
        context = {
            "form": form,
            "rows": rows,
            "sectors": sectors,
            "totals": gaps.totals(request.user, filters),
            "query": request.GET.urlencode(),
            "chart": {
                "kind": "gap",
                "labels": [r.label for r in top],
                "demand": [r.demand for r in top],
                "supply": [r.supply for r in top],
                "names": {"demand": _("Demand"), "supply": _("Supply")},
            },
        }
        return render(request, "insights/gaps.html", context)


class AllianceDashboardView(View):
    def get(self, request, pk, fmt=None):
        if not dashboards.may_view(request.user, dashboards.ALLIANCE_POLICY):
            if not request.user.is_authenticated:
                return refuse(request)
            raise Http404
        alliance = dashboards.visible_alliances(request.user).filter(pk=pk).first()
        if alliance is None:
            raise Http404
        board = dashboards.alliance_dashboard(request.user, alliance)
        if fmt:
            return download(reports.alliance_report(board), fmt, alliance.slug)
        context = {
            "board": board,
            "alliance": alliance,
            "charts": {
                "members": _chart(board.members_by_country, "name", "count", kind="bar"),
                "placements": _chart(board.placements, "month", "count", kind="line"),
                "trainees": _chart(board.trainees, "month", "count", kind="line"),
                "gaps": {
                    "kind": "gap",
                    "labels": [r.label for r in board.gaps[:10]],
                    "demand": [r.demand for r in board.gaps[:10]],
                    "supply": [r.supply for r in board.gaps[:10]],
                    "names": {"demand": _("Demand"), "supply": _("Supply")},
                },
            },
        }
        return render(request, "insights/alliance_dashboard.html", context)


class CountryDashboardView(View):
    def get(self, request, code, fmt=None):
        if not dashboards.may_view(request.user, dashboards.COUNTRY_POLICY):
            return refuse(request)
        code = code.upper()
        if code not in countries:
            raise Http404
        board = dashboards.country_dashboard(request.user, code)
        if fmt:
            return download(reports.country_report(board), fmt, f"country-{code}")
        context = {
            "board": board,
            "charts": {
                "sectors": {
                    "kind": "bar",
                    "labels": [r["label"] or _("No sector") for r in board.positions_by_sector],
                    "values": [r["headcount"] for r in board.positions_by_sector],
                },
                "placements": _chart(board.placements, "month", "count", kind="line"),
            },
        }
        return render(request, "insights/country_dashboard.html", context)
