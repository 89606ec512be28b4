"""A student keeps their own profile: identity, study, languages, skills, CV."""

import pytest
from django.urls import reverse

from corridor.talent.models import Evidence, ProfileLanguage, ProfileSkill, TalentProfile
from corridor.talent.tests.helpers import PDF, PNG, docx_bytes, editor_data, row, upload

pytestmark = pytest.mark.django_db

ME = reverse("talent:my_profile")


def my_form(client):
    response = client.get(ME)
    assert response.status_code == 200
    return response, editor_data(response.context["editor"])


def test_first_visit_is_prefilled_from_the_account_and_saves_nothing(client_for, personas):
    personas.student.first_name, personas.student.last_name = "Ali", "Khan"
    personas.student.save()
    response, data = my_form(client_for(personas.student))
    assert data["full_name"] == "Ali Khan" and data["name_latin"] == "Ali Khan"
    assert data["email"] == "student@example.test"
    assert data["institution"] == str(personas.university.pk)
    assert not TalentProfile.objects.exists()  # stored when first saved
    assert "Only enterprises that belong to the same alliance" in response.content.decode()


def test_student_creates_and_edits_a_profile_with_languages_and_skills(
    client_for, personas, skills
):
    client = client_for(personas.student)
    _response, data = my_form(client)
    data.update(
        full_name="علی خان",
        name_latin="Ali Khan",
        nationality="PK",
        programme="Welding technology",
        degree_level="vocational",
        expected_graduation="2026-07-01",
        available_from="2026-08-01",
        preferred_countries=["CN", "PK"],
        preferred_kinds=["job", "apprenticeship"],
        headline="Welding technician",
        visibility="alliances",
    )
    row(data, "languages", language="ur", scale="native", level="")
    # Typed the way people write it: lower case, with the scale's name.
    row(data, "languages", language="zh", scale="HSK", level="hsk 4", certificate="HSK 4")
    row(data, "skills", skill=str(skills["welding"].pk), skill_text="welding", level="3")
    # Without JavaScript: an exact synonym typed into the field, no hidden id.
    row(data, "skills", skill="", skill_text="Python编程", level="2", evidence="certified")
    row(data, "experience", title="Welder", organization_name="Sinomach", start="2024-01-01")

    response = client.post(ME, data)
    assert response.status_code == 302, _errors(response)
    profile = TalentProfile.objects.get(user=personas.student)
    assert response["Location"] == profile.get_absolute_url()
    assert profile.full_name == "علی خان" and profile.institution == personas.university
    assert profile.preferred_kinds == ["job", "apprenticeship"]
    assert [c.code for c in profile.preferred_countries] == ["CN", "PK"]
    assert profile.visibility == "alliances"
    assert set(profile.languages.values_list("language", "scale", "level")) == {
        ("ur", "native", ""),
        ("zh", "HSK", "4"),
    }
    assert {(s.skill_id, s.level, s.evidence) for s in profile.skills.all()} == {
        (skills["welding"].pk, 3, Evidence.SELF_DECLARED),
        (skills["python"].pk, 2, Evidence.CERTIFIED),
    }
    assert profile.experience.get().title == "Welder"

    # Edit: the page now shows the saved rows; change one, remove one, keep the rest.
    _response, data = my_form(client)
    assert data["skills-INITIAL_FORMS"] == "2"
    for i in range(2):
        if data[f"skills-{i}-skill"] == str(skills["python"].pk):
            data[f"skills-{i}-DELETE"] = "on"
        else:
            data[f"skills-{i}-level"] = "4"
    data["headline"] = "Senior welding technician"
    assert client.post(ME, data).status_code == 302
    profile.refresh_from_db()
    assert profile.headline == "Senior welding technician"
    assert list(profile.skills.values_list("skill_id", "level")) == [(skills["welding"].pk, 4)]
    assert profile.languages.count() == 2


def _new_profile_data(client):
    _response, data = my_form(client)
    data.update(full_name="Ali Khan", nationality="PK")
    return data


