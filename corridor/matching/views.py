"""Matching pages: positions for a student, candidates for a position, one pair's
explanation, and placement drives. Thin views over ``services`` / ``drives``; every object
comes through ``for_user`` and anything out of reach is a 404."""

from __future__ import annotations

import tempfile

import django_filters
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from corridor.core.permissions import Action, can
from corridor.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    refuse,
)
from corridor.jobs.models import Position
from corridor.matching import drives as drive_service
from corridor.matching import services
from corridor.matching.forms import CandidateFilterForm, DriveForm, PositionsForMeForm
from corridor.matching.models import DriveStatus, PlacementDrive, Rule
from corridor.matching.narrate import RECRUITER, STUDENT
from corridor.matching.pools import organiser_role, organiser_roles
from corridor.matching.world import get_world
from corridor.talent.models import TalentProfile


def url_or_empty(obj) -> str:
    """``obj.get_absolute_url()``, or "" while the page it names does not exist yet."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _form_errors(form) -> list[str]:
    return [
        _("%(field)s: %(message)s")
        % {"field": form.fields[name].label if name in form.fields else name, "message": msg}
        for name, errors in form.errors.items()
        for msg in errors
    ]


# --- recommendations ------------------------------------------------------------------


class PositionsForMeView(View):
    """The open positions best suited to the signed-in user's own talent profile."""

    template_name = "matching/for_me.html"
    partial_template_name = "matching/partials/_for_me_results.html"

    def get(self, request):
        if not request.user.is_authenticated:
            return refuse(request)
        profile = TalentProfile.objects.filter(user=request.user).first()
        form = PositionsForMeForm(request.GET or None)
        matches, filter_errors = [], []
        if profile is not None:
            if not form.is_bound:
                matches = services.positions_for_profile(request.user, profile)
            elif form.is_valid():
                filters = form.engine_filters(get_world().vocabulary)
                matches = services.positions_for_profile(request.user, profile, filters)
            else:
                filter_errors = _form_errors(form)
        for match in matches:
            match.position_url = url_or_empty(match.position)
        context = {
            "profile": profile,
            "has_skills": profile is not None and profile.skills.exists(),
            "my_profile_url": _reverse_or_empty("talent:my_profile"),
            "form": form,
            "matches": matches,
            "filter_errors": filter_errors,
        }
        template = self.partial_template_name if request.htmx else self.template_name
        return render(request, template, context)


class PositionCandidatesView(View):
    """Ranked candidates for one position, for those who may change the position."""

    template_name = "matching/position_candidates.html"
    partial_template_name = "matching/partials/_candidate_results.html"

    def get(self, request, pk):
        if not request.user.is_authenticated:
            return refuse(request)
        position = get_object_or_404(
            Position.objects.for_user(request.user, Action.CHANGE).select_related("enterprise"),
            pk=pk,
        )
        form = CandidateFilterForm(request.GET or None)
        matches, filter_errors = [], []
        if not form.is_bound:
            matches = services.candidates_for_position(request.user, position)
        elif form.is_valid():
            filters = form.engine_filters(get_world().vocabulary)
            matches = services.candidates_for_position(request.user, position, filters)
        else:
            filter_errors = _form_errors(form)
        context = {
            "position": position,
            "position_url": url_or_empty(position),
            "form": form,
            "matches": matches,
            "filter_errors": filter_errors,
        }
        template = self.partial_template_name if request.htmx else self.template_name
        return render(request, template, context)


class PairView(View):
    """Why one candidate suits one position: for the candidate's side (the student, their
    institution) and the position's side (its recruiters), both sides in view."""

    template_name = "matching/pair.html"

    def get(self, request, pk, profile_pk):
        user = request.user
        if not user.is_authenticated:
            return refuse(request)
        position = Position.objects.filter(pk=pk).select_related("enterprise").first()
        profile = TalentProfile.objects.filter(pk=profile_pk).select_related("institution").first()
        if position is None or profile is None:
            raise Http404
        owns_position = can(user, Action.CHANGE, position) and can(user, Action.VIEW, profile)
        owns_profile = can(user, Action.CHANGE, profile) and can(user, Action.VIEW, position)
        if not (owns_position or owns_profile):
            raise Http404
        audience = STUDENT if profile.user_id == user.pk else RECRUITER
        visible = services.visible_identities(user, [profile])
        context = {
            "position": position,
            "position_url": url_or_empty(position),
            "profile": profile,
            "name": services.candidate_name(profile, visible),
            "identified": profile.pk in visible,
            "audience": audience,
            "narrative": services.explain_pair(profile, position, audience),
            "owns_position": owns_position,
        }
        return render(request, self.template_name, context)


