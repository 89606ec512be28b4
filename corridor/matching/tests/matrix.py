"""Permission-matrix rows of the matching pages (imported by
``corridor/core/tests/test_permission_matrix.py``).

Objects: an open position of enterprise A, a profile of a university student without an
account yet (shown to everyone signed in; the student personas' own profiles belong to the
talent rows) and a placement drive organised by recruiter A for enterprise A.
"""

from django.urls import reverse

from corridor.core.testing import SIGNED_IN, expect
from corridor.matching.models import PlacementDrive
from corridor.matching.tests import factories as f

DRIVE_ORGANISERS = [
    "platform_admin",
    "secretariat",
    "institution_admin",
    "recruiter_a",
    "recruiter_b",
]
POSITION_EDITORS = ["platform_admin", "recruiter_a"]
# Either side's owner: the position's editors (who may view the profile) and the
# profile's editors (its institution's admin; who may view the position). The student's
# own access to their pairs is tested in test_recommend.py.
PAIR_OWNERS = ["platform_admin", "recruiter_a", "institution_admin"]
DRIVE_A = ["platform_admin", "recruiter_a"]


def _drive(name):
    return lambda o: reverse(name, args=[o["matching_drive"].pk])


ROUTES = {
    "matching:for_me": (lambda o: reverse("matching:for_me"), expect(SIGNED_IN)),
    "matching:position_candidates": (
        lambda o: reverse("matching:position_candidates", args=[o["matching_position"].pk]),
        expect(POSITION_EDITORS),
    ),
    "matching:pair": (
        lambda o: reverse(
            "matching:pair", args=[o["matching_position"].pk, o["matching_profile"].pk]
        ),
        expect(PAIR_OWNERS),
    ),
    "matching:drive_list": (
        lambda o: reverse("matching:drive_list"),
        expect(DRIVE_ORGANISERS, otherwise=403),
    ),
    "matching:drive_create": (
        lambda o: reverse("matching:drive_create"),
        expect(DRIVE_ORGANISERS, otherwise=403),
    ),
    "matching:drive_detail": (_drive("matching:drive_detail"), expect(DRIVE_A)),
    "matching:drive_status": (_drive("matching:drive_status"), expect(DRIVE_A)),
    "matching:drive_run": (_drive("matching:drive_run"), expect(DRIVE_A)),
    "matching:drive_report": (_drive("matching:drive_report"), expect(DRIVE_A)),
    "matching:drive_export": (_drive("matching:drive_export"), expect(DRIVE_A)),
    "matching:drive_publish": (_drive("matching:drive_publish"), expect(DRIVE_A)),
    "matching:drive_delete": (_drive("matching:drive_delete"), expect(DRIVE_A)),
}


def objects(personas) -> dict:
    weld = f.skill("matrix welding")
    position = f.position(personas.enterprise_a, "matrix-welder", essential=[weld], headcount=2)
    profile = f.profile("Matrix Student", institution=personas.university, skills=[(weld, 3)])
    drive = PlacementDrive.objects.create(
        name="Matrix drive", organiser=personas.recruiter_a, organization=personas.enterprise_a
    )
    drive.positions.set([position])
    return {"matching_position": position, "matching_profile": profile, "matching_drive": drive}
