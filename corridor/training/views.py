"""Training pages: thin views over the scoped querysets, forms and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
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
from corridor.jobs.models import Position
from corridor.talent.models import TalentProfile
from corridor.training import career, certificates, services
from corridor.training.filtersets import (
    CompetitionFilterSet,
    OrderFilterSet,
    ProgrammeFilterSet,
    StandardFilterSet,
)
from corridor.training.forms import (
    AdoptionForm,
    CohortForm,
    CompetitionForm,
    CompleteForm,
    EnrolForm,
    OutcomeForm,
    ProgrammeForm,
    ResultForm,
    StandardForm,
    TalentOrderForm,
    skill_rows,
)
from corridor.training.models import (
    ACTIVE_STATUSES,
    CareerTarget,
    Certificate,
    Cohort,
    Competition,
    CompetitionEntry,
    CurriculumStandard,
    Enrolment,
    EnrolmentStatus,
    Programme,
    StandardAdoption,
    TalentOrder,
)


class _SkillRowsFormView(ScopedFormView):
    """A form plus a formset of (skill, level) rows, saved together by ``save_all``."""

    lookup = "pk"
    template_name = "training/skills_form.html"
    cancel_url = ""

    def _render(self, form, rows, obj, status=200):
        context = {"form": form, "skill_rows": rows, "object": obj, "cancel_url": self.cancel_url}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        return self._render(
            self.form_class(instance=obj, **self.form_kwargs()), skill_rows(owner=obj), obj
        )

    def post(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        form = self.form_class(request.POST, request.FILES, instance=obj, **self.form_kwargs())
        rows = skill_rows(request.POST)
        if form.is_valid() and rows.is_valid():
            try:
                saved = self.save_all(form, rows.rows())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self._render(form, rows, obj, status=400)


# --- programmes ---------------------------------------------------------------------------


class ProgrammeListView(ScopedListView):
    model = Programme
    lookup = "pk"
    filterset_class = ProgrammeFilterSet
    template_name = "training/programme_list.html"
    partial_template_name = "training/partials/_programme_results.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("sector", "orderer").prefetch_related("providers")
        )

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Programme)}


class ProgrammeDetailView(ScopedDetailView):
    model = Programme
    lookup = "pk"
    template_name = "training/programme_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        cohorts = (
            Cohort.objects.for_user(user, Action.VIEW)
            .filter(programme=obj)
            .annotate(
                enrolled=Count("enrolments", filter=Q(enrolments__status__in=ACTIVE_STATUSES)),
                completed=Count(
                    "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED)
                ),
            )
        )
        return {
            "skills": obj.skills.select_related("skill").order_by("-level", "skill__label_en"),
            "providers": obj.providers.all(),
            "agreements": obj.agreements.all(),
            "cohorts": cohorts,
            "orders": TalentOrder.objects.for_user(user, Action.VIEW).filter(programme=obj),
            "can_add_cohort": can(user, Action.CHANGE, obj),
        }


class ProgrammeFormView(_SkillRowsFormView):
    model = Programme
    form_class = ProgrammeForm
    cancel_url = reverse_lazy("training:programme_list")

    def may_create(self):
        return can_create(self.request.user, Programme)

    def form_kwargs(self):
        return {"provider_ids": creatable_organization_ids(self.request.user, Programme)}

    def save_all(self, form, rows):
        return services.save_programme(
            form.save(commit=False), providers=form.cleaned_data["providers"], skills=rows
        )


class ProgrammeDeleteView(ScopedDeleteView):
    model = Programme
    lookup = "pk"
    success_url = reverse_lazy("training:programme_list")


# --- cohorts and enrolments ----------------------------------------------------------------


class CohortFormView(ScopedMixin, View):
    """Add a cohort to a programme (``programme`` in the URL) or change one (``pk``)."""

    model = Cohort
    lookup = "pk"
    template_name = "training/cohort_form.html"

    def _objects(self):
        if "pk" in self.kwargs:
            cohort = self.get_object(Action.CHANGE)
            return (cohort, cohort.programme) if cohort else (None, None)
        programmes = Programme.objects.for_user(self.request.user, Action.CHANGE)
        if not grants_any(self.request.user, Programme):
            return None, None
        return None, get_object_or_404(programmes, pk=self.kwargs["programme"])

    def _render(self, form, programme, cohort, status=200):
        context = {"form": form, "programme": programme, "object": cohort}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        cohort, programme = self._objects()
        if programme is None:
            return refuse(request)
        return self._render(CohortForm(instance=cohort, programme=programme), programme, cohort)

    def post(self, request, *args, **kwargs):
        cohort, programme = self._objects()
        if programme is None:
            return refuse(request)
        form = CohortForm(request.POST, instance=cohort, programme=programme)
        if not form.is_valid():
            return self._render(form, programme, cohort, status=400)
        saved = form.save()
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(saved.get_absolute_url())


def grants_any(user, model) -> bool:
    from corridor.core.permissions import grants

    return bool(grants(user, model._meta.label_lower, Action.CHANGE))


def _enrollable(user):
    """Profiles a keeper may enrol: those whose identity they may see."""
    return (
        TalentProfile.objects.for_user(user, Action.VIEW)
        .identity_visible(user)
        .order_by("full_name", "pk")
    )


class CohortDetailView(ScopedDetailView):
    model = Cohort
    lookup = "pk"
    template_name = "training/cohort_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        return cohort_context(user, obj)


def cohort_context(user, cohort, enrol_form=None, error=None) -> dict:
    keeper = can(user, Action.CHANGE, cohort)
    enrolments = (
        Enrolment.objects.for_user(user, Action.VIEW)
        .filter(cohort=cohort)
        .select_related("profile", "certificate")
        .order_by("profile__full_name", "pk")
    )
    taken = cohort.enrolments.filter(status__in=ACTIVE_STATUSES).count()
    return {
        "object": cohort,
        "enrolments": enrolments,
        "taken": taken,
        "keeper": keeper,
        "enrol_form": enrol_form or (EnrolForm(profiles=_enrollable(user)) if keeper else None),
        "complete_form": CompleteForm(),
        "outcome_form": OutcomeForm(),
        "error": error,
    }


class EnrolView(ScopedMixin, View):
    """POST: enrol a student in the cohort (refused when full or already enrolled)."""

    model = Cohort
    lookup = "pk"
    action = Action.CHANGE

    def post(self, request, *args, **kwargs):
        cohort = self.get_object()
        if cohort is None:
            return refuse(request)
        form = EnrolForm(request.POST, profiles=_enrollable(request.user))
        error = None
        if form.is_valid():
            try:
                services.enrol(cohort, form.cleaned_data["profile"])
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Enrolled."))
                return HttpResponseRedirect(cohort.get_absolute_url())
        context = cohort_context(request.user, cohort, enrol_form=form, error=error)
        context["can_change"] = True
        return render(request, "training/cohort_detail.html", context, status=400)


class _EnrolmentAction(ScopedMixin, View):
    model = Enrolment
    lookup = "pk"
    action = Action.CHANGE

    def post(self, request, *args, **kwargs):
        enrolment = self.get_object()
        if enrolment is None:
            return refuse(request)
        form = self.form_class(request.POST)
        error = None
        if form.is_valid():
            try:
                message = self.act(enrolment, form.cleaned_data)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(enrolment.cohort.get_absolute_url())
        else:
            error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        context = cohort_context(request.user, enrolment.cohort, error=error)
        return render(request, "training/cohort_detail.html", context, status=400)


class CompleteView(_EnrolmentAction):
    """POST: the student completed; skills go to the profile, a certificate is issued."""

    form_class = CompleteForm

    def act(self, enrolment, data):
        certificate = services.complete_enrolment(
            enrolment, on=data["completed_on"], grade=data["grade"]
        )
        return _(
            "Completed. Certificate %(code)s issued; the programme's skills are on the profile."
        ) % {"code": certificate.code}


class OutcomeView(_EnrolmentAction):
    """POST: the student withdrew or failed."""

    form_class = OutcomeForm

    def act(self, enrolment, data):
        services.end_enrolment(enrolment, data["status"])
        return _("Saved.")


# --- certificates ---------------------------------------------------------------------------


class CertificatePdfView(ScopedMixin, View):
    """The certificate as a PDF, for its holder and the institutions concerned."""

    model = Certificate
    lookup = "code"

    def get(self, request, *args, **kwargs):
        certificate = self.get_object()
        if certificate is None:
            return refuse(request)
        certificate = Certificate.objects.select_related(
            "enrolment__cohort__programme", "enrolment__profile"
        ).get(pk=certificate.pk)
        pdf = certificates.render_pdf(
            certificate, request.build_absolute_uri(certificate.get_verify_url())
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
        return response


def verify(request, code):
    """Public: anyone holding a code sees whose certificate it is, for what and when.
    Knowing the code is the permission; nothing else about the student is shown."""
    certificate = (
        Certificate.objects.select_related("enrolment__cohort__programme", "enrolment__profile")
        .filter(code=code.strip().upper())
        .first()
    )
    if certificate is None:
        return render(request, "training/verify.html", {"code": code}, status=404)
    return render(request, "training/verify.html", {"certificate": certificate, "code": code})


class MyTrainingView(View):
    """The signed-in student's enrolments, certificates and competition results."""

    def get(self, request):
        if not request.user.is_authenticated:
            return refuse(request)
        user = request.user
        enrolments = (
            Enrolment.objects.for_user(user, Action.VIEW)
            .filter(profile__user=user)
            .select_related("cohort__programme", "certificate")
        )
        entries = (
            CompetitionEntry.objects.for_user(user, Action.VIEW)
            .filter(profile__user=user)
            .select_related("competition", "skill")
        )
        return render(request, "training/mine.html", {"enrolments": enrolments, "entries": entries})


