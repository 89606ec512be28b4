"""Events of the talent-cooperation world: employment fairs, seminars, forums, signing
ceremonies, competitions; their agenda and speakers, registrations with tickets and
check-in, enterprise booths, one-to-one meetings at fairs, consultations and outcomes.

Dates: a report may give a day and month but no year ("January 11"). Such an event keeps
``start_year`` empty and its ``starts_at`` empty; nothing here ever invents a year.
``starts_at``/``ends_at`` are set only when the exact moment is known.
"""

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.i18n import chinese_ui, in_other_language, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.core.text import search_terms


class EventKind(models.TextChoices):
    EMPLOYMENT_FAIR = "employment_fair", _("Employment fair")
    SEMINAR = "seminar", _("Seminar")
    FORUM = "forum", _("Forum")
    SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
    SKILLS_COMPETITION = "skills_competition", _("Skills competition")
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    CONFERENCE = "conference", _("Conference")
    INAUGURATION = "inauguration", _("Inauguration ceremony")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    FINISHED = "finished", _("Finished")


#: Statuses everyone (anonymous visitors too) may see.
PUBLIC_STATUSES = [EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.FINISHED]


def validate_timezone(value: str) -> None:
    """An IANA time zone name such as ``Asia/Shanghai``."""
    from django.core.exceptions import ValidationError

    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(name)s."), params={"name": value})


def _organiser_q(org_ids, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organisers__organization_id__in": org_ids})


class EventQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(
                pk__in=EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            )
        if scope == Scope.SHARED:
            return Q(status__in=PUBLIC_STATUSES)
        return Q(pk__in=[])

    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def search(self, text: str):
        """Events where every typed word (Chinese as bigrams) is in the title or description
        in either language, the venue, the city or an organiser's name in any script."""
        queryset = self
        for term in search_terms(text):
            organisers = EventOrganiser.objects.filter(
                Q(organization__name_en__icontains=term)
                | Q(organization__name_zh__icontains=term)
                | Q(organization__name_local__icontains=term)
                | Q(organization__abbreviation__icontains=term)
            ).values("event")
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_zh__icontains=term)
                | Q(description__icontains=term)
                | Q(venue__icontains=term)
                | Q(city__icontains=term)
                | Q(pk__in=organisers)
            )
        return queryset

    def upcoming(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))

    def past(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today))


def _partial_date(year, month, day) -> str:
    """A date as the source gives it: full, or without the year, said in words."""
    if year and month and day:
        return formats.date_format(dt.date(year, month, day), "DATE_FORMAT")
    if month and day:
        return str(
            _("%(day)s %(month)s (year not given)")
            % {"day": day, "month": f"{month}月" if chinese_ui() else MONTHS[month]}
        )
    if year and month:
        return formats.date_format(dt.date(year, month, 1), "YEAR_MONTH_FORMAT")
    if year:
        return str(year)
    return ""


