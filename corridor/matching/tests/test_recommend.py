"""Recommendations both ways, with explanations in words, under the permission rules."""

import pytest
from django.urls import reverse
from django.utils import translation

from corridor.matching import services
from corridor.matching.narrate import Narrator
from corridor.matching.tests import factories as f
from corridor.matching.world import get_world
from corridor.talent.models import ContactConsent, ProfileLanguage
from corridor_match import explain

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    weld = f.skill("welding", zh="焊接")
    tig = f.skill("TIG welding", broader=weld, zh="氩弧焊")
    mig = f.skill("MIG welding")
    mig.related.add(tig)
    survey = f.skill("land surveying")
    cad = f.skill("AutoCAD")
    python = f.skill("Python programming")
    welder = f.position(
        personas.enterprise_a,
        "welder",
        title="Pipeline welder",
        essential=[weld, mig],
        optional=[cad],
        languages=[("zh", "HSK", "4")],
        min_education="vocational",
        headcount=2,
    )
    surveyor = f.position(
        personas.enterprise_a,
        "surveyor",
        title="Site surveyor",
        essential=[survey, weld],
        country="VN",
    )
    developer = f.position(
        personas.enterprise_b, "developer", title="Developer", essential=[python]
    )
    draft = f.position(personas.enterprise_a, "draft", essential=[weld], status="draft")
    me = f.profile(
        "Ayesha Khan",
        user=personas.student,
        institution=personas.university,
        skills=[(weld, 4), (tig, 3)],
        languages=[("zh", "HSK", "5"), ("ur", "native", "")],
        degree="bachelor",
    )
    other = f.profile(
        "Zainab Hussain",
        user=personas.student_b,
        institution=personas.university,
        skills=[(weld, 2)],
        languages=[("zh", "HSK", "4")],
    )
    return locals()


def _for_me(client, **params):
    return client.get(reverse("matching:for_me"), params)


def test_student_sees_the_matching_position_first_with_reasons_and_missing_skills(
    world, personas, client_for
):
    matches = services.positions_for_profile(personas.student, world["me"])
    titles = [m.position.reference for m in matches]
    assert titles[:2] == ["welder", "surveyor"]
    assert "draft" not in titles and "developer" not in titles  # closed / unrelated
    best = matches[0].narrative
    matched = {line.label: line for line in best.matched}
    assert matched["welding"].credit == pytest.approx(1.0)
    assert "you have it" in matched["welding"].text
    # MIG welding is credited through the related TIG welding skill (0.5 x advanced 0.75)
    assert matched["MIG welding"].credit == pytest.approx(0.375)
    assert "TIG welding" in matched["MIG welding"].text
    assert "related skill" in matched["MIG welding"].text
    assert [s.label for s in best.missing_optional] == ["AutoCAD"]
    assert best.missing_optional[0].url == world["cad"].get_absolute_url()
    assert best.missing_optional[0].programmes == []
    assert best.languages[0].met is True and "HSK 4" in best.languages[0].text
    assert best.eligible and best.hard_failures == []
    assert sum(c.points for c in best.components) == pytest.approx(best.score)
    second = matches[1].narrative
    assert [s.label for s in second.missing_essential] == ["land surveying"]
    assert second.location.met is False

    page = _for_me(client_for(personas.student)).content.decode()
    assert page.index("Pipeline welder") < page.index("Site surveyor")
    assert "<details>" in page and "AutoCAD" in page
    assert world["cad"].get_absolute_url() in page  # missing skill links to its page


