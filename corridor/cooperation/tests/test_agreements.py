import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from corridor.cooperation import services
from corridor.cooperation.models import Agreement, AgreementDocument, AgreementStatus
from corridor.cooperation.tests.helpers import agreement, alliance, run_worker
from corridor.notifications.models import Notification

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


# --- life cycle ----------------------------------------------------------------------------


def test_allowed_transitions_follow_the_table(personas):
    obj = agreement(personas.enterprise_a, personas.university, status=AgreementStatus.DRAFT)
    services.change_status(obj, AgreementStatus.SIGNED)
    services.change_status(obj, AgreementStatus.IN_FORCE)
    assert obj.valid_from == datetime.date.today()
    services.change_status(obj, AgreementStatus.COMPLETED)
    assert Agreement.objects.get(pk=obj.pk).status == AgreementStatus.COMPLETED


@pytest.mark.parametrize(
    ("start", "to", "says"),
    [
        (AgreementStatus.DRAFT, AgreementStatus.COMPLETED, "cannot become “Completed”"),
        (AgreementStatus.SIGNED, AgreementStatus.DRAFT, "it can become: In force, Expired"),
        (AgreementStatus.TERMINATED, AgreementStatus.IN_FORCE, "is closed"),
    ],
)
def test_illegal_transitions_are_refused_with_the_reason(personas, start, to, says):
    obj = agreement(personas.enterprise_a, personas.university, status=start)
    with pytest.raises(ValidationError) as refused:
        services.change_status(obj, to)
    assert says in refused.value.messages[0]
    assert Agreement.objects.get(pk=obj.pk).status == start


def test_an_agreement_needs_two_parties_to_be_signed(personas):
    obj = agreement(personas.enterprise_a, status=AgreementStatus.DRAFT)
    with pytest.raises(ValidationError, match="at least two parties"):
        services.change_status(obj, AgreementStatus.SIGNED)


def test_status_page_refuses_an_illegal_move_with_400_and_a_message(personas, client_for):
    obj = agreement(personas.enterprise_a, personas.university, status=AgreementStatus.EXPIRED)
    response = client_for(personas.recruiter_a).post(
        reverse("cooperation:agreement_status", args=[obj.slug]), {"status": "in_force"}
    )
    assert response.status_code == 400
    assert "is closed" in response.content.decode()
    ok = client_for(personas.recruiter_a).post(
        reverse("cooperation:agreement_status", args=[obj.slug]), {"status": "terminated"}
    )
    assert ok.status_code == 400  # still closed
    signed = agreement(personas.enterprise_a, personas.university, slug="second")
    moved = client_for(personas.recruiter_a).post(
        reverse("cooperation:agreement_status", args=[signed.slug]), {"status": "in_force"}
    )
    assert moved.status_code == 302
    signed.refresh_from_db()
    assert signed.status == AgreementStatus.IN_FORCE


def test_only_parties_staff_may_change_the_status(personas, client_for):
    obj = agreement(personas.enterprise_a, personas.university)
    response = client_for(personas.recruiter_b).post(
        reverse("cooperation:agreement_status", args=[obj.slug]), {"status": "in_force"}
    )
    assert response.status_code == 404
    assert Agreement.objects.get(pk=obj.pk).status == AgreementStatus.SIGNED


# --- documents -----------------------------------------------------------------------------


