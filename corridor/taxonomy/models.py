"""Skills and occupations keyed by ESCO concept URIs, with labels in several languages.

Two sources fill these tables: Corridor's curated English/Chinese taxonomy shipped in
``data/`` and official ESCO CSV releases imported by ``corridor taxonomy import-esco``.
A concept both know keeps the curated Chinese labels and sectors; ESCO adds its English
synonyms, descriptions and relations.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.i18n import in_other_language, in_ui_language
from corridor.core.permissions import ScopedQuerySet
from corridor.core.text import search_document


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("Skill or competence")
    KNOWLEDGE = "knowledge", _("Knowledge")
    LANGUAGE = "language", _("Language")
    TRANSVERSAL = "transversal", _("Transversal skill")


class Source(models.TextChoices):
    CURATED = "curated", _("Corridor curated")
    ESCO = "esco", _("ESCO")


class ConceptQuerySet(ScopedQuerySet):
    """The taxonomy is public reference data: everyone may read it (see POLICY)."""

    def scope_q(self, scope, user, org_ids):
        return Q(pk__in=[])


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_zh = models.CharField(_("label (Chinese)"), max_length=120, blank=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_ui_language(self.label_en, self.label_zh)


class Concept(models.Model):
    """What skills and occupations share: URI, bilingual labels, description, sectors."""

    uri = models.CharField(_("concept URI"), max_length=255, unique=True)
    label_en = models.CharField(_("preferred label (English)"), max_length=255)
    label_zh = models.CharField(_("preferred label (Chinese)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    curated = models.BooleanField(
        _("curated by Corridor"), default=False, help_text=_("Part of the shipped taxonomy.")
    )
    in_esco = models.BooleanField(_("in ESCO"), default=False)
    #: Folded labels in every language (see corridor.core.text), for search.
    search_text = models.TextField(editable=False, default="")

    objects = ConceptQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_ui_language(self.label_en, self.label_zh)

    @property
    def other_label(self) -> str:
        """The preferred label in the language not shown by :attr:`label`, if any."""
        return in_other_language(self.label_en, self.label_zh)

    @property
    def description(self) -> str:
        return in_ui_language(self.description_en, self.description_zh)

    def refresh_search_text(self, labels: list[str] | None = None) -> None:
        if labels is None:
            labels = list(self.labels.values_list("text", flat=True))
        self.search_text = search_document(self.label_en, self.label_zh, *labels)


class Skill(Concept):
    skill_type = models.CharField(_("skill type"), max_length=24, choices=SkillType.choices)
    reuse_level = models.CharField(_("reuse level"), max_length=32, blank=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader skill"),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related skills"))
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="skills", verbose_name=_("sectors")
    )

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def get_absolute_url(self) -> str:
        return reverse("taxonomy:skill_detail", args=[self.pk])


class Occupation(Concept):
    isco_group = models.CharField(_("ISCO-08 group"), max_length=8, blank=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader occupation"),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="occupations", verbose_name=_("sectors")
    )
    skills = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations", verbose_name=_("skills")
    )

    class Meta:
        ordering = ["label_en"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def get_absolute_url(self) -> str:
        return reverse("taxonomy:occupation_detail", args=[self.pk])


class Relation(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} → {self.skill} ({self.relation})"


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("Preferred")
    ALTERNATIVE = "alternative", _("Alternative")
    HIDDEN = "hidden", _("Hidden (misspelling, old term)")


class Label(models.Model):
    """One label of a skill or an occupation in one language (BCP 47 code)."""

    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, null=True, blank=True, related_name="labels"
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, null=True, blank=True, related_name="labels"
    )
    language = models.CharField(_("language"), max_length=16)
    text = models.CharField(_("text"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=LabelKind.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.CheckConstraint(
                condition=Q(skill__isnull=False, occupation__isnull=True)
                | Q(skill__isnull=True, occupation__isnull=False),
                name="label_of_exactly_one_concept",
            ),
            models.UniqueConstraint(
                fields=["skill", "language", "text"], name="label_unique_per_skill"
            ),
            models.UniqueConstraint(
                fields=["occupation", "language", "text"], name="label_unique_per_occupation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"
