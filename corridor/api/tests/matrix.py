"""The API routes in the permission matrix (corridor/core/tests/test_permission_matrix.py).

Each row is a GET. Anonymous requests to what POLICY keeps for signed-in users answer
401 (the API never redirects to the sign-in page); objects outside a user's scope 404.
Objects: enterprise A's draft position (only A's recruiters and platform admins see it)
and a university's imported profile (no account) hidden from everyone ("nobody": only the
admins of its institution and platform admins see it).
"""

from django.urls import reverse

from corridor.api.tests import data
from corridor.core.testing import EVERYONE, SIGNED_IN, expect
from corridor.talent.models import Visibility


def answers(allowed, *, otherwise=404, anonymous=401, code=200):
    """``code`` for ``allowed`` personas (``"anonymous"`` included), ``otherwise`` for the
    other signed-in ones and ``anonymous`` for anonymous requests."""
    return expect(allowed, otherwise=otherwise, anonymous=anonymous, code=code)


DRAFT_KEEPERS = ["platform_admin", "recruiter_a"]
HIDDEN_PROFILE_READERS = ["platform_admin", "institution_admin"]
# The matching rows use the matching matrix's objects (corridor/matching/tests/matrix.py):
# an open position and a drive of enterprise A; only the student persona has a profile.
PROFILE_OWNERS = ["student"]
POSITION_EDITORS = ["platform_admin", "recruiter_a"]
DRIVE_ORGANISERS = [
    "platform_admin",
    "secretariat",
    "institution_admin",
    "recruiter_a",
    "recruiter_b",
]
DRIVE_A = ["platform_admin", "recruiter_a"]


def objects(personas) -> dict:
    skill = data.skill("urn:test:api-matrix-skill", "api matrix welding", "焊接")
    occupation = data.occupation("urn:test:api-matrix-occupation", "api matrix welder")
    from corridor.taxonomy.models import Sector

    sector = Sector.objects.create(code="api-matrix", label_en="API matrix sector")
    project = data.project(personas.enterprise_a, "api-matrix-project")
    draft = data.position(
        personas.enterprise_a, "api-matrix-draft", status="draft", project=project
    )
    hidden = data.profile(None, personas.university, "API Matrix Student", Visibility.NOBODY)
    return {
        "api_skill": skill,
        "api_occupation": occupation,
        "api_sector": sector,
        "api_project": project,
        "api_draft": draft,
        "api_hidden_profile": hidden,
    }


def _url(name, *args):
    return lambda o: reverse(f"api:{name}", args=[a(o) if callable(a) else a for a in args])


ROUTES = {
    "api:api-root": (_url("api-root"), answers(EVERYONE)),
    "api:schema": (_url("schema"), answers(EVERYONE)),
    "api:swagger-ui": (_url("swagger-ui"), answers(EVERYONE)),
    "api:redoc": (_url("redoc"), answers(EVERYONE)),
    "api:me": (_url("me"), answers(SIGNED_IN)),
    # POST obtains, DELETE revokes: a GET is the wrong method for everyone.
    "api:auth-token": (_url("auth-token"), answers([], otherwise=405, anonymous=405)),
    "api:organization-list": (_url("organization-list"), answers(EVERYONE)),
    "api:organization-detail": (
        _url("organization-detail", lambda o: o["org"].slug),
        answers(EVERYONE),
    ),
    "api:person-list": (_url("person-list"), answers(SIGNED_IN, otherwise=403)),
    "api:person-detail": (_url("person-detail", lambda o: o["person"].slug), answers(SIGNED_IN)),
    "api:skill-list": (_url("skill-list"), answers(EVERYONE)),
    "api:skill-detail": (_url("skill-detail", lambda o: o["api_skill"].pk), answers(EVERYONE)),
    "api:skill-autocomplete": (
        lambda o: reverse("api:skill-autocomplete") + "?q=weld",
        answers(EVERYONE),
    ),
    "api:occupation-list": (_url("occupation-list"), answers(EVERYONE)),
    "api:occupation-detail": (
        _url("occupation-detail", lambda o: o["api_occupation"].pk),
        answers(EVERYONE),
    ),
    "api:occupation-autocomplete": (
        lambda o: reverse("api:occupation-autocomplete") + "?q=welder",
        answers(EVERYONE),
    ),
    "api:sector-list": (_url("sector-list"), answers(EVERYONE)),
    "api:sector-detail": (_url("sector-detail", lambda o: o["api_sector"].code), answers(EVERYONE)),
    "api:profile-list": (_url("profile-list"), answers(SIGNED_IN, otherwise=403)),
    "api:profile-detail": (
        _url("profile-detail", lambda o: o["api_hidden_profile"].pk),
        answers(HIDDEN_PROFILE_READERS),
    ),
    "api:project-list": (_url("project-list"), answers(SIGNED_IN, otherwise=403)),
    "api:project-detail": (
        _url("project-detail", lambda o: o["api_project"].pk),
        answers(SIGNED_IN),
    ),
    "api:position-list": (_url("position-list"), answers(SIGNED_IN, otherwise=403)),
    "api:position-detail": (
        _url("position-detail", lambda o: o["api_draft"].pk),
        answers(DRAFT_KEEPERS),
    ),
    "api:recommendations-positions": (
        _url("recommendations-positions"),
        answers(PROFILE_OWNERS),
    ),
    "api:position-candidates": (
        _url("position-candidates", lambda o: o["matching_position"].pk),
        answers(POSITION_EDITORS),
    ),
    "api:drive-list": (_url("drive-list"), answers(DRIVE_ORGANISERS, otherwise=403)),
    "api:drive-detail": (_url("drive-detail", lambda o: o["matching_drive"].pk), answers(DRIVE_A)),
    "api:drive-allocations": (
        _url("drive-allocations", lambda o: o["matching_drive"].pk),
        answers(DRIVE_A),
    ),
    # POST only: a GET is the wrong method for everyone signed in.
    "api:drive-run": (
        _url("drive-run", lambda o: o["matching_drive"].pk),
        answers([], otherwise=405),
    ),
    "api:drive-publish": (
        _url("drive-publish", lambda o: o["matching_drive"].pk),
        answers([], otherwise=405),
    ),
}
