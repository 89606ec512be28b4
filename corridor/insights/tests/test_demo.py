"""The statistics of the seed reports load as written, twice without change."""

import pytest

from corridor.demo.loader import Tally
from corridor.insights.demo import load_statistics
from corridor.insights.models import Statistic

pytestmark = pytest.mark.django_db


def test_statistics_load_without_invented_years_and_idempotently():
    tally = Tally()
    count = load_statistics(tally)
    assert count == Statistic.objects.count() == tally.created["statistics"] >= 20
    gap = Statistic.objects.get(key="china-ecommerce-talent-gap")
    assert gap.value == 9850000 and gap.as_of_year is None and gap.label_zh
    assert gap.when == "in the next five years (stated 28 Aug 2023)"  # as written
    pk = Statistic.objects.get(key="pakistani-students-in-china-2020-2021")
    assert (pk.as_of_year, str(pk.country)) == (2021, "PK")
    assert pk.source.slug == "seed-001" and pk.source.title_en
    from corridor.cooperation.services import sources_for

    assert [c.source.slug for c in sources_for(pk)] == ["seed-001"]
    event = Statistic.objects.get(key="employment-event-pakistani-students")
    assert event.comparator == "at_least" and event.as_of_year is None
    assert Statistic.objects.get(key="chongqing-skilled-talents").as_of_year is None
    again = Tally()
    load_statistics(again)
    assert not again.changed_anything
