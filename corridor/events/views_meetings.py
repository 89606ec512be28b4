"""Pages for one-to-one meetings at fairs: requests and invitations, the schedule, the
timetables (with .ics), hand moves, consultations and the event's outcomes.

Thin views: objects come through ``for_user``; writes go through
:mod:`corridor.events.meetings`; refusals are messages (403/400) or 404 when out of scope.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from corridor.core.permissions import Action
from corridor.events import meetings as svc
from corridor.events.models import (
    Consultation,
    Event,
    EventOutcome,
    Meeting,
    MeetingRequest,
    MeetingRequestStatus,
    Registration,
)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["skills_fit", "language_fit", "career_plan_fit", "comments", "next_step"]
        help_texts = {
            "skills_fit": gettext_lazy("1 (weak) to 5 (strong)"),
            "language_fit": gettext_lazy("1 (weak) to 5 (strong)"),
            "career_plan_fit": gettext_lazy("1 (weak) to 5 (strong)"),
        }


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("New start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = EventOutcome
        fields = ["agreements_signed_count", "notes"]


def _login_or_none(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _event(request, pk) -> Event:
    return get_object_or_404(Event.objects.for_user(request.user, Action.VIEW), pk=pk)


def _back(event: Event) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("events:meetings", args=[event.pk]))


def _refused(request, event, exc, status=400):
    """A refused write: the page says why, with the refusal's status code."""
    context = {"object": event, "message": str(exc)}
    return render(request, "events/meetings/refused.html", context, status=status)


