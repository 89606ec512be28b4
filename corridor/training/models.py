"""Training: programmes and their cohorts, enrolments and certificates; talent orders;
curriculum standards and their adoptions; skill competitions; students' career plans.

Every scoped model has a ``ScopedQuerySet`` whose ``scope_q`` says what "own organisation"
or "own" means for it; who may do what lives in ``corridor.core.permissions.POLICY``.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.choices import language_choices
from corridor.core.i18n import in_other_language, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.talent.models import SkillLevel
from corridor.taxonomy.levels import LanguageScale, validate_level

NOTHING = Q(pk__in=[])


class _Titled:
    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        return in_other_language(self.title_en, self.title_zh)

    def __str__(self) -> str:
        return self.title


# --- programmes ---------------------------------------------------------------------------


class ProgrammeKind(models.TextChoices):
    MANDARIN_VOCATIONAL = "mandarin_vocational", _("Mandarin + vocational skills")
    DUAL_DIPLOMA = "dual_diploma", _("Dual diploma")
    TEACHER_TRAINING = "teacher_training", _("Teacher training")
    CUSTOMISED = "customised", _("Customised (order-based)")
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    SHORT_COURSE = "short_course", _("Short course")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


def provided_by(org_ids, prefix: str = "") -> Q:
    """Rows whose programme (``prefix`` leads to it) is run by one of ``org_ids``."""
    programmes = Programme.providers.through.objects.filter(organization_id__in=org_ids)
    field = f"{prefix}id__in" if prefix else "pk__in"
    return Q(**{field: programmes.values("programme_id")})


class ProgrammeQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return provided_by(org_ids)
        return NOTHING

    def teaching(self, skill_ids):
        """Programmes that teach any of ``skill_ids``."""
        return self.filter(
            pk__in=ProgrammeSkill.objects.filter(skill_id__in=skill_ids).values("programme_id")
        )


class Programme(_Titled, TimeStampedModel):
    """A training programme run by one or more institutions (Mandarin + vocational
    skills, dual diploma, teacher training, order-based training, summer school ...)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ProgrammeKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    providers = models.ManyToManyField(
        "directory.Organization",
        blank=True,
        related_name="programmes_provided",
        verbose_name=_("providers"),
    )
    orderer = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes_ordered",
        verbose_name=_("ordered by"),
    )
    sector = models.ForeignKey(
        "taxonomy.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    language = models.CharField(
        _("language taught"), max_length=8, choices=language_choices, blank=True
    )
    language_scale = models.CharField(
        _("language scale"), max_length=8, choices=LanguageScale.choices, blank=True
    )
    language_level = models.CharField(
        _("language level reached"),
        max_length=4,
        blank=True,
        help_text=_("e.g. 4 for HSK 4, B2 for CEFR"),
    )
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    agreements = models.ManyToManyField(
        "cooperation.Agreement",
        blank=True,
        related_name="programmes",
        verbose_name=_("agreements it stems from"),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title_en", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_absolute_url(self) -> str:
        return reverse("training:programme_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.language_scale) != bool(self.language) or (
            self.language_level and not self.language_scale
        ):
            raise ValidationError(
                {
                    "language_scale": _(
                        "Give the language, its scale and the level reached together."
                    )
                }
            )
        if self.language_scale:
            try:
                validate_level(self.language_scale, self.language_level)
            except ValidationError as error:
                raise ValidationError({"language_level": error.messages}) from None

    @property
    def teaches_teachers(self) -> bool:
        return self.kind == ProgrammeKind.TEACHER_TRAINING

    @property
    def mandarin_vocational(self) -> bool:
        return self.kind == ProgrammeKind.MANDARIN_VOCATIONAL


class ProgrammeSkill(models.Model):
    """A skill a programme teaches, and the level its graduates reach."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("level reached"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE
    )

    class Meta:
        verbose_name = _("skill taught")
        verbose_name_plural = _("skills taught")
        constraints = [
            models.UniqueConstraint(fields=["programme", "skill"], name="programme_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


# --- talent orders ------------------------------------------------------------------------


class OrderStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    IN_TRAINING = "in_training", _("In training")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class TalentOrderQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(orderer_id__in=org_ids) | Q(supplier_id__in=org_ids)
        return NOTHING


class TalentOrder(_Titled, TimeStampedModel):
    """An enterprise or association orders trained people from an institution
    (order-based, "customised" training); cohorts of its programme fulfil it.

    ``orderer`` is empty where a report describes order-based training without naming
    who ordered it (then only the training institution's staff see the order)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    orderer = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talent_orders_placed",
        verbose_name=_("ordered by"),
    )
    supplier = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="talent_orders_received",
        verbose_name=_("training institution"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("programme"),
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(
        _("people ordered"),
        null=True,
        blank=True,
        help_text=_("Empty when the order names no number."),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PROPOSED
    )
    description = models.TextField(_("description"), blank=True)

    objects = TalentOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("talent order")
        verbose_name_plural = _("talent orders")

    def get_absolute_url(self) -> str:
        return reverse("training:order_detail", args=[self.pk])


class TalentOrderSkill(models.Model):
    order = models.ForeignKey(TalentOrder, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE
    )

    class Meta:
        verbose_name = _("skill ordered")
        verbose_name_plural = _("skills ordered")
        constraints = [
            models.UniqueConstraint(fields=["order", "skill"], name="order_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


# --- cohorts, enrolments, certificates ------------------------------------------------------


class CohortQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return provided_by(org_ids, "programme_")
        return NOTHING


class Cohort(TimeStampedModel):
    """One intake of a programme; it may fulfil a talent order."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    order = models.ForeignKey(
        TalentOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("talent order fulfilled"),
    )
    synthetic = models.BooleanField(_("synthetic (demo data)"), default=False)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("training:cohort_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FAILED = "failed", _("Failed")


#: Enrolments that hold a place in a cohort.
ACTIVE_STATUSES = [EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]


class EnrolmentQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(profile__user_id=user.pk)
        if scope == Scope.OWN_ORG:
            return provided_by(org_ids, "cohort__programme_") | Q(
                profile__institution_id__in=org_ids
            )
        return NOTHING


class Enrolment(TimeStampedModel):
    """A student in a cohort; completing it adds the programme's skills to the profile
    and issues a certificate."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort")
    )
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("student"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "profile"], name="enrolment_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.cohort}"

    def get_absolute_url(self) -> str:
        return self.cohort.get_absolute_url()


def new_code() -> str:
    """A verification code: 12 characters without look-alikes (0/O, 1/I/L)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class CertificateQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(enrolment__profile__user_id=user.pk)
        if scope == Scope.OWN_ORG:
            return provided_by(org_ids, "enrolment__cohort__programme_") | Q(
                enrolment__profile__institution_id__in=org_ids
            )
        return NOTHING


class Certificate(TimeStampedModel):
    """Proof of a completed enrolment. The code is public: anyone holding it may verify
    the certificate at ``/training/verify/<code>/`` (holder, programme, date only)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_code)
    issued_on = models.DateField(_("issued on"))
    revoked = models.BooleanField(_("revoked"), default=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("training:certificate_pdf", args=[self.code])

    def get_verify_url(self) -> str:
        return reverse("training:verify", args=[self.code])


# --- curriculum standards -------------------------------------------------------------------


class StandardQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(origin_id__in=org_ids)
        return NOTHING


class CurriculumStandard(_Titled, TimeStampedModel):
    """A vocational or curriculum standard written by one organisation, which
    institutions elsewhere adopt ("210 vocational standards introduced")."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    occupation = models.ForeignKey(
        "taxonomy.Occupation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    sector = models.ForeignKey(
        "taxonomy.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    origin = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="standards",
        verbose_name=_("written by"),
    )
    origin_country = CountryField(_("country of origin"))
    version = models.CharField(_("version"), max_length=40, blank=True)
    document = models.FileField(_("document"), upload_to="standards/%Y/", blank=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("curriculum standard")
        verbose_name_plural = _("curriculum standards")

    def get_absolute_url(self) -> str:
        return reverse("training:standard_detail", args=[self.pk])


class AdoptionQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(institution_id__in=org_ids)
        return NOTHING

    def cross_border(self):
        """Adoptions in another country than the standard's: these count towards targets."""
        return self.exclude(country=models.F("standard__origin_country"))


class StandardAdoption(TimeStampedModel):
    """An institution teaching to a curriculum standard from ``adopted_on``."""

    standard = models.ForeignKey(
        CurriculumStandard,
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("standard"),
    )
    institution = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="standard_adoptions",
        verbose_name=_("institution"),
    )
    country = CountryField(_("country"))
    adopted_on = models.DateField(_("adopted on"))

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "pk"]
        verbose_name = _("standard adoption")
        verbose_name_plural = _("standard adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "institution"], name="adoption_once_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} @ {self.institution}"

    def get_absolute_url(self) -> str:
        return self.standard.get_absolute_url()

    @property
    def cross_border(self) -> bool:
        return str(self.country) != str(self.standard.origin_country)