# --- talent orders ----------------------------------------------------------------------------


class OrderListView(ScopedListView):
    model = TalentOrder
    lookup = "pk"
    filterset_class = OrderFilterSet
    template_name = "training/order_list.html"
    partial_template_name = "training/partials/_order_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("orderer", "supplier", "programme")

    def extra_context(self):
        return {"can_create": can_create(self.request.user, TalentOrder)}


class OrderDetailView(ScopedDetailView):
    model = TalentOrder
    lookup = "pk"
    template_name = "training/order_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        return {
            "skills": obj.skills.select_related("skill"),
            "cohorts": Cohort.objects.for_user(user, Action.VIEW)
            .filter(order=obj)
            .select_related("programme"),
            "progress": services.order_progress(obj),
            "transitions": services.order_transitions(obj, user)
            if can(user, Action.CHANGE, obj)
            else [],
        }


class OrderFormView(_SkillRowsFormView):
    model = TalentOrder
    form_class = TalentOrderForm
    cancel_url = reverse_lazy("training:order_list")

    def may_create(self):
        return can_create(self.request.user, TalentOrder)

    def form_kwargs(self):
        return {"orderer_ids": creatable_organization_ids(self.request.user, TalentOrder)}

    def save_all(self, form, rows):
        return services.save_order(form.save(commit=False), skills=rows)


