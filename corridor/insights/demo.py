"""Loads the statistics of the seed reports (corridor/demo/data/statistics.json).

Idempotent: matched on ``key``, written only when something differs. Years are copied as
the data gives them: ``as_of.year`` null stays empty (no invented years).
"""

from decimal import Decimal

from corridor.demo.loader import Tally, read, upsert
from corridor.directory.models import Person
from corridor.insights.models import Statistic


def _source_fields(sources: dict, key: str) -> dict:
    source = sources.get(key or "") or {}
    title = source.get("title_en") or source.get("title_zh") or ""
    return {
        "source_key": key or "",
        "source_title": title[:300],
        "source_publisher": (source.get("publisher") or "")[:200],
        "source_date_text": (source.get("date_text") or source.get("date") or "")[:100],
    }


def load_statistics(tally: Tally) -> int:
    sources = {row["key"]: row for row in read("sources.json")}
    people = dict(Person.objects.values_list("slug", "pk"))
    count = 0
    for row in read("statistics.json"):
        as_of = row.get("as_of") or {}
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
            "notes": row.get("notes") or "",
            **_source_fields(sources, row.get("source") or ""),
        }
        _obj, created, changed = upsert(Statistic, {"key": row["key"]}, values)
        tally.count("statistics", created, changed)
        count += 1
    return count
