"""Figures decision makers watch, as the reports state them (never with an invented year).

A :class:`Statistic` keeps its value, its unit, how the report qualifies it ("more than"),
where and when it applies as written, who stated it and the report it comes from (a
``cooperation.Source``, shared with agreements, events and targets; the demo also records
a citation so that ``{% sources_for statistic %}`` shows it).
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.i18n import in_other_language, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import ScopedQuerySet


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    AT_MOST = "at_most", _("at most")


class StatisticQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        # Statistics are published facts: POLICY grants them to everyone (Scope.ALL).
        return Q(pk__in=[])

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(label_en__icontains=text)
            | Q(label_zh__icontains=text)
            | Q(region__icontains=text)
            | Q(unit__icontains=text)
        )


class Statistic(TimeStampedModel):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    label_en = models.CharField(_("name (English)"), max_length=255)
    label_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=80)
    comparator = models.CharField(
        _("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.EXACT
    )
    country = CountryField(_("country"), blank=True, null=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    period_text = models.CharField(
        _("period as written"), max_length=200, blank=True, help_text=_("As the source says it.")
    )
    as_of_year = models.PositiveSmallIntegerField(
        _("as of (year)"),
        null=True,
        blank=True,
        help_text=_("Empty when the source gives no year: never guess one."),
    )
    stated_by = models.ForeignKey(
        "directory.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stated by"),
    )
    source = models.ForeignKey(
        "cooperation.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statistics",
        verbose_name=_("source"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = StatisticQuerySet.as_manager()

    class Meta:
        ordering = ["country", "label_en"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_ui_language(self.label_en, self.label_zh)

    @property
    def other_label(self) -> str:
        return in_other_language(self.label_en, self.label_zh)

    @property
    def value_display(self) -> str:
        """``≥ 24,497`` style: the figure with its qualifier, without trailing zeros."""
        if self.value is None:
            return ""
        number = f"{Decimal(str(self.value)).normalize():,f}"
        prefix = {
            Comparator.AT_LEAST: "≥ ",
            Comparator.ABOUT: "≈ ",
            Comparator.AT_MOST: "≤ ",
        }.get(self.comparator, "")
        return f"{prefix}{number}"

    @property
    def when(self) -> str:
        """The period as written, else the year, else that the source gives none."""
        if self.period_text:
            return self.period_text
        if self.as_of_year:
            return str(self.as_of_year)
        return str(_("year not given"))
