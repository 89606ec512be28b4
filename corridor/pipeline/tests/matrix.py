"""Application rows of the permission matrix (corridor/core/tests/test_permission_matrix.py).

The application is ``student``'s (of ``university``) to an open position of enterprise A:
the student, A's recruiter, the university's institution admin and platform admins see
it; everyone else gets 404. The board is for whoever may change the position. POST-only
routes answer GET with 405.
"""

from django.urls import reverse

from corridor.core.testing import ANON, SIGNED_IN, expect

EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)
APPLICATION_READERS = ["platform_admin", "recruiter_a", "institution_admin", "student"]
POSITION_EDITORS = ["platform_admin", "recruiter_a"]


def _api(name, *args):
    return lambda o: reverse(f"api:{name}", args=[a(o) for a in args])


ROUTES = {
    "pipeline:application_list": (
        lambda o: reverse("pipeline:application_list"),
        expect(SIGNED_IN),
    ),
    "pipeline:application_detail": (
        lambda o: reverse("pipeline:application_detail", args=[o["application"].pk]),
        expect(APPLICATION_READERS),
    ),
    "pipeline:application_transition": (
        lambda o: reverse("pipeline:application_transition", args=[o["application"].pk]),
        EVERYONE_405,
    ),
    "pipeline:application_note": (
        lambda o: reverse("pipeline:application_note", args=[o["application"].pk]),
        EVERYONE_405,
    ),
    "pipeline:board": (
        lambda o: reverse("pipeline:board", args=[o["pipeline_position"].pk]),
        expect(POSITION_EDITORS),
    ),
    "pipeline:apply": (
        lambda o: reverse("pipeline:apply", args=[o["pipeline_position"].pk]),
        expect(SIGNED_IN),
    ),
    "pipeline:invite": (
        lambda o: reverse(
            "pipeline:invite", args=[o["pipeline_position"].pk, o["application"].profile_id]
        ),
        EVERYONE_405,
    ),
    "api:application-list": (_api("application-list"), expect(SIGNED_IN, anonymous=401)),
    "api:application-detail": (
        _api("application-detail", lambda o: o["application"].pk),
        expect(APPLICATION_READERS, anonymous=401),
    ),
    "api:application-transition": (
        _api("application-transition", lambda o: o["application"].pk),
        expect([], otherwise=405, anonymous=401),
    ),
    # Notes are the recruiting side's: the student and the institution get 404.
    "api:application-notes": (
        _api("application-notes", lambda o: o["application"].pk),
        expect(POSITION_EDITORS, anonymous=401),
    ),
}


def objects(personas) -> dict:
    from corridor.jobs.models import Position
    from corridor.pipeline.models import Application
    from corridor.talent.models import ContactConsent, TalentProfile

    position = Position.objects.create(
        enterprise=personas.enterprise_a,
        reference="pipeline-matrix",
        title_en="Pipeline matrix position",
        kind="internship",
        country="PK",
        status="open",
    )
    profile = TalentProfile.objects.filter(user=personas.student).first()
    if profile is None:
        profile = TalentProfile.objects.create(
            user=personas.student,
            institution=personas.university,
            full_name="Pipeline Matrix Student",
            nationality="PK",
        )
    ContactConsent.objects.get_or_create(
        profile=profile,
        organization=personas.enterprise_a,
        revoked_at=None,
        defaults={"reason": "applied"},
    )
    application = Application.objects.create(
        profile=profile,
        position=position,
        state="applied",
        origin="applied",
        placement_kind="internship",
    )
    return {"pipeline_position": position, "application": application}
