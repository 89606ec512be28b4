"""The audit log: changes to personal data with the acting user, masked values, one entry
per export, CV download and import batch; readable by platform admins only."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from corridor.talent.models import TalentProfile
from corridor.talent.tests.helpers import editor_data

pytestmark = pytest.mark.django_db
AUDIT = reverse("accounts:audit")


def entries_for(model, **filters):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **filters)


def test_a_profile_change_is_logged_with_its_actor_and_masked_contacts(
    client_for, personas, full_profile
):
    client = client_for(personas.institution_admin)
    url = reverse("talent:profile_update", args=[full_profile.pk])
    data = editor_data(client.get(url).context["editor"])
    data["phone"] = "+92 311 7654321"
    data["programme"] = "Bridge engineering"
    assert client.post(url, data).status_code == 302
    entry = entries_for(TalentProfile, action=LogEntry.Action.UPDATE).latest()
    assert entry.actor == personas.institution_admin
    assert entry.changes["programme"] == ["", "Bridge engineering"]
    old, new = entry.changes["phone"]
    assert "7654321" not in new or new.startswith("*")
    assert "+92 311" not in new  # the first half is masked


def test_user_passwords_are_never_logged(personas):
    personas.outsider.set_password("a-new-secret-1")
    personas.outsider.save()
    for entry in entries_for(type(personas.outsider)):
        assert "password" not in (entry.changes or {})


def test_cv_download_and_profile_export_are_logged(client_for, personas, full_profile):
    admin = client_for(personas.institution_admin)
    assert admin.get(reverse("talent:profile_cv", args=[full_profile.pk])).status_code == 200
    access = entries_for(TalentProfile, action=LogEntry.Action.ACCESS).get()
    assert access.actor == personas.institution_admin
    assert access.additional_data["event"] == "cv_download"

    response = admin.get(reverse("imports:export", args=["profiles", "csv"]))
    b"".join(response.streaming_content)
    export = entries_for(TalentProfile, object_pk="*").get()
    assert export.action == LogEntry.Action.ACCESS and export.actor == personas.institution_admin
    assert export.additional_data == {
        "event": "export", "rows": 1, "kind": "profiles", "format": "csv", "channel": "page",
    }  # fmt: skip


def test_export_command_is_logged(personas, full_profile, tmp_path):
    call_command("export", "profiles", str(tmp_path / "p.csv"), verbosity=0)
    entry = entries_for(TalentProfile, object_pk="*").get()
    assert entry.actor is None and entry.additional_data["channel"] == "command"


def test_each_import_batch_writes_one_entry(client_for, personas):
    from corridor.imports.models import ImportBatch

    rows = "institution,student_number,full_name,nationality\n"
    rows += "".join(f"university,{n},Student {n},PK\n" for n in range(5))
    client_for(personas.institution_admin).post(
        reverse("imports:index"),
        {"kind": "profiles", "file": SimpleUploadedFile("p.csv", rows.encode())},
    )
    batch = ImportBatch.objects.get()
    entry = entries_for(ImportBatch).get()
    assert entry.object_pk == str(batch.pk) and entry.actor == personas.institution_admin
    assert entry.additional_data["created"] == 5 and entry.additional_data["event"] == "import"
    # The bulk insert itself wrote no per-row entries.
    assert not entries_for(TalentProfile).exists()


def test_audit_page_is_for_platform_admins_and_filters(client_for, personas, full_profile):
    assert client_for(personas.institution_admin).get(AUDIT).status_code == 403
    assert client_for(personas.secretariat).get(AUDIT).status_code == 403
    client = client_for(personas.platform_admin)
    client_for(personas.institution_admin).get(reverse("talent:profile_cv", args=[full_profile.pk]))
    client = client_for(personas.platform_admin)
    page = client.get(AUDIT, {"action": LogEntry.Action.ACCESS})
    assert page.status_code == 200
    entries = list(page.context["page"].object_list)
    assert [e.additional_data["event"] for e in entries] == ["cv_download"]
    by_user = client.get(AUDIT, {"user": "institution@"}).context["page"].object_list
    assert {e.actor for e in by_user} == {personas.institution_admin}
    profile_type = ContentType.objects.get_for_model(TalentProfile)
    by_type = client.get(AUDIT, {"object_type": profile_type.pk}).context["page"]
    assert by_type.paginator.count >= 2  # created, accessed
    bad = client.get(AUDIT, {"date_from": "not a date"})
    assert bad.status_code == 200 and bad.context["filter_errors"]


def test_audit_api_is_for_platform_admins(client_for, personas, full_profile):
    url = reverse("api:audit-list")
    assert client_for(personas.student).get(url).status_code == 403
    body = client_for(personas.platform_admin).get(url, {"action": 0}).json()
    assert body["count"] >= 1
    assert {row["action"] for row in body["results"]} == {"create"}
    assert any(row["object_type"] == "talent.talentprofile" for row in body["results"])
