"""Enterprises' projects (a hydropower plant in Pakistan, a ceramics workshop in Vietnam)
and the positions they open, with requirements in the taxonomy's words."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.choices import EducationLevel, PositionKind, language_choices, language_name
from corridor.core.i18n import in_other_language, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.core.text import search_terms
from corridor.taxonomy.levels import LanguageScale, validate_level


def _enterprise_name_q(term: str, prefix: str = "enterprise__") -> Q:
    return (
        Q(**{f"{prefix}name_en__icontains": term})
        | Q(**{f"{prefix}name_zh__icontains": term})
        | Q(**{f"{prefix}name_local__icontains": term})
        | Q(**{f"{prefix}abbreviation__icontains": term})
    )


class ProjectQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(enterprise_id__in=org_ids)
        return Q(pk__in=[])

    def search(self, text: str):
        """Projects whose every typed word is in the title (either language), reference,
        city or the enterprise's name."""
        queryset = self
        for term in search_terms(text):
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_zh__icontains=term)
                | Q(reference__icontains=term)
                | Q(city__icontains=term)
                | _enterprise_name_q(term)
            )
        return queryset


class Project(TimeStampedModel):
    enterprise = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("enterprise"),
    )
    reference = models.SlugField(
        _("reference"), max_length=80, help_text=_("Your own code for the project.")
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title_en"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "reference"], name="project_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        """The title in the language not shown by :attr:`title`, if any."""
        return in_other_language(self.title_en, self.title_zh)

    def get_absolute_url(self) -> str:
        return reverse("jobs:project_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end comes before the start.")})


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")


class PositionQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(enterprise_id__in=org_ids)
        if scope == Scope.SHARED:
            return Q(status__in=[PositionStatus.OPEN, PositionStatus.FILLED, PositionStatus.CLOSED])
        return Q(pk__in=[])

    def open(self):
        return self.filter(status=PositionStatus.OPEN)

    def search(self, text: str):
        """Positions where every typed word (Chinese as bigrams) is found in the title in
        either language, the enterprise's name, the occupation or a required skill's labels
        and synonyms in any language."""
        queryset = self
        for term in search_terms(text):
            skill_hit = PositionSkill.objects.filter(
                position=OuterRef("pk"), skill__search_text__contains=f" {term}"
            )
            queryset = queryset.filter(
                Q(title_en__icontains=term)
                | Q(title_zh__icontains=term)
                | Q(reference__icontains=term)
                | _enterprise_name_q(term)
                | Q(occupation__search_text__contains=f" {term}")
                | Exists(skill_hit)
            )
        return queryset

    def requiring_skill(self, skill):
        return self.filter(
            Exists(PositionSkill.objects.filter(position=OuterRef("pk"), skill=skill))
        )

    def requiring_language(self, code: str):
        return self.filter(
            Exists(PositionLanguage.objects.filter(position=OuterRef("pk"), language=code))
        )


class Position(TimeStampedModel):
    enterprise = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("enterprise"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("project"),
    )
    reference = models.SlugField(
        _("reference"), max_length=80, help_text=_("Your own code for the position.")
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
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
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    min_education = models.CharField(
        _("minimum education"), max_length=16, choices=EducationLevel.choices, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PositionStatus.choices, default=PositionStatus.DRAFT
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "reference"], name="position_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="position_headcount_positive"
            ),
        ]
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    @property
    def other_title(self) -> str:
        """The title in the language not shown by :attr:`title`, if any."""
        return in_other_language(self.title_en, self.title_zh)

    def get_absolute_url(self) -> str:
        return reverse("jobs:position_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.project_id
            and self.enterprise_id
            and self.project.enterprise_id != self.enterprise_id
        ):
            raise ValidationError({"project": _("The project belongs to another enterprise.")})
        if (
            self.start_date
            and self.application_deadline
            and self.application_deadline > self.start_date
        ):
            raise ValidationError(
                {"application_deadline": _("The deadline must not be after the start date.")}
            )


class Importance(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class PositionSkill(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    importance = models.CharField(
        _("importance"), max_length=12, choices=Importance.choices, default=Importance.ESSENTIAL
    )

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(fields=["position", "skill"], name="position_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.importance})"


class PositionLanguage(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    scale = models.CharField(_("scale"), max_length=8, choices=LanguageScale.choices)
    level = models.CharField(_("minimum level"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("language requirement")
        verbose_name_plural = _("language requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "language"], name="position_language_unique"
            )
        ]

    def __str__(self) -> str:
        return self.requirement

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def level_name(self) -> str:
        """``HSK 4``, ``CEFR B2`` or ``native speaker``."""
        if self.scale == LanguageScale.NATIVE:
            return str(_("native speaker"))
        return f"{self.scale} {self.level}".strip()

    @property
    def requirement(self) -> str:
        """The requirement in words: ``Chinese ≥ HSK 4`` (in the interface language)."""
        if self.scale == LanguageScale.NATIVE:
            return str(_("%(language)s, native speaker") % {"language": self.language_name})
        return str(
            _("%(language)s ≥ %(level)s")
            % {"language": self.language_name, "level": self.level_name}
        )

    def clean(self):
        validate_level(self.scale, self.level)
