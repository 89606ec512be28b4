"""Users, and the roles they hold in organisations."""

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core import permissions as perms
from corridor.core.models import TimeStampedModel


class Role(models.TextChoices):
    PLATFORM_ADMIN = perms.PLATFORM_ADMIN, _("Platform admin")
    SECRETARIAT = perms.SECRETARIAT, _("Alliance secretariat")
    INSTITUTION_ADMIN = perms.INSTITUTION_ADMIN, _("Institution admin")
    RECRUITER = perms.RECRUITER, _("Enterprise recruiter")
    STUDENT = perms.STUDENT, _("Student")


#: Roles that need no organisation (a platform admin runs the platform; a job seeker may
#: study nowhere yet).
ROLES_WITHOUT_ORGANIZATION = {Role.PLATFORM_ADMIN, Role.STUDENT}


class UserManager(BaseUserManager):
    """Users are identified by e-mail address; there is no user name."""

    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in, by e-mail and password."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def role_grants(self) -> list[tuple[str, int | None]]:
        """The (role, organisation id) pairs this user holds, cached for the request."""
        cached = getattr(self, "_role_grants", None)
        if cached is None:
            cached = list(self.memberships.values_list("role", "organization_id"))
            self._role_grants = cached
        return cached

    def has_role(self, role: str) -> bool:
        return any(held == role for held, _org in self.role_grants())

    def organization_ids(self, *roles: str) -> set[int]:
        """Ids of the organisations where the user holds any of ``roles`` (any role if none)."""
        return {
            org
            for held, org in self.role_grants()
            if org is not None and (not roles or held in roles)
        }


class Membership(TimeStampedModel):
    """A role held by a user in an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(role__in=sorted(r.value for r in ROLES_WITHOUT_ORGANIZATION)),
                name="membership_role_needs_organization",
            ),
        ]

    def __str__(self) -> str:
        where = self.organization or _("platform")
        return f"{self.user} — {self.get_role_display()} @ {where}"


# --- Privacy ------------------------------------------------------------------------------


class ConsentSubject(models.TextChoices):
    VISIBILITY = "visibility", _("Who may see my profile")
    CONTACT = "contact", _("Name and contact details for an organisation")


class ConsentChange(models.TextChoices):
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentChannel(models.TextChoices):
    PAGE = "page", _("Web page")
    API = "api", _("API")
    SYSTEM = "system", _("Corridor (automatic)")


class ConsentRecordQuerySet(perms.ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        if scope == perms.Scope.OWN:
            return Q(user_id=user.pk)
        return Q(pk__in=[])


class ConsentRecord(models.Model):
    """One change a student made to what they share: a profile visibility level chosen,
    or an organisation's sight of their name and contact details granted or withdrawn.
    Rows are only ever added; together they are the student's consent history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("student"),
    )
    subject = models.CharField(_("what"), max_length=16, choices=ConsentSubject.choices)
    #: For VISIBILITY: the level chosen (talent.Visibility); empty for CONTACT.
    value = models.CharField(_("level"), max_length=16, blank=True)
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("with whom"),
    )
    change = models.CharField(_("change"), max_length=12, choices=ConsentChange.choices)
    channel = models.CharField(_("through"), max_length=8, choices=ConsentChannel.choices)
    path = models.CharField(_("page or endpoint"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.get_subject_display()}: {self.get_change_display()}"

    @property
    def description(self) -> str:
        """What was shared with whom, in words."""
        if self.subject == ConsentSubject.VISIBILITY:
            from corridor.talent.models import Visibility

            label = Visibility(self.value).label if self.value in Visibility.values else self.value
            return _("Profile visible to: %(level)s") % {"level": label}
        who = self.organization.display_name if self.organization else _("(organisation removed)")
        return _("Name and contact details for %(organization)s") % {"organization": who}


class AuditEntryQuerySet(perms.ScopedQuerySet):
    def scope_q(self, scope, user, org_ids):
        return Q(pk__in=[])  # platform admins only (Scope.ALL); nobody else sees any


class AuditEntry(LogEntry):
    """The audit log (django-auditlog's entries) behind the permission chokepoint."""

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        proxy = True
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