class Event(TimeStampedModel):
    slug = models.SlugField(
        _("key"), max_length=80, unique=True, null=True, blank=True,
        help_text=_("Stable key of an event loaded from a source."),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The date parts as known; a missing year stays missing.
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("start month"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )  # fmt: skip
    start_day = models.PositiveSmallIntegerField(
        _("start day"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )  # fmt: skip
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    end_day = models.PositiveSmallIntegerField(_("end day"), null=True, blank=True)
    # Exact moments, only when known (aware datetimes).
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # Full calendar dates derived from the parts (empty when the year is not known).
    start_date = models.DateField(_("start date"), null=True, blank=True, editable=False)
    end_date = models.DateField(_("end date"), null=True, blank=True, editable=False)
    timezone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_timezone], default="Asia/Shanghai"
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    organizations = models.ManyToManyField(
        "directory.Organization",
        through="EventOrganiser",
        related_name="events",
        verbose_name=_("organisers"),
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    waitlist_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, further registrations join a waiting list."),
    )
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    attendance_text = models.TextField(_("attendance as reported"), blank=True)
    attendance_number = models.PositiveIntegerField(_("attendance (number)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "title_en"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        return in_other_language(self.title_en, self.title_zh)

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    @property
    def tzinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def sync_dates(self) -> None:
        """Fill the date parts from the exact moments, and the calendar dates from the parts."""
        if self.starts_at:
            local = timezone.localtime(self.starts_at, self.tzinfo)
            self.start_year, self.start_month, self.start_day = local.year, local.month, local.day
        if self.ends_at:
            local = timezone.localtime(self.ends_at, self.tzinfo)
            self.end_year, self.end_month, self.end_day = local.year, local.month, local.day
        self.start_date = _as_date(self.start_year, self.start_month, self.start_day)
        self.end_date = _as_date(self.end_year, self.end_month, self.end_day)

    def save(self, *args, **kwargs):
        self.sync_dates()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "start_year", "start_month", "start_day", "end_year", "end_month", "end_day",
                "start_date", "end_date",
            }  # fmt: skip
        super().save(*args, **kwargs)

    @property
    def year_known(self) -> bool:
        return self.start_year is not None

    @property
    def date_display(self) -> str:
        """``28 August 2023``, ``23 November 2023 – 27 November 2023``, ``11 January (year
        not given)``, or "date not given"."""
        start = _partial_date(self.start_year, self.start_month, self.start_day)
        end = _partial_date(self.end_year, self.end_month, self.end_day)
        if not start:
            return str(_("Date not given"))
        if end and end != start:
            return f"{start} – {end}"
        return start

    @property
    def time_display(self) -> str:
        """Local start and end times in the event's own time zone, when known."""
        if not self.starts_at:
            return ""
        start = timezone.localtime(self.starts_at, self.tzinfo)
        text = formats.time_format(start, "TIME_FORMAT")
        if self.ends_at:
            end = timezone.localtime(self.ends_at, self.tzinfo)
            if end.date() == start.date():
                text = f"{text} – {formats.time_format(end, 'TIME_FORMAT')}"
            else:
                text = f"{text} – {formats.date_format(end, 'DATETIME_FORMAT')}"
        return f"{text} ({self.timezone})"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def registration_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        if self.registration_closes and now > self.registration_closes:
            return False
        # Without an explicit closing time, registration ends with the event.
        if self.ends_at or self.starts_at:
            return now <= (self.ends_at or self.starts_at)
        last_day = self.end_date or self.start_date
        return last_day is None or timezone.localtime(now, self.tzinfo).date() <= last_day

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end comes before the start.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration closes before it opens.")}
            )
        if self.start_month and self.start_day:
            try:
                dt.date(self.start_year or 2000, self.start_month, self.start_day)
            except ValueError:
                raise ValidationError({"start_day": _("No such day in that month.")}) from None
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("An event cannot be part of itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


def _as_date(year, month, day) -> dt.date | None:
    if not (year and month and day):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class OrganiserRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")


class EventOrganiser(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="event_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=OrganiserRole.choices, default=OrganiserRole.ORGANISER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["role", "order", "pk"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="event_organiser_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class EventPartQuerySet(ScopedQuerySet):
    """Objects that belong to an event: organisers' staff manage them, everyone sees those
    of public events."""

    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(
                event__in=EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            )
        if scope == Scope.SHARED:
            return Q(event__status__in=PUBLIC_STATUSES)
        return Q(pk__in=[])


class Session(TimeStampedModel):
    """One item of an event's agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", models.F("starts_at").asc(nulls_last=True), "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        return in_other_language(self.title_en, self.title_zh)

    @property
    def time_display(self) -> str:
        """``09:30–10:15`` in the event's own time zone; empty when not known."""
        if not self.starts_at:
            return ""
        tzinfo = self.event.tzinfo
        text = timezone.localtime(self.starts_at, tzinfo).strftime("%H:%M")
        if self.ends_at:
            text += "–" + timezone.localtime(self.ends_at, tzinfo).strftime("%H:%M")
        return text

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end comes before the start.")})


class SpeakerRole(models.TextChoices):
    SPEECH = "speech", _("Speech")
    KEYNOTE = "keynote", _("Keynote")
    HOST = "host", _("Host")
    MODERATOR = "moderator", _("Moderator")
    PANEL = "panel", _("Panellist")
    WITNESS = "witness", _("Witness")


class Speaker(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("agenda item"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="event_appearances",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=SpeakerRole.choices, default=SpeakerRole.SPEECH
    )
    topic_en = models.TextField(_("topic (English)"), blank=True)
    topic_zh = models.TextField(_("topic (Chinese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(fields=["event", "person", "role"], name="event_speaker_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def topic(self) -> str:
        return in_ui_language(self.topic_en, self.topic_zh)


class RegistrationKind(models.TextChoices):
    STUDENT = "student", _("Student")
    ENTERPRISE_REPRESENTATIVE = "enterprise_representative", _("Enterprise representative")
    GUEST = "guest", _("Guest")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")


#: Statuses that hold a place (or a claim to one): at most one per person and event.
ACTIVE_STATUSES = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
]


def new_ticket_code() -> str:
    """A random, unguessable ticket code (about 128 bits), safe in URLs and QR codes."""
    return secrets.token_urlsafe(16)


class RegistrationQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(user_id=user.pk) | Q(registered_by_id=user.pk)
        if scope == Scope.OWN_ORG:
            organised = EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            return Q(event__in=organised) | Q(organization_id__in=org_ids)
        return Q(pk__in=[])

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def search(self, text: str):
        queryset = self
        for term in (text or "").split():
            queryset = queryset.filter(
                Q(name__icontains=term)
                | Q(email__icontains=term)
                | Q(ticket_code=term)
                | Q(user__first_name__icontains=term)
                | Q(user__last_name__icontains=term)
                | Q(user__email__icontains=term)
                | Q(organization__name_en__icontains=term)
                | Q(organization__name_zh__icontains=term)
            )
        return queryset


class Registration(TimeStampedModel):
    """A person's place at an event, with the ticket they show at the door.

    ``user`` is empty for a guest or an enterprise representative registered by someone
    else without an account; ``name`` and ``email`` always say who it is.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(
        _("attends as"),
        max_length=32,
        choices=RegistrationKind.choices,
        default=RegistrationKind.STUDENT,
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    ticket_code = models.CharField(
        _("ticket code"), max_length=64, unique=True, default=new_ticket_code, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=ACTIVE_STATUSES) & Q(user__isnull=False),
                name="registration_one_active_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=ACTIVE_STATUSES) & ~Q(email=""),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "status", "waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:ticket", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def waitlist_position(self) -> int | None:
        """1 for the next person to be promoted; ``None`` when not on the waiting list."""
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        ahead = Registration.objects.filter(
            event_id=self.event_id, status=RegistrationStatus.WAITLISTED
        ).filter(
            Q(waitlisted_at__lt=self.waitlisted_at)
            | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


class BoothQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            organised = EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            return Q(event__in=organised) | Q(enterprise_id__in=org_ids)
        if scope == Scope.SHARED:
            return Q(event__status__in=PUBLIC_STATUSES)
        return Q(pk__in=[])


class Booth(TimeStampedModel):
    """An enterprise's stand at a fair, with the positions and projects it presents and
    the hours it takes one-to-one meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    enterprise = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="booths",
        verbose_name=_("enterprise"),
    )
    label = models.CharField(_("booth"), max_length=40, blank=True, help_text=_("e.g. A3"))
    description = models.TextField(_("description"), blank=True)
    positions = models.ManyToManyField(
        "jobs.Position", related_name="booths", blank=True, verbose_name=_("positions")
    )
    projects = models.ManyToManyField(
        "jobs.Project", related_name="booths", blank=True, verbose_name=_("projects")
    )
    meeting_start = models.TimeField(_("meetings from"), null=True, blank=True)
    meeting_end = models.TimeField(_("meetings until"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    breaks = models.JSONField(
        _("breaks"),
        default=list,
        blank=True,
        help_text=_('Pairs of local times without meetings, e.g. [["12:00", "13:00"]].'),
    )

    objects = BoothQuerySet.as_manager()

    class Meta:
        ordering = ["event", "label", "pk"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="booth_unique_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.enterprise}".strip()

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.meeting_start and self.meeting_end and self.meeting_end <= self.meeting_start:
            raise ValidationError({"meeting_end": _("Meetings must end after they start.")})
        if not isinstance(self.breaks, list):
            raise ValidationError({"breaks": _("Breaks must be a list of [start, end] pairs.")})
        for pair in self.breaks:
            try:
                start, end = (dt.time.fromisoformat(value) for value in pair)
            except (TypeError, ValueError):
                raise ValidationError(
                    {"breaks": _('Each break is a pair of times such as ["12:00", "13:00"].')}
                ) from None
            if end <= start:
                raise ValidationError({"breaks": _("A break must end after it starts.")})


# --- one-to-one meetings at fairs (bodies refined by the meetings engineer) ---------------


class MeetingScopedQuerySet(ScopedQuerySet):
    """Meeting requests and meetings: the student's own, the booth enterprise's, and all
    of an event's for its organisers."""

    registration_path = "registration"
    event_path = "event"
    booth_path = "booth"

    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(**{f"{self.registration_path}__user_id": user.pk})
        if scope == Scope.OWN_ORG:
            organised = EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            return Q(**{f"{self.event_path}__in": organised}) | Q(
                **{f"{self.booth_path}__enterprise_id__in": org_ids}
            )
        return Q(pk__in=[])


class MeetingDirection(models.TextChoices):
    STUDENT_REQUEST = "student_request", _("Requested by the student")
    ENTERPRISE_INVITATION = "enterprise_invitation", _("Invitation from the enterprise")


class MeetingRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SCHEDULED = "scheduled", _("Scheduled")
    UNSCHEDULED = "unscheduled", _("Could not be scheduled")


class MeetingRequest(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="meeting_requests")
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("student"),
    )
    direction = models.CharField(
        _("direction"),
        max_length=24,
        choices=MeetingDirection.choices,
        default=MeetingDirection.STUDENT_REQUEST,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeetingRequestStatus.choices,
        default=MeetingRequestStatus.REQUESTED,
    )
    suitability = models.FloatField(_("suitability score"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = MeetingScopedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "-created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["booth", "registration"], name="meeting_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} → {self.booth}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("request"),
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("student")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
    )

    objects = MeetingScopedQuerySet.as_manager()

    class Meta:
        ordering = ["event", "starts_at", "booth"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["booth", "starts_at"], name="meeting_unique_slot"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} @ {self.booth}"


class ConsultationQuerySet(MeetingScopedQuerySet):
    registration_path = "meeting__registration"
    event_path = "meeting__event"
    booth_path = "meeting__booth"


class NextStep(models.TextChoices):
    NONE = "none", _("None")
    APPLY = "apply", _("Invite to apply")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    TRAINING = "training", _("Training first")


def _fit_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Consultation(TimeStampedModel):
    """What a one-to-one talk about career planning and position suitability concluded."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="consultation", verbose_name=_("meeting")
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("position discussed"),
    )
    explanation = models.JSONField(_("suitability explanation"), default=dict, blank=True)
    application = models.ForeignKey(
        "pipeline.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("application"),
    )
    skills_fit = _fit_field(_("skills fit"))
    language_fit = _fit_field(_("language fit"))
    career_plan_fit = _fit_field(_("career plan fit"))
    comments = models.TextField(_("comments"), blank=True)
    next_step = models.CharField(
        _("next step"), max_length=12, choices=NextStep.choices, default=NextStep.NONE
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return str(self.meeting)


class EventOutcomeQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            organised = EventOrganiser.objects.filter(organization_id__in=org_ids).values("event")
            return Q(event__in=organised)
        if scope == Scope.SHARED:
            return Q(event__status__in=PUBLIC_STATUSES)
        return Q(pk__in=[])


class EventOutcome(TimeStampedModel):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("event")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    agreements_signed_count = models.PositiveIntegerField(_("agreements signed"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    objects = EventOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("event outcome")
        verbose_name_plural = _("event outcomes")

    def __str__(self) -> str:
        return str(self.event)
