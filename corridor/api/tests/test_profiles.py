"""Talent profiles: who sees which profile, anonymised or not, and who writes them."""

import pytest
from django.utils import timezone

from corridor.api.tests import data
from corridor.core.testing import OrganizationFactory
from corridor.directory.models import OrganizationKind
from corridor.talent.models import (
    ContactConsent,
    ProfileLanguage,
    ProfileSkill,
    TalentProfile,
    Visibility,
)

pytestmark = pytest.mark.django_db

IDENTITY = {"full_name", "name_latin", "email", "phone", "student_number", "cv"}


def attrs(response):
    return {error["attr"] for error in response.json()["errors"]}


def ids(response):
    return [p["id"] for p in response.json()["results"]]


def test_recruiters_see_anonymised_profiles_until_consent(api_for, personas, world):
    recruiter = api_for(personas.recruiter_b)
    url = f"/api/profiles/{world.shared_profile.pk}/"
    body = recruiter.get(url).json()
    assert body["identity_visible"] is False
    assert body["display_name"] == f"Candidate #{world.shared_profile.pk}"
    assert not IDENTITY & set(body)
    assert "王小明" not in str(body) and "Wang" not in str(body)
    assert body["headline"] == "Welding technician"
    assert [s["label"] for s in body["skills"]] == ["welding"]
    listed = recruiter.get("/api/profiles/").json()["results"]
    assert [p["id"] for p in listed] == [world.shared_profile.pk]  # the hidden one: absent
    assert not IDENTITY & set(listed[0])

    consent = ContactConsent.objects.create(
        profile=world.shared_profile, organization=personas.enterprise_b, reason="applied"
    )
    body = recruiter.get(url).json()
    assert body["identity_visible"] is True
    assert body["full_name"] == "王小明"
    assert body["display_name"] == "王小明 (Wang Xiaoming)"
    assert recruiter.get("/api/profiles/").json()["results"][0]["email"]
    # Enterprise A has no consent: still anonymised for its recruiter.
    assert api_for(personas.recruiter_a).get(url).json()["identity_visible"] is False

    consent.revoked_at = timezone.now()
    consent.save()
    assert recruiter.get(url).json()["identity_visible"] is False


def test_a_hidden_profile_is_404_to_everyone_but_its_keepers(api_for, personas, world):
    url = f"/api/profiles/{world.hidden_profile.pk}/"
    for who in ("recruiter_a", "recruiter_b", "student", "outsider", "secretariat"):
        client = api_for(getattr(personas, who))
        assert client.get(url).status_code == 404, who
        assert client.patch(url, {"headline": "x"}).status_code == 404, who
        assert client.delete(url).status_code == 404, who
        assert world.hidden_profile.pk not in ids(client.get("/api/profiles/"))
    for who in ("student_b", "institution_admin", "platform_admin"):
        body = api_for(getattr(personas, who)).get(url).json()
        assert body["identity_visible"] is True, who
    assert api_for(personas.student_b).get(url).json()["is_own"] is True


def test_name_search_and_ordering_reveal_nothing_of_anonymised_profiles(api_for, personas, world):
    recruiter = api_for(personas.recruiter_b)
    assert recruiter.get("/api/profiles/", {"q": "Wang"}).json()["count"] == 0
    assert recruiter.get("/api/profiles/", {"q": "welding"}).json()["count"] == 1  # a skill
    admin = api_for(personas.institution_admin)
    assert ids(admin.get("/api/profiles/", {"q": "Wang"})) == [world.shared_profile.pk]
    # Ordering by name is not offered (silently ignored, the default order stays).
    default = ids(admin.get("/api/profiles/"))
    assert ids(admin.get("/api/profiles/", {"ordering": "full_name"})) == default
    assert ids(admin.get("/api/profiles/", {"ordering": "-full_name"})) == default


def test_profile_filters(api_for, personas, world):
    admin = api_for(personas.institution_admin)
    ProfileLanguage.objects.create(
        profile=world.shared_profile, language="zh", scale="HSK", level="5"
    )
    assert ids(admin.get("/api/profiles/", {"language": "zh", "min_level": "HSK:4"})) == [
        world.shared_profile.pk
    ]
    assert (
        admin.get("/api/profiles/", {"language": "zh", "min_level": "HSK:6"}).json()["count"] == 0
    )
    assert ids(admin.get("/api/profiles/", {"skill": world.welding.pk})) == [
        world.shared_profile.pk
    ]
    response = admin.get("/api/profiles/", {"language": "xx"})
    assert response.status_code == 400
    assert attrs(response) == {"language"}
    # Digits that are not numbers ("³") are a filter error, not a server error.
    for name in ("skill", "skill_text"):
        response = admin.get("/api/profiles/", {name: "³"})
        assert response.status_code == 400, name
        assert attrs(response) == {name}


PROFILE = {
    "full_name": "Ли Мин",
    "name_latin": "Li Min",
    "email": "li@example.test",
    "nationality": "KZ",
    "institution": "university",
    "headline": "Hydropower student",
    "preferred_kinds": ["internship"],
    "languages": [{"language": "zh", "scale": "HSK", "level": "hsk 4"}],
    "skills": [{"skill": None, "level": 3}],
    "experience": [{"title": "Intern", "start": "2024-01-01", "end": "2024-06-30"}],
}


