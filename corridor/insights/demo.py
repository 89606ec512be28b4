"""Loads the statistics of the seed reports (corridor/demo/data/statistics.json).

Idempotent: matched on ``key``, written only when something differs. Years are copied as
the data gives them: ``as_of.year`` null stays empty (no invented years). Each statistic
points at its report (``cooperation.Source``, loaded here first if need be: the sources
loader is idempotent) and is cited from it.
"""

from decimal import Decimal

from corridor.cooperation.demo import SEED_LOCATOR, load_sources
from corridor.cooperation.services import cite
from corridor.demo.loader import Tally, read, upsert
from corridor.directory.models import Person
from corridor.insights.models import Statistic


def load_statistics(tally: Tally) -> int:
    sources = load_sources(tally)
    people = dict(Person.objects.values_list("slug", "pk"))
    count = 0
    for row in read("statistics.json"):
        as_of = row.get("as_of") or {}
        source = sources.get(row.get("source") or "")
        values = {
            "label_en": row["label_en"],
            "label_zh": row.get("label_zh") or "",
            "value": Decimal(str(row["value"])),
            "unit": row.get("unit") or "",
            "comparator": row.get("comparator") or "exact",
            "country": row.get("country") or None,
            "region": row.get("region") or "",
            "period_text": row.get("period_text") or "",
            "as_of_year": as_of.get("year"),
            "stated_by_id": people.get(row.get("stated_by") or ""),
            "source_id": source.pk if source else None,
            "notes": row.get("notes") or "",
        }
        statistic, created, changed = upsert(Statistic, {"key": row["key"]}, values)
        tally.count("statistics", created, changed)
        if source is not None:
            cite(statistic, source, SEED_LOCATOR)
        count += 1
    return count
