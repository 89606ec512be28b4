"""Demo data of the cooperation app: every source, alliance, target and agreement of the
seed reports (corridor/demo/data/{sources,alliances,agreements}.json), with figures as the
reports give them and a citation from each record to its report.

Idempotent: rows are matched on their keys and written only when something differs.
Events are linked when the events app has loaded them (call this after the events loader).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from corridor.cooperation.models import (
    Agreement,
    AgreementArea,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    Alliance,
    Citation,
    Commitment,
    Comparator,
    Measurement,
    Metric,
    SignatoryCapacity,
    Source,
    Target,
)
from corridor.demo.loader import read, upsert
from corridor.directory.models import AllianceMember, Organization, OrganizationKind, Person

#: Metric keys of alliances.json -> Metric.
METRIC_ALIASES = {
    "vocational_standards_introduced": Metric.STANDARDS_INTRODUCED,
    "international_courses": Metric.COURSES,
    "mandarin_vocational_trainees": Metric.TRAINEES_MANDARIN_VOCATIONAL,
}
COMPUTED_METRICS = {
    Metric.INTERNSHIPS_AND_JOBS,
    Metric.TRAINEES_MANDARIN_VOCATIONAL,
    Metric.TEACHERS_TRAINED,
    Metric.STANDARDS_INTRODUCED,
}
SEED_LOCATOR = "seed report"


def _date(value) -> tuple:
    value = value or {}
    return value.get("year"), value.get("month"), value.get("day")


def _event(key):
    if not key:
        return None
    from corridor.events.models import Event

    return Event.objects.filter(slug=key).first()


def _cite(tally, obj, source_keys, sources) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    for key in source_keys:
        source = sources.get(key)
        if source is None:
            continue
        _row, created = Citation.objects.get_or_create(
            source=source, content_type=content_type, object_id=obj.pk, locator=SEED_LOCATOR
        )
        tally.count("citations", created, False)


def load_sources(tally) -> dict[str, Source]:
    sources = {}
    for row in read("sources.json"):
        year = month = day = None
        if row.get("date"):
            year, month, day = (int(part) for part in row["date"].split("-"))
        source, created, changed = upsert(
            Source,
            {"slug": row["key"]},
            {
                "title_en": row["title_en"],
                "title_zh": row.get("title_zh") or "",
                "publisher": row.get("publisher") or "",
                "date_year": year,
                "date_month": month,
                "date_day": day,
                "date_text": row.get("date_text") or "",
                "url": row.get("url") or "",
                "file_path": row.get("file") or "",
                "notes": row.get("notes") or "",
            },
        )
        sources[row["key"]] = source
        tally.count("sources", created, changed)
    return sources


def _alliance_organization(row) -> Organization:
    """The organisation acting for an alliance; one of kind alliance is made for those the
    directory does not hold (named as the report names the alliance)."""
    if row.get("organization"):
        org = Organization.objects.filter(slug=row["organization"]).first()
        if org is not None:
            return org
    org, _created, _changed = upsert(
        Organization,
        {"slug": row["key"]},
        {
            "kind": OrganizationKind.ALLIANCE,
            "country": row["countries"][0] if len(row.get("countries") or []) == 1 else "",
            "name_en": row["name_en"],
            "name_zh": row.get("name_zh") or "",
        },
    )
    return org


def load_alliances(tally, sources) -> dict[str, Alliance]:
    alliances = {}
    people = {p.slug: p for p in Person.objects.all()}
    for row in read("alliances.json"):
        org = _alliance_organization(row)
        year, month, day = _date(row.get("founded"))
        alliance, created, changed = upsert(
            Alliance,
            {"organization": org},
            {
                "founded_year": year,
                "founded_month": month,
                "founded_day": day,
                "founded_place": row.get("founded_place") or "",
                "founding_event": _event(row.get("founding_event")),
                "countries": sorted(row.get("countries") or []),
                "description": row.get("notes") or "",
                "member_count_text": "\n".join(
                    t for t in (row.get("member_count_text"), row.get("initiator_text")) if t
                ),
            },
        )
        alliances[row["key"]] = alliance
        tally.count("alliances", created, changed)
        _cite(tally, alliance, row.get("sources") or [], sources)
        for member in row.get("members") or []:
            member_org = Organization.objects.filter(slug=member["organization"]).first()
            if member_org is None:
                continue
            _m, created, changed = upsert(
                AllianceMember,
                {"alliance": org, "member": member_org},
                {"role": member.get("role") or "member"},
            )
            tally.count("alliance members", created, changed)
        for order, target_row in enumerate(row.get("targets") or []):
            metric = METRIC_ALIASES.get(target_row["metric_key"], target_row["metric_key"])
            if metric not in Metric.values:
                metric = Metric.OTHER
            target, created, changed = upsert(
                Target,
                {"alliance": alliance, "metric": metric, "label_en": target_row["label_en"]},
                {
                    "label_zh": target_row.get("label_zh") or "",
                    "target_value": target_row["target_value"],
                    "comparator": target_row.get("comparator") or Comparator.EXACT,
                    "unit_en": target_row.get("unit_en") or "",
                    "unit_zh": target_row.get("unit_zh") or "",
                    "deadline_text": target_row.get("deadline_text") or "",
                    "measurement": Measurement.COMPUTED
                    if metric in COMPUTED_METRICS
                    else Measurement.ENTERED,
                    "stated_by": people.get(target_row.get("stated_by") or ""),
                    "order": order,
                },
            )
            tally.count("targets", created, changed)
            _cite(
                tally, target, [target_row["source"]] if target_row.get("source") else [], sources
            )
    return alliances


def _sync(model, agreement, wanted: list[dict], key_fields: tuple[str, ...], tally, label):
    """Make ``agreement``'s rows of ``model`` exactly ``wanted`` (matched on key_fields)."""
    existing = {
        tuple(
            getattr(row, f"{f}_id" if f in ("organization", "person", "party") else f)
            for f in key_fields
        ): row
        for row in model.objects.filter(agreement=agreement)
    }
    keep = set()
    for values in wanted:
        key = tuple(values[f].pk if hasattr(values[f], "pk") else values[f] for f in key_fields)
        keep.add(key)
        row = existing.get(key)
        if row is None:
            model.objects.create(agreement=agreement, **values)
            tally.count(label, True, False)
        else:
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            if changed:
                for k in changed:
                    setattr(row, k, values[k])
                row.save()
                tally.count(label, False, True)
    for key, row in existing.items():
        if key not in keep:
            row.delete()
            tally.count(label, False, True)