def test_unmet_hsk_requirement_is_explained_in_english_and_chinese(world, personas, client_for):
    ProfileLanguage.objects.filter(profile=world["me"], language="zh").update(level="3")
    narrative = services.explain_pair(world["me"], world["welder"])
    assert narrative.eligible is False
    language = narrative.languages[0]
    assert language.met is False
    assert language.text == "Chinese: HSK 4 required, you have HSK 3"
    assert narrative.hard_failures == ["A required language level is not reached."]
    assert narrative.penalty

    with translation.override("zh-hans"):
        zh = services.explain_pair(world["me"], world["welder"])
        labels = [c.label for c in zh.components]
    assert zh.eligible is False and zh.languages[0].met is False
    assert "HSK 4" in zh.languages[0].text and "HSK 3" in zh.languages[0].text
    assert len(zh.hard_failures) == 1 and len(labels) == 6
    matched = {line.skill_id: line for line in zh.matched}
    assert matched[world["weld"].pk].label == "焊接"  # the taxonomy's Chinese label

    client = client_for(personas.student)
    url = reverse("matching:pair", args=[world["welder"].pk, world["me"].pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "HSK 4" in page and "HSK 3" in page and "焊接" in page


def test_recruiter_wording_speaks_about_the_candidate(world):
    narrative = services.explain_pair(world["other"], world["welder"], audience="recruiter")
    assert narrative.languages[0].text == "Chinese: HSK 4 required, the candidate has HSK 4"
    assert all("you" not in line.text for line in narrative.matched)


def test_explanation_matches_the_engine_numbers(world):
    w = get_world()
    me, _ = w.vocabulary.profile_set(type(world["me"]).objects.filter(pk=world["me"].pk))
    q = w.position_row(world["welder"].pk)
    data = explain(me, 0, w.positions, q, w.similarity).to_dict()
    narrative = Narrator(w.vocabulary).narrate([(data, world["me"], world["welder"])])[0]
    assert narrative.score == pytest.approx(data["score"])
    assert [c.points for c in narrative.components] == pytest.approx(
        list(data["contributions"].values())
    )


def test_filters_narrow_the_positions(world, personas, client_for):
    client = client_for(personas.student)
    page = _for_me(client, country="VN").content.decode()
    assert "Site surveyor" in page and "Pipeline welder" not in page
    page = _for_me(client, kind="internship").content.decode()
    assert "No open position matches" in page
    page = _for_me(client, language="zh").content.decode()
    assert "Pipeline welder" in page and "Site surveyor" not in page
    bad = _for_me(client, country="XX")
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_htmx_request_gets_only_the_results(world, personas, client_for):
    response = client_for(personas.student).get(
        reverse("matching:for_me"), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Pipeline welder" in body and "<html" not in body


def test_user_without_profile_is_told_what_to_do(world, personas, client_for):
    page = _for_me(client_for(personas.recruiter_a)).content.decode()
    assert "You have no talent profile yet" in page


def test_recruiter_b_cannot_see_the_candidates_of_a_position_of_enterprise_a(
    world, personas, client_for
):
    url = reverse("matching:position_candidates", args=[world["welder"].pk])
    assert client_for(personas.recruiter_b).get(url).status_code == 404
    assert client_for(personas.student).get(url).status_code == 404
    assert client_for(personas.recruiter_a).get(url).status_code == 200
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous.url


def test_recruiter_sees_anonymised_candidates_unless_they_consented(world, personas, client_for):
    url = reverse("matching:position_candidates", args=[world["welder"].pk])
    client = client_for(personas.recruiter_a)
    page = client.get(url).content.decode()
    assert "Ayesha Khan" not in page and "Zainab Hussain" not in page
    assert f"Candidate #{world['me'].pk}" in page and f"Candidate #{world['other'].pk}" in page
    assert page.index(f"Candidate #{world['me'].pk}") < page.index(
        f"Candidate #{world['other'].pk}"
    )

    ContactConsent.objects.create(
        profile=world["me"], organization=personas.enterprise_a, reason="granted"
    )
    page = client.get(url).content.decode()
    assert "Ayesha Khan" in page and f"Candidate #{world['me'].pk}" not in page
    assert "Zainab Hussain" not in page
    # another enterprise's recruiter still sees the anonymous label
    world["developer"].skills.create(skill=world["weld"], importance="essential")
    other = client_for(personas.recruiter_b).get(
        reverse("matching:position_candidates", args=[world["developer"].pk])
    )
    assert "Ayesha Khan" not in other.content.decode()


def test_candidates_are_limited_to_profiles_the_recruiter_may_view(world, personas):
    world["other"].visibility = "nobody"
    world["other"].save()
    matches = services.candidates_for_position(personas.recruiter_a, world["welder"])
    assert [m.profile.pk for m in matches] == [world["me"].pk]
    admin = services.candidates_for_position(personas.platform_admin, world["welder"])
    assert {m.profile.pk for m in admin} == {world["me"].pk, world["other"].pk}
    assert all(m.identified for m in admin)


def test_draft_positions_have_candidates_too(world, personas):
    matches = services.candidates_for_position(personas.recruiter_a, world["draft"])
    assert {m.profile.pk for m in matches} == {world["me"].pk, world["other"].pk}


def test_visible_identities_agrees_with_the_profile_rule(world, personas):
    ContactConsent.objects.create(
        profile=world["other"], organization=personas.enterprise_a, reason="granted"
    )
    profiles = [world["me"], world["other"]]
    for user in personas.signed_in().values():
        expected = {p.pk for p in profiles if p.identity_visible_to(user)}
        assert services.visible_identities(user, profiles) == expected, user


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("student", 200),
        ("institution_admin", 200),
        ("recruiter_a", 200),
        ("platform_admin", 200),
        ("student_b", 404),
        ("recruiter_b", 404),
        ("secretariat", 404),
        ("outsider", 404),
    ],
)
def test_pair_page_is_for_either_sides_owner(world, personas, client_for, who, status):
    url = reverse("matching:pair", args=[world["welder"].pk, world["me"].pk])
    response = client_for(getattr(personas, who)).get(url)
    assert response.status_code == status
    if who == "recruiter_a":
        body = response.content.decode()
        assert "Ayesha Khan" not in body and "the candidate has" in body


def test_pair_page_of_a_missing_object_is_404(world, personas, client_for):
    client = client_for(personas.platform_admin)
    assert client.get(reverse("matching:pair", args=[999999, world["me"].pk])).status_code == 404
    assert (
        client.get(reverse("matching:pair", args=[world["welder"].pk, 999999])).status_code == 404
    )


def test_profiles_without_skills_are_handled(personas, client_for):
    weld = f.skill("welding")
    related = f.skill("brazing")
    related.related.add(weld)  # a non-empty similarity matrix
    welder = f.position(personas.enterprise_a, "welder", essential=[weld])
    f.position(personas.enterprise_a, "helper", title="General helper")  # lists no skill
    me = f.profile("No Skills Yet", user=personas.student, languages=[("zh", "HSK", "4")])

    matches = services.positions_for_profile(personas.student, me)
    assert [m.position.reference for m in matches] == ["helper"]
    page = client_for(personas.student).get(reverse("matching:for_me")).content.decode()
    assert "General helper" in page

    # every profile is without skills: the candidate index still builds
    candidates = services.candidates_for_position(personas.recruiter_a, welder)
    assert candidates == [] or all(not c.narrative.matched for c in candidates)


def test_pages_work_on_an_empty_database(personas, client_for):
    f.profile("Lonely", user=personas.student, skills=[(f.skill("welding"), 2)])
    page = client_for(personas.student).get(reverse("matching:for_me"))
    assert page.status_code == 200 and "No open position matches" in page.content.decode()
    assert services.positions_for_profile(personas.student, personas.student.profile) == []
