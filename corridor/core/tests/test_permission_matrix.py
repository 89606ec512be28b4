"""Every page x every persona: allowed (200), refused (403), hidden (404) or sent to sign in.

A new URL without a row here fails ``test_every_route_is_in_the_matrix``.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from corridor.core.testing import ANON, EVERYONE, LOGIN, SIGNED_IN, PersonFactory, expect
from corridor.taxonomy.models import Occupation, Skill

ORG_EDITORS = ["platform_admin", "secretariat", "recruiter_a"]
ORG_ADMINS = ["platform_admin", "secretariat"]
PERSON_CREATORS = [
    "platform_admin",
    "secretariat",
    "institution_admin",
    "recruiter_a",
    "recruiter_b",
]

# route name -> (url builder, expected answers). Objects belong to enterprise A.
MATRIX = {
    "core:home": (lambda o: reverse("core:home"), expect(EVERYONE)),
    "healthz": (lambda o: reverse("healthz"), expect(EVERYONE)),
    "directory:organization_list": (
        lambda o: reverse("directory:organization_list"),
        expect(EVERYONE),
    ),
    "directory:organization_detail": (
        lambda o: reverse("directory:organization_detail", args=[o["org"].slug]),
        expect(EVERYONE),
    ),
    "directory:organization_create": (
        lambda o: reverse("directory:organization_create"),
        expect(ORG_ADMINS, otherwise=403),
    ),
    "directory:organization_update": (
        lambda o: reverse("directory:organization_update", args=[o["org"].slug]),
        expect(ORG_EDITORS),
    ),
    "directory:organization_delete": (
        lambda o: reverse("directory:organization_delete", args=[o["org"].slug]),
        expect(ORG_ADMINS),
    ),
    "directory:person_list": (lambda o: reverse("directory:person_list"), expect(SIGNED_IN)),
    "directory:person_detail": (
        lambda o: reverse("directory:person_detail", args=[o["person"].slug]),
        expect(SIGNED_IN),
    ),
    "directory:person_create": (
        lambda o: reverse("directory:person_create"),
        expect(PERSON_CREATORS, otherwise=403),
    ),
    "directory:person_update": (
        lambda o: reverse("directory:person_update", args=[o["person"].slug]),
        expect(ORG_EDITORS),
    ),
    "directory:person_delete": (
        lambda o: reverse("directory:person_delete", args=[o["person"].slug]),
        expect(ORG_EDITORS),
    ),
    "taxonomy:skill_list": (lambda o: reverse("taxonomy:skill_list"), expect(EVERYONE)),
    "taxonomy:skill_detail": (
        lambda o: reverse("taxonomy:skill_detail", args=[o["skill"].pk]),
        expect(EVERYONE),
    ),
    "taxonomy:occupation_list": (
        lambda o: reverse("taxonomy:occupation_list"),
        expect(EVERYONE),
    ),
    "taxonomy:occupation_detail": (
        lambda o: reverse("taxonomy:occupation_detail", args=[o["occupation"].pk]),
        expect(EVERYONE),
    ),
    "taxonomy:autocomplete": (
        lambda o: reverse("taxonomy:autocomplete", args=["skills"]) + "?q=weld",
        expect(EVERYONE),
    ),
}

# Each domain app may add rows in ``corridor/<app>/tests/matrix.py``: ``ROUTES`` (same shape
# as MATRIX) and ``objects(personas) -> dict`` adding the objects its URL builders use.
MATRIX_MODULES = []
for _app in (
    "accounts",
    "talent",
    "jobs",
    "imports",
    "matching",
    "notifications",
    "pipeline",
    "events",
    "cooperation",
    "training",
    "insights",
    "api",
):
    try:
        _module = importlib.import_module(f"corridor.{_app}.tests.matrix")
    except ModuleNotFoundError:
        continue
    MATRIX_MODULES.append(_module)
    MATRIX.update(_module.ROUTES)

# Routes provided by well-kept libraries, tested by them; ours must all be in MATRIX.
LIBRARY_NAMESPACES = ("admin", "account_", "mfa_", "set_language", "javascript-catalog")


def _route_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _route_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def test_every_route_is_in_the_matrix():
    ours = {
        name
        for name in _route_names()
        if not name.startswith(LIBRARY_NAMESPACES) and "allauth" not in name
    }
    missing = ours - set(MATRIX)
    assert not missing, f"routes without a permission rule in the matrix: {sorted(missing)}"


@pytest.fixture
def objects(personas):
    built = {
        "org": personas.enterprise_a,
        "person": PersonFactory(slug="person-at-a", organization=personas.enterprise_a),
        "skill": Skill.objects.create(
            uri="urn:test:weld", label_en="welding", skill_type="knowledge"
        ),
        "occupation": Occupation.objects.create(uri="urn:test:welder", label_en="welder"),
    }
    for module in MATRIX_MODULES:
        built.update(module.objects(personas))
    return built


CASES = [(route, who) for route in MATRIX for who in EVERYONE]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "who"), CASES, ids=[f"{r}-{w}" for r, w in CASES])
def test_page_answers_each_persona_as_expected(route, who, personas, objects, client_for):
    build, table = MATRIX[route]
    expected = table[who]
    user = None if who == ANON else getattr(personas, who)
    response = client_for(user).get(build(objects))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.django_db
def test_admin_site_is_for_staff_only(personas, client_for):
    assert client_for(personas.platform_admin).get("/admin/").status_code == 200
    for who in ("secretariat", "recruiter_a", "student", "outsider"):
        response = client_for(getattr(personas, who)).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response.url
