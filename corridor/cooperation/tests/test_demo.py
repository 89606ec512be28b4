import pytest

from corridor.cooperation.demo import load_cooperation
from corridor.cooperation.models import Agreement, Alliance, Citation, Source, Target
from corridor.demo.loader import Tally, load_organizations, load_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    tally = Tally()
    load_people(tally, load_organizations(tally))
    load_cooperation(tally)
    return tally


def test_demo_holds_every_alliance_target_agreement_and_source_of_the_seeds(loaded):
    assert Source.objects.count() == 5
    assert Alliance.objects.count() == 5
    assert Agreement.objects.count() == 12
    cp = Alliance.objects.get(organization__slug="china-pakistan-industry-education-alliance")
    values = dict(cp.targets.values_list("metric", "target_value"))
    assert values == {
        "standards_introduced": 210,
        "branch_campuses": 210,
        "training_centres": 36,
        "courses": 1000,
        "teachers_trained": 30000,
        "students_to_china": 10000,
        "internships_and_jobs": 50000,
        "trainees_mandarin_vocational": 100000,
    }
    assert (cp.founded_year, cp.founded_month, cp.founded_day) == (2023, 2, 17)
    new_land_sea = Alliance.objects.get(
        organization__slug="new-land-sea-skilled-professionals-alliance"
    )
    assert (
        new_land_sea.founded_year is None and new_land_sea.founded_month == 11
    )  # no year invented
    moc = Agreement.objects.get(slug="bnr-alliance-cross-border-100-brand-moc")
    assert moc.parties.count() == 2
    assert sorted(moc.signatories.values_list("capacity", "person__slug")) == [
        ("signatory", "xie-heming"),
        ("signatory", "zhou-yong"),
        ("witness", "chen-jian"),
        ("witness", "liu-baoli"),
    ]
    assert moc.signatories.get(person__slug="zhou-yong").party.organization.slug == (
        "belt-and-road-talent-alliance"
    )
    aggregate = Agreement.objects.get(slug="new-land-sea-framework-agreements")
    assert aggregate.count == 6 and aggregate.signed_year is None and not aggregate.parties.exists()
    comprehensive = Agreement.objects.get(slug="tang-provincial-bureaus-comprehensive")
    assert sorted(int(c.number) for c in comprehensive.commitments.all()) == [210, 3000]
    # every agreement, alliance and target cites its seed report
    for model in (Agreement, Alliance, Target):
        for obj in model.objects.all():
            assert Citation.objects.filter(
                object_id=obj.pk, content_type__model=model._meta.model_name
            ).exists(), obj


def test_demo_is_idempotent(loaded):
    again = Tally()
    load_cooperation(again)
    assert not again.changed_anything, (again.created, again.updated)
