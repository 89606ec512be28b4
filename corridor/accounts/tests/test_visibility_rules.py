"""Only the student decides who sees their profile; profiles nobody has claimed yet
(imported or made by staff) stay hidden."""

import pytest
from django.urls import reverse

from corridor.talent.models import TalentProfile, Visibility
from corridor.talent.tests.helpers import editor_data

pytestmark = pytest.mark.django_db


def test_institution_admin_cannot_change_a_students_visibility(client_for, personas, full_profile):
    client = client_for(personas.institution_admin)
    url = reverse("talent:profile_update", args=[full_profile.pk])
    page = client.get(url)
    assert "Only the student can change this" in page.content.decode()
    data = editor_data(page.context["editor"])
    data["visibility"] = "nobody"  # a crafted request
    assert client.post(url, data).status_code == 302
    full_profile.refresh_from_db()
    assert full_profile.visibility == Visibility.SIGNED_IN


def test_profiles_made_by_staff_start_hidden(personas):
    profile = TalentProfile.objects.create(
        institution=personas.university, full_name="Imported", nationality="PK"
    )
    assert profile.visibility == Visibility.NOBODY


def test_imported_profiles_start_hidden(client_for, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "institution,student_number,full_name,nationality\nuniversity,77,Imran Ali,PK\n"
    client_for(personas.institution_admin).post(
        reverse("imports:index"),
        {"kind": "profiles", "file": SimpleUploadedFile("p.csv", rows.encode())},
    )
    profile = TalentProfile.objects.get(student_number="77")
    assert profile.visibility == Visibility.NOBODY
    # Hidden from recruiters until the student claims it.
    assert not TalentProfile.objects.for_user(personas.recruiter_a, "view").exists()


def test_a_student_starting_a_profile_is_offered_everyone_signed_in(client_for, personas):
    page = client_for(personas.student_b).get(reverse("talent:my_profile"))
    assert page.context["form"]["visibility"].value() == Visibility.SIGNED_IN