def profile_body(world, **changes):
    body = {**PROFILE, **changes}
    if body["skills"] and body["skills"][0]["skill"] is None:
        body["skills"] = [{"skill": world.hydro.pk, "level": 3}]
    return body


def test_a_student_creates_their_own_profile_once(api_for, personas, world):
    world.shared_profile.delete()
    student = api_for(personas.student)
    response = student.post("/api/profiles/", profile_body(world))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_own"] is True and body["identity_visible"] is True
    assert body["languages"] == [
        {"language": "zh", "scale": "HSK", "level": "4", "certificate": ""}
    ]
    profile = TalentProfile.objects.get(pk=body["id"])
    assert profile.user == personas.student
    assert list(profile.skills.values_list("skill__label_en", "level")) == [
        ("hydropower engineering", 3)
    ]
    response = student.post("/api/profiles/", profile_body(world))
    assert response.status_code == 400
    assert attrs(response) == {"non_field_errors"}
    assert TalentProfile.objects.filter(user=personas.student).count() == 1


def test_bad_profile_input_is_400_and_saves_nothing(api_for, personas, world):
    world.shared_profile.delete()
    before = TalentProfile.objects.count(), ProfileSkill.objects.count()
    student = api_for(personas.student)
    cases = {
        "languages.0.level": {"languages": [{"language": "zh", "scale": "HSK", "level": "C1"}]},
        "experience.0.end": {
            "experience": [{"title": "x", "start": "2024-02-01", "end": "2024-01-01"}]
        },
        "skills.0.skill": {"skills": [{"skill": 999999}]},
        "skills.non_field_errors": {
            "skills": [{"skill": world.hydro.pk}, {"skill": world.hydro.pk}]
        },
        "preferred_kinds.0": {"preferred_kinds": ["holiday"]},
        "institution": {"institution": "enterprise-a"},  # not a place of study
        "nationality": {"nationality": "XX"},
    }
    for attr, change in cases.items():
        response = student.post("/api/profiles/", profile_body(world, **change))
        assert response.status_code == 400, attr
        assert attr in attrs(response), (attr, response.json())
    assert (TalentProfile.objects.count(), ProfileSkill.objects.count()) == before


def test_students_update_only_their_own_profile(api_for, personas, world):
    student = api_for(personas.student)
    url = f"/api/profiles/{world.shared_profile.pk}/"
    response = student.patch(
        url,
        {
            "headline": "Senior welder",
            "languages": [{"language": "en", "scale": "CEFR", "level": "b2"}],
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["languages"][0]["level"] == "B2"
    assert [s["label"] for s in response.json()["skills"]] == ["welding"]  # untouched
    response = student.patch(url, {"visibility": "nobody"})
    assert response.status_code == 200
    # Student B may see the student's shared profile but not change it.
    world.shared_profile.refresh_from_db()
    world.shared_profile.visibility = Visibility.SIGNED_IN
    world.shared_profile.save()
    other = api_for(personas.student_b)
    assert other.get(url).status_code == 200
    assert other.patch(url, {"headline": "x"}).status_code == 403
    assert other.delete(url).status_code == 403
    assert (
        api_for(personas.recruiter_a).post("/api/profiles/", profile_body(world)).status_code == 403
    )
    assert student.delete(url).status_code == 204
    assert not TalentProfile.objects.filter(pk=world.shared_profile.pk).exists()


def test_institution_admins_keep_their_institutions_profiles(api_for, personas, world):
    admin = api_for(personas.institution_admin)
    url = f"/api/profiles/{world.shared_profile.pk}/"
    response = admin.patch(url, {"programme": "Mechanical engineering", "student_number": "S-1"})
    assert response.status_code == 200, response.json()
    # The student alone decides who sees the profile.
    response = admin.patch(url, {"visibility": "nobody"})
    assert response.status_code == 400
    assert attrs(response) == {"visibility"}
    # Moving it to another institution would take it out of the admin's reach.
    other = OrganizationFactory(slug="other-uni", kind=OrganizationKind.UNIVERSITY)
    response = admin.patch(url, {"institution": other.slug})
    assert response.status_code == 400
    assert attrs(response) == {"institution"}
    # New profiles (no account yet) only for their institution.
    response = admin.post("/api/profiles/", profile_body(world, institution="university"))
    assert response.status_code == 201, response.json()
    assert TalentProfile.objects.get(pk=response.json()["id"]).user is None
    for institution in ("other-uni", None):
        response = admin.post("/api/profiles/", profile_body(world, institution=institution))
        assert response.status_code == 400
        assert attrs(response) == {"institution"}
    # ... which may be hidden at once (no student to decide yet).
    hidden = data.profile(None, personas.university, "Imported", Visibility.SIGNED_IN)
    assert admin.patch(f"/api/profiles/{hidden.pk}/", {"visibility": "nobody"}).status_code == 200


def test_anonymous_requests_are_401(api, world):
    assert api.get("/api/profiles/").status_code == 401
    assert api.get(f"/api/profiles/{world.shared_profile.pk}/").status_code == 401
    assert api.post("/api/profiles/", {}).status_code == 401
