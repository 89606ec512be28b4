"""Factories and role personas shared by every app's tests (healthchecks-style)."""

from dataclasses import dataclass

import factory

from corridor.accounts.models import Role, User
from corridor.accounts.services import grant_role
from corridor.directory.models import Organization, OrganizationKind, Person

PASSWORD = "persona-password-1"  # noqa: S105 - test personas only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.ENTERPRISE
    country = "CN"
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_zh = factory.Sequence(lambda n: f"机构{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_latin = factory.Sequence(lambda n: f"Person {n}")
    organization = factory.SubFactory(OrganizationFactory)


@dataclass
class Personas:
    """One user per role, plus an outsider, around two enterprises and one university.

    ``recruiter_a`` works for ``enterprise_a``, ``recruiter_b`` for ``enterprise_b``; the
    institution admin and both students belong to ``university``.
    """

    platform_admin: User
    secretariat: User
    institution_admin: User
    recruiter_a: User
    recruiter_b: User
    student: User
    student_b: User
    outsider: User
    enterprise_a: Organization
    enterprise_b: Organization
    university: Organization
    association: Organization

    def signed_in(self) -> dict[str, User]:
        return {
            "platform_admin": self.platform_admin,
            "secretariat": self.secretariat,
            "institution_admin": self.institution_admin,
            "recruiter_a": self.recruiter_a,
            "recruiter_b": self.recruiter_b,
            "student": self.student,
            "student_b": self.student_b,
            "outsider": self.outsider,
        }


def _staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def make_personas() -> Personas:
    enterprise_a = OrganizationFactory(
        slug="enterprise-a", name_en="Enterprise A", name_zh="甲企业"
    )
    enterprise_b = OrganizationFactory(
        slug="enterprise-b", name_en="Enterprise B", name_zh="乙企业"
    )
    university = OrganizationFactory(
        slug="university",
        kind=OrganizationKind.UNIVERSITY,
        name_en="Test University",
        name_zh="测试大学",
    )
    association = OrganizationFactory(
        slug="association", kind=OrganizationKind.ASSOCIATION, name_en="Test Association"
    )

    def persona(email, role=None, org=None):
        user = UserFactory(email=email)
        if role:
            grant_role(user, role, org)
        return user

    return Personas(
        platform_admin=_staff(persona("admin@example.test", Role.PLATFORM_ADMIN)),
        secretariat=persona("secretariat@example.test", Role.SECRETARIAT, association),
        institution_admin=persona("institution@example.test", Role.INSTITUTION_ADMIN, university),
        recruiter_a=persona("recruiter-a@example.test", Role.RECRUITER, enterprise_a),
        recruiter_b=persona("recruiter-b@example.test", Role.RECRUITER, enterprise_b),
        student=persona("student@example.test", Role.STUDENT, university),
        student_b=persona("student-b@example.test", Role.STUDENT, university),
        outsider=persona("outsider@example.test"),
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
        university=university,
        association=association,
    )


# --- the permission matrix (corridor/core/tests/test_permission_matrix.py and each app's
# tests/matrix.py) -------------------------------------------------------------------------

ANON = "anonymous"
LOGIN = "login"  # expected answer: a redirect to the sign-in page
SIGNED_IN = [
    "platform_admin",
    "secretariat",
    "institution_admin",
    "recruiter_a",
    "recruiter_b",
    "student",
    "student_b",
    "outsider",
]
EVERYONE = [*SIGNED_IN, ANON]


def expect(allowed, *, otherwise=404, anonymous=LOGIN, code=200, **special):
    """Expected answer per persona: ``code`` for ``allowed`` (``ANON`` included),
    ``otherwise`` for the other signed-in personas, ``anonymous`` for a visitor, and
    ``special`` answers by persona name."""
    table = {name: (code if name in allowed else otherwise) for name in SIGNED_IN}
    table[ANON] = code if ANON in allowed else anonymous
    table.update(special)
    return table