def _upload(client, obj, name, content):
    return client.post(
        reverse("cooperation:agreement_document_add", args=[obj.slug]),
        {"title": "Signed copy", "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_and_an_image_are_accepted(personas, client_for):
    obj = agreement(personas.enterprise_a, personas.university)
    client = client_for(personas.recruiter_a)
    assert _upload(client, obj, "signed.pdf", PDF).status_code == 302
    assert _upload(client, obj, "photo.png", PNG).status_code == 302
    assert sorted(AgreementDocument.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    document = AgreementDocument.objects.get(content_type="application/pdf")
    download = client.get(reverse("cooperation:agreement_document", args=[obj.slug, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_document_is_refused_by_its_content_not_its_name(personas, client_for):
    obj = agreement(personas.enterprise_a, personas.university)
    client = client_for(personas.recruiter_a)
    exe = _upload(client, obj, "agreement.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    assert exe.status_code == 400
    assert "Only PDF, Word (.docx) or image" in exe.content.decode()
    renamed = _upload(client, obj, "agreement.docx", PDF)
    assert renamed.status_code == 400
    assert "Rename it to end in .pdf" in renamed.content.decode()
    assert not AgreementDocument.objects.exists()


def test_a_document_over_the_size_limit_is_refused(personas, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="at most 10 MB"):
        services.detect_document_type(SimpleUploadedFile("a.pdf", PDF))


# --- expiry reminders ----------------------------------------------------------------------


def test_expiry_reminder_is_sent_once_to_the_parties_staff(personas):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    obj = agreement(
        personas.enterprise_a,
        personas.university,
        status=AgreementStatus.IN_FORCE,
        valid_until=soon,
    )
    agreement(
        personas.enterprise_b,
        personas.university,
        slug="far-away",
        status=AgreementStatus.IN_FORCE,
        valid_until=soon + datetime.timedelta(days=365),
    )
    call_command("cooperation", "remind-expiring")
    call_command("cooperation", "remind-expiring")  # a second run sends nothing new
    notified = Notification.objects.filter(kind="agreement_expiring")
    assert sorted(n.recipient.email for n in notified) == [
        "institution@example.test",
        "recruiter-a@example.test",
    ]
    assert all(obj.title_en in n.subject for n in notified)
    # A new end date is a new reminder.
    obj.valid_until = soon + datetime.timedelta(days=10)
    obj.save()
    assert services.remind_expiring() == 1
    assert Notification.objects.filter(kind="agreement_expiring").count() == 4


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_reminder_task_runs_on_the_worker(personas):
    from corridor.cooperation.tasks import remind_expiring_agreements

    agreement(
        personas.enterprise_a,
        personas.university,
        status=AgreementStatus.SIGNED,
        valid_until=datetime.date.today() + datetime.timedelta(days=5),
    )
    remind_expiring_agreements.enqueue()
    run_worker()
    assert Notification.objects.filter(kind="agreement_expiring").count() == 2


# --- visibility and forms ------------------------------------------------------------------


def test_drafts_are_seen_only_by_parties_staff_and_signed_ones_by_everyone(personas, client_for):
    draft = agreement(personas.enterprise_a, personas.university, status=AgreementStatus.DRAFT)
    signed = agreement(personas.enterprise_a, personas.university, slug="signed")
    url = reverse("cooperation:agreement_detail", args=[draft.slug])
    assert client_for(personas.recruiter_a).get(url).status_code == 200
    assert client_for(personas.institution_admin).get(url).status_code == 200
    assert client_for(personas.recruiter_b).get(url).status_code == 404
    listing = client_for(None).get(reverse("cooperation:agreement_list")).content.decode()
    assert signed.title_en in listing and "signed" in listing
    assert (
        client_for(None).get(reverse("cooperation:agreement_detail", args=["signed"])).status_code
        == 200
    )


def test_agreement_created_with_parties_signatories_and_areas(personas, client_for):
    from corridor.core.testing import PersonFactory

    signer = PersonFactory(slug="signer-a", organization=personas.enterprise_a)
    witness = PersonFactory(slug="witness", organization=personas.association)
    response = client_for(personas.recruiter_a).post(
        reverse("cooperation:agreement_create"),
        {
            "slug": "a-university-moc",
            "kind": "memorandum_of_cooperation",
            "title_en": "Internship memorandum",
            "title_zh": "实习合作备忘录",
            "parties": [personas.enterprise_a.pk, personas.university.pk],
            "signatories": [signer.pk],
            "witnesses": [witness.pk],
            "areas": ["internships", "employment"],
            "signed_month": "11",
            "signed_day": "22",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = Agreement.objects.get(slug="a-university-moc")
    assert obj.status == AgreementStatus.DRAFT
    assert obj.signed_year is None and "year not stated" in obj.signed
    assert sorted(obj.area_values) == ["employment", "internships"]
    signatory = obj.signatories.get(capacity="signatory")
    assert signatory.party.organization == personas.enterprise_a
    assert obj.signatories.get(capacity="witness").person == witness


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"parties": []}, "at least two parties"),
        ({"signed_month": "2", "signed_day": "30"}, "This month has no day 30"),
        ({"signed_day": "3", "signed_month": ""}, "A day needs a month"),
    ],
)
def test_invalid_agreement_form_answers_400_and_saves_nothing(personas, client_for, change, error):
    data = {
        "slug": "bad",
        "kind": "other",
        "title_en": "Bad",
        "parties": [personas.enterprise_a.pk, personas.university.pk],
    }
    data.update(change)
    response = client_for(personas.recruiter_a).post(reverse("cooperation:agreement_create"), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_recruiter_cannot_create_an_agreement_between_others(personas, client_for):
    response = client_for(personas.recruiter_a).post(
        reverse("cooperation:agreement_create"),
        {
            "slug": "others",
            "kind": "other",
            "title_en": "Not mine",
            "parties": [personas.enterprise_b.pk, personas.university.pk],
        },
    )
    assert response.status_code == 400
    assert "Your organisation must be one of the parties" in response.content.decode()


def test_agreement_list_filters_and_searches_in_chinese(personas, client_for):
    agreement(
        personas.enterprise_a, personas.university, title_zh="陶瓷行业人才定制培养", slug="ceramics"
    )
    agreement(personas.enterprise_b, personas.university, slug="other", title_en="Other deal")
    client = client_for(None)
    hit = client.get(reverse("cooperation:agreement_list"), {"q": "陶瓷"}).content.decode()
    assert "/agreements/ceramics/" in hit and "/agreements/other/" not in hit
    by_party = client.get(
        reverse("cooperation:agreement_list"), {"party": personas.enterprise_b.pk}
    ).content.decode()
    assert "/agreements/other/" in by_party and "/agreements/ceramics/" not in by_party
    bad = client.get(reverse("cooperation:agreement_list"), {"status": "nonsense"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_alliance_agreements_are_seen_by_its_secretariat(personas, client_for):
    obj = alliance(secretariat_of=personas.association)
    draft = agreement(
        personas.enterprise_a, personas.enterprise_b, status=AgreementStatus.DRAFT, alliance=obj
    )
    url = reverse("cooperation:agreement_detail", args=[draft.slug])
    assert client_for(personas.secretariat).get(url).status_code == 200


def test_commitments_are_saved_with_the_agreement(personas, client_for):
    data = {
        "slug": "with-commitments",
        "kind": "comprehensive_cooperation_agreement",
        "title_en": "Comprehensive agreement",
        "parties": [personas.enterprise_a.pk, personas.university.pk],
        "commitments-TOTAL_FORMS": "2",
        "commitments-INITIAL_FORMS": "0",
        "commitments-0-area": "curriculum_standards",
        "commitments-0-metric": "standards_introduced",
        "commitments-0-number": "210",
        "commitments-0-comparator": "exact",
        "commitments-0-unit": "curriculum standards",
        "commitments-0-text_en": "Introduce 210 curriculum standards",
        "commitments-1-comparator": "exact",
    }
    response = client_for(personas.recruiter_a).post(reverse("cooperation:agreement_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj = Agreement.objects.get(slug="with-commitments")
    assert [(int(c.number), c.unit) for c in obj.commitments.all()] == [
        (210, "curriculum standards")
    ]
    page = client_for(None).get(obj.get_absolute_url())
    assert page.status_code == 404  # a draft: not public
    page = client_for(personas.recruiter_a).get(obj.get_absolute_url()).content.decode()
    assert "Introduce 210 curriculum standards" in page
    bad = dict(data, slug="bad-number", **{"commitments-0-number": "many"})
    assert (
        client_for(personas.recruiter_a)
        .post(reverse("cooperation:agreement_create"), bad)
        .status_code
        == 400
    )
    assert not Agreement.objects.filter(slug="bad-number").exists()
