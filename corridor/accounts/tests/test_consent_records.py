"""Consent history: every visibility choice and every contact consent granted or withdrawn
is recorded (who, what, with whom, through which page); the student sees it on the
Privacy page and can withdraw consents there."""

import pytest
from django.urls import reverse

from corridor.accounts.models import ConsentRecord
from corridor.talent.tests.helpers import editor_data

pytestmark = pytest.mark.django_db
PRIVACY = reverse("accounts:privacy")


def test_changing_visibility_on_my_profile_is_recorded(client_for, personas, full_profile):
    client = client_for(personas.student)
    data = editor_data(client.get(reverse("talent:my_profile")).context["editor"])
    data["visibility"] = "nobody"
    assert client.post(reverse("talent:my_profile"), data).status_code == 302
    record = ConsentRecord.objects.get(user=personas.student)
    assert (record.subject, record.value, record.change) == ("visibility", "nobody", "granted")
    assert record.channel == "page" and record.path == reverse("talent:my_profile")
    # Saving again without a change adds nothing.
    data = editor_data(client.get(reverse("talent:my_profile")).context["editor"])
    client.post(reverse("talent:my_profile"), data)
    assert ConsentRecord.objects.count() == 1


def test_granting_and_withdrawing_contact_consent_is_recorded(client_for, personas, full_profile):
    client = client_for(personas.student)
    url = reverse("talent:consent_grant", args=[full_profile.pk])
    assert client.post(url, {"organization": personas.enterprise_b.pk}).status_code == 302
    granted = ConsentRecord.objects.get(change="granted")
    assert granted.organization == personas.enterprise_b and granted.subject == "contact"

    consent = full_profile.consents.get(organization=personas.enterprise_b)
    response = client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    withdrawn = ConsentRecord.objects.get(change="withdrawn")
    assert withdrawn.organization == personas.enterprise_b
    assert withdrawn.path == reverse("accounts:consent_withdraw", args=[consent.pk])


def test_privacy_page_lists_consents_and_history(client_for, personas, full_profile):
    client = client_for(personas.student)
    consent = full_profile.consents.get()
    client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    page = client.get(PRIVACY).content.decode()
    assert "No organisation sees your name or contact details." in page
    assert "Name and contact details for Enterprise A" in page and "Withdrawn" in page
    assert reverse("accounts:data_download") in page and reverse("mfa_index") in page


def test_privacy_page_in_chinese_and_for_users_without_profile(client_for, personas):
    page = client_for(personas.recruiter_a).get(PRIVACY)
    assert page.status_code == 200 and "You have no talent profile." in page.content.decode()


def test_nobody_can_withdraw_someone_elses_consent(client_for, personas, full_profile):
    consent = full_profile.consents.get()
    for who in ("student_b", "institution_admin", "recruiter_a", "platform_admin"):
        response = client_for(getattr(personas, who)).post(
            reverse("accounts:consent_withdraw", args=[consent.pk])
        )
        assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None and not ConsentRecord.objects.exists()


def test_consent_history_api_shows_only_my_records(client_for, personas, full_profile):
    client = client_for(personas.student)
    consent = full_profile.consents.get()
    client.post(reverse("accounts:consent_withdraw", args=[consent.pk]))
    mine = client.get(reverse("api:consent-record-list")).json()
    assert [r["change"] for r in mine["results"]] == ["withdrawn"]
    assert mine["results"][0]["organization"] == "enterprise-a"
    other = client_for(personas.student_b).get(reverse("api:consent-record-list")).json()
    assert other["results"] == []


def test_visibility_changed_through_the_api_is_recorded(client_for, personas, full_profile):
    client = client_for(personas.student)
    url = f"/api/profiles/{full_profile.pk}/"
    assert (
        client.patch(url, {"visibility": "alliances"}, content_type="application/json").status_code
        == 200
    )
    record = ConsentRecord.objects.get()
    assert (record.value, record.channel, record.path) == ("alliances", "api", url)


def test_nobody_but_the_student_changes_visibility_through_the_api(
    client_for, personas, full_profile
):
    url = f"/api/profiles/{full_profile.pk}/"
    for who in ("platform_admin", "institution_admin"):
        response = client_for(getattr(personas, who)).patch(
            url, {"visibility": "nobody"}, content_type="application/json"
        )
        assert response.status_code == 400
    full_profile.refresh_from_db()
    assert full_profile.visibility == "signed_in" and not ConsentRecord.objects.exists()