class OrderStatusView(ScopedMixin, View):
    """POST: move the order along (accept, start training, fulfil, cancel)."""

    model = TalentOrder
    lookup = "pk"
    action = Action.CHANGE

    def post(self, request, *args, **kwargs):
        order = self.get_object()
        if order is None:
            return refuse(request)
        try:
            services.change_order_status(order, request.POST.get("status", ""), actor=request.user)
        except ValidationError as exc:
            context = {
                "object": order,
                "skills": order.skills.select_related("skill"),
                "cohorts": order.cohorts.none(),
                "progress": services.order_progress(order),
                "transitions": services.order_transitions(order, request.user),
                "error": " ".join(exc.messages),
                "can_change": True,
            }
            return render(request, "training/order_detail.html", context, status=400)
        messages.success(
            request,
            _("The order is now %(status)s.") % {"status": order.get_status_display().lower()},
        )
        return HttpResponseRedirect(order.get_absolute_url())


# --- curriculum standards --------------------------------------------------------------------


class StandardListView(ScopedListView):
    model = CurriculumStandard
    lookup = "pk"
    filterset_class = StandardFilterSet
    template_name = "training/standard_list.html"
    partial_template_name = "training/partials/_standard_results.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("origin", "sector")
            .annotate(adoption_count=Count("adoptions"))
            .order_by("code", "pk")
        )

    def extra_context(self):
        return {"can_create": can_create(self.request.user, CurriculumStandard)}


class StandardDetailView(ScopedDetailView):
    model = CurriculumStandard
    lookup = "pk"
    template_name = "training/standard_detail.html"

    def extra_context(self, obj):
        adoptions = StandardAdoption.objects.for_user(self.request.user, Action.VIEW).filter(
            standard=obj
        )
        return {
            "adoptions": adoptions.select_related("institution", "standard"),
            "can_adopt": can_create(self.request.user, StandardAdoption),
        }


class StandardFormView(ScopedFormView):
    model = CurriculumStandard
    lookup = "pk"
    form_class = StandardForm
    template_name = "training/simple_form.html"

    def may_create(self):
        return can_create(self.request.user, CurriculumStandard)

    def form_kwargs(self):
        return {"origin_ids": creatable_organization_ids(self.request.user, CurriculumStandard)}

    def save(self, form):
        return form.save()


class AdoptView(ScopedMixin, View):
    """An institution records that it adopted the standard."""

    model = CurriculumStandard
    lookup = "pk"
    template_name = "training/adopt_form.html"

    def _setup(self):
        standard = self.get_object()
        if standard is None or not can_create(self.request.user, StandardAdoption):
            return None, None
        return standard, creatable_organization_ids(self.request.user, StandardAdoption)

    def get(self, request, *args, **kwargs):
        standard, ids = self._setup()
        if standard is None:
            return refuse(request)
        return render(
            request,
            self.template_name,
            {"object": standard, "form": AdoptionForm(institution_ids=ids)},
        )

    def post(self, request, *args, **kwargs):
        standard, ids = self._setup()
        if standard is None:
            return refuse(request)
        form = AdoptionForm(request.POST, institution_ids=ids)
        if form.is_valid():
            try:
                services.adopt_standard(
                    standard,
                    form.cleaned_data["institution"],
                    adopted_on=form.cleaned_data["adopted_on"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Adoption recorded."))
                return HttpResponseRedirect(standard.get_absolute_url())
        return render(request, self.template_name, {"object": standard, "form": form}, status=400)


# --- competitions --------------------------------------------------------------------------


class CompetitionListView(ScopedListView):
    model = Competition
    lookup = "pk"
    filterset_class = CompetitionFilterSet
    template_name = "training/competition_list.html"
    partial_template_name = "training/partials/_competition_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organiser")

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Competition)}


