"""Cooperation rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

Objects: an alliance whose secretariat is the ``association`` (so the ``secretariat``
persona keeps it), one of its targets, a source, and a *draft* agreement between
enterprise A and the university with a document: drafts are seen only by the staff of
their parties (recruiter A, the institution admin) and platform admins; everyone else,
anonymous visitors included, gets 404. POST-only endpoints answer GET with 405.
"""

from django.core.files.base import ContentFile
from django.urls import reverse

from corridor.core.testing import ANON, EVERYONE, SIGNED_IN, expect

ALLIANCE_KEEPERS = ["platform_admin", "secretariat"]
DRAFT_READERS = ["platform_admin", "institution_admin", "recruiter_a"]
AGREEMENT_CREATORS = [
    "platform_admin",
    "secretariat",
    "institution_admin",
    "recruiter_a",
    "recruiter_b",
]
EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)


def _api(allowed, *, otherwise=404, anonymous=401):
    return expect(allowed, otherwise=otherwise, anonymous=anonymous)


ROUTES = {
    "cooperation:alliance_list": (lambda o: reverse("cooperation:alliance_list"), expect(EVERYONE)),
    "cooperation:alliance_detail": (
        lambda o: reverse("cooperation:alliance_detail", args=[o["coop_alliance"].slug]),
        expect(EVERYONE),
    ),
    "cooperation:alliance_update": (
        lambda o: reverse("cooperation:alliance_update", args=[o["coop_alliance"].slug]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:alliance_members": (
        lambda o: reverse("cooperation:alliance_members", args=[o["coop_alliance"].slug]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:alliance_member_end": (
        lambda o: reverse(
            "cooperation:alliance_member_end", args=[o["coop_alliance"].slug, o["coop_member"].pk]
        ),
        EVERYONE_405,
    ),
    "cooperation:target_create": (
        lambda o: reverse("cooperation:target_create", args=[o["coop_alliance"].slug]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:target_detail": (
        lambda o: reverse("cooperation:target_detail", args=[o["coop_target"].pk]),
        expect(EVERYONE),
    ),
    "cooperation:target_update": (
        lambda o: reverse("cooperation:target_update", args=[o["coop_target"].pk]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:target_delete": (
        lambda o: reverse("cooperation:target_delete", args=[o["coop_target"].pk]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:target_progress": (
        lambda o: reverse("cooperation:target_progress", args=[o["coop_target"].pk]),
        expect(ALLIANCE_KEEPERS),
    ),
    "cooperation:agreement_list": (
        lambda o: reverse("cooperation:agreement_list"),
        expect(EVERYONE),
    ),
    "cooperation:agreement_create": (
        lambda o: reverse("cooperation:agreement_create"),
        expect(AGREEMENT_CREATORS, otherwise=403),
    ),
    "cooperation:agreement_detail": (
        lambda o: reverse("cooperation:agreement_detail", args=[o["coop_draft"].slug]),
        expect(DRAFT_READERS, anonymous=404),
    ),
    "cooperation:agreement_update": (
        lambda o: reverse("cooperation:agreement_update", args=[o["coop_draft"].slug]),
        expect(DRAFT_READERS),
    ),
    "cooperation:agreement_delete": (
        lambda o: reverse("cooperation:agreement_delete", args=[o["coop_draft"].slug]),
        expect(["platform_admin"]),
    ),
    "cooperation:agreement_status": (
        lambda o: reverse("cooperation:agreement_status", args=[o["coop_draft"].slug]),
        EVERYONE_405,
    ),
    "cooperation:agreement_document_add": (
        lambda o: reverse("cooperation:agreement_document_add", args=[o["coop_draft"].slug]),
        EVERYONE_405,
    ),
    "cooperation:agreement_document": (
        lambda o: reverse(
            "cooperation:agreement_document", args=[o["coop_draft"].slug, o["coop_document"].pk]
        ),
        expect(DRAFT_READERS, anonymous=404),
    ),
    "cooperation:source_list": (lambda o: reverse("cooperation:source_list"), expect(EVERYONE)),
    "cooperation:source_detail": (
        lambda o: reverse("cooperation:source_detail", args=[o["coop_source"].slug]),
        expect(EVERYONE),
    ),
    "cooperation:cite": (
        lambda o: reverse("cooperation:cite", args=["cooperation.target", o["coop_target"].pk]),
        EVERYONE_405,
    ),
    # API
    "api:alliance-list": (lambda o: reverse("api:alliance-list"), _api(EVERYONE)),
    "api:alliance-detail": (
        lambda o: reverse("api:alliance-detail", args=[o["coop_alliance"].slug]),
        _api(EVERYONE),
    ),
    "api:target-list": (lambda o: reverse("api:target-list"), _api(EVERYONE)),
    "api:target-detail": (
        lambda o: reverse("api:target-detail", args=[o["coop_target"].pk]),
        _api(EVERYONE),
    ),
    "api:agreement-list": (lambda o: reverse("api:agreement-list"), _api(EVERYONE)),
    "api:agreement-detail": (
        lambda o: reverse("api:agreement-detail", args=[o["coop_draft"].slug]),
        _api(DRAFT_READERS, anonymous=404),
    ),
    "api:source-list": (lambda o: reverse("api:source-list"), _api(EVERYONE)),
    "api:source-detail": (
        lambda o: reverse("api:source-detail", args=[o["coop_source"].slug]),
        _api(EVERYONE),
    ),
}


def objects(personas) -> dict:
    from corridor.cooperation.models import AgreementDocument, AgreementStatus, Metric, Source
    from corridor.cooperation.tests.helpers import agreement, alliance, target

    coop_alliance = alliance("matrix-alliance", secretariat_of=personas.association)
    coop_target = target(coop_alliance, Metric.TRAINING_CENTRES, 36, label_en="Centres")
    draft = agreement(
        personas.enterprise_a,
        personas.university,
        slug="matrix-draft",
        status=AgreementStatus.DRAFT,
    )
    document = AgreementDocument(agreement=draft, title="Draft", content_type="application/pdf")
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    source = Source.objects.create(slug="matrix-source", title_en="Matrix report")
    return {
        "coop_alliance": coop_alliance,
        "coop_target": coop_target,
        "coop_member": coop_alliance.current_members().get(),
        "coop_draft": draft,
        "coop_document": document,
        "coop_source": source,
    }
