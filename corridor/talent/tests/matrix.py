"""Talent rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

The profile used belongs to ``student`` at ``university`` and is hidden (visibility
"nobody"), so only its student, the university's institution admin and the platform
admin may open it; it has a CV. POST-only endpoints answer GET with 405 to everyone.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from corridor.core.testing import ANON, SIGNED_IN, expect

CV_NAME = "cv/permission-matrix/cv.txt"


PROFILE_KEEPERS = ["platform_admin", "institution_admin", "student"]
STAFF = ["platform_admin", "institution_admin"]
# The profile is hidden, but the student consented to enterprise A: its recruiter sees it.
CONSENTED_VIEWERS = [*PROFILE_KEEPERS, "recruiter_a"]
EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)

ROUTES = {
    "talent:my_profile": (
        lambda o: reverse("talent:my_profile"),
        # student_b has no profile yet: the prefilled form to start one.
        expect(["student", "student_b"], otherwise=403),
    ),
    "talent:suggest_skills": (
        lambda o: reverse("talent:suggest_skills"),
        expect(["student"], otherwise=403, student_b=302),  # sent to start a profile
    ),
    "talent:profile_list": (lambda o: reverse("talent:profile_list"), expect(SIGNED_IN)),
    "talent:profile_create": (
        lambda o: reverse("talent:profile_create"),
        expect(STAFF, otherwise=403),
    ),
    "talent:profile_detail": (
        lambda o: reverse("talent:profile_detail", args=[o["profile"].pk]),
        expect(CONSENTED_VIEWERS),
    ),
    "talent:profile_update": (
        lambda o: reverse("talent:profile_update", args=[o["profile"].pk]),
        expect(PROFILE_KEEPERS),
    ),
    "talent:profile_delete": (
        lambda o: reverse("talent:profile_delete", args=[o["profile"].pk]),
        expect(PROFILE_KEEPERS),
    ),
    "talent:profile_cv": (
        lambda o: reverse("talent:profile_cv", args=[o["profile"].pk]),
        expect(CONSENTED_VIEWERS),
    ),
    "talent:consent_grant": (
        lambda o: reverse("talent:consent_grant", args=[o["profile"].pk]),
        EVERYONE_405,
    ),
    "talent:consent_revoke": (
        lambda o: reverse("talent:consent_revoke", args=[o["profile"].pk, o["consent"].pk]),
        EVERYONE_405,
    ),
}


def objects(personas) -> dict:
    from corridor.talent.models import ContactConsent, TalentProfile, Visibility

    if not default_storage.exists(CV_NAME):
        default_storage.save(CV_NAME, ContentFile(b"Permission matrix CV\n"))
    profile = TalentProfile.objects.create(
        user=personas.student,
        institution=personas.university,
        full_name="Matrix Student",
        nationality="PK",
        visibility=Visibility.NOBODY,
        cv=CV_NAME,
    )
    consent = ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="granted"
    )
    return {"profile": profile, "consent": consent}