# --- placement drives -----------------------------------------------------------------


class DriveFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("Search"))
    status = django_filters.ChoiceFilter(choices=DriveStatus.choices, label=gettext_lazy("Status"))

    class Meta:
        model = PlacementDrive
        fields = ["q", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value.strip())) if value.strip() else queryset


class DriveListView(ScopedListView):
    model = PlacementDrive
    filterset_class = DriveFilterSet
    template_name = "matching/drive_list.html"
    partial_template_name = "matching/partials/_drive_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def extra_context(self):
        return {"can_create": bool(organiser_roles(self.request.user))}


def _role_key(role) -> str:
    return "platform" if role.organization_id is None else str(role.organization_id)


class DriveCreateView(View):
    template_name = "matching/drive_form.html"

    def _role(self, request, options):
        wanted = request.POST.get("as") or request.GET.get("as")
        for option in options:
            if _role_key(option) == wanted:
                return option
        return options[0]

    def _context(self, form, options, role):
        from corridor.directory.models import Organization

        names = {
            org.pk: org.display_name
            for org in Organization.objects.filter(
                pk__in=[o.organization_id for o in options if o.organization_id]
            )
        }
        choices = [
            (
                _role_key(o),
                _("The platform")
                if o.organization_id is None
                else names.get(o.organization_id, o.organization_id),
            )
            for o in options
        ]
        return {"form": form, "as_choices": choices, "as_current": _role_key(role)}

    def get(self, request):
        options = organiser_roles(request.user)
        if not options:
            return refuse(request)
        role = self._role(request, options)
        form = DriveForm(user=request.user, role=role)
        return render(request, self.template_name, self._context(form, options, role))

    def post(self, request):
        options = organiser_roles(request.user)
        if not options:
            return refuse(request)
        role = self._role(request, options)
        form = DriveForm(request.POST, user=request.user, role=role)
        if form.is_valid():
            drive = form.save()
            messages.success(
                request,
                ngettext(
                    "Drive saved with %(positions)s position",
                    "Drive saved with %(positions)s positions",
                    len(form.chosen_positions),
                )
                % {"positions": len(form.chosen_positions)}
                + " "
                + ngettext(
                    "and %(candidates)s candidate.",
                    "and %(candidates)s candidates.",
                    form.candidate_count,
                )
                % {"candidates": form.candidate_count},
            )
            return HttpResponseRedirect(drive.get_absolute_url())
        return render(request, self.template_name, self._context(form, options, role), status=400)


class DriveMixin(ScopedMixin):
    model = PlacementDrive
    lookup = "pk"

    def drive_or_refuse(self, action: Action = Action.VIEW):
        drive = self.get_object(action)
        if drive is None:
            return None, refuse(self.request)
        return drive, None


def _drive_facts(drive: PlacementDrive) -> dict:
    role = organiser_role(drive.organiser, drive.organization_id) if drive.organiser else None
    positions = drive.positions.select_related("enterprise").order_by("title_en")
    candidates = None
    if role is not None:
        from corridor.matching.pools import drive_candidates

        candidates = drive_candidates(drive, drive.organiser, role).count()
    return {
        "positions": positions,
        "slots": sum(p.headcount for p in positions),
        "candidate_count": candidates,
    }


class DriveDetailView(DriveMixin, ScopedDetailView):
    template_name = "matching/drive_detail.html"

    def extra_context(self, obj):
        return _drive_facts(obj)


class DriveProgressView(DriveMixin, View):
    """The status block of a drive; htmx polls it while the drive is queued or running and
    reloads the page once it is finished."""

    template_name = "matching/partials/_drive_status.html"

    def get(self, request, pk):
        drive, refused = self.drive_or_refuse()
        if refused:
            return refused
        can_change = can(request.user, Action.CHANGE, drive)
        response = render(request, self.template_name, {"object": drive, "can_change": can_change})
        if request.htmx and not drive.in_flight and request.GET.get("polling"):
            response["HX-Refresh"] = "true"
        return response


class DriveRunView(DriveMixin, View):
    template_name = "matching/drive_confirm.html"

    def get(self, request, pk):
        drive, refused = self.drive_or_refuse(Action.CHANGE)
        if refused:
            return refused
        return render(request, self.template_name, {"object": drive, "what": "run"})

    def post(self, request, pk):
        drive, refused = self.drive_or_refuse(Action.CHANGE)
        if refused:
            return refused
        if not drive.may_run:
            messages.error(request, _("This drive cannot run now."))
        else:
            drive_service.queue_drive(drive)
            messages.success(request, _("The drive is queued; this page follows its progress."))
        return HttpResponseRedirect(drive.get_absolute_url())


