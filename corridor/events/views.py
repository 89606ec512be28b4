"""Event pages: list, detail, editing, agenda, registration, approval, tickets, check-in and
booths. Thin views over the scoped querysets, the forms and :mod:`corridor.events.services`."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from corridor.core.permissions import (
    RECRUITER,
    STUDENT,
    Action,
    can,
    can_create,
    creatable_organization_ids,
)
from corridor.core.views import (
    ScopedDeleteView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedMixin,
    refuse,
)
from corridor.directory.models import Organization
from corridor.events import services
from corridor.events.filtersets import EventFilterSet
from corridor.events.forms import (
    AttendeeSearchForm,
    BoothForm,
    CheckInForm,
    EventForm,
    RegisterOthersForm,
    SessionForm,
    SpeakerForm,
)
from corridor.events.models import (
    ACTIVE_STATUSES,
    Booth,
    Event,
    EventOrganiser,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    Session,
)
from corridor.jobs.models import Position

# --- events -------------------------------------------------------------------------------


class EventListView(ScopedListView):
    model = Event
    lookup = "pk"
    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    partial_template_name = "events/partials/_event_results.html"

    def get_queryset(self):
        organisers = EventOrganiser.objects.select_related("organization")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("organisers", queryset=organisers))
            .select_related("parent")
        )

    def extra_context(self):
        return {"can_create": can_create(self.request.user, Event)}


def _my_registration(user, event):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user, status__in=ACTIVE_STATUSES).first()


def _may_register_others(user, event) -> bool:
    if not user.is_authenticated or not event.registration_open():
        return False
    return can(user, Action.CHANGE, event) or bool(user.organization_ids(RECRUITER))


class EventDetailView(ScopedDetailView):
    model = Event
    lookup = "pk"
    template_name = "events/event_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        visible_positions = Position.objects.for_user(user, Action.VIEW).select_related("project")
        booths = (
            Booth.objects.filter(event=obj)
            .select_related("enterprise")
            .prefetch_related(Prefetch("positions", queryset=visible_positions), "projects")
        )
        editable_booths = set(
            Booth.objects.for_user(user, Action.CHANGE)
            .filter(event=obj)
            .values_list("pk", flat=True)
        )
        manage = can(user, Action.CHANGE, obj)
        return {
            "organisers": obj.organisers.select_related("organization"),
            "sessions": obj.sessions.prefetch_related("speakers__person"),
            "speakers": obj.speakers.select_related("person", "person__organization"),
            "booths": booths,
            "editable_booths": editable_booths,
            "children": Event.objects.for_user(user, Action.VIEW).filter(parent=obj),
            "parent_visible": obj.parent_id
            and Event.objects.for_user(user, Action.VIEW).filter(pk=obj.parent_id).exists(),
            "my_registration": _my_registration(user, obj),
            "registration_open": obj.registration_open(),
            "may_register_others": _may_register_others(user, obj),
            "manage": manage,
            "counts": services.counts(obj) if manage else None,
        }


class EventFormView(ScopedFormView):
    model = Event
    lookup = "pk"
    form_class = EventForm
    template_name = "events/event_form.html"

    def may_create(self):
        return can_create(self.request.user, Event)

    def form_kwargs(self):
        user = self.request.user
        return {
            "organiser_ids": creatable_organization_ids(user, Event),
            "parent_queryset": Event.objects.for_user(user, Action.VIEW),
        }

    def save(self, form):
        return services.save_event(
            form.save(commit=False),
            organiser=form.cleaned_data.get("organiser"),
            user=self.request.user,
        )


class EventDeleteView(ScopedDeleteView):
    model = Event
    lookup = "pk"
    success_url = reverse_lazy("events:event_list")


class EventScopedView(ScopedMixin, View):
    """A page about one event that needs ``action`` on it (organisers' pages)."""

    model = Event
    lookup = "pk"
    action = Action.CHANGE

    def event_or_refusal(self):
        event = self.get_object()
        if event is None:
            return None, refuse(self.request)
        return event, None


# --- agenda -------------------------------------------------------------------------------


class AgendaView(EventScopedView):
    """The organisers' agenda editor: items of the programme and who speaks."""

    template_name = "events/agenda.html"

    def _render(self, event, session_form=None, speaker_form=None, status=200):
        context = {
            "object": event,
            "sessions": event.sessions.all(),
            "speakers": event.speakers.select_related("person", "session"),
            "session_form": session_form or SessionForm(event=event),
            "speaker_form": speaker_form or SpeakerForm(event=event),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        return refusal or self._render(event)

    def post(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        if request.POST.get("form") == "speaker":
            form = SpeakerForm(request.POST, event=event)
            if not form.is_valid():
                return self._render(event, speaker_form=form, status=400)
            form.instance.event = event
            form.save()
            messages.success(request, _("Speaker added."))
        else:
            form = SessionForm(request.POST, event=event)
            if not form.is_valid():
                return self._render(event, session_form=form, status=400)
            form.instance.event = event
            form.save()
            messages.success(request, _("Agenda item added."))
        return HttpResponseRedirect(reverse("events:agenda", args=[event.pk]))


class AgendaItemDeleteView(View):
    """Remove an agenda item or a speaker (POST only)."""

    model = Session

    def post(self, request, pk, item):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        obj = get_object_or_404(
            self.model.objects.for_user(request.user, Action.DELETE), pk=item, event_id=pk
        )
        obj.delete()
        messages.success(request, _("Removed."))
        return HttpResponseRedirect(reverse("events:agenda", args=[pk]))


# --- registration -------------------------------------------------------------------------


def _self_registration_details(user):
    """(kind, organisation) for someone registering themselves."""
    for role, org_id in user.role_grants():
        if role == STUDENT:
            return RegistrationKind.STUDENT, org_id
    for role, org_id in user.role_grants():
        if role == RECRUITER:
            return RegistrationKind.ENTERPRISE_REPRESENTATIVE, org_id
    return RegistrationKind.GUEST, None


class RegisterView(ScopedMixin, View):
    """Register oneself (GET asks, POST does)."""

    model = Event
    lookup = "pk"
    template_name = "events/register.html"

    def _event(self):
        if not self.request.user.is_authenticated:
            return None
        return get_object_or_404(
            Event.objects.for_user(self.request.user, Action.VIEW), pk=self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        event = self._event()
        if event is None:
            return redirect_to_login(request.get_full_path())
        context = {
            "object": event,
            "my_registration": _my_registration(request.user, event),
            "counts": services.counts(event),
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        event = self._event()
        if event is None:
            return redirect_to_login(request.get_full_path())
        kind, org_id = _self_registration_details(request.user)
        try:
            registration = services.register(
                event,
                user=request.user,
                registered_by=request.user,
                kind=kind,
                organization=Organization.objects.filter(pk=org_id).first() if org_id else None,
            )
        except services.Refused as refusal:
            context = {
                "object": event,
                "error": refusal.message,
                "my_registration": _my_registration(request.user, event),
                "counts": services.counts(event),
            }
            return render(request, self.template_name, context, status=409)
        messages.success(request, _status_message(registration))
        return HttpResponseRedirect(registration.get_absolute_url())


def _status_message(registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Registered: your place is confirmed.")
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "The event is full: you are number %(position)s on the waiting list and will "
            "get a place automatically when one is freed."
        ) % {"position": registration.waitlist_position}
    return _("Registered: the organisers will approve or decline your registration.")


class RegisterOthersView(ScopedMixin, View):
    """Organisers register guests; recruiters register their enterprise's representatives."""

    model = Event
    lookup = "pk"
    template_name = "events/register_others.html"

    def _setup(self):
        user = self.request.user
        if not user.is_authenticated:
            return None, None
        event = get_object_or_404(Event.objects.for_user(user, Action.VIEW), pk=self.kwargs["pk"])
        if can(user, Action.CHANGE, event):
            return event, (Organization.objects.order_by("name_en"), list(RegistrationKind.values))
        recruiter_orgs = user.organization_ids(RECRUITER)
        if recruiter_orgs:
            return event, (
                Organization.objects.filter(pk__in=recruiter_orgs).order_by("name_en"),
                [RegistrationKind.ENTERPRISE_REPRESENTATIVE],
            )
        raise Http404

    def _render(self, event, form, status=200):
        return render(
            self.request, self.template_name, {"object": event, "form": form}, status=status
        )

    def get(self, request, *args, **kwargs):
        event, choices = self._setup()
        if event is None:
            return redirect_to_login(request.get_full_path())
        orgs, kinds = choices
        return self._render(event, RegisterOthersForm(organizations=orgs, kinds=kinds))

    def post(self, request, *args, **kwargs):
        event, choices = self._setup()
        if event is None:
            return redirect_to_login(request.get_full_path())
        orgs, kinds = choices
        form = RegisterOthersForm(request.POST, organizations=orgs, kinds=kinds)
        if not form.is_valid():
            return self._render(event, form, status=400)
        data = form.cleaned_data
        try:
            registration = services.register(
                event,
                registered_by=request.user,
                name=data["name"],
                email=data["email"],
                kind=data["kind"],
                organization=data["organization"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal.message))
            return self._render(event, form, status=409)
        messages.success(
            request,
            _("%(name)s is registered (%(status)s).")
            % {"name": registration.name, "status": registration.get_status_display()},
        )
        return HttpResponseRedirect(registration.get_absolute_url())


class RegistrationListView(EventScopedView):
    """Organisers: every registration of the event, the approval queue first."""

    template_name = "events/registrations.html"

    def get(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        registrations = event.registrations.select_related("user", "organization")
        status = request.GET.get("status", "")
        if status in RegistrationStatus.values:
            registrations = registrations.filter(status=status)
        search = AttendeeSearchForm(request.GET or None)
        if search.is_valid() and search.cleaned_data["q"]:
            registrations = registrations.search(search.cleaned_data["q"])
        context = {
            "object": event,
            "pending": event.registrations.filter(status=RegistrationStatus.PENDING).order_by(
                "created_at", "pk"
            ),
            "waitlist": event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
                "waitlisted_at", "pk"
            ),
            "registrations": registrations.order_by("status", "name", "pk")[:500],
            "statuses": RegistrationStatus.choices,
            "status": status,
            "search": search,
            "counts": services.counts(event),
        }
        return render(request, self.template_name, context)


def _registration_for(request, pk, action=Action.CHANGE):
    return get_object_or_404(
        Registration.objects.for_user(request.user, action).select_related("event"), pk=pk
    )


class DecideView(View):
    """Approve or reject a pending registration (organisers; POST only)."""

    def post(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = _registration_for(request, pk)
        if not can(request.user, Action.CHANGE, registration.event):
            raise Http404
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                registration = services.approve(registration, by=request.user)
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {"name": registration.name, "status": registration.get_status_display()},
                )
            elif decision == "reject":
                services.reject(registration, by=request.user)
                messages.success(request, _("%(name)s: rejected.") % {"name": registration.name})
            else:
                return HttpResponse(_("Choose approve or reject."), status=400)
        except services.Refused as refusal:
            messages.error(request, refusal.message)
        return HttpResponseRedirect(reverse("events:registrations", args=[registration.event_id]))


class CancelView(View):
    """Cancel a registration: one's own, one made for someone, or (organisers) anyone's."""

    template_name = "events/cancel.html"

    def get(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = _registration_for(request, pk)
        return render(request, self.template_name, {"registration": registration})

    def post(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = _registration_for(request, pk)
        try:
            promoted = services.cancel(registration, by=request.user)
        except services.Refused as refusal:
            return render(
                request,
                self.template_name,
                {"registration": registration, "error": refusal.message},
                status=409,
            )
        messages.success(request, _("The registration is cancelled."))
        if promoted and can(request.user, Action.CHANGE, registration.event):
            messages.info(
                request,
                _("From the waiting list, now confirmed: %(names)s.")
                % {"names": ", ".join(r.name for r in promoted)},
            )
        if can(request.user, Action.CHANGE, registration.event):
            return HttpResponseRedirect(
                reverse("events:registrations", args=[registration.event_id])
            )
        return HttpResponseRedirect(reverse("events:my_registrations"))


class MyRegistrationsView(View):
    template_name = "events/my_registrations.html"

    def get(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        mine = (
            Registration.objects.for_user(request.user, Action.VIEW)
            .filter(user=request.user)
            .select_related("event")
            .order_by("-created_at")
        )
        made = (
            Registration.objects.for_user(request.user, Action.VIEW)
            .filter(registered_by=request.user)
            .exclude(user=request.user)
            .select_related("event", "organization")
            .order_by("-created_at")
        )
        return render(request, self.template_name, {"mine": mine, "made": made})


class TicketView(View):
    template_name = "events/ticket.html"

    def get(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = _registration_for(request, pk, Action.VIEW)
        event = registration.event
        context = {
            "registration": registration,
            "event": event,
            "qr": services.qr_svg(registration.ticket_code)
            if registration.status == RegistrationStatus.CONFIRMED
            else "",
            "can_cancel": registration.is_active
            and not registration.checked_in_at
            and Registration.objects.for_user(request.user, Action.CHANGE)
            .filter(pk=registration.pk)
            .exists(),
            "has_calendar": bool(event.starts_at or event.start_date),
        }
        return render(request, self.template_name, context)


class TicketCalendarView(View):
    def get(self, request, pk):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = _registration_for(request, pk, Action.VIEW)
        data = services.ics_for(registration)
        if data is None:
            return HttpResponse(
                _("The source gives no full date for this event, so it cannot go in a calendar."),
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="event-{registration.event_id}.ics"'
        )
        return response


# --- check-in -----------------------------------------------------------------------------


class CheckInView(EventScopedView):
    """The door: scan a ticket with the phone's camera, or find a person by name."""

    template_name = "events/check_in.html"

    def get(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        search = AttendeeSearchForm(request.GET or None)
        matches = []
        if search.is_valid() and search.cleaned_data["q"]:
            matches = (
                event.registrations.search(search.cleaned_data["q"])
                .select_related("organization")
                .order_by("name", "pk")[:50]
            )
        context = {
            "object": event,
            "search": search,
            "matches": matches,
            "form": CheckInForm(),
            "counts": services.counts(event),
        }
        return render(request, self.template_name, context)


class CheckInScanView(EventScopedView):
    """POST a ticket code. The scanner script gets an HTML fragment saying who came in or
    why not (header ``X-Check-In: ok|refused``); a plain form post is sent back to the
    check-in page with a message."""

    def post(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        form = CheckInForm(request.POST)
        fragment = request.headers.get("X-Corridor-Scan") == "1" or bool(request.htmx)
        if not form.is_valid():
            if fragment:
                return render(
                    request,
                    "events/partials/_scan_result.html",
                    {"error": _("No ticket code was read.")},
                    status=400,
                )
            messages.error(request, _("No ticket code was read."))
            return HttpResponseRedirect(reverse("events:check_in", args=[event.pk]))
        try:
            registration = services.check_in(event, form.cleaned_data["code"], by=request.user)
        except services.Refused as refused:
            if fragment:  # 200: the fragment says it; the door's console stays clean
                context = {"error": refused.message, "registration": refused.registration}
                response = render(request, "events/partials/_scan_result.html", context)
                response["X-Check-In"] = "refused"
                return response
            messages.error(request, refused.message)
            return HttpResponseRedirect(reverse("events:check_in", args=[event.pk]))
        if fragment:
            response = render(
                request, "events/partials/_scan_result.html", {"registration": registration}
            )
            response["X-Check-In"] = "ok"
            return response
        messages.success(request, _("Welcome, %(name)s: checked in.") % {"name": registration.name})
        return HttpResponseRedirect(reverse("events:check_in", args=[event.pk]))


class CheckInCountsView(EventScopedView):
    """Live arrival counts (polled by htmx)."""

    def get(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        return render(
            request,
            "events/partials/_counts.html",
            {"object": event, "counts": services.counts(event), "poll": True},
        )


# --- booths -------------------------------------------------------------------------------


class BoothCreateView(EventScopedView):
    template_name = "events/booth_form.html"

    def _render(self, event, form, status=200):
        context = {"form": form, "event": event, "object": None}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        return refusal or self._render(event, BoothForm(event=event))

    def post(self, request, *args, **kwargs):
        event, refusal = self.event_or_refusal()
        if refusal:
            return refusal
        form = BoothForm(request.POST, event=event)
        if not form.is_valid():
            return self._render(event, form, status=400)
        try:
            with transaction.atomic():
                booth = form.save()
        except IntegrityError:
            form.add_error("enterprise", _("This enterprise already has a booth here."))
            return self._render(event, form, status=400)
        messages.success(request, _("Booth added."))
        return HttpResponseRedirect(reverse("events:booth_update", args=[booth.pk]))


class BoothUpdateView(ScopedMixin, View):
    """Organisers and the booth's own enterprise choose what it presents and its hours."""

    model = Booth
    lookup = "pk"
    action = Action.CHANGE
    template_name = "events/booth_form.html"

    def _render(self, booth, form, status=200):
        context = {"form": form, "event": booth.event, "object": booth}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        booth = self.get_object()
        if booth is None:
            return refuse(request)
        return self._render(booth, BoothForm(instance=booth, event=booth.event))

    def post(self, request, *args, **kwargs):
        booth = self.get_object()
        if booth is None:
            return refuse(request)
        form = BoothForm(request.POST, instance=booth, event=booth.event)
        if not form.is_valid():
            return self._render(booth, form, status=400)
        form.save()
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(booth.event.get_absolute_url())
