"""Alliances with their targets, cooperation agreements, and the sources behind the facts.

An alliance is an organisation of kind *alliance* (members are ``directory.AllianceMember``
rows); :class:`Alliance` adds what only alliances have: founding, countries, targets.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.cooperation.dates import format_partial_date, validate_partial_date
from corridor.core.i18n import in_other_language, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.core.text import search_terms


def secretariat_alliance_ids(org_ids) -> Q:
    """Alliances run by ``org_ids``: their own organisation, or one holding the
    secretariat role among the current members."""
    from corridor.directory.models import AllianceMember, AllianceRole

    via_member = AllianceMember.objects.filter(
        member_id__in=org_ids, role=AllianceRole.SECRETARIAT, left__isnull=True
    ).values("alliance_id")
    return Q(organization_id__in=org_ids) | Q(organization_id__in=via_member)


# --- alliances ---------------------------------------------------------------------------


class AllianceQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return secretariat_alliance_ids(org_ids)
        return Q(pk__in=[])

    def search(self, text: str):
        queryset = self
        for term in search_terms(text):
            queryset = queryset.filter(
                Q(organization__name_en__icontains=term)
                | Q(organization__name_zh__icontains=term)
                | Q(organization__name_local__icontains=term)
                | Q(organization__abbreviation__icontains=term)
            )
        return queryset


class Alliance(TimeStampedModel):
    organization = models.OneToOneField(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="alliance",
        verbose_name=_("organisation"),
        help_text=_("The organisation record that acts for the alliance."),
    )
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    founded_month = models.PositiveSmallIntegerField(_("founded (month)"), null=True, blank=True)
    founded_day = models.PositiveSmallIntegerField(_("founded (day)"), null=True, blank=True)
    founded_place = models.CharField(_("founded at"), max_length=255, blank=True)
    founding_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founded_alliances",
        verbose_name=_("founding event"),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    member_count_reported = models.PositiveIntegerField(
        _("members (as reported)"), null=True, blank=True
    )
    member_count_text = models.TextField(
        _("members (as reported, in words)"),
        blank=True,
        help_text=_("What the sources say about the number of members, in their words."),
    )

    objects = AllianceQuerySet.as_manager()

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["organization__name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.organization.display_name

    @property
    def slug(self) -> str:
        return self.organization.slug

    @property
    def founded(self) -> str:
        return format_partial_date(self.founded_year, self.founded_month, self.founded_day)

    def get_absolute_url(self) -> str:
        return reverse("cooperation:alliance_detail", args=[self.organization.slug])

    def clean(self):
        from django.core.exceptions import ValidationError

        from corridor.directory.models import OrganizationKind

        validate_partial_date(self.founded_year, self.founded_month, self.founded_day, "founded")
        # An association may act as an alliance (CCN: "an alliance by name, one body").
        allowed = (OrganizationKind.ALLIANCE, OrganizationKind.ASSOCIATION)
        if self.organization_id and self.organization.kind not in allowed:
            raise ValidationError(
                {"organization": _("Choose an organisation of kind “alliance” or “association”.")}
            )

    def current_members(self):
        from corridor.directory.models import AllianceMember

        today = timezone.localdate()
        return (
            AllianceMember.objects.filter(alliance_id=self.organization_id)
            .filter(Q(left__isnull=True) | Q(left__gt=today))
            .filter(Q(joined__isnull=True) | Q(joined__lte=today))
        )

    def member_organization_ids(self) -> list[int]:
        return list(self.current_members().values_list("member_id", flat=True))


# --- targets -----------------------------------------------------------------------------


class Metric(models.TextChoices):
    INTERNSHIPS_AND_JOBS = "internships_and_jobs", _("Internships and jobs")
    STUDENTS_TO_CHINA = "students_to_china", _("Students to China")
    TRAINEES_MANDARIN_VOCATIONAL = (
        "trainees_mandarin_vocational",
        _("“Mandarin + vocational skills” trainees"),
    )
    TEACHERS_TRAINED = "teachers_trained", _("Teachers trained")
    STANDARDS_INTRODUCED = "standards_introduced", _("Standards introduced")
    TRAINING_CENTRES = "training_centres", _("Training centres")
    BRANCH_CAMPUSES = "branch_campuses", _("Branch campuses")
    COURSES = "courses", _("Courses")
    OTHER = "other", _("Other")


class Measurement(models.TextChoices):
    COMPUTED = "computed", _("Computed from platform data")
    ENTERED = "entered", _("Entered with evidence")


class Comparator(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


def _alliance_scope(org_ids, prefix="alliance__") -> Q:
    from corridor.directory.models import AllianceMember, AllianceRole

    via_member = AllianceMember.objects.filter(
        member_id__in=org_ids, role=AllianceRole.SECRETARIAT, left__isnull=True
    ).values("alliance_id")
    return Q(**{f"{prefix}organization_id__in": org_ids}) | Q(
        **{f"{prefix}organization_id__in": via_member}
    )


class TargetQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return _alliance_scope(org_ids)
        return Q(pk__in=[])


class Target(TimeStampedModel):
    """A quantified aim of an alliance ("50,000 internships and jobs")."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="targets", verbose_name=_("alliance")
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    label_en = models.CharField(_("label (English)"), max_length=255)
    label_zh = models.CharField(_("label (Chinese)"), max_length=255, blank=True)
    target_value = models.PositiveBigIntegerField(_("target value"))
    comparator = models.CharField(
        _("comparator"), max_length=16, choices=Comparator.choices, default=Comparator.EXACT
    )
    unit_en = models.CharField(_("unit (English)"), max_length=64, blank=True)
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=64, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(
        _("deadline (as stated)"),
        max_length=255,
        blank=True,
        help_text=_("The deadline in the source's words when it gives no date."),
    )
    measurement = models.CharField(
        _("how measured"), max_length=16, choices=Measurement.choices, default=Measurement.ENTERED
    )
    stated_by = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stated by"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["alliance", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "metric", "label_en"], name="target_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_ui_language(self.label_en, self.label_zh)

    @property
    def other_label(self) -> str:
        return in_other_language(self.label_en, self.label_zh)

    @property
    def unit(self) -> str:
        return in_ui_language(self.unit_en, self.unit_zh)

    def get_absolute_url(self) -> str:
        return reverse("cooperation:target_detail", args=[self.pk])


