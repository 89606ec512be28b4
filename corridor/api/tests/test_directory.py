"""Organisations and people: who may read and write, filters, ordering, pagination."""

import pytest

from corridor.core.testing import OrganizationFactory, PersonFactory
from corridor.directory.models import Organization, OrganizationKind, Person

pytestmark = pytest.mark.django_db


def attrs(response):
    return {error["attr"] for error in response.json()["errors"]}


def test_organisations_are_public_but_writes_need_an_account(api, personas):
    response = api.get("/api/organisations/enterprise-a/")
    assert response.status_code == 200
    assert response.json()["name_zh"] == "甲企业"
    assert api.patch("/api/organisations/enterprise-a/", {"city": "X"}).status_code == 401
    assert api.post("/api/organisations/", {"name_en": "X"}).status_code == 401
    assert api.delete("/api/organisations/enterprise-a/").status_code == 401
    assert api.get("/api/organisations/no-such-org/").status_code == 404


def test_organisation_writes_follow_policy(api_for, personas):
    url = "/api/organisations/enterprise-a/"
    # Visible to all, so refusals to change are 403 (not 404).
    for who in ("outsider", "student", "recruiter_b", "institution_admin"):
        response = api_for(getattr(personas, who)).patch(url, {"city": "Lahore"})
        assert response.status_code == 403, who
        assert response.json()["errors"][0]["code"] == "permission_denied"
    recruiter = api_for(personas.recruiter_a)
    response = recruiter.patch(url, {"city": "Lahore"})
    assert response.status_code == 200
    assert response.json()["city"] == "Lahore"
    assert recruiter.delete(url).status_code == 403  # recruiters may not delete
    assert recruiter.post("/api/organisations/", {"name_en": "New"}).status_code == 403

    secretariat = api_for(personas.secretariat)
    response = secretariat.post(
        "/api/organisations/",
        {"name_en": "Lahore Polytechnic", "kind": "vocational_college", "country": "PK"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "lahore-polytechnic"
    assert secretariat.delete("/api/organisations/lahore-polytechnic/").status_code == 204
    assert not Organization.objects.filter(slug="lahore-polytechnic").exists()


def test_organisation_rules_of_the_model_apply(api_for, personas):
    admin = api_for(personas.platform_admin)
    child = OrganizationFactory(slug="child", parent=personas.enterprise_a)
    response = admin.patch("/api/organisations/enterprise-a/", {"parent": "child"})
    assert response.status_code == 400
    assert attrs(response) == {"parent"}
    personas.enterprise_a.refresh_from_db()
    assert personas.enterprise_a.parent is None
    response = admin.post("/api/organisations/", {"name_en": "X", "kind": "castle"})
    assert response.status_code == 400
    assert attrs(response) == {"kind"}
    assert child.pk


def test_people_need_an_account_and_are_written_within_own_organisation(api, api_for, personas):
    person = PersonFactory(slug="ada", name_latin="Ada", organization=personas.enterprise_a)
    assert api.get("/api/people/").status_code == 401
    assert api.get("/api/people/ada/").status_code == 401
    assert api_for(personas.outsider).get("/api/people/ada/").status_code == 200

    recruiter = api_for(personas.recruiter_a)
    response = recruiter.post(
        "/api/people/", {"name_latin": "Grace Hopper", "organization": "enterprise-a"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "grace-hopper"
    # Another enterprise, or none: a field error, nothing saved.
    for organization in ("enterprise-b", None):
        response = recruiter.post(
            "/api/people/", {"name_latin": "Alan Turing", "organization": organization}
        )
        assert response.status_code == 400
        assert attrs(response) == {"organization"}
    assert not Person.objects.filter(name_latin="Alan Turing").exists()
    # Moving a person out of one's organisation is refused the same way.
    response = recruiter.patch("/api/people/ada/", {"organization": "enterprise-b"})
    assert response.status_code == 400
    assert (
        api_for(personas.recruiter_b).patch("/api/people/ada/", {"name_latin": "A"}).status_code
        == 403
    )
    assert api_for(personas.outsider).post("/api/people/", {"name_latin": "X"}).status_code == 403
    assert recruiter.delete("/api/people/ada/").status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()


def test_filters_ordering_and_pagination(api, personas):
    OrganizationFactory(slug="zeta", name_en="Zeta College", kind=OrganizationKind.UNIVERSITY)
    OrganizationFactory(slug="alpha", name_en="Alpha Institute", kind=OrganizationKind.UNIVERSITY)
    response = api.get("/api/organisations/", {"kind": "university", "ordering": "-name_en"})
    assert [o["slug"] for o in response.json()["results"]] == ["zeta", "university", "alpha"]
    response = api.get("/api/organisations/", {"q": "甲企"})
    assert [o["slug"] for o in response.json()["results"]] == ["enterprise-a"]

    page = api.get("/api/organisations/", {"page_size": 2, "ordering": "name_en"}).json()
    assert page["count"] == 6
    assert len(page["results"]) == 2
    assert "page=2" in page["next"]
    assert page["previous"] is None
    assert api.get("/api/organisations/", {"page": 99}).status_code == 404

    response = api.get("/api/organisations/", {"kind": "castle"})
    assert response.status_code == 400
    assert attrs(response) == {"kind"}


def test_page_size_is_capped_at_200(api, personas):
    Organization.objects.bulk_create(
        Organization(slug=f"bulk-{n}", name_en=f"Bulk {n:03}", kind="enterprise")
        for n in range(205)
    )
    page = api.get("/api/organisations/", {"page_size": 1000}).json()
    assert page["count"] == 209
    assert len(page["results"]) == 200
