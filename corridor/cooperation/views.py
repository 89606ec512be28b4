"""Alliance, target, agreement and source pages: thin views over scoped querysets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from corridor.cooperation import services
from corridor.cooperation.filtersets import AgreementFilterSet, AllianceFilterSet, SourceFilterSet
from corridor.cooperation.forms import (
    AgreementForm,
    AllianceForm,
    CommitmentFormSet,
    DocumentForm,
    MemberForm,
    ProgressEntryForm,
    StatusForm,
    TargetForm,
)
from corridor.cooperation.models import (
    Agreement,
    AgreementDocument,
    AgreementSignatory,
    Alliance,
    Source,
    Target,
    TargetProgressEntry,
)
from corridor.cooperation.progress import alliance_progress, target_progress
from corridor.core.permissions import Action, can, can_create, creatable_organization_ids
from corridor.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedMixin,
    refuse,
)
from corridor.directory.models import AllianceMember

# --- alliances -----------------------------------------------------------------------------


class AllianceListView(ScopedListView):
    model = Alliance
    filterset_class = AllianceFilterSet
    template_name = "cooperation/alliance_list.html"
    partial_template_name = "cooperation/partials/_alliance_results.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organization")


class AllianceMixin(ScopedMixin):
    model = Alliance
    lookup = "slug"

    def get_object(self, action=None):
        if not self.has_any_grant(action):
            if self.request.user.is_authenticated:
                raise Http404
            return None
        return get_object_or_404(
            self.scoped(action).select_related("organization"),
            organization__slug=self.kwargs["slug"],
        )


def _history(target) -> list:
    return list(target.snapshots.order_by("-date")[:12])


class AllianceDetailView(AllianceMixin, ScopedDetailView):
    template_name = "cooperation/alliance_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        members = (
            obj.current_members()
            .select_related("member")
            .order_by("role", "member__country", "member__name_en")
        )
        by_role = {}
        for row in members:
            by_role.setdefault(row.get_role_display(), []).append(row)
        countries = sorted({row.member.country.code for row in members if row.member.country})
        targets = [{"row": row, "history": _history(row.target)} for row in alliance_progress(obj)]
        agreements = (
            Agreement.objects.for_user(user, Action.VIEW)
            .filter(alliance=obj)
            .prefetch_related("parties__organization")
        )
        party_agreements = (
            Agreement.objects.for_user(user, Action.VIEW)
            .filter(parties__organization=obj.organization)
            .exclude(alliance=obj)
            .distinct()
        )
        context = {
            "members_by_role": by_role,
            "member_countries": countries,
            "recorded_members": len(members),
            "targets": targets,
            "agreements": list(agreements) + list(party_agreements),
            "can_add_target": can(user, Action.CHANGE, obj),
            "events": _alliance_events(obj),
        }
        return context


def _alliance_events(alliance) -> list:
    """Events the alliance's organisation organised, its founding event, and the events
    where its agreements were signed."""
    from corridor.events.models import Event

    return list(
        Event.objects.filter(
            Q(organisers__organization=alliance.organization)
            | Q(founded_alliances=alliance)
            | Q(agreements__alliance=alliance)
        )
        .distinct()
        .order_by("-pk")[:20]
    )


class AllianceFormView(AllianceMixin, ScopedFormView):
    form_class = AllianceForm
    template_name = "cooperation/alliance_form.html"

    def may_create(self):
        return False  # alliances are made in the back office with their organisation

    def save(self, form):
        return form.save()


class AllianceMembersView(AllianceMixin, View):
    """The secretariat's page for the alliance's members: add one, end a membership."""

    template_name = "cooperation/alliance_members.html"

    def _render(self, alliance, form, status=200):
        rows = (
            AllianceMember.objects.filter(alliance_id=alliance.organization_id)
            .select_related("member")
            .order_by("left", "role", "member__name_en")
        )
        context = {"object": alliance, "form": form, "rows": rows}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        alliance = self.get_object(Action.CHANGE)
        if alliance is None:
            return refuse(request)
        return self._render(alliance, MemberForm(alliance=alliance))

    def post(self, request, slug):
        alliance = self.get_object(Action.CHANGE)
        if alliance is None:
            return refuse(request)
        form = MemberForm(request.POST, alliance=alliance)
        if not form.is_valid():
            return self._render(alliance, form, status=400)
        member = form.save()
        messages.success(request, _("%(name)s joined the alliance.") % {"name": member.member})
        return HttpResponseRedirect(reverse("cooperation:alliance_members", args=[slug]))


class AllianceMemberEndView(AllianceMixin, View):
    """POST: the membership ends today (kept for history; no longer counts for targets)."""

    def post(self, request, slug, pk):
        alliance = self.get_object(Action.CHANGE)
        if alliance is None:
            return refuse(request)
        row = get_object_or_404(AllianceMember, pk=pk, alliance_id=alliance.organization_id)
        if row.left is not None:
            messages.error(
                request,
                _("%(name)s already left on %(date)s.")
                % {"name": row.member, "date": row.left.isoformat()},
            )
        else:
            row.left = timezone.localdate()
            row.save(update_fields=["left", "updated_at"])
            messages.success(request, _("%(name)s left the alliance.") % {"name": row.member})
        return HttpResponseRedirect(reverse("cooperation:alliance_members", args=[slug]))


# --- targets -------------------------------------------------------------------------------


class TargetDetailView(ScopedDetailView):
    model = Target
    lookup = "pk"
    template_name = "cooperation/target_detail.html"

    def extra_context(self, obj):
        return {
            "progress": target_progress(obj),
            "history": list(obj.snapshots.order_by("-date")[:60]),
            "entries": obj.entries.select_related("source", "entered_by"),
        }


class TargetFormView(ScopedFormView):
    """Create a target for an alliance (``alliance`` slug in the URL) or change one (pk)."""

    model = Target
    lookup = "pk"
    form_class = TargetForm
    template_name = "cooperation/target_form.html"

    def _alliance(self):
        slug = self.kwargs.get("slug")
        if slug is None:
            return None
        return get_object_or_404(
            Alliance.objects.for_user(self.request.user, Action.CHANGE),
            organization__slug=slug,
        )

    def may_create(self):
        if not self.request.user.is_authenticated:
            return False
        self.alliance = self._alliance()
        return can_create(self.request.user, Target)

    def form_kwargs(self):
        return {"alliance": getattr(self, "alliance", None)}

    def save(self, form):
        target = form.save(commit=False)
        if target.pk is None:
            target.alliance = self.alliance
        target.save()
        return target


class TargetDeleteView(ScopedDeleteView):
    model = Target
    lookup = "pk"
    success_url = reverse_lazy("cooperation:alliance_list")


class ProgressEntryView(ScopedMixin, View):
    """Enter a figure with its evidence for a target (its alliance's secretariat)."""

    model = Target
    lookup = "pk"
    template_name = "cooperation/progress_form.html"

    def _target(self):
        return self.get_object(Action.CHANGE)

    def get(self, request, pk):
        target = self._target()
        if target is None:
            return refuse(request)
        return render(request, self.template_name, {"form": ProgressEntryForm(), "target": target})

    def post(self, request, pk):
        target = self._target()
        if target is None:
            return refuse(request)
        form = ProgressEntryForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "target": target}, status=400)
        entry: TargetProgressEntry = form.save(commit=False)
        entry.target = target
        entry.entered_by = request.user
        entry.save()
        messages.success(request, _("Progress recorded."))
        return HttpResponseRedirect(target.get_absolute_url())


