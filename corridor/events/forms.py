"""Forms of the event pages. Times are typed in the event's own time zone."""

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.directory.models import Organization, OrganizationKind, Person
from corridor.events.models import (
    Booth,
    Event,
    RegistrationKind,
    Session,
    Speaker,
)
from corridor.jobs.models import Position, PositionStatus, Project

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _in_zone(value, tzname: str):
    """A datetime the browser sent in the event's zone, read by Django in the site's zone:
    keep the wall-clock time, attach the event's zone."""
    if value is None:
        return None
    naive = timezone.make_naive(value, timezone.get_current_timezone())
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(tzname))


class ZonedTimesMixin:
    """Shows and reads the listed datetime fields in the event's own time zone."""

    zoned_fields: tuple[str, ...] = ()

    def _zone_name(self) -> str:
        raise NotImplementedError

    def _show_in_zone(self, instance, tzinfo):
        for name in self.zoned_fields:
            value = getattr(instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.localtime(value, tzinfo).replace(tzinfo=None)

    def _read_in_zone(self, cleaned):
        tzname = self._zone_name()
        try:
            zoneinfo.ZoneInfo(tzname)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return cleaned
        for name in self.zoned_fields:
            if cleaned.get(name) is not None:
                cleaned[name] = _in_zone(cleaned[name], tzname)
        return cleaned


class EventForm(ZonedTimesMixin, forms.ModelForm):
    zoned_fields = ("starts_at", "ends_at", "registration_opens", "registration_closes")

    organiser = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Organised by"),
        help_text=_("Your organisation; its staff will manage the event."),
    )

    class Meta:
        model = Event
        fields = [
            "organiser",
            "kind",
            "title_en",
            "title_zh",
            "description",
            "starts_at",
            "ends_at",
            "timezone",
            "venue",
            "city",
            "country",
            "parent",
            "capacity",
            "waitlist_enabled",
            "requires_approval",
            "registration_opens",
            "registration_closes",
            "status",
            "attendance_text",
            "attendance_number",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens": DATETIME_WIDGET,
            "registration_closes": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "attendance_text": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"starts_at": _("Local time at the venue, in the time zone below.")}

    def __init__(self, *args, organiser_ids=None, parent_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organiser"]
            self._show_in_zone(self.instance, self.instance.tzinfo)
        else:
            orgs = Organization.objects.order_by("name_en")
            if organiser_ids is not None:
                orgs = orgs.filter(pk__in=organiser_ids)
            self.fields["organiser"].queryset = orgs
            if orgs.count() == 1:
                self.fields["organiser"].initial = orgs.first()
        parents = parent_queryset if parent_queryset is not None else Event.objects.none()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["timezone"].widget = forms.TextInput(attrs={"list": "timezones"})

    def _zone_name(self) -> str:
        return self.cleaned_data.get("timezone") or "UTC"

    def clean(self):
        cleaned = super().clean()
        return self._read_in_zone(cleaned)


class SessionForm(ZonedTimesMixin, forms.ModelForm):
    zoned_fields = ("starts_at", "ends_at")

    class Meta:
        model = Session
        fields = ["title_en", "title_zh", "starts_at", "ends_at", "room", "order"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._show_in_zone(self.instance, event.tzinfo)

    def _zone_name(self) -> str:
        return self.event.timezone

    def clean(self):
        return self._read_in_zone(super().clean())


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["person", "role", "session", "topic_en", "topic_zh", "order"]
        widgets = {
            "topic_en": forms.Textarea(attrs={"rows": 2}),
            "topic_zh": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["person"].queryset = Person.objects.order_by("name_latin")
        self.fields["session"].queryset = event.sessions.all()

    def clean(self):
        cleaned = super().clean()
        person, role = cleaned.get("person"), cleaned.get("role")
        if person and role:
            taken = Speaker.objects.filter(event=self.event, person=person, role=role)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _("%(person)s is already listed with this role.") % {"person": person}
                )
        return cleaned


class RegisterOthersForm(forms.Form):
    """Organisers register guests; recruiters register their enterprise's representatives."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Attends as"), choices=RegistrationKind.choices)
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organisation"), required=False
    )

    def __init__(self, *args, organizations, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["kind"].choices = [c for c in RegistrationKind.choices if c[0] in kinds]
        if organizations.count() == 1 and len(kinds) == 1:
            self.fields["organization"].required = True
            self.fields["organization"].initial = organizations.first()


class BoothForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = [
            "enterprise",
            "label",
            "description",
            "positions",
            "projects",
            "meeting_start",
            "meeting_end",
            "slot_minutes",
            "breaks",
        ]
        widgets = {
            "meeting_start": TIME_WIDGET,
            "meeting_end": TIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "positions": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.instance.event = event
        if self.instance.pk:
            del self.fields["enterprise"]
            enterprise_id = self.instance.enterprise_id
            self.fields["positions"].queryset = Position.objects.filter(
                enterprise_id=enterprise_id
            ).exclude(status=PositionStatus.DRAFT)
            self.fields["projects"].queryset = Project.objects.filter(enterprise_id=enterprise_id)
        else:
            taken = event.booths.values("enterprise")
            self.fields["enterprise"].queryset = (
                Organization.objects.filter(kind=OrganizationKind.ENTERPRISE)
                .exclude(pk__in=taken)
                .order_by("name_en")
            )
            # What it presents is chosen once the booth exists (the enterprise's own lists).
            del self.fields["positions"]
            del self.fields["projects"]
        self.fields["breaks"].help_text = _(
            'Local times without meetings, e.g. [["12:00", "13:00"]]; leave [] for none.'
        )
        self.fields["breaks"].required = False

    def clean_breaks(self):
        return self.cleaned_data.get("breaks") or []


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Ticket code"), max_length=300)


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or ticket code"), max_length=200, required=False)
