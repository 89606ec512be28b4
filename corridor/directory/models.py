"""Organisations and people of the talent-cooperation world."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.i18n import chinese_ui, in_ui_language
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    VOCATIONAL_COLLEGE = "vocational_college", _("Vocational college")
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Association")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    EMBASSY = "embassy", _("Embassy")
    HR_AGENCY = "hr_agency", _("HR agency")
    EDUCATION_GROUP = "education_group", _("Education group")
    FOUNDATION = "foundation", _("Foundation")
    ALLIANCE = "alliance", _("Alliance")


#: Kinds whose staff train students (institution admins belong to these).
INSTITUTION_KINDS = {
    OrganizationKind.UNIVERSITY,
    OrganizationKind.VOCATIONAL_COLLEGE,
    OrganizationKind.EDUCATION_GROUP,
}


class OrganizationQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(pk__in=org_ids)
        return Q(pk__in=[])

    def search(self, text: str):
        """Organisations whose name in any language, or abbreviation, contains ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_en__icontains=text)
            | Q(name_zh__icontains=text)
            | Q(name_local__icontains=text)
            | Q(abbreviation__icontains=text)
            | Q(city__icontains=text)
        )


class Organization(TimeStampedModel):
    """A university, college, enterprise, association, agency, embassy or foundation.

    Names are kept in English, in Chinese and in the organisation's own language and script.
    """

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    country = CountryField(
        _("country"), blank=True, help_text=_("Left empty when no source states it.")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)
    name_local = models.CharField(_("name (own language)"), max_length=255, blank=True)
    local_language = models.CharField(
        _("own language"), max_length=16, blank=True, help_text=_("BCP 47 code, e.g. ur, ru, vi.")
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language where we have it."""
        return in_ui_language(self.name_en, self.name_zh)

    @property
    def other_names(self) -> list[str]:
        shown = self.display_name
        return [n for n in (self.name_en, self.name_zh, self.name_local) if n and n != shown]

    def get_absolute_url(self) -> str:
        return reverse("directory:organization_detail", args=[self.slug])

    def clean(self):
        from django.core.exceptions import ValidationError

        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("An organisation cannot be its own parent or ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PersonQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN_ORG:
            return Q(organization_id__in=org_ids)
        return Q(pk__in=[])

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_native__icontains=text)
            | Q(name_latin__icontains=text)
            | Q(title_en__icontains=text)
            | Q(title_zh__icontains=text)
        )


class Person(TimeStampedModel):
    """A named person: an ambassador, a president, a dean, a contact at an enterprise.

    The name is kept in the person's own script and in Latin letters.
    """

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    name_native = models.CharField(_("name (own script)"), max_length=200, blank=True)
    name_latin = models.CharField(_("name (Latin letters)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_latin"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_native and self.name_native != self.name_latin:
            if chinese_ui():
                return f"{self.name_native} ({self.name_latin})"
            return f"{self.name_latin} ({self.name_native})"
        return self.name_latin

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.slug])


class Affiliation(models.Model):
    """A further role a person holds in another organisation (the primary one is on Person)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="affiliation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.organization})"

    @property
    def title(self) -> str:
        return in_ui_language(self.title_en, self.title_zh)


class AllianceRole(models.TextChoices):
    INITIATOR = "initiator", _("Initiator")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")


class AllianceMember(TimeStampedModel):
    """An organisation's membership of an alliance (an organisation of kind *alliance*).

    Students may share their profile with "enterprises of my alliances": those are the
    enterprises that are current members of an alliance their institution belongs to.
    """

    alliance = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="alliance_members",
        limit_choices_to={"kind": OrganizationKind.ALLIANCE},
        verbose_name=_("alliance"),
    )
    member = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=AllianceRole.choices, default=AllianceRole.MEMBER
    )
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "member"], name="alliance_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} ∈ {self.alliance}"


def alliance_partner_ids(organization_ids) -> set[int]:
    """Organisations sharing a current alliance with any of ``organization_ids``."""
    alliances = AllianceMember.objects.filter(
        member_id__in=organization_ids, left__isnull=True
    ).values("alliance_id")
    return set(
        AllianceMember.objects.filter(alliance_id__in=alliances, left__isnull=True).values_list(
            "member_id", flat=True
        )
    )
