"""The training demo: every programme of the seed data, orders, cohorts, the competition."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from corridor.demo.loader import DATA_DIR, Tally
from corridor.talent.models import Evidence, ProfileSkill
from corridor.training.demo import COMPETITION_KEY, load_training
from corridor.training.models import (
    Certificate,
    Cohort,
    Competition,
    Programme,
    TalentOrder,
)

pytestmark = pytest.mark.django_db


def test_the_training_demo_loads_once_and_then_changes_nothing():
    call_command("loaddemo", stdout=StringIO())
    keys = {row["key"] for row in json.loads((DATA_DIR / "programmes.json").read_text())}
    assert set(Programme.objects.values_list("key", flat=True)) == keys
    ceramics = Programme.objects.get(key="hahcv-jcu-ceramics-customised-talent")
    assert ceramics.orderer.slug == "hahcv"
    assert [o.slug for o in ceramics.providers.all()] == ["jcu"]
    assert ceramics.skills.count() == 4
    order = TalentOrder.objects.get(key="hahcv-jcu-ceramics-customised-talent")
    assert (order.orderer.slug, order.supplier.slug, order.quantity) == ("hahcv", "jcu", None)
    russia = TalentOrder.objects.get(key="ccn-ranepa-digital-economy-talent")
    assert russia.orderer is None and russia.supplier.slug == "ranepa"
    assert Cohort.objects.filter(synthetic=False).count() == 0
    lan = Certificate.objects.get(enrolment__profile__user__email="student2@demo.corridor.test")
    assert lan.enrolment.cohort.programme == ceramics
    assert ProfileSkill.objects.filter(
        profile=lan.enrolment.profile, evidence=Evidence.PROGRAMME
    ).exists()
    competition = Competition.objects.get(key=COMPETITION_KEY)
    assert competition.start is None and competition.title_zh == "“一带一路”国际技能大赛"
    assert competition.event is not None and competition.event.slug == COMPETITION_KEY
    assert sorted(ceramics.agreements.values_list("slug", flat=True)) == [
        "ccn-hahcv-ceramics-moc",
        "hahcv-jcu-ceramics-moc",
    ]

    from corridor.directory.models import Organization

    orgs = {o.slug: o for o in Organization.objects.all()}
    tally = Tally()
    load_training(tally, orgs)
    assert not tally.changed_anything, (tally.created, tally.updated)