class MeetingsView(View):
    """The event's meeting hub: what the student, the booth and the organiser each do."""

    def get(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = _event(request, pk)
        user = request.user
        my_regs = Registration.objects.filter(event=event, user=user).active()
        my_reg = my_regs.first()
        booths = list(event.booths.select_related("enterprise").prefetch_related("positions"))
        requested = {}
        suitability = {}
        if my_reg:
            requested = {r.booth_id: r for r in my_reg.meeting_requests.all()}
            for booth in booths:
                suitability[booth.pk] = svc.booth_suitability(my_reg, booth)[0]
        my_booths = [b for b in booths if svc.is_booth_staff(user, b)]
        organiser = svc.is_organiser(user, event)
        incoming = (
            MeetingRequest.objects.for_user(user, Action.VIEW)
            .filter(event=event, booth__in=my_booths)
            .select_related("registration", "booth__enterprise")
            .order_by("booth", "-suitability", "pk")
        )
        context = {
            "object": event,
            "registration": my_reg,
            "booth_rows": [(b, suitability.get(b.pk), requested.get(b.pk)) for b in booths],
            "my_booths": my_booths,
            "incoming": incoming,
            "invitable": (
                event.registrations.active().exclude(user=None).order_by("name")
                if my_booths
                else []
            ),
            "organiser": organiser,
            "timetable": svc.timetable(user, event),
            "unscheduled": (
                event.meeting_requests.filter(
                    status=MeetingRequestStatus.UNSCHEDULED
                ).select_related("registration", "booth__enterprise")
                if organiser
                else []
            ),
            "move_form": MoveForm(),
        }
        return render(request, "events/meetings/hub.html", context)


class RequestMeetingView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = _event(request, pk)
        booth = get_object_or_404(event.booths, pk=request.POST.get("booth") or 0)
        reg = Registration.objects.filter(event=event, user=request.user).active().first()
        if reg is None:
            return _refused(
                request, event, _("Register for the event before requesting meetings."), 403
            )
        try:
            svc.request_meeting(
                reg, booth, actor=request.user, message=request.POST.get("message", "")
            )
        except svc.MeetingError as exc:
            return _refused(request, event, exc)
        messages.success(
            request, _("Meeting requested with %(booth)s.") % {"booth": booth.enterprise}
        )
        return _back(event)


class InviteView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = _event(request, pk)
        booth = get_object_or_404(event.booths, pk=request.POST.get("booth") or 0)
        reg = get_object_or_404(event.registrations, pk=request.POST.get("registration") or 0)
        try:
            svc.invite_student(booth, reg, actor=request.user)
        except svc.MeetingError as exc:
            return _refused(
                request, event, exc, 403 if not svc.is_booth_staff(request.user, booth) else 400
            )
        messages.success(request, _("%(name)s is invited.") % {"name": reg.name})
        return _back(event)


class DecideRequestView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        req = get_object_or_404(MeetingRequest.objects.for_user(request.user, Action.CHANGE), pk=pk)
        try:
            svc.decide_request(req, actor=request.user, accept=request.POST.get("accept") == "1")
        except svc.MeetingError as exc:
            return _refused(request, req.event, exc, 403)
        return _back(req.event)


class GenerateScheduleView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = _event(request, pk)
        try:
            report = svc.generate_schedule(event, actor=request.user)
        except svc.MeetingError as exc:
            return _refused(
                request, event, exc, 403 if not svc.is_organiser(request.user, event) else 400
            )
        messages.success(
            request,
            _("Schedule generated: %(scheduled)d meetings placed, %(unscheduled)d could not be.")
            % {"scheduled": report.scheduled, "unscheduled": len(report.unscheduled)},
        )
        for req, reason in report.unscheduled[:20]:
            messages.warning(
                request,
                _("%(name)s with %(booth)s: %(reason)s")
                % {"name": req.registration.name, "booth": req.booth.enterprise, "reason": reason},
            )
        return _back(event)


class TimetableIcsView(View):
    def get(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = _event(request, pk)
        data = svc.timetable_ics(svc.timetable(request.user, event), str(event.title))
        response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meetings-{event.pk}.ics"'
        return response


class MoveMeetingView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        meeting = get_object_or_404(Meeting.objects.for_user(request.user, Action.VIEW), pk=pk)
        form = MoveForm(request.POST)
        if not form.is_valid():
            return _refused(request, meeting.event, _("Give the new start as a date and time."))
        start = form.cleaned_data["starts_at"]
        if timezone.is_naive(start):
            start = timezone.make_aware(start, meeting.event.tzinfo)
        try:
            svc.move_meeting(meeting, actor=request.user, starts_at=start)
        except svc.MeetingError as exc:
            status = 403 if not svc.is_organiser(request.user, meeting.event) else 400
            return _refused(request, meeting.event, exc, status)
        messages.success(request, _("Meeting moved."))
        return _back(meeting.event)


class ConsultationView(View):
    """The recruiter records the consultation; the student reads it."""

    def _meeting(self, request, pk):
        return get_object_or_404(
            Meeting.objects.for_user(request.user, Action.VIEW).select_related(
                "booth__enterprise", "registration", "event"
            ),
            pk=pk,
        )

    def _render(self, request, meeting, form, status=200):
        consultation = Consultation.objects.filter(meeting=meeting).first()
        staff = svc.is_booth_staff(request.user, meeting.booth)
        _s, best, narrative = (None, None, None)
        if staff and (consultation is None or not consultation.explanation):
            _s, best, narrative = svc.booth_suitability(meeting.registration, meeting.booth)
        context = {
            "meeting": meeting,
            "object": meeting.event,
            "consultation": consultation,
            "form": form if staff else None,
            "narrative": narrative,
            "positions": meeting.booth.positions.all() if staff else [],
        }
        return render(request, "events/meetings/consultation.html", context, status=status)

    def get(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        meeting = self._meeting(request, pk)
        instance = Consultation.objects.filter(meeting=meeting).first()
        return self._render(request, meeting, ConsultationForm(instance=instance))

    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        meeting = self._meeting(request, pk)
        if not svc.is_booth_staff(request.user, meeting.booth):
            return _refused(
                request,
                meeting.event,
                _("Only recruiters of the booth's enterprise may record the consultation."),
                403,
            )
        instance = Consultation.objects.filter(meeting=meeting).first()
        form = ConsultationForm(request.POST, instance=instance)
        if not form.is_valid():
            return self._render(request, meeting, form, status=400)
        try:
            svc.record_consultation(meeting, actor=request.user, **form.cleaned_data)
        except svc.MeetingError as exc:
            return _refused(request, meeting.event, exc, 403)
        messages.success(request, _("Consultation saved."))
        return HttpResponseRedirect(reverse("events:consultation", args=[meeting.pk]))


class StartApplicationView(View):
    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        consultation = get_object_or_404(
            Consultation.objects.for_user(request.user, Action.CHANGE), meeting_id=pk
        )
        meeting = consultation.meeting
        position = None
        if request.POST.get("position"):
            position = meeting.booth.positions.filter(pk=request.POST["position"]).first()
            if position is None:
                raise Http404
        try:
            application = svc.start_application_from(
                consultation, actor=request.user, position=position
            )
        except svc.MeetingError as exc:
            return _refused(request, meeting.event, exc)
        messages.success(request, _("Application started."))
        url = getattr(application, "get_absolute_url", None)
        return HttpResponseRedirect(url() if url else reverse("events:consultation", args=[pk]))


class OutcomesView(View):
    """Organisers: what the event achieved, from live data; agreements recorded by hand."""

    def _event(self, request, pk):
        return get_object_or_404(Event.objects.for_user(request.user, Action.CHANGE), pk=pk)

    def get(self, request, pk, form=None, status=200):
        if (r := _login_or_none(request)) is not None:
            return r
        event = self._event(request, pk)
        outcome = EventOutcome.objects.filter(event=event).first()
        context = {
            "object": event,
            "figures": svc.event_outcomes(event),
            "form": form or OutcomeForm(instance=outcome),
        }
        return render(request, "events/meetings/outcomes.html", context, status=status)

    def post(self, request, pk):
        if (r := _login_or_none(request)) is not None:
            return r
        event = self._event(request, pk)
        outcome = EventOutcome.objects.filter(event=event).first() or EventOutcome(event=event)
        form = OutcomeForm(request.POST, instance=outcome)
        if not form.is_valid():
            return self.get(request, pk, form=form, status=400)
        saved = form.save(commit=False)
        saved.recorded_by = request.user
        saved.save()
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("events:outcomes", args=[event.pk]))


urlpatterns = [
    path("<int:pk>/meetings/", MeetingsView.as_view(), name="meetings"),
    path("<int:pk>/meetings/request/", RequestMeetingView.as_view(), name="meeting_request"),
    path("<int:pk>/meetings/invite/", InviteView.as_view(), name="meeting_invite"),
    path("<int:pk>/meetings/schedule/", GenerateScheduleView.as_view(), name="meetings_schedule"),
    path("<int:pk>/meetings/timetable.ics", TimetableIcsView.as_view(), name="meetings_ics"),
    path("<int:pk>/outcomes/", OutcomesView.as_view(), name="outcomes"),
    path(
        "meeting-requests/<int:pk>/decide/",
        DecideRequestView.as_view(),
        name="meeting_request_decide",
    ),
    path("meetings/<int:pk>/move/", MoveMeetingView.as_view(), name="meeting_move"),
    path("meetings/<int:pk>/consultation/", ConsultationView.as_view(), name="consultation"),
    path(
        "meetings/<int:pk>/consultation/apply/",
        StartApplicationView.as_view(),
        name="consultation_apply",
    ),
]