class TargetProgressEntry(TimeStampedModel):
    """A figure entered by hand, with its evidence, for a target the platform cannot count."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="entries", verbose_name=_("target")
    )
    value = models.PositiveBigIntegerField(_("value"))
    as_of = models.DateField(_("as of"))
    evidence = models.TextField(_("evidence"))
    evidence_file = models.FileField(
        _("evidence file"), upload_to="cooperation/evidence/%Y/", blank=True
    )
    source = models.ForeignKey(
        "cooperation.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} ({self.as_of})"


class TargetSnapshot(models.Model):
    """The value of a target on one day (written daily), for its history."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("target")
    )
    date = models.DateField(_("date"))
    value = models.PositiveBigIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=16, choices=Measurement.choices)

    class Meta:
        verbose_name = _("target snapshot")
        verbose_name_plural = _("target snapshots")
        ordering = ["target", "date"]
        constraints = [
            models.UniqueConstraint(fields=["target", "date"], name="target_snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} on {self.date}"


# --- agreements ----------------------------------------------------------------------------


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum_of_cooperation", _("Memorandum of cooperation")
    FRAMEWORK = "framework_agreement", _("Framework agreement")
    STRATEGIC = "strategic_cooperation_agreement", _("Strategic cooperation agreement")
    COMPREHENSIVE = "comprehensive_cooperation_agreement", _("Comprehensive cooperation agreement")
    COOPERATION = "cooperation_agreement", _("Cooperation agreement")
    PROJECT = "project_agreement", _("Project agreement")
    OTHER = "other", _("Other")


class Area(models.TextChoices):
    INTERNSHIPS = "internships", _("Internships")
    EMPLOYMENT = "employment", _("Employment")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    TEACHER_TRAINING = "teacher_training", _("Teacher training")
    CURRICULUM_STANDARDS = "curriculum_standards", _("Curriculum standards")
    DUAL_DIPLOMA = "dual_diploma", _("Dual diploma")
    MANDARIN_TEACHING = "mandarin_teaching", _("Mandarin teaching")
    CUSTOMISED = "customised_talent_development", _("Customised talent development")
    VOCATIONAL_EDUCATION = "vocational_education", _("Vocational education")
    DIGITAL_ECONOMY = "digital_economy", _("Digital economy")
    BRAND = "brand_internationalisation", _("Brand internationalisation")
    RISK_TRAINING = "risk_training", _("Risk prevention training")
    RESEARCH = "research", _("Research")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


#: The only status changes allowed: from -> the statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    AgreementStatus.DRAFT: (AgreementStatus.SIGNED, AgreementStatus.TERMINATED),
    AgreementStatus.SIGNED: (
        AgreementStatus.IN_FORCE,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    ),
    AgreementStatus.IN_FORCE: (
        AgreementStatus.COMPLETED,
        AgreementStatus.EXPIRED,
        AgreementStatus.TERMINATED,
    ),
    AgreementStatus.COMPLETED: (),
    AgreementStatus.EXPIRED: (),
    AgreementStatus.TERMINATED: (),
}

#: Statuses whose agreements are public facts (everyone may read them).
PUBLIC_STATUSES = [s for s in AgreementStatus.values if s != AgreementStatus.DRAFT]


class AgreementQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            parties = AgreementParty.objects.filter(organization_id__in=org_ids).values(
                "agreement_id"
            )
            alliances = Alliance.objects.filter(secretariat_alliance_ids(org_ids)).values("pk")
            return Q(pk__in=parties) | Q(alliance_id__in=alliances)
        if scope == Scope.SHARED:
            return Q(status__in=PUBLIC_STATUSES)
        return Q(pk__in=[])

    def search(self, text: str):
        """Agreements where every typed word is in a title (either language) or a party's
        name in any script."""
        queryset = self
        for term in search_terms(text):
            parties = AgreementParty.objects.filter(
                Q(organization__name_en__icontains=term)
                | Q(organization__name_zh__icontains=term)
                | Q(organization__name_local__icontains=term)
                | Q(organization__abbreviation__icontains=term)
            ).values("agreement_id")
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_zh__icontains=term)
                | Q(parties_text__icontains=term)
                | Q(pk__in=parties)
            )
        return queryset


