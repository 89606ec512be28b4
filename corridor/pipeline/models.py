"""Applications: a talent profile moving towards a position, with their audit trail.

The states and who may move an application between them live in
:mod:`corridor.pipeline.states`; every change goes through
:func:`corridor.pipeline.services.transition`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.choices import PositionKind
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.pipeline.states import CLOSED, Origin, State


class ApplicationQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(profile__user_id=user.pk)
        if scope == Scope.OWN_ORG:
            # The enterprise recruiting, or the institution whose student applies.
            recruiting = user.organization_ids("recruiter") & set(org_ids)
            teaching = user.organization_ids("institution_admin") & set(org_ids)
            return Q(position__enterprise_id__in=recruiting) | Q(
                profile__institution_id__in=teaching
            )
        return Q(pk__in=[])

    def live(self):
        return self.exclude(state__in=CLOSED)

    def placed(self):
        return self.filter(state=State.PLACED)


class Application(TimeStampedModel):
    """One talent profile's application to (or invitation for, or offer of) one position.

    A profile has at most one *live* application per position (closed ones — declined,
    withdrawn, rejected — do not count, so the student may apply again later).
    """

    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("talent profile"),
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("position"),
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    drive = models.ForeignKey(
        "matching.PlacementDrive",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("placement drive"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("event"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    cover_note = models.TextField(_("cover note"), blank=True)
    interview_at = models.DateTimeField(_("interview at"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=255, blank=True)
    offer_terms = models.TextField(_("offer terms"), blank=True)
    placement_kind = models.CharField(
        _("placement kind"), max_length=16, choices=PositionKind.choices
    )
    placement_start = models.DateField(_("placement start"), null=True, blank=True)
    placement_end = models.DateField(_("placement end"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "position"],
                # sorted: a frozenset's order changes between processes (and migrations)
                condition=~Q(state__in=sorted(s.value for s in CLOSED)),
                name="application_one_live_per_profile_position",
            ),
            models.CheckConstraint(
                condition=Q(placement_end__isnull=True)
                | Q(placement_start__isnull=True)
                | Q(placement_end__gte=models.F("placement_start")),
                name="application_placement_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["position", "state"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.position}"

    def get_absolute_url(self) -> str:
        return reverse("pipeline:application_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED


class ApplicationTransition(models.Model):
    """One change of state (the audit trail): who moved the application, when, and why.
    The first row of an application has an empty ``from_state``."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=24, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application transition")
        verbose_name_plural = _("application transitions")

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"


class NoteQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(application__position__enterprise_id__in=org_ids)
        return Q(pk__in=[])


class ApplicationNote(models.Model):
    """A recruiting-side note on an application; never shown to the student."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application note")
        verbose_name_plural = _("application notes")

    def __str__(self) -> str:
        return self.text[:60]