# --- skill competitions ---------------------------------------------------------------------


class CompetitionQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(organiser_id__in=org_ids)
        return NOTHING


class Competition(_Titled, TimeStampedModel):
    """A skills competition; results add certified evidence to entrants' profiles.

    Dates are optional: a report may name a competition without saying when it was."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    organiser = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competitions",
        verbose_name=_("organiser"),
    )
    skills = models.ManyToManyField(
        "taxonomy.Skill", blank=True, related_name="+", verbose_name=_("skills and trades")
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["title_en", "pk"]
        verbose_name = _("skills competition")
        verbose_name_plural = _("skills competitions")

    def get_absolute_url(self) -> str:
        return reverse("training:competition_detail", args=[self.pk])


class Result(models.TextChoices):
    GOLD = "gold", _("Gold medal")
    SILVER = "silver", _("Silver medal")
    BRONZE = "bronze", _("Bronze medal")
    EXCELLENCE = "excellence", _("Medallion for excellence")
    PARTICIPANT = "participant", _("Participant")


class EntryQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(profile__user_id=user.pk)
        if scope == Scope.OWN_ORG:
            return Q(competition__organiser_id__in=org_ids) | Q(profile__institution_id__in=org_ids)
        return NOTHING


class CompetitionEntry(TimeStampedModel):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("competition")
    )
    profile = models.ForeignKey(
        "talent.TalentProfile",
        on_delete=models.CASCADE,
        related_name="competition_entries",
        verbose_name=_("entrant"),
    )
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "skill", "pk"]
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "profile", "skill"], name="entry_once_per_skill"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.skill}"

    def get_absolute_url(self) -> str:
        return self.competition.get_absolute_url()


# --- career planning ------------------------------------------------------------------------


class CareerTargetQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(profile__user_id=user.pk)
        return NOTHING


class CareerTarget(TimeStampedModel):
    """A position a student aims at, in their career plan."""

    profile = models.ForeignKey(
        "talent.TalentProfile", on_delete=models.CASCADE, related_name="career_targets"
    )
    position = models.ForeignKey(
        "jobs.Position",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("target position"),
    )

    objects = CareerTargetQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("career target")
        verbose_name_plural = _("career targets")
        constraints = [
            models.UniqueConstraint(fields=["profile", "position"], name="career_target_once")
        ]

    def __str__(self) -> str:
        return str(self.position)

    def get_absolute_url(self) -> str:
        return reverse("training:career_plan")
