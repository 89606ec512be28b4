"""Accounts rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

The privacy pages are about the signed-in user's own account: every signed-in persona
gets them, anonymous visitors sign in first. The audit log (page and API) is for
platform admins only: others get 403 on the page and 404 (nothing visible) in the API.
POST-only endpoints answer GET with 405 (anonymous
visitors are sent to sign in first). The erasure confirmation is public (the person
is signed out by then).
"""

from django.urls import reverse

from corridor.core.testing import ANON, EVERYONE, LOGIN, SIGNED_IN, expect

EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)

ROUTES = {
    "accounts:privacy": (lambda o: reverse("accounts:privacy"), expect(SIGNED_IN)),
    "accounts:consent_withdraw": (
        lambda o: reverse("accounts:consent_withdraw", args=[o["accounts_consent"].pk]),
        dict(EVERYONE_405, anonymous=LOGIN),
    ),
    "accounts:data_download": (lambda o: reverse("accounts:data_download"), expect(SIGNED_IN)),
    "accounts:erase": (lambda o: reverse("accounts:erase"), expect(SIGNED_IN)),
    "accounts:erased": (lambda o: reverse("accounts:erased"), expect(EVERYONE)),
    "accounts:audit": (
        lambda o: reverse("accounts:audit"),
        expect(["platform_admin"], otherwise=403),
    ),
    "api:me-data": (
        lambda o: reverse("api:me-data"),
        expect(SIGNED_IN, anonymous=401),
    ),
    "api:me-erase": (
        lambda o: reverse("api:me-erase"),
        dict(dict.fromkeys(SIGNED_IN, 405), anonymous=401),
    ),
    "api:audit-list": (
        lambda o: reverse("api:audit-list"),
        expect(["platform_admin"], otherwise=403, anonymous=401),
    ),
    "api:audit-detail": (
        lambda o: reverse("api:audit-detail", args=[o["accounts_audit_entry"].pk]),
        expect(["platform_admin"], anonymous=401),
    ),
    "api:consent-record-list": (
        lambda o: reverse("api:consent-record-list"),
        expect(SIGNED_IN, anonymous=401),
    ),
    "api:consent-record-detail": (
        lambda o: reverse("api:consent-record-detail", args=[o["accounts_consent_record"].pk]),
        expect(["student"], anonymous=401),
    ),
}


def objects(personas) -> dict:
    from auditlog.models import LogEntry

    from corridor.accounts.models import ConsentRecord
    from corridor.talent.models import ContactConsent, TalentProfile

    # No account: the other apps' rows count on student_b having no profile.
    profile = TalentProfile.objects.create(
        user=None,
        institution=personas.university,
        full_name="Accounts Matrix Student",
        nationality="PK",
    )
    consent = ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_b, reason="granted"
    )
    record = ConsentRecord.objects.create(
        user=personas.student, subject="visibility", value="nobody", change="granted",
        channel="page",
    )  # fmt: skip
    entry = LogEntry.objects.filter(action=LogEntry.Action.CREATE).first()
    return {
        "accounts_consent": consent,
        "accounts_consent_record": record,
        "accounts_audit_entry": entry,
    }