def test_an_invalid_language_level_saves_nothing_and_says_why(client_for, personas, skills):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    row(data, "languages", language="zh", scale="HSK", level="C1")
    row(data, "skills", skill=str(skills["welding"].pk), skill_text="welding")
    response = client.post(ME, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Not a level of that scale" in body
    assert "Nothing was saved" in body
    assert 'value="Ali Khan"' in body  # what was typed is kept
    assert not TalentProfile.objects.exists()
    assert not ProfileSkill.objects.exists() and not ProfileLanguage.objects.exists()


def test_an_unknown_skill_is_refused_and_nothing_is_saved(client_for, personas, skills):
    profile_client = client_for(personas.student)
    data = _new_profile_data(profile_client)
    row(data, "languages", language="en", scale="CEFR", level="B2")
    row(data, "skills", skill="", skill_text="underwater basket weaving")
    response = profile_client.post(ME, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "is not a skill in the taxonomy" in body and "underwater basket weaving" in body
    assert not TalentProfile.objects.exists() and not ProfileLanguage.objects.exists()


def test_a_skill_id_that_does_not_exist_is_refused(client_for, personas, skills):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    row(data, "skills", skill="999999", skill_text="")
    response = client.post(ME, data)
    assert response.status_code == 400
    assert "That skill is not in the taxonomy" in response.content.decode()


def test_the_same_skill_or_language_twice_is_refused(client_for, personas, skills):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    row(data, "languages", language="en", scale="CEFR", level="B2")
    row(data, "languages", language="en", scale="CEFR", level="C1")
    row(data, "skills", skill=str(skills["welding"].pk), skill_text="welding")
    row(data, "skills", skill="", skill_text="arc welding")  # a synonym of the same skill
    response = client.post(ME, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "This language is already listed above." in body
    assert "This skill is already listed above." in body
    assert not TalentProfile.objects.exists()


def test_a_skill_already_saved_cannot_be_added_again(client_for, personas, skills):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    row(data, "skills", skill=str(skills["welding"].pk), skill_text="welding")
    assert client.post(ME, data).status_code == 302
    _response, data = my_form(client)
    row(data, "skills", skill=str(skills["welding"].pk), skill_text="welding", level="1")
    response = client.post(ME, data)
    assert response.status_code == 400
    assert "This skill is already listed above." in response.content.decode()
    assert ProfileSkill.objects.count() == 1


def test_end_before_start_in_experience_is_refused(client_for, personas):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    row(data, "experience", title="Intern", start="2024-05-01", end="2024-01-01")
    response = client.post(ME, data)
    assert response.status_code == 400
    assert "The end comes before the start." in response.content.decode()
    assert not TalentProfile.objects.exists()


def test_adding_a_row_is_a_round_trip_that_saves_nothing(client_for, personas):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    before = int(data["skills-TOTAL_FORMS"])
    data["add_row"] = "skills"
    response = client.post(ME, data)
    assert response.status_code == 200
    assert response.context["editor"].formsets["skills"].total_form_count() == before + 1
    assert "A new empty row was added" in response.content.decode()
    assert 'value="Ali Khan"' in response.content.decode()
    assert not TalentProfile.objects.exists()


def test_a_png_renamed_to_pdf_is_refused_as_cv(client_for, personas):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    data["cv"] = upload("cv.pdf", PNG)
    response = client.post(ME, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only PDF, Word (.docx) or plain-text" in body and "PNG" in body
    assert not TalentProfile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.txt", PDF, "its name ends in “.txt”"),
        ("cv.pdf", b"", "file is empty"),
        ("cv.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "at most 5 MB"),
    ],
)
def test_other_bad_cvs_are_refused_with_a_reason(client_for, personas, name, content, message):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    data["cv"] = upload(name, content)
    response = client.post(ME, data)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", PDF), ("cv.docx", docx_bytes()), ("cv.txt", "焊接 welding".encode())],
)
def test_pdf_docx_and_text_cvs_are_kept_and_downloadable_by_the_student(
    client_for, personas, name, content
):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    data["cv"] = upload(name, content)
    assert client.post(ME, data).status_code == 302
    profile = TalentProfile.objects.get()
    assert profile.cv.name.endswith(name.rsplit(".", 1)[1])
    response = client.get(reverse("talent:profile_cv", args=[profile.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")


def test_replacing_and_removing_the_cv_deletes_the_old_file(
    client_for, personas, django_capture_on_commit_callbacks
):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    data["cv"] = upload("first.pdf", PDF)
    assert client.post(ME, data).status_code == 302
    profile = TalentProfile.objects.get()
    storage, first = profile.cv.storage, profile.cv.name
    assert storage.exists(first)

    _response, data = my_form(client)
    data["cv"] = upload("second.txt", b"plain text CV")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ME, data).status_code == 302
    profile.refresh_from_db()
    assert not storage.exists(first) and storage.exists(profile.cv.name)

    _response, data = my_form(client)
    data["cv_remove"] = "on"
    second = profile.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ME, data).status_code == 302
    profile.refresh_from_db()
    assert not profile.cv and not storage.exists(second)


def test_a_student_may_only_pick_an_institution_as_institution(client_for, personas):
    client = client_for(personas.student)
    data = _new_profile_data(client)
    data["institution"] = str(personas.enterprise_a.pk)
    response = client.post(ME, data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("who", ["recruiter_a", "institution_admin", "outsider"])
def test_my_profile_is_for_students(client_for, personas, who):
    assert client_for(getattr(personas, who)).get(ME).status_code == 403


def test_my_profile_sends_visitors_to_sign_in(client):
    response = client.get(ME)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def _errors(response):
    editor = response.context["editor"]
    return [editor.form.errors] + [
        (prefix, fs.errors, fs.non_form_errors()) for prefix, fs in editor.formsets.items()
    ]
