"""Who sees a profile, and who sees the person behind it.

The student chooses who may find the profile (visibility) and which organisations see
their name, contact details and CV (contact consent); everyone else sees "Candidate #n".
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from corridor.core.testing import OrganizationFactory
from corridor.directory.models import AllianceMember, OrganizationKind
from corridor.talent.models import ContactConsent, ProfileLanguage, ProfileSkill
from corridor.talent.tests.helpers import PDF, make_profile

pytestmark = pytest.mark.django_db

LIST = reverse("talent:profile_list")


def detail(profile):
    return reverse("talent:profile_detail", args=[profile.pk])


def cv_url(profile):
    return reverse("talent:profile_cv", args=[profile.pk])


@pytest.fixture
def profile(personas):
    return make_profile(user=personas.student, institution=personas.university)


def test_a_hidden_profile_is_not_found_by_recruiters_and_missing_from_their_list(
    client_for, personas
):
    hidden = make_profile(
        user=personas.student, institution=personas.university, visibility="nobody"
    )
    for who in ("recruiter_a", "recruiter_b", "student_b", "outsider", "secretariat"):
        client = client_for(getattr(personas, who))
        assert client.get(detail(hidden)).status_code == 404, who
        page = client.get(LIST)
        assert page.context["page"].paginator.count == 0, who
        assert hidden.anonymous_label() not in page.content.decode()
    for who in ("student", "institution_admin", "platform_admin"):
        response = client_for(getattr(personas, who)).get(detail(hidden))
        assert response.status_code == 200, who
        assert "Ayesha Siddiqui" in response.content.decode()


def test_alliance_profiles_are_seen_only_by_enterprises_sharing_a_current_alliance(
    client_for, personas
):
    alliance = OrganizationFactory(kind=OrganizationKind.ALLIANCE, name_en="Silk Road Alliance")
    AllianceMember.objects.create(alliance=alliance, member=personas.university)
    AllianceMember.objects.create(alliance=alliance, member=personas.enterprise_a)
    AllianceMember.objects.create(
        alliance=alliance, member=personas.enterprise_b, left=datetime.date(2024, 1, 1)
    )
    shared = make_profile(
        user=personas.student, institution=personas.university, visibility="alliances"
    )

    recruiter_a = client_for(personas.recruiter_a)
    response = recruiter_a.get(detail(shared))
    assert response.status_code == 200
    body = response.content.decode()
    assert shared.anonymous_label() in body and "Ayesha Siddiqui" not in body
    assert recruiter_a.get(LIST).context["page"].paginator.count == 1

    for who in ("recruiter_b", "outsider", "secretariat"):  # B left the alliance
        client = client_for(getattr(personas, who))
        assert client.get(detail(shared)).status_code == 404, who
        assert client.get(LIST).context["page"].paginator.count == 0, who


def test_alliance_only_profiles_are_not_shown_to_classmates(client_for, personas):
    alliance = OrganizationFactory(kind=OrganizationKind.ALLIANCE)
    AllianceMember.objects.create(alliance=alliance, member=personas.university)
    AllianceMember.objects.create(alliance=alliance, member=personas.enterprise_a)
    shared = make_profile(
        user=personas.student, institution=personas.university, visibility="alliances"
    )
    assert client_for(personas.student_b).get(detail(shared)).status_code == 404
    assert client_for(personas.recruiter_a).get(detail(shared)).status_code == 200
    assert client_for(personas.recruiter_b).get(detail(shared)).status_code == 404


def test_a_consented_enterprise_sees_even_a_hidden_profile(client_for, personas):
    hidden = make_profile(
        user=personas.student, institution=personas.university, visibility="nobody"
    )
    assert client_for(personas.recruiter_a).get(detail(hidden)).status_code == 404
    ContactConsent.objects.create(
        profile=hidden, organization=personas.enterprise_a, reason="applied"
    )
    assert client_for(personas.recruiter_a).get(detail(hidden)).status_code == 200
    assert client_for(personas.recruiter_b).get(detail(hidden)).status_code == 404


def test_recruiter_sees_the_person_only_while_a_consent_for_their_enterprise_lasts(
    client_for, personas, profile
):
    label = profile.anonymous_label()
    recruiter = client_for(personas.recruiter_a)

    def recruiter_sees_identity():
        card = recruiter.get(LIST).content.decode()
        page = recruiter.get(detail(profile)).content.decode()
        shown = "Ayesha Siddiqui" in card, "ayesha@example.test" in page, "+92 300" in page
        hidden = label in card, label in page
        assert all(shown) != all(hidden), (shown, hidden)
        return all(shown)

    assert not recruiter_sees_identity()

    student = client_for(personas.student)
    response = student.post(
        reverse("talent:consent_grant", args=[profile.pk]),
        {"organization": personas.enterprise_a.pk},
    )
    assert response.status_code == 302
    consent = ContactConsent.objects.get(profile=profile, organization=personas.enterprise_a)
    assert consent.reason == "granted" and consent.revoked_at is None
    page = student.get(detail(profile)).content.decode()
    assert "Enterprise A" in page and "Revoke" in page

    recruiter = client_for(personas.recruiter_a)
    assert recruiter_sees_identity()
    other = client_for(personas.recruiter_b).get(detail(profile)).content.decode()
    assert label in other and "ayesha@example.test" not in other

    student = client_for(personas.student)
    response = student.post(
        reverse("talent:consent_revoke", args=[profile.pk, consent.pk]), follow=True
    )
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.revoked_at is not None  # kept on record, no longer in force
    recruiter = client_for(personas.recruiter_a)
    assert not recruiter_sees_identity()


def test_cv_download_needs_the_right_to_see_the_identity(client_for, personas, profile):
    profile.cv.save("cv.pdf", ContentFile(PDF))
    for who in ("recruiter_a", "recruiter_b", "student_b", "outsider"):
        client = client_for(getattr(personas, who))
        assert client.get(cv_url(profile)).status_code == 404, who
        assert "cv-download" not in client.get(detail(profile)).content.decode()
    for who in ("student", "institution_admin", "platform_admin"):
        assert client_for(getattr(personas, who)).get(cv_url(profile)).status_code == 200, who

    ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="applied"
    )
    recruiter = client_for(personas.recruiter_a)
    assert "cv-download" in recruiter.get(detail(profile)).content.decode()
    response = recruiter.get(cv_url(profile))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_profile_without_cv_has_no_download(client_for, personas, profile):
    assert client_for(personas.student).get(cv_url(profile)).status_code == 404


def test_a_name_search_never_reveals_who_is_behind_an_anonymised_profile(
    client_for, personas, profile, skills
):
    ProfileSkill.objects.create(profile=profile, skill=skills["welding"])
    recruiter = client_for(personas.recruiter_a)
    assert recruiter.get(LIST, {"q": "Siddiqui"}).context["page"].paginator.count == 0
    found = recruiter.get(LIST, {"q": "焊接"})  # a skill, in Chinese
    assert found.context["page"].paginator.count == 1
    assert "Siddiqui" not in found.content.decode()

    admin = client_for(personas.institution_admin)
    assert admin.get(LIST, {"q": "Siddiqui"}).context["page"].paginator.count == 1

    ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="granted"
    )
    recruiter = client_for(personas.recruiter_a)
    assert recruiter.get(LIST, {"q": "Siddiqui"}).context["page"].paginator.count == 1


def _count(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_filters_for_nationality_institution_degree_skill_and_language(
    client_for, personas, skills, other_university
):
    ayesha = make_profile(institution=personas.university)
    nguyen = make_profile(
        full_name="Nguyễn Văn An",
        nationality="VN",
        institution=other_university,
        degree_level="master",
    )
    ProfileSkill.objects.create(profile=ayesha, skill=skills["welding"])
    ProfileSkill.objects.create(profile=nguyen, skill=skills["logistics"])
    ProfileLanguage.objects.create(profile=ayesha, language="zh", scale="HSK", level="4")
    ProfileLanguage.objects.create(profile=nguyen, language="zh", scale="HSK", level="2")
    ProfileLanguage.objects.create(profile=nguyen, language="vi", scale="native", level="")

    client = client_for(personas.recruiter_a)
    assert _count(client) == 2
    assert _count(client, nationality="VN") == 1
    assert _count(client, institution=personas.university.pk) == 1
    assert _count(client, degree_level="master") == 1
    assert _count(client, skill=skills["welding"].pk) == 1
    assert _count(client, skill_text="arc welding") == 1  # typed without the picker
    assert _count(client, language="zh") == 2
    # HSK 4 is CEFR B1 on the common scale; HSK 2 is below.
    assert _count(client, language="zh", min_level="CEFR:B1") == 1
    assert _count(client, language="zh", min_level="HSK:2") == 2
    assert _count(client, language="vi", min_level="CEFR:C2") == 1  # native beats C2

    response = client.get(LIST, {"skill_text": "basket weaving"})
    assert "is not a skill in the taxonomy" in response.content.decode()
    assert response.context["page"].paginator.count == 0
    response = client.get(LIST, {"min_level": "CEFR:B1"})
    assert "Choose the language the minimum level is for." in response.content.decode()


def test_cards_show_what_a_recruiter_may_know(client_for, personas, profile, skills):
    ProfileSkill.objects.create(profile=profile, skill=skills["welding"], level=4)
    ProfileLanguage.objects.create(profile=profile, language="zh", scale="HSK", level="5")
    body = client_for(personas.recruiter_a).get(LIST).content.decode()
    for shown in (profile.anonymous_label(), "Pakistan", "Civil engineering", "welding", "HSK 5"):
        assert shown in body, shown
    for hidden in ("Ayesha", "ayesha@example.test", "+92"):
        assert hidden not in body, hidden
    page = client_for(personas.recruiter_a).get(detail(profile)).content.decode()
    for shown in ("Chinese", "HSK 5", "welding", "焊接", "Expert", "Civil engineering"):
        assert shown in page, shown


def test_htmx_filtering_returns_only_the_results(client_for, personas, profile):
    response = client_for(personas.recruiter_a).get(
        LIST, {"nationality": "PK"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert profile.anonymous_label() in body and "<html" not in body


def test_only_the_student_manages_their_consents(client_for, personas, profile, other_admin):
    grant = reverse("talent:consent_grant", args=[profile.pk])
    consent = ContactConsent.objects.create(
        profile=profile, organization=personas.enterprise_a, reason="granted"
    )
    revoke = reverse("talent:consent_revoke", args=[profile.pk, consent.pk])
    for user in (personas.institution_admin, personas.recruiter_b, personas.student_b, other_admin):
        client = client_for(user)
        assert client.post(grant, {"organization": personas.enterprise_b.pk}).status_code == 404
        assert client.post(revoke).status_code == 404
        assert "Revoke" not in client.get(detail(profile)).content.decode()
    assert client_for(None).post(revoke).status_code == 302  # to sign in
    consent.refresh_from_db()
    assert consent.revoked_at is None
    assert ContactConsent.objects.count() == 1
    assert client_for(personas.student).get(grant).status_code == 405


def test_a_consent_for_no_or_an_unknown_organisation_is_refused(client_for, personas, profile):
    client = client_for(personas.student)
    response = client.post(reverse("talent:consent_grant", args=[profile.pk]), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ContactConsent.objects.exists()


def test_granting_twice_keeps_one_consent(client_for, personas, profile):
    client = client_for(personas.student)
    url = reverse("talent:consent_grant", args=[profile.pk])
    assert client.post(url, {"organization": personas.enterprise_a.pk}).status_code == 302
    # The organisation is no longer offered: a second grant is refused, not duplicated.
    assert client.post(url, {"organization": personas.enterprise_a.pk}).status_code == 400
    assert ContactConsent.objects.count() == 1


def test_the_identity_filter_agrees_with_identity_visible_to(personas, other_admin):
    """Lists and searches use the queryset twin of TalentProfile.identity_visible_to."""
    from corridor.talent.models import TalentProfile

    own = make_profile(user=personas.student, institution=personas.university)
    consented = make_profile(user=personas.student_b, institution=personas.university)
    ContactConsent.objects.create(
        profile=consented, organization=personas.enterprise_b, reason="applied"
    )
    ContactConsent.objects.create(
        profile=own,
        organization=personas.enterprise_a,
        reason="granted",
        revoked_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    elsewhere = make_profile(full_name="Elsewhere", institution=None)
    profiles = [own, consented, elsewhere]
    for user in [*personas.signed_in().values(), other_admin]:
        expected = {p.pk for p in profiles if p.identity_visible_to(user)}
        assert (
            set(TalentProfile.objects.identity_visible(user).values_list("pk", flat=True))
            == expected
        )
        shown = dict(
            TalentProfile.objects.with_identity_shown(user).values_list("pk", "identity_shown")
        )
        assert {pk for pk, flag in shown.items() if flag} == expected, user