# --- agreements ----------------------------------------------------------------------------


class AgreementListView(ScopedListView):
    model = Agreement
    filterset_class = AgreementFilterSet
    template_name = "cooperation/agreement_list.html"
    partial_template_name = "cooperation/partials/_agreement_results.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("alliance__organization")
            .prefetch_related("parties__organization", "areas")
        )

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Agreement)}


class AgreementDetailView(ScopedDetailView):
    model = Agreement
    template_name = "cooperation/agreement_detail.html"

    def get_object(self, action=None):
        obj = super().get_object(action)
        if obj is None:
            return None
        people = AgreementSignatory.objects.select_related("person", "party__organization")
        return (
            Agreement.objects.filter(pk=obj.pk)
            .select_related("alliance__organization")
            .prefetch_related(
                "parties__organization",
                Prefetch("signatories", queryset=people),
                "areas",
                "commitments",
                "documents",
            )
            .get()
        )

    def extra_context(self, obj):
        may_change = can(self.request.user, Action.CHANGE, obj)
        people = list(obj.signatories.all())
        return {
            "signers": [p for p in people if p.capacity == "signatory"],
            "witnesses": [p for p in people if p.capacity == "witness"],
            "transitions": services.available_transitions(obj) if may_change else [],
            "document_form": DocumentForm() if may_change else None,
        }


