"""What users do with the directory: find organisations and people, and keep them right."""

import pytest
from django.urls import reverse

from corridor.core.testing import OrganizationFactory, PersonFactory
from corridor.directory.models import Organization, OrganizationKind, Person

pytestmark = pytest.mark.django_db


def org_list(client, **params):
    return client.get(reverse("directory:organization_list"), params)


def test_search_finds_organisations_by_english_chinese_and_own_language_names(client):
    OrganizationFactory(name_en="Chengdu University", name_zh="成都大学", country="CN")
    OrganizationFactory(
        name_en="Russian Presidential Academy",
        name_local="Президентская академия",
        abbreviation="RANEPA",
        country="RU",
    )
    OrganizationFactory(name_en="Sinomach", name_zh="国机集团", country="CN")

    assert "Chengdu University" in org_list(client, q="成都").content.decode()
    found = org_list(client, q="академия").content.decode()
    assert "Russian Presidential Academy" in found and "Chengdu University" not in found
    assert "Russian Presidential Academy" in org_list(client, q="ranepa").content.decode()


def test_filters_by_country_and_kind(client):
    OrganizationFactory(name_en="Pakistani Bureau", country="PK", kind="government_agency")
    OrganizationFactory(name_en="Pakistani Firm", country="PK", kind="enterprise")
    OrganizationFactory(name_en="Chinese Firm", country="CN", kind="enterprise")

    page = org_list(client, country="PK", kind="enterprise").content.decode()
    assert "Pakistani Firm" in page
    assert "Pakistani Bureau" not in page and "Chinese Firm" not in page


def test_unknown_filter_value_is_explained_not_a_crash(client):
    response = org_list(client, country="XX")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(client):
    OrganizationFactory(name_en="Jingdezhen Ceramic University")
    response = client.get(
        reverse("directory:organization_list"), {"q": "ceramic"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Jingdezhen Ceramic University" in body
    assert "<html" not in body


def test_secretariat_creates_an_organisation_with_names_in_three_scripts(client_for, personas):
    client = client_for(personas.secretariat)
    response = client.post(
        reverse("directory:organization_create"),
        {
            "name_en": "Radio Engineering College",
            "name_zh": "无线电工程学院",
            "name_local": "Радиотехнический колледж",
            "local_language": "ru",
            "kind": OrganizationKind.VOCATIONAL_COLLEGE,
            "country": "RU",
            "city": "Saint Petersburg",
        },
    )
    org = Organization.objects.get(name_en="Radio Engineering College")
    assert response.status_code == 302
    assert response["Location"] == org.get_absolute_url()
    assert org.slug == "radio-engineering-college"
    assert org.country.code == "RU" and org.name_local == "Радиотехнический колледж"


def test_invalid_form_keeps_what_was_typed_and_says_what_is_wrong(client_for, personas):
    client = client_for(personas.secretariat)
    response = client.post(
        reverse("directory:organization_create"),
        {"name_en": "Half-filled Org", "kind": "spaceport", "country": "CN", "website": "nope"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Half-filled Org" in body
    assert "Select a valid choice" in body and "Enter a valid URL" in body
    assert not Organization.objects.filter(name_en="Half-filled Org").exists()


def test_an_organisation_cannot_become_its_own_ancestor(client_for, personas):
    parent = OrganizationFactory(name_en="Group")
    child = OrganizationFactory(name_en="Subsidiary", parent=parent)
    client = client_for(personas.platform_admin)
    response = client.post(
        reverse("directory:organization_update", args=[parent.slug]),
        {"name_en": "Group", "kind": parent.kind, "country": "CN", "parent": child.pk},
    )
    assert response.status_code == 400
    assert "cannot be its own parent or ancestor" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_recruiter_edits_own_enterprise_but_not_another(client_for, personas):
    client = client_for(personas.recruiter_a)
    own = reverse("directory:organization_update", args=[personas.enterprise_a.slug])
    other = reverse("directory:organization_update", args=[personas.enterprise_b.slug])

    response = client.post(
        own,
        {"name_en": "Enterprise A Ltd", "kind": "enterprise", "country": "PK", "city": "Lahore"},
    )
    assert response.status_code == 302
    personas.enterprise_a.refresh_from_db()
    assert personas.enterprise_a.city == "Lahore"

    assert client.get(other).status_code == 404
    assert client.post(other, {"name_en": "Hijacked", "kind": "enterprise"}).status_code == 404
    personas.enterprise_b.refresh_from_db()
    assert personas.enterprise_b.name_en == "Enterprise B"


def test_delete_asks_first_then_removes(client_for, personas):
    org = OrganizationFactory(name_en="Defunct Office")
    client = client_for(personas.platform_admin)
    url = reverse("directory:organization_delete", args=[org.slug])
    assert "Defunct Office" in client.get(url).content.decode()
    assert Organization.objects.filter(pk=org.pk).exists()
    assert client.post(url).status_code == 302
    assert not Organization.objects.filter(pk=org.pk).exists()


def test_people_need_sign_in_and_are_searchable_by_either_script(client, client_for, personas):
    PersonFactory(name_latin="Wang Yuehua", name_native="王月华", title_en="Chairman")
    url = reverse("directory:person_list")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client = client_for(personas.student)
    assert "Wang Yuehua" in client.get(url, {"q": "王月华"}).content.decode()
    assert "Wang Yuehua" in client.get(url, {"q": "yuehua"}).content.decode()


def test_recruiter_adds_a_colleague_only_to_their_own_enterprise(client_for, personas):
    client = client_for(personas.recruiter_a)
    url = reverse("directory:person_create")
    refused = client.post(url, {"name_latin": "Mole", "organization": personas.enterprise_b.pk})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert not Person.objects.filter(name_latin="Mole").exists()

    client.post(url, {"name_latin": "Li Ming", "organization": personas.enterprise_a.pk})
    assert Person.objects.get(name_latin="Li Ming").organization == personas.enterprise_a


def test_chinese_interface_shows_chinese_names_first(client):
    OrganizationFactory(slug="cdu", name_en="Chengdu University", name_zh="成都大学")
    response = client.get(
        reverse("directory:organization_detail", args=["cdu"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode()
    assert "成都大学" in response.content.decode()
