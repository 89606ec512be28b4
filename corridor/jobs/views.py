"""Project and position pages: thin views over the scoped querysets, forms and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import Action, can, can_create, creatable_organization_ids
from corridor.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedMixin,
    refuse,
)
from corridor.jobs import services
from corridor.jobs.filtersets import PositionFilterSet, ProjectFilterSet
from corridor.jobs.forms import (
    AcceptSuggestionsForm,
    JobDescriptionForm,
    PositionForm,
    ProjectForm,
    requirement_formsets,
)
from corridor.jobs.models import Importance, Position, PositionSkill, PositionStatus, Project

# --- projects -----------------------------------------------------------------------------


class ProjectListView(ScopedListView):
    model = Project
    lookup = "pk"
    filterset_class = ProjectFilterSet
    template_name = "jobs/project_list.html"
    partial_template_name = "jobs/partials/_project_results.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("enterprise", "sector")
            .annotate(
                open_positions=Count("positions", filter=Q(positions__status=PositionStatus.OPEN))
            )
            .order_by("-start_date", "title_en", "pk")
        )

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Project)}


class ProjectDetailView(ScopedDetailView):
    model = Project
    lookup = "pk"
    template_name = "jobs/project_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        positions = (
            Position.objects.for_user(user, Action.VIEW)
            .filter(project=obj)
            .order_by("title_en", "pk")
        )
        return {
            "positions": positions,
            "can_add_position": can_create(user, Position, obj.enterprise_id),
        }


class ProjectFormView(ScopedFormView):
    model = Project
    lookup = "pk"
    form_class = ProjectForm
    template_name = "jobs/project_form.html"

    def may_create(self):
        return can_create(self.request.user, Project)

    def form_kwargs(self):
        return {"enterprise_ids": creatable_organization_ids(self.request.user, Project)}

    def save(self, form):
        return services.save_project(form.save(commit=False))


class ProjectDeleteView(ScopedDeleteView):
    model = Project
    lookup = "pk"
    success_url = reverse_lazy("jobs:project_list")


# --- positions ----------------------------------------------------------------------------


def _with_requirements(queryset):
    skills = PositionSkill.objects.select_related("skill").order_by("importance", "skill__label_en")
    return queryset.select_related(
        "enterprise", "project", "sector", "occupation"
    ).prefetch_related(Prefetch("skills", queryset=skills), "languages")


class PositionListView(ScopedListView):
    model = Position
    lookup = "pk"
    filterset_class = PositionFilterSet
    template_name = "jobs/position_list.html"
    partial_template_name = "jobs/partials/_position_results.html"

    def get_queryset(self):
        return _with_requirements(super().get_queryset())

    def extra_context(self):
        may_create = can_create(self.request.user, Position)
        # Only those who keep positions have drafts and closed ones worth a status filter.
        return {"can_create": may_create, "show_status_filter": may_create}


class PositionDetailView(ScopedDetailView):
    model = Position
    lookup = "pk"
    template_name = "jobs/position_detail.html"

    def get_object(self, action=None):
        obj = super().get_object(action)
        if obj is not None:
            obj = _with_requirements(Position.objects.filter(pk=obj.pk)).get()
        return obj

    def extra_context(self, obj):
        skills = list(obj.skills.all())
        user = self.request.user
        return {
            "essential": [row.skill for row in skills if row.importance == Importance.ESSENTIAL],
            "optional": [row.skill for row in skills if row.importance == Importance.OPTIONAL],
            "language_requirements": obj.languages.all(),
            "project_visible": obj.project is not None
            and Project.objects.for_user(user, Action.VIEW).filter(pk=obj.project_id).exists(),
            "transitions": services.available_transitions(obj)
            if can(user, Action.CHANGE, obj)
            else [],
        }


class PositionFormView(ScopedFormView):
    """Create or change a position with its skill and language requirements, all at once."""

    model = Position
    lookup = "pk"
    form_class = PositionForm
    template_name = "jobs/position_form.html"

    def may_create(self):
        return can_create(self.request.user, Position)

    def form_kwargs(self):
        return {"enterprise_ids": creatable_organization_ids(self.request.user, Position)}

    def _initial(self) -> dict:
        """Values given in the address; ``?project=`` brings the project's place and sector."""
        initial = {k: v for k, v in self.request.GET.items() if k in PositionForm.base_fields}
        project_id = initial.get("project")
        if project_id and str(project_id).isascii() and str(project_id).isdigit():
            allowed = creatable_organization_ids(self.request.user, Position)
            projects = Project.objects.for_user(self.request.user, Action.VIEW)
            if allowed is not None:
                projects = projects.filter(enterprise_id__in=allowed)
            project = projects.filter(pk=project_id).first()
            if project is not None:
                initial.update(services.position_initial_from_project(project))
            else:
                initial.pop("project")
        return initial

    def _render(self, form, formsets, obj, status=200):
        # Not "languages": base.html sets that name for the language switcher.
        skill_rows, language_rows = formsets
        context = {
            "form": form,
            "skill_rows": skill_rows,
            "language_rows": language_rows,
            "object": obj,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        initial = self._initial() if obj is None else {}
        form = self.form_class(instance=obj, initial=initial, **self.form_kwargs())
        return self._render(form, requirement_formsets(position=obj), obj)

    def post(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        form = self.form_class(request.POST, instance=obj, **self.form_kwargs())
        skills, languages = requirement_formsets(request.POST, position=obj)
        valid = [form.is_valid(), skills.is_valid(), languages.is_valid()]
        if all(valid):
            try:
                position = services.save_position(
                    form.save(commit=False),
                    skills=skills.requirements(),
                    languages=languages.requirements(),
                )
            except ValidationError as error:  # a rule only the service knows; nothing saved
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(position.get_absolute_url())
        return self._render(form, (skills, languages), obj, status=400)


class PositionDeleteView(ScopedDeleteView):
    model = Position
    lookup = "pk"
    success_url = reverse_lazy("jobs:position_list")


class PositionStatusView(ScopedMixin, View):
    """Publish, close, mark as filled or reopen a position (GET asks, POST does)."""

    model = Position
    lookup = "pk"
    action = Action.CHANGE
    template_name = "jobs/position_status.html"

    def _render(self, obj, error=None, status=200):
        context = {
            "object": obj,
            "transitions": services.available_transitions(obj),
            "error": error,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj is None:
            return refuse(request)
        return self._render(obj)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj is None:
            return refuse(request)
        try:
            services.change_status(obj, request.POST.get("status", ""))
        except ValidationError as error:
            return self._render(obj, error=" ".join(error.messages), status=400)
        messages.success(request, services.DONE_MESSAGES[obj.status])
        return HttpResponseRedirect(obj.get_absolute_url())


class PositionSuggestSkillsView(ScopedMixin, View):
    """Extract requirements from a job description: the taxonomy's extractor suggests
    skills (and an occupation); the recruiter ticks those to add, as essential or optional.

    GET reads the position's own description; POST ``step=extract`` reads pasted text,
    POST ``step=add`` adds the ticked suggestions of that text.
    """

    model = Position
    lookup = "pk"
    action = Action.CHANGE
    template_name = "jobs/position_suggest.html"

    def _render(self, obj, text_form, accept_form=None, status=200):
        context = {"object": obj, "text_form": text_form, "accept_form": accept_form}
        return render(self.request, self.template_name, context, status=status)

    def _accept_form(self, obj, text, data=None):
        skills, occupations = services.suggest_requirements(obj, text)
        return AcceptSuggestionsForm(
            data, skill_suggestions=skills, occupation_suggestions=occupations
        )

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj is None:
            return refuse(request)
        text = obj.description.strip()
        if not text:
            return self._render(obj, JobDescriptionForm())
        text_form = JobDescriptionForm(initial={"text": text})
        return self._render(obj, text_form, self._accept_form(obj, text))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        if obj is None:
            return refuse(request)
        text_form = JobDescriptionForm(request.POST)
        if not text_form.is_valid():
            return self._render(obj, text_form, status=400)
        text = text_form.cleaned_data["text"]
        if request.POST.get("step") != "add":
            return self._render(obj, text_form, self._accept_form(obj, text))
        accept_form = self._accept_form(obj, text, request.POST)
        if not accept_form.is_valid():
            return self._render(obj, text_form, accept_form, status=400)
        changed = services.add_requirements(
            obj, accept_form.requirements(), occupation=accept_form.chosen_occupation()
        )
        messages.success(
            request,
            _("%(count)d skills added or changed.") % {"count": changed}
            if changed != 1
            else _("One skill added or changed."),
        )
        return HttpResponseRedirect(obj.get_absolute_url())