class CompetitionDetailView(ScopedDetailView):
    model = Competition
    lookup = "pk"
    template_name = "training/competition_detail.html"

    def extra_context(self, obj):
        entries = CompetitionEntry.objects.for_user(self.request.user, Action.VIEW).filter(
            competition=obj
        )
        return {
            "skills": obj.skills.order_by("label_en"),
            "entries": entries.select_related("profile", "skill"),
        }


class CompetitionFormView(_SkillRowsFormView):
    model = Competition
    form_class = CompetitionForm
    cancel_url = reverse_lazy("training:competition_list")

    def may_create(self):
        return can_create(self.request.user, Competition)

    def form_kwargs(self):
        return {"organiser_ids": creatable_organization_ids(self.request.user, Competition)}

    def save_all(self, form, rows):
        return services.save_competition(form.save(commit=False), skills=rows)


class ResultView(ScopedMixin, View):
    """The organiser records an entrant's result; it becomes certified evidence."""

    model = Competition
    lookup = "pk"
    action = Action.CHANGE
    template_name = "training/result_form.html"

    def _form(self, competition, data=None):
        profiles = _enrollable(self.request.user)
        return ResultForm(data, competition=competition, profiles=profiles)

    def get(self, request, *args, **kwargs):
        competition = self.get_object()
        if competition is None:
            return refuse(request)
        return render(
            request, self.template_name, {"object": competition, "form": self._form(competition)}
        )

    def post(self, request, *args, **kwargs):
        competition = self.get_object()
        if competition is None:
            return refuse(request)
        form = self._form(competition, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_result(
                    competition,
                    data["profile"],
                    data["skill"],
                    result=data["result"],
                    score=data["score"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Result recorded; the skill is certified on the profile.")
                )
                return HttpResponseRedirect(competition.get_absolute_url())
        return render(
            request, self.template_name, {"object": competition, "form": form}, status=400
        )


# --- career planning -------------------------------------------------------------------------


def _own_profile(user):
    if not user.is_authenticated:
        return None
    return TalentProfile.objects.for_user(user, Action.VIEW).filter(user_id=user.pk).first()


class CareerPlanView(View):
    """A student's targets with the suitability now, the missing skills, the programmes
    teaching them and the suitability after each; GET ``q`` searches positions to add."""

    template_name = "training/career_plan.html"

    def _check(self, request):
        if not request.user.is_authenticated:
            return None, refuse(request)
        if not can_create(request.user, CareerTarget) and not _grants_own(request.user):
            return None, refuse(request)
        profile = _own_profile(request.user)
        if profile is None:
            messages.info(request, _("Start your talent profile first: the plan is built from it."))
            return None, HttpResponseRedirect(reverse("talent:my_profile"))
        return profile, None

    def _render(self, request, profile, error=None, status=200):
        query = request.GET.get("q", "").strip()
        found = []
        if query:
            found = list(
                Position.objects.for_user(request.user, Action.VIEW)
                .open()
                .search(query)
                .select_related("enterprise")
                .order_by("title_en", "pk")[:10]
            )
        context = {
            "profile": profile,
            "plans": career.plan(request.user, profile),
            "query": query,
            "found": found,
            "error": error,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        profile, response = self._check(request)
        if response is not None:
            return response
        return self._render(request, profile)

    def post(self, request):
        profile, response = self._check(request)
        if response is not None:
            return response
        try:
            career.add_target(request.user, profile, request.POST.get("position", ""))
        except ValidationError as exc:
            return self._render(request, profile, error=" ".join(exc.messages), status=400)
        messages.success(request, _("Added to your plan."))
        return HttpResponseRedirect(reverse("training:career_plan"))


def _grants_own(user) -> bool:
    from corridor.core.permissions import Scope, grants

    return Scope.OWN in grants(user, CareerTarget._meta.label_lower, Action.CREATE)


class CareerTargetDeleteView(ScopedMixin, View):
    """POST: take a position off the plan."""

    model = CareerTarget
    lookup = "pk"
    action = Action.DELETE

    def post(self, request, *args, **kwargs):
        target = self.get_object()
        if target is None:
            return refuse(request)
        target.delete()
        messages.success(request, _("Removed from your plan."))
        return HttpResponseRedirect(reverse("training:career_plan"))