class Agreement(TimeStampedModel):
    """A memorandum or agreement between two or more parties, signed at an event."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AgreementKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_zh = models.CharField(_("title (Chinese)"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("alliance"),
    )
    signed_year = models.PositiveSmallIntegerField(_("signed (year)"), null=True, blank=True)
    signed_month = models.PositiveSmallIntegerField(_("signed (month)"), null=True, blank=True)
    signed_day = models.PositiveSmallIntegerField(_("signed (day)"), null=True, blank=True)
    signed_place = models.CharField(_("signed at"), max_length=255, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("signed at the event"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    parties_text = models.CharField(
        _("parties (in words)"),
        max_length=500,
        blank=True,
        help_text=_("When the sources do not name the parties, what they say about them."),
    )
    count = models.PositiveSmallIntegerField(
        _("number of agreements"),
        default=1,
        help_text=_("More than 1 when this entry stands for several agreements reported together."),
    )
    witness_text = models.TextField(_("witnesses (in words)"), blank=True)
    description = models.TextField(_("description"), blank=True)
    reminder_sent_for = models.DateField(
        _("expiry reminder sent for"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The end date the last expiry reminder was about."),
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_year", "-signed_month", "-signed_day", "title_en"]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        return in_other_language(self.title_en, self.title_zh)

    @property
    def signed(self) -> str:
        return format_partial_date(self.signed_year, self.signed_month, self.signed_day)

    def get_absolute_url(self) -> str:
        return reverse("cooperation:agreement_detail", args=[self.slug])

    def clean(self):
        from django.core.exceptions import ValidationError

        validate_partial_date(self.signed_year, self.signed_month, self.signed_day, "signed")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end comes before the start.")})

    @property
    def area_values(self) -> list[str]:
        return [row.area for row in self.areas.all()]


class PartyRole(models.TextChoices):
    PARTY = "party", _("Party")
    LEAD = "lead", _("Lead party")
    IMPLEMENTING = "implementing", _("Implementing party")


class AgreementParty(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTY
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="agreement_party_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class SignatoryCapacity(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    WITNESS = "witness", _("Witness")


class AgreementSignatory(models.Model):
    """A person who signed for a party, or witnessed the signing."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("agreement"),
    )
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.PROTECT,
        related_name="agreement_signatures",
        verbose_name=_("person"),
    )
    capacity = models.CharField(
        _("capacity"),
        max_length=16,
        choices=SignatoryCapacity.choices,
        default=SignatoryCapacity.SIGNATORY,
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("signs for"),
    )

    class Meta:
        verbose_name = _("signatory or witness")
        verbose_name_plural = _("signatories and witnesses")
        ordering = ["capacity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person", "capacity"], name="agreement_signatory_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class AgreementArea(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="areas", verbose_name=_("agreement")
    )
    area = models.CharField(_("area"), max_length=40, choices=Area.choices)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "area"], name="agreement_area_unique")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class Commitment(models.Model):
    """A quantified promise of an agreement ("210 curriculum standards")."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    area = models.CharField(_("area"), max_length=40, choices=Area.choices, blank=True)
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comparator = models.CharField(
        _("comparator"), max_length=16, choices=Comparator.choices, default=Comparator.EXACT
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_zh = models.TextField(_("text (Chinese)"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text or f"{self.number} {self.unit}"

    @property
    def text(self) -> str:
        return in_ui_language(self.text_en, self.text_zh)


class AgreementDocument(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="cooperation/agreements/%Y/")
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


# --- provenance ----------------------------------------------------------------------------


class SourceQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        return Q(pk__in=[])

    def search(self, text: str):
        queryset = self
        for term in search_terms(text):
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_zh__icontains=term)
                | Q(publisher__icontains=term)
                | Q(notes__icontains=term)
            )
        return queryset


class Source(TimeStampedModel):
    """A report, article or document that facts on the platform come from."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_zh = models.CharField(_("title (Chinese)"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    date_year = models.PositiveSmallIntegerField(_("date (year)"), null=True, blank=True)
    date_month = models.PositiveSmallIntegerField(_("date (month)"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("date (day)"), null=True, blank=True)
    date_text = models.CharField(_("date (as written)"), max_length=120, blank=True)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    file_path = models.CharField(
        _("file path"), max_length=500, blank=True, help_text=_("Where the file is kept.")
    )
    upload = models.FileField(_("file"), upload_to="cooperation/sources/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def date(self) -> str:
        return format_partial_date(self.date_year, self.date_month, self.date_day)

    def get_absolute_url(self) -> str:
        return reverse("cooperation:source_detail", args=[self.slug])

    def clean(self):
        validate_partial_date(self.date_year, self.date_month, self.date_day, "date")


class Citation(models.Model):
    """Links any record (agreement, event, target, statistic...) to a source it comes from."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="citations", verbose_name=_("source")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    cited = GenericForeignKey("content_type", "object_id")
    locator = models.CharField(
        _("locator"),
        max_length=255,
        blank=True,
        help_text=_("Where in the source: a page, a paragraph, a quotation."),
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["source__slug", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "locator"],
                name="citation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.content_type.model} {self.object_id}"
