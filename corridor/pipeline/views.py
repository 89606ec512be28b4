"""Application pages: my applications, one application with its timeline, the recruiter's
board per position, and the apply / invite / move / note actions (thin: the rules live in
:mod:`corridor.pipeline.services`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import Action
from corridor.core.views import ScopedMixin, refuse
from corridor.jobs.models import Position
from corridor.pipeline import services
from corridor.pipeline.forms import ApplicationFilterSet, ApplyForm, NoteForm, TransitionForm
from corridor.pipeline.models import Application, ApplicationNote
from corridor.pipeline.presenters import label_candidates
from corridor.pipeline.states import BOARD_ORDER, Side, State, moves_from
from corridor.talent.models import TalentProfile

_RELATED = ("profile", "position__enterprise")


class ApplicationListView(ScopedMixin, View):
    """Students: their applications; recruiters: their enterprise's; institution admins:
    their students'."""

    model = Application
    lookup = "pk"

    def get(self, request):
        if not self.has_any_grant():
            return refuse(request)
        queryset = self.scoped().select_related(*_RELATED)
        filterset = ApplicationFilterSet(request.GET or None, queryset=queryset)
        rows, filter_errors = queryset, []
        if filterset.is_bound:
            if filterset.is_valid():
                rows = filterset.qs
            else:  # say what is wrong rather than silently ignoring the filter
                rows = queryset.none()
                filter_errors = [m for errors in filterset.form.errors.values() for m in errors]
        page = Paginator(rows, 25).get_page(request.GET.get("page"))
        page.object_list = label_candidates(request.user, page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        mine = TalentProfile.objects.filter(user=request.user).exists()
        context = {
            "filter": filterset,
            "filter_errors": filter_errors,
            "page": page,
            "query": query.urlencode(),
            "mine": mine,
        }
        template = (
            "pipeline/partials/_application_rows.html"
            if request.htmx
            else "pipeline/application_list.html"
        )
        return render(request, template, context)


def _detail_context(request, application, *, transition_form=None, note_form=None, error=""):
    label_candidates(request.user, [application])
    sides = services.sides_of(request.user, application)
    recruiting = Side.RECRUITER in sides
    notes = (
        ApplicationNote.objects.for_user(request.user, Action.VIEW)
        .filter(application=application)
        .select_related("author")
        if recruiting
        else None
    )
    return {
        "object": application,
        "transitions": application.transitions.select_related("actor"),
        "moves": moves_from(application.state, sides),
        "recruiting": recruiting,
        "notes": notes,
        "transition_form": transition_form or TransitionForm(),
        "note_form": note_form or NoteForm(),
        "error": error,
    }


class ApplicationDetailView(ScopedMixin, View):
    model = Application
    lookup = "pk"

    def get(self, request, pk):
        application = self.get_object()
        if application is None:
            return refuse(request)
        return render(
            request, "pipeline/application_detail.html", _detail_context(request, application)
        )


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TransitionView(ScopedMixin, View):
    """POST: move an application (``to`` and the move's details); 400 with the reason when
    the move is refused, nothing saved."""

    model = Application
    lookup = "pk"

    def post(self, request, pk):
        application = self.get_object(Action.CHANGE)
        if application is None:
            return refuse(request)
        form = TransitionForm(request.POST)
        error = ""
        if form.is_valid():
            try:
                services.transition(
                    application,
                    form.cleaned_data["to"],
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                    **form.details(),
                )
            except services.PipelineError as refused:
                error = refused.message
                if refused.field in form.fields:
                    form.add_error(refused.field, refused.message)
            else:
                messages.success(
                    request,
                    _("The application is now: %(state)s.")
                    % {"state": application.get_state_display()},
                )
                return HttpResponseRedirect(_back(request, application.get_absolute_url()))
        context = _detail_context(request, application, transition_form=form, error=error)
        return render(request, "pipeline/application_detail.html", context, status=400)


class NoteCreateView(ScopedMixin, View):
    """POST: a recruiting-side note. Others get a 404 (they do not learn notes exist)."""

    model = Application
    lookup = "pk"

    def post(self, request, pk):
        application = self.get_object()
        if application is None:
            return refuse(request)
        if Side.RECRUITER not in services.sides_of(request.user, application):
            raise Http404
        form = NoteForm(request.POST)
        if form.is_valid():
            services.add_note(application, author=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Note added."))
            return HttpResponseRedirect(application.get_absolute_url())
        context = _detail_context(request, application, note_form=form)
        return render(request, "pipeline/application_detail.html", context, status=400)


class BoardView(View):
    """The recruiter's board for one position: a column per state, a card per candidate."""

    def get(self, request, position_id):
        if not request.user.is_authenticated:
            return refuse(request)
        position = get_object_or_404(
            Position.objects.for_user(request.user, Action.CHANGE).select_related("enterprise"),
            pk=position_id,
        )
        applications = label_candidates(
            request.user,
            Application.objects.for_user(request.user, Action.VIEW)
            .filter(position=position)
            .select_related(*_RELATED)
            .order_by("updated_at", "pk"),
        )
        by_state = {state: [] for state in BOARD_ORDER}
        for application in applications:
            application.quick_moves = [
                m for m in moves_from(application.state, {Side.RECRUITER}) if not m.requires
            ]
            by_state[State(application.state)].append(application)
        columns = [
            {"state": state, "label": state.label, "cards": by_state[state]}
            for state in BOARD_ORDER
        ]
        return render(
            request,
            "pipeline/board.html",
            {"position": position, "columns": columns, "total": len(applications)},
        )


class ApplyView(View):
    """A student applies to a position they can see (GET: the form; POST: apply)."""

    def _position(self, request, position_id):
        return get_object_or_404(
            Position.objects.for_user(request.user, Action.VIEW).select_related("enterprise"),
            pk=position_id,
        )

    def get(self, request, position_id):
        if not request.user.is_authenticated:
            return refuse(request)
        position = self._position(request, position_id)
        return self._page(request, position, ApplyForm())

    def post(self, request, position_id):
        if not request.user.is_authenticated:
            return refuse(request)
        position = self._position(request, position_id)
        form = ApplyForm(request.POST)
        if form.is_valid():
            profile = TalentProfile.objects.filter(user=request.user).first()
            try:
                if profile is None:
                    raise services.PipelineError(
                        _("Create your talent profile first: applying shares it.")
                    )
                application = services.start_application(
                    profile=profile,
                    position=position,
                    actor=request.user,
                    origin="applied",
                    note=form.cleaned_data["cover_note"],
                )
            except services.PipelineError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your application was sent."))
                return HttpResponseRedirect(application.get_absolute_url())
        return self._page(request, position, form, status=400)

    def _page(self, request, position, form, status=200):
        profile = TalentProfile.objects.filter(user=request.user).first()
        context = {"position": position, "form": form, "profile": profile}
        return render(request, "pipeline/apply.html", context, status=status)


class InviteView(View):
    """POST: a recruiter invites a candidate they may see to one of their positions."""

    def post(self, request, position_id, profile_id):
        if not request.user.is_authenticated:
            return refuse(request)
        position = get_object_or_404(
            Position.objects.for_user(request.user, Action.CHANGE), pk=position_id
        )
        profile = get_object_or_404(
            TalentProfile.objects.for_user(request.user, Action.VIEW), pk=profile_id
        )
        try:
            application = services.start_application(
                profile=profile, position=position, actor=request.user, origin="invited"
            )
        except services.PipelineError as refused:
            context = {"message": refused.message, "back": _back(request, reverse("core:home"))}
            return render(request, "pipeline/refused.html", context, status=400)
        messages.success(request, _("Invitation sent."))
        return HttpResponseRedirect(
            _back(request, reverse("pipeline:board", args=[position.pk]))
            if request.POST.get("next")
            else application.get_absolute_url()
        )
