"""Requirements from a job description: the taxonomy's extractor suggests, the recruiter picks."""

import pytest
from django.urls import reverse

from corridor.jobs.models import PositionSkill

pytestmark = pytest.mark.django_db

ADVERT = (
    "We are hiring an electrician for the hydropower station. "
    "Requirements: arc welding certificate; experience with electrical wiring. "
    "Ceramic glazing is a plus."
)


@pytest.fixture(autouse=True)
def _fresh_extractor():
    """The extractor is cached per taxonomy version; tests reuse ids, so start afresh."""
    from corridor.taxonomy.extract import clear_cache

    clear_cache()
    yield
    clear_cache()


def url(position):
    return reverse("jobs:position_suggest_skills", args=[position.pk])


def test_recruiter_adds_suggested_skills_from_a_pasted_advert(
    client_for, personas, taxonomy, make_position
):
    position = make_position(title_en="Electrician")
    PositionSkill.objects.create(position=position, skill=taxonomy.wiring, importance="optional")
    client = client_for(personas.recruiter_a)

    assert url(position) in client.get(position.get_absolute_url()).content.decode()
    response = client.post(url(position), {"step": "extract", "text": ADVERT})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{taxonomy.welding.pk}"' in page and "“arc welding”" in page
    assert f'value="{taxonomy.glazing.pk}"' in page
    assert "already optional" in page  # wiring is on the position already
    assert taxonomy.electrician.label_en in page
    assert PositionSkill.objects.filter(position=position).count() == 1  # nothing added yet

    response = client.post(
        url(position),
        {
            "step": "add",
            "text": ADVERT,
            "skills": [taxonomy.welding.pk, taxonomy.glazing.pk, taxonomy.wiring.pk],
            f"importance-{taxonomy.welding.pk}": "essential",
            f"importance-{taxonomy.glazing.pk}": "optional",
            f"importance-{taxonomy.wiring.pk}": "essential",
            "occupation": taxonomy.electrician.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == position.get_absolute_url()
    position.refresh_from_db()
    assert dict(position.skills.values_list("skill__label_en", "importance")) == {
        "welding": "essential",
        "ceramic glazing": "optional",
        "electrical wiring": "essential",
    }
    assert position.occupation == taxonomy.electrician


def test_the_position_description_is_read_by_default(client_for, personas, taxonomy, make_position):
    position = make_position(description="焊接和电气布线经验")
    page = client_for(personas.recruiter_a).get(url(position)).content.decode()
    assert f'value="{taxonomy.welding.pk}"' in page and f'value="{taxonomy.wiring.pk}"' in page


def test_nothing_ticked_is_refused_and_nothing_changes(
    client_for, personas, taxonomy, make_position
):
    position = make_position()
    response = client_for(personas.recruiter_a).post(
        url(position), {"step": "add", "text": ADVERT, "occupation": ""}
    )
    assert response.status_code == 400
    assert "Tick at least one suggestion" in response.content.decode()
    assert not PositionSkill.objects.exists()


def test_only_suggested_skills_can_be_added(client_for, personas, taxonomy, make_position):
    position = make_position()
    response = client_for(personas.recruiter_a).post(
        url(position),
        {"step": "add", "text": "arc welding", "skills": [taxonomy.glazing.pk]},
    )
    assert response.status_code == 400
    assert not PositionSkill.objects.exists()


def test_text_without_known_skills_says_so(client_for, personas, taxonomy, make_position):
    position = make_position()
    response = client_for(personas.recruiter_a).post(
        url(position), {"step": "extract", "text": "Friendly team, free lunch."}
    )
    assert response.status_code == 200
    assert "No skill or occupation of the taxonomy was found" in response.content.decode()


def test_others_cannot_use_it_on_a_position_of_enterprise_a(
    client_for, personas, taxonomy, make_position
):
    position = make_position()
    for who in ("recruiter_b", "student"):
        client = client_for(getattr(personas, who))
        assert client.get(url(position)).status_code == 404
        data = {"step": "add", "text": ADVERT, "skills": [taxonomy.welding.pk]}
        assert client.post(url(position), data).status_code == 404
    assert not PositionSkill.objects.exists()
