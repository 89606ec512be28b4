"""Download my data: everything about the signed-in user as one JSON document, page and
API alike, recorded in the audit log; nobody else's data in it."""

import base64
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_download_holds_account_profile_cv_and_consents(client_for, personas, full_profile):
    client = client_for(personas.student)
    response = client.get(reverse("accounts:data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="corridor-my-data-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "student@example.test"
    assert data["memberships"] == [
        {
            "role": "student",
            "organization": "Test University",
            "since": data["memberships"][0]["since"],
        }
    ]
    profile = data["profile"]
    assert profile["full_name"] == "زینب قریشی" and profile["nationality"] == "PK"
    assert profile["languages"][0]["certificate"] == "HSK 4 (2025)"
    assert profile["experience"][0]["title"] == "Site intern"
    assert base64.b64decode(profile["cv_file"]["base64"]) == b"Zainab Qureshi - CV\n"
    assert data["contact_consents"][0]["organization"] == "Enterprise A"
    assert "consent_history" in data


def test_download_is_audited(client_for, personas, full_profile):
    client_for(personas.student).get(reverse("accounts:data_download"))
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == personas.student and entry.object_pk == str(personas.student.pk)
    assert entry.additional_data == {"event": "data_download", "channel": "page"}


def test_api_download_is_the_same_document(client_for, personas, full_profile):
    body = client_for(personas.student).get(reverse("api:me-data")).json()
    assert body["profile"]["name_latin"] == "Zainab Qureshi"
    assert LogEntry.objects.get(action=LogEntry.Action.ACCESS).additional_data["channel"] == "api"


def test_download_holds_nothing_of_other_people(client_for, personas, full_profile):
    body = client_for(personas.student_b).get(reverse("api:me-data")).json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["profile"] is None and "Zainab" not in text and "زینب" not in text
    assert client_for(None).get(reverse("api:me-data")).status_code == 401
