"""Institution admins keep their own students' profiles, and nobody else's."""

import pytest
from django.urls import reverse

from corridor.accounts.services import grant_role
from corridor.core.testing import UserFactory
from corridor.talent.models import TalentProfile
from corridor.talent.tests.helpers import editor_data, make_profile, row

pytestmark = pytest.mark.django_db

NEW = reverse("talent:profile_create")


def new_form(client):
    response = client.get(NEW)
    assert response.status_code == 200
    return response, editor_data(response.context["editor"])


def test_institution_admin_creates_a_profile_for_a_student_of_their_institution(
    client_for, personas, skills
):
    make_profile(user=personas.student, institution=personas.university)
    UserFactory(email="stranger@example.test")  # no student role: not offered
    client = client_for(personas.institution_admin)
    response, data = new_form(client)
    offered = {user.email for user in response.context["form"].fields["user"].queryset}
    assert offered == {"student-b@example.test"}  # `student` has a profile already
    institutions = response.context["form"].fields["institution"].queryset
    assert list(institutions) == [personas.university]

    data.update(
        full_name="Бахтияр Нурланов",
        name_latin="Bakhtiyar Nurlanov",
        nationality="KZ",
        institution=personas.university.pk,
        student_number="2024-0042",
        user=personas.student_b.pk,
    )
    row(data, "languages", language="kk", scale="native")
    row(data, "skills", skill=str(skills["logistics"].pk), skill_text="logistics management")
    response = client.post(NEW, data)
    assert response.status_code == 302
    profile = TalentProfile.objects.get(student_number="2024-0042")
    assert profile.user == personas.student_b and profile.institution == personas.university
    assert profile.skills.count() == 1 and profile.languages.count() == 1

    # The student now finds it as their own profile.
    page = client_for(personas.student_b).get(reverse("talent:my_profile"))
    assert page.status_code == 200 and page.context["object"] == profile


def test_institution_admin_cannot_create_for_another_institution_or_foreign_student(
    client_for, personas, other_university, other_admin
):
    outsider_student = UserFactory(email="elsewhere@example.test")
    grant_role(outsider_student, "student", other_university)
    client = client_for(personas.institution_admin)
    _response, data = new_form(client)
    data.update(full_name="Someone", nationality="PK", institution=other_university.pk)
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()

    data.update(institution=personas.university.pk, user=outsider_student.pk)
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert not TalentProfile.objects.exists()


def test_institution_admin_edits_and_deletes_their_students_profiles(client_for, personas):
    profile = make_profile(user=personas.student, institution=personas.university)
    client = client_for(personas.institution_admin)
    edit = reverse("talent:profile_update", args=[profile.pk])
    response = client.get(edit)
    assert response.status_code == 200
    data = editor_data(response.context["editor"])
    data["programme"] = "Bridge engineering"
    assert client.post(edit, data).status_code == 302
    profile.refresh_from_db()
    assert profile.programme == "Bridge engineering"
    assert profile.user == personas.student  # the link to the account is kept

    delete = reverse("talent:profile_delete", args=[profile.pk])
    assert "Ayesha Siddiqui" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not TalentProfile.objects.filter(pk=profile.pk).exists()


def test_the_admin_of_another_university_can_neither_see_nor_change_them(
    client_for, personas, other_admin
):
    hidden = make_profile(
        user=personas.student, institution=personas.university, visibility="nobody"
    )
    client = client_for(other_admin)
    for name in ("profile_detail", "profile_update", "profile_delete", "profile_cv"):
        assert client.get(reverse(f"talent:{name}", args=[hidden.pk])).status_code == 404, name
    edit = reverse("talent:profile_update", args=[hidden.pk])
    assert client.post(edit, {"full_name": "Hijacked", "nationality": "PK"}).status_code == 404
    assert client.post(reverse("talent:profile_delete", args=[hidden.pk])).status_code == 404
    hidden.refresh_from_db()
    assert hidden.full_name == "Ayesha Siddiqui"

    # A profile shown to everyone signed in: readable, anonymised, still not editable.
    public = make_profile(institution=personas.university, full_name="Public Student")
    response = client.get(reverse("talent:profile_detail", args=[public.pk]))
    assert response.status_code == 200
    assert "Public Student" not in response.content.decode()
    assert client.get(reverse("talent:profile_update", args=[public.pk])).status_code == 404
    assert client.get(NEW).status_code == 200  # may add their own students, though


def test_students_and_recruiters_cannot_add_profiles_for_others(client_for, personas):
    for who in ("student", "recruiter_a", "outsider"):
        assert client_for(getattr(personas, who)).get(NEW).status_code == 403, who
    assert client_for(None).get(NEW).status_code == 302


def test_a_student_edits_and_deletes_only_their_own_profile(client_for, personas):
    own = make_profile(user=personas.student, institution=personas.university)
    other = make_profile(user=personas.student_b, institution=personas.university)
    client = client_for(personas.student)
    response = client.get(reverse("talent:profile_update", args=[own.pk]))
    assert response.status_code == 200
    assert "user" not in response.context["form"].fields  # no account or student number
    assert client.get(reverse("talent:profile_update", args=[other.pk])).status_code == 404
    assert client.post(reverse("talent:profile_delete", args=[other.pk])).status_code == 404
    assert client.post(reverse("talent:profile_delete", args=[own.pk])).status_code == 302
    assert list(TalentProfile.objects.all()) == [other]