class DrivePublishView(DriveMixin, View):
    template_name = "matching/drive_confirm.html"

    def get(self, request, pk):
        drive, refused = self.drive_or_refuse(Action.CHANGE)
        if refused:
            return refused
        return render(request, self.template_name, {"object": drive, "what": "publish"})

    def post(self, request, pk):
        drive, refused = self.drive_or_refuse(Action.CHANGE)
        if refused:
            return refused
        if not drive.may_publish:
            messages.error(request, _("Only a finished drive can publish its offers, once."))
        else:
            count = drive_service.publish_offers(drive)
            messages.success(
                request,
                ngettext("%(count)s offer published.", "%(count)s offers published.", count)
                % {"count": count},
            )
        return HttpResponseRedirect(reverse("matching:drive_report", args=[drive.pk]))


def _histogram(report: dict) -> list[dict]:
    counts = report.get("histogram") or []
    top = max(counts, default=0) or 1
    return [
        {"low": 10 * i, "high": 10 * (i + 1), "count": n, "max": top} for i, n in enumerate(counts)
    ]


class DriveReportView(DriveMixin, View):
    template_name = "matching/drive_report.html"
    shown = 500

    def get(self, request, pk):
        drive, refused = self.drive_or_refuse()
        if refused:
            return refused
        report = drive.report or {}
        allocations = list(
            drive.allocations.select_related("profile", "position", "position__enterprise")[
                : self.shown
            ]
        )
        unplaced_rows = report.get("unplaced", [])
        page = Paginator(unplaced_rows, 100).get_page(request.GET.get("page"))
        unplaced_profiles = TalentProfile.objects.in_bulk([pk for pk, _r in page.object_list])
        visible = services.visible_identities(
            request.user,
            [a.profile for a in allocations] + list(unplaced_profiles.values()),
        )
        for a in allocations:
            a.name = services.candidate_name(a.profile, visible)
        unplaced = [
            {
                "name": services.candidate_name(unplaced_profiles[pk], visible)
                if pk in unplaced_profiles
                else _("Deleted profile"),
                "reason": drive_service.reason_text(code),
            }
            for pk, code in page.object_list
        ]
        positions = Position.objects.in_bulk([row[0] for row in report.get("positions", [])])
        fills = [
            {"position": positions.get(pk), "capacity": cap, "filled": n}
            for pk, cap, n in report.get("positions", [])
        ]
        reason_counts = [
            {"text": drive_service.reason_text(code), "count": count}
            for code, count in _reason_counts(report)
        ]
        context = {
            "object": drive,
            "report": report,
            "histogram": _histogram(report),
            "allocations": allocations,
            "more_allocations": max(report.get("filled_slots", 0) - len(allocations), 0),
            "unplaced": unplaced,
            "page": page,
            "query": "",
            "fills": fills,
            "reason_counts": reason_counts,
            "stable": report.get("rule") == Rule.STABLE,
            "can_change": can(request.user, Action.CHANGE, drive),
        }
        return render(request, self.template_name, context)


def _reason_counts(report: dict) -> list[tuple[int, int]]:
    from corridor_match import UnplacedReason

    counts = report.get("unplaced_counts") or {}
    return [(int(r), counts.get(r.name, 0)) for r in UnplacedReason if counts.get(r.name, 0)]


class DriveExportView(DriveMixin, View):
    def get(self, request, pk):
        drive, refused = self.drive_or_refuse()
        if refused:
            return refused
        allocations = list(
            drive.allocations.select_related(
                "profile", "profile__institution", "position", "position__enterprise"
            )
        )
        profiles = [a.profile for a in allocations]
        visible = services.visible_identities(request.user, profiles)
        out = tempfile.SpooledTemporaryFile(max_size=16 * 2**20)  # noqa: SIM115 - FileResponse closes it
        drive_service.write_allocations_xlsx(drive, allocations, visible, out)
        out.seek(0)
        name = f"drive-{drive.pk}-{slugify(drive.name) or 'allocations'}.xlsx"
        return FileResponse(
            out,
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


class DriveDeleteView(DriveMixin, ScopedDeleteView):
    """Deletes a drive with its allocations (not while it runs, nor once published)."""

    success_url = reverse_lazy("matching:drive_list")

    def post(self, request, *args, **kwargs):
        drive = self.get_object(Action.DELETE)
        if drive is not None and (drive.in_flight or drive.published_at):
            messages.error(request, _("A running or published drive cannot be deleted."))
            return HttpResponseRedirect(drive.get_absolute_url())
        return super().post(request, *args, **kwargs)