def load_agreements(tally, sources, alliances) -> None:
    orgs = {o.slug: o for o in Organization.objects.all()}
    people = {p.slug: p for p in Person.objects.all()}
    for row in read("agreements.json"):
        year, month, day = _date(row.get("signed_date"))
        alliance = alliances.get(row.get("alliance") or "")
        agreement, created, changed = upsert(
            Agreement,
            {"slug": row["key"]},
            {
                "kind": row["kind"],
                "title_en": row["title_en"],
                "title_zh": row.get("title_zh") or "",
                "status": row.get("status") or AgreementStatus.SIGNED,
                "alliance": alliance,
                "signed_year": year,
                "signed_month": month,
                "signed_day": day,
                "event": _event(row.get("event")),
                "parties_text": row.get("parties_text") or "",
                "count": row.get("count") or 1,
                "witness_text": row.get("witness_text") or "",
                "description": row.get("notes") or "",
            },
        )
        tally.count("agreements", created, changed)
        parties = [orgs[key] for key in row.get("parties") or [] if key in orgs]
        _sync(
            AgreementParty,
            agreement,
            [{"organization": org} for org in parties],
            ("organization",),
            tally,
            "agreement parties",
        )
        party_rows = {
            p.organization.slug: p for p in agreement.parties.select_related("organization")
        }
        people_rows = [
            {
                "person": people[s["person"]],
                "capacity": SignatoryCapacity.SIGNATORY,
                "party": party_rows.get(s.get("organization") or ""),
            }
            for s in row.get("signatories") or []
            if s["person"] in people
        ] + [
            {"person": people[key], "capacity": SignatoryCapacity.WITNESS, "party": None}
            for key in row.get("witnesses") or []
            if key in people
        ]
        _sync(
            AgreementSignatory,
            agreement,
            people_rows,
            ("person", "capacity"),
            tally,
            "signatories and witnesses",
        )
        _sync(
            AgreementArea,
            agreement,
            [{"area": area} for area in row.get("areas") or []],
            ("area",),
            tally,
            "agreement areas",
        )
        _sync(
            Commitment,
            agreement,
            [
                {
                    "number": c.get("number"),
                    "unit": c.get("unit") or "",
                    "comparator": c.get("comparator") or Comparator.EXACT,
                    "text_en": c.get("text_en") or "",
                    "text_zh": c.get("text_zh") or "",
                }
                for c in row.get("commitments") or []
            ],
            ("text_en",),
            tally,
            "commitments",
        )
        _cite(tally, agreement, row.get("sources") or [], sources)


@transaction.atomic
def load_cooperation(tally) -> None:
    """Sources, alliances with their targets, and agreements of the seed reports."""
    sources = load_sources(tally)
    alliances = load_alliances(tally, sources)
    load_agreements(tally, sources, alliances)