class AgreementFormView(ScopedFormView):
    model = Agreement
    form_class = AgreementForm
    template_name = "cooperation/agreement_form.html"

    def may_create(self):
        return can_create(self.request.user, Agreement)

    def form_kwargs(self):
        ids = creatable_organization_ids(self.request.user, Agreement)
        return {"organization_ids": None if ids is None else sorted(ids)}

    def _render(self, form, commitments, obj, status=200):
        context = {"form": form, "commitments": commitments, "object": obj}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        form = self.form_class(instance=obj, **self.form_kwargs())
        return self._render(form, CommitmentFormSet(instance=obj, prefix="commitments"), obj)

    def post(self, request, *args, **kwargs):
        obj, allowed = self._instance()
        if not allowed:
            return refuse(request)
        form = self.form_class(request.POST, instance=obj, **self.form_kwargs())
        commitments = CommitmentFormSet(request.POST, instance=obj, prefix="commitments")
        if not (form.is_valid() and commitments.is_valid()):
            return self._render(form, commitments, obj, status=400)
        with transaction.atomic():
            data = form.cleaned_data
            saved = services.save_agreement(
                form.save(commit=False),
                parties=data["parties"],
                signatories=data["signatories"],
                witnesses=data["witnesses"],
                areas=data["areas"],
            )
            commitments.instance = saved
            commitments.save()
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(saved.get_absolute_url())


class AgreementDeleteView(ScopedDeleteView):
    model = Agreement
    success_url = reverse_lazy("cooperation:agreement_list")


class AgreementStatusView(ScopedMixin, View):
    """POST a new status; refused with the reason when the life cycle does not allow it."""

    model = Agreement

    def post(self, request, slug):
        agreement = self.get_object(Action.CHANGE)
        if agreement is None:
            return refuse(request)
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
            return HttpResponseRedirect(agreement.get_absolute_url(), status=303)
        try:
            services.change_status(agreement, form.cleaned_data["status"])
        except ValidationError as error:
            return render(
                request,
                "cooperation/agreement_status_refused.html",
                {"object": agreement, "reasons": error.messages},
                status=400,
            )
        messages.success(
            request, _("Status is now “%(status)s”.") % {"status": agreement.get_status_display()}
        )
        return HttpResponseRedirect(agreement.get_absolute_url())


class AgreementDocumentView(ScopedMixin, View):
    """Upload a document to an agreement (POST); the content is checked, not the name."""

    model = Agreement

    def post(self, request, slug):
        agreement = self.get_object(Action.CHANGE)
        if agreement is None:
            return refuse(request)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(
                request,
                "cooperation/agreement_document_form.html",
                {"object": agreement, "form": form},
                status=400,
            )
        services.add_document(
            agreement, form.cleaned_data["file"], form.cleaned_data["title"], request.user
        )
        messages.success(request, _("Document added."))
        return HttpResponseRedirect(agreement.get_absolute_url())


class AgreementDocumentDownloadView(ScopedMixin, View):
    """The file of a document, for those who may see its agreement."""

    model = Agreement

    def get(self, request, slug, pk):
        from django.http import FileResponse

        agreement = self.get_object(Action.VIEW)
        if agreement is None:
            return refuse(request)
        document = get_object_or_404(AgreementDocument, agreement=agreement, pk=pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            content_type=document.content_type,
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
        )


# --- sources -------------------------------------------------------------------------------


class SourceListView(ScopedListView):
    model = Source
    filterset_class = SourceFilterSet
    template_name = "cooperation/source_list.html"
    partial_template_name = "cooperation/partials/_source_results.html"


class SourceDetailView(ScopedDetailView):
    model = Source
    template_name = "cooperation/source_detail.html"

    def extra_context(self, obj):
        cited = []
        for citation in obj.citations.select_related("content_type").order_by("content_type", "pk"):
            record = citation.cited
            if record is None:
                continue
            manager = type(record)._default_manager
            if hasattr(manager, "for_user") and not (
                manager.for_user(self.request.user, Action.VIEW).filter(pk=record.pk).exists()
            ):
                continue  # a citation never reveals a record the reader may not see
            cited.append(
                {
                    "record": record,
                    "kind": record._meta.verbose_name,
                    "url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
                    "locator": citation.locator,
                }
            )
        return {"cited": cited}


# --- citations -----------------------------------------------------------------------------


def may_cite(user, obj) -> bool:
    """Whoever may change a record (by POLICY) may cite a source for it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(type(obj)._default_manager, "for_user"):
        return False
    return can(user, Action.CHANGE, obj)


class CiteView(View):
    """POST ``source`` (+ ``locator``): cite a source for any record the user may change
    (agreement, target, alliance, event, statistic...). Others: 404."""

    def post(self, request, label, object_id):
        from django.apps import apps
        from django.utils.http import url_has_allowed_host_and_scheme

        if not request.user.is_authenticated:
            return refuse(request)
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise Http404 from None
        obj = model._default_manager.filter(pk=object_id).first()
        if obj is None or not may_cite(request.user, obj):
            raise Http404
        source = Source.objects.filter(pk=request.POST.get("source") or 0).first()
        back = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
        if source is None:
            messages.error(request, _("Choose a source to cite."))
            return HttpResponseRedirect(back)
        locator = (request.POST.get("locator") or "").strip()[:255]
        services.cite(obj, source, locator)
        messages.success(request, _("Source cited: %(source)s.") % {"source": source})
        return HttpResponseRedirect(back)
