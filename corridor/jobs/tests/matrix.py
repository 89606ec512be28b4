"""The jobs routes in the permission matrix (see corridor/core/tests/test_permission_matrix.py).

Every object belongs to enterprise A. Projects are readable by everyone signed in and kept
by their enterprise's recruiters; positions likewise, except that a draft is seen only by
its enterprise (and platform admins).
"""

from django.urls import reverse

from corridor.core.testing import SIGNED_IN, expect
from corridor.jobs.models import Position, PositionStatus, Project

KEEPERS_A = ["platform_admin", "recruiter_a"]  # may change what enterprise A publishes
CREATORS = ["platform_admin", "recruiter_a", "recruiter_b"]  # recruiters of any enterprise


def objects(personas) -> dict:
    project = Project.objects.create(
        enterprise=personas.enterprise_a,
        reference="matrix-project",
        title_en="Matrix hydropower project",
        country="PK",
    )
    position = Position.objects.create(
        enterprise=personas.enterprise_a,
        project=project,
        reference="matrix-open",
        title_en="Matrix open position",
        kind="job",
        country="PK",
        status=PositionStatus.OPEN,
    )
    draft = Position.objects.create(
        enterprise=personas.enterprise_a,
        project=project,
        reference="matrix-draft",
        title_en="Matrix draft position",
        kind="internship",
        country="PK",
    )
    return {"project": project, "position": position, "draft": draft}


ROUTES = {
    "jobs:project_list": (lambda o: reverse("jobs:project_list"), expect(SIGNED_IN)),
    "jobs:project_detail": (
        lambda o: reverse("jobs:project_detail", args=[o["project"].pk]),
        expect(SIGNED_IN),
    ),
    "jobs:project_create": (
        lambda o: reverse("jobs:project_create"),
        expect(CREATORS, otherwise=403),
    ),
    "jobs:project_update": (
        lambda o: reverse("jobs:project_update", args=[o["project"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:project_delete": (
        lambda o: reverse("jobs:project_delete", args=[o["project"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:position_list": (lambda o: reverse("jobs:position_list"), expect(SIGNED_IN)),
    # The draft: hidden from everyone outside enterprise A (an open one is seen by all
    # signed in; corridor/jobs/tests checks both).
    "jobs:position_detail": (
        lambda o: reverse("jobs:position_detail", args=[o["draft"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:position_create": (
        lambda o: reverse("jobs:position_create"),
        expect(CREATORS, otherwise=403),
    ),
    "jobs:position_update": (
        lambda o: reverse("jobs:position_update", args=[o["position"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:position_delete": (
        lambda o: reverse("jobs:position_delete", args=[o["position"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:position_status": (
        lambda o: reverse("jobs:position_status", args=[o["position"].pk]),
        expect(KEEPERS_A),
    ),
    "jobs:position_suggest_skills": (
        lambda o: reverse("jobs:position_suggest_skills", args=[o["position"].pk]),
        expect(KEEPERS_A),
    ),
}
