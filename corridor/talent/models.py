"""Talent profiles: what a student or skilled worker can do, in the taxonomy's words.

The student decides who sees the profile (:class:`Visibility`) and which organisations
see their name and contact details (:class:`ContactConsent`); everyone else with access
sees an anonymised profile.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from corridor.core.choices import EducationLevel, PositionKind, language_choices
from corridor.core.models import TimeStampedModel
from corridor.core.permissions import Scope, ScopedQuerySet
from corridor.taxonomy.levels import LanguageScale, validate_level


class Visibility(models.TextChoices):
    SIGNED_IN = "signed_in", _("Everyone signed in")
    ALLIANCES = "alliances", _("Only enterprises of my alliances")
    NOBODY = "nobody", _("Nobody (hidden)")


class ProfileQuerySet(ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == Scope.OWN:
            return Q(user_id=user.pk)
        if scope == Scope.OWN_ORG:
            return Q(institution_id__in=org_ids)
        if scope == Scope.SHARED:
            from corridor.directory.models import alliance_partner_ids

            shared = Q(visibility=Visibility.SIGNED_IN)
            # "Enterprises of my alliances": recruiters whose enterprise shares a current
            # alliance with the student's institution, not every member's staff.
            enterprises = user.organization_ids("recruiter")
            if enterprises:
                shared |= Q(
                    visibility=Visibility.ALLIANCES,
                    institution_id__in=alliance_partner_ids(enterprises),
                )
            # An organisation the student consented to (by applying, accepting an
            # invitation or sharing) sees the profile whatever its visibility.
            orgs = user.organization_ids()
            if orgs:
                shared |= Q(
                    pk__in=ContactConsent.objects.filter(
                        organization_id__in=orgs, revoked_at__isnull=True
                    ).values("profile_id")
                )
            return shared | Q(user_id=user.pk)
        return Q(pk__in=[])

    def identity_condition(self, user) -> Q | None:
        """Which profiles' name and contact details ``user`` may see, as a filter: the
        queryset twin of :meth:`TalentProfile.identity_visible_to` (``None`` means every one)."""
        if not getattr(user, "is_authenticated", False):
            return Q(pk__in=[])
        roles = user.role_grants()
        if user.is_superuser or any(role == "platform_admin" for role, _org in roles):
            return None
        condition = Q(user_id=user.pk)
        admin_of = {org for role, org in roles if role == "institution_admin" and org}
        if admin_of:
            condition |= Q(institution_id__in=admin_of)
        orgs = user.organization_ids()
        if orgs:
            condition |= Q(
                pk__in=ContactConsent.objects.filter(
                    organization_id__in=orgs, revoked_at__isnull=True
                ).values("profile_id")
            )
        return condition

    def identity_visible(self, user):
        """The profiles whose identity ``user`` may see (within this queryset)."""
        condition = self.identity_condition(user)
        return self if condition is None else self.filter(condition)

    def with_identity_shown(self, user):
        """Annotate ``identity_shown``: whether ``user`` may see the name and contacts."""
        condition = self.identity_condition(user)
        shown = (
            models.Value(True)
            if condition is None
            else models.ExpressionWrapper(condition, output_field=models.BooleanField())
        )
        return self.annotate(identity_shown=shown)


class TalentProfile(TimeStampedModel):
    """One person's talent profile. ``user`` is empty for profiles an institution imported
    before the student signed up; ``(institution, student_number)`` is the import key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("name in own script"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nationality = CountryField(_("nationality"))
    institution = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("institution"),
    )
    student_number = models.CharField(_("student number"), max_length=64, blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    degree_level = models.CharField(
        _("degree level"), max_length=16, choices=EducationLevel.choices, blank=True
    )
    field_of_study = models.CharField(_("field of study"), max_length=200, blank=True)
    expected_graduation = models.DateField(_("expected graduation"), null=True, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    summary = models.TextField(_("about me"), blank=True)
    preferred_countries = CountryField(_("preferred countries"), multiple=True, blank=True)
    preferred_sectors = models.ManyToManyField(
        "taxonomy.Sector", blank=True, related_name="+", verbose_name=_("preferred sectors")
    )
    preferred_kinds = models.JSONField(_("preferred kinds of position"), default=list, blank=True)
    cv = models.FileField(_("CV"), upload_to="cv/%Y/%m/", blank=True)
    visibility = models.CharField(
        _("who may see my profile"),
        max_length=16,
        choices=Visibility.choices,
        # Hidden until the student chooses: imported and staff-made profiles stay hidden
        # until their student claims them (services.new_profile_for sets a student's own).
        default=Visibility.NOBODY,
    )
    synthetic = models.BooleanField(
        _("synthetic (demo data)"), default=False, help_text=_("Invented for the demo.")
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        # Not by name: the order of a list must not hint at names it hides.
        ordering = ["-created_at", "-pk"]
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "student_number"],
                condition=~Q(student_number=""),
                name="profile_unique_student_number",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("talent:profile_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.name_latin and self.name_latin != self.full_name:
            return f"{self.full_name} ({self.name_latin})"
        return self.full_name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = set(self.preferred_kinds or []) - set(PositionKind.values)
        if unknown:
            raise ValidationError(
                {
                    "preferred_kinds": _("Unknown kind(s) of position: %(kinds)s")
                    % {"kinds": ", ".join(sorted(unknown))}
                }
            )

    def identity_visible_to(self, user) -> bool:
        """Whether ``user`` may see name and contact details (else an anonymised profile)."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.pk == self.user_id or user.is_superuser:
            return True
        roles = user.role_grants()
        if any(role == "platform_admin" for role, _org in roles):
            return True
        if self.institution_id and any(
            role == "institution_admin" and org == self.institution_id for role, org in roles
        ):
            return True
        orgs = user.organization_ids()
        return self.consents.filter(organization_id__in=orgs, revoked_at__isnull=True).exists()

    def anonymous_label(self) -> str:
        return _("Candidate #%(number)s") % {"number": self.pk}


class ProfileLanguage(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    scale = models.CharField(_("scale"), max_length=8, choices=LanguageScale.choices)
    level = models.CharField(_("level"), max_length=4, blank=True)
    certificate = models.CharField(
        _("certificate"), max_length=200, blank=True, help_text=_("e.g. HSK 4, IELTS 6.5")
    )

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.scale} {self.level}".strip()

    def clean(self):
        validate_level(self.scale, self.level)


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class Evidence(models.TextChoices):
    SELF_DECLARED = "self", _("Self-declared")
    CERTIFIED = "certified", _("Certified")
    PROGRAMME = "programme", _("Completed programme")


class ProfileSkill(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE
    )
    evidence = models.CharField(
        _("evidence"), max_length=12, choices=Evidence.choices, default=Evidence.SELF_DECLARED
    )
    evidence_note = models.CharField(_("evidence details"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class Experience(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="experience")
    title = models.CharField(_("role"), max_length=200)
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("what I did"), blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class ConsentReason(models.TextChoices):
    APPLIED = "applied", _("Applied to a position")
    INVITATION = "invitation", _("Accepted an invitation")
    GRANTED = "granted", _("Shared by the student")


class ContactConsent(models.Model):
    """The student's consent that one organisation sees their name and contact details."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="consents")
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ConsentReason.choices)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact consent")
        verbose_name_plural = _("contact consents")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "organization"],
                condition=Q(revoked_at__isnull=True),
                name="consent_one_active_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.organization}"
