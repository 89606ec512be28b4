"""Filling the taxonomy: the curated CSVs shipped here, and official ESCO CSV releases.

Both loaders are idempotent (upserts on the concept URI, labels unique per concept and
language) and batch their writes, so the full ESCO release (about 17,000 concepts,
120,000 labels and 124,000 occupation-skill relations) loads in well under a minute.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from corridor.taxonomy.models import (
    Label,
    LabelKind,
    Occupation,
    OccupationSkill,
    Sector,
    Skill,
    Source,
)

CURATED_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000

Progress = Callable[[str], None]


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values()) or any(self.updated.values()) or any(self.removed.values())
        )

    def lines(self) -> list[str]:
        out = []
        for verb, table in (
            ("created", self.created),
            ("updated", self.updated),
            ("removed", self.removed),
        ):
            out += [f"{verb} {n} {what}" for what, n in sorted(table.items()) if n]
        return out or ["nothing changed"]


def _split(cell: str, sep: str = " | ") -> list[str]:
    return [part.strip() for part in (cell or "").split(sep) if part.strip()]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- shared write helpers ------------------------------------------------------------


def _sync_labels(
    owner: str, wanted: dict[int, set[tuple[str, str, str]]], source: str, counts: Counts
) -> None:
    """Make the labels of ``source`` for the given concepts exactly ``wanted``.

    ``wanted`` maps concept id -> {(language, text, kind)}. Labels of the other source
    are never touched, so an ESCO import keeps the curated Chinese labels and synonyms.
    """
    fk = f"{owner}_id"
    existing: dict[tuple[int, str, str], tuple[int, str]] = {}
    rows = Label.objects.filter(source=source, **{f"{fk}__isnull": False}).values_list(
        "id", fk, "language", "text", "kind"
    )
    for pk, concept_id, language, text, kind in rows.iterator(chunk_size=BATCH):
        if concept_id in wanted:
            existing[(concept_id, language, text)] = (pk, kind)
    other_source = set(
        Label.objects.exclude(source=source)
        .filter(**{f"{fk}__isnull": False})
        .values_list(fk, "language", "text")
    )
    new, stale, rekind = [], [], []
    wanted_keys = set()
    rank = {LabelKind.PREFERRED: 0, LabelKind.ALTERNATIVE: 1, LabelKind.HIDDEN: 2}
    for concept_id, labels in wanted.items():
        # The same text listed twice keeps its most prominent kind.
        for language, text, kind in sorted(labels, key=lambda label: rank[label[2]]):
            key = (concept_id, language, text)
            if key in wanted_keys or key in other_source:
                continue
            wanted_keys.add(key)
            if key not in existing:
                new.append(
                    Label(
                        **{fk: concept_id}, language=language, text=text, kind=kind, source=source
                    )
                )
            elif existing[key][1] != kind:
                rekind.append(Label(pk=existing[key][0], kind=kind))
    stale = [pk for key, (pk, _kind) in existing.items() if key not in wanted_keys]
    Label.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    Label.objects.bulk_update(rekind, ["kind"], batch_size=BATCH)
    for start in range(0, len(stale), BATCH):
        Label.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    counts.created[f"{owner} labels"] += len(new)
    counts.updated[f"{owner} labels"] += len(rekind)
    counts.removed[f"{owner} labels"] += len(stale)


def _refresh_search_text(model, ids: Iterable[int]) -> None:
    """Recompute the folded search column of the given concepts from all their labels."""
    ids = list(ids)
    fk = f"{model._meta.model_name}_id"
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        labels: dict[int, list[str]] = defaultdict(list)
        for concept_id, text in Label.objects.filter(**{f"{fk}__in": chunk}).values_list(
            fk, "text"
        ):
            labels[concept_id].append(text)
        objs = list(
            model.objects.filter(pk__in=chunk).only("pk", "label_en", "label_zh", "search_text")
        )
        changed = []
        for obj in objs:
            before = obj.search_text
            obj.refresh_search_text(sorted(labels.get(obj.pk, [])))
            if obj.search_text != before:
                changed.append(obj)
        model.objects.bulk_update(changed, ["search_text"], batch_size=BATCH)


def _upsert_concepts(
    model, rows: dict[str, dict], fields: list[str], counts: Counts, what: str
) -> dict[str, int]:
    """Create or update concepts by URI, writing only the rows that differ."""
    existing = {obj["uri"]: obj for obj in model.objects.values("id", "uri", *fields)}
    new, changed = [], []
    for uri, values in rows.items():
        current = existing.get(uri)
        if current is None:
            new.append(model(uri=uri, **values))
        elif any(current[k] != v for k, v in values.items()):
            changed.append(model(pk=current["id"], uri=uri, **values))
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, list(next(iter(rows.values())).keys()), batch_size=BATCH)
    counts.created[what] += len(new)
    counts.updated[what] += len(changed)
    ids = dict(model.objects.values_list("uri", "id"))
    return {uri: ids[uri] for uri in rows}


def _sync_m2m(
    through,
    left: str,
    right: str,
    pairs: set[tuple[int, int]],
    scope_ids: set[int] | None,
    counts: Counts,
    what: str,
) -> None:
    """Add missing (left, right) rows of an M2M table; with ``scope_ids`` also remove rows
    whose left end is in scope but which are no longer wanted."""
    existing = set(through.objects.values_list(f"{left}_id", f"{right}_id"))
    new = [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs - existing]
    through.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    counts.created[what] += len(new)


# --- curated -------------------------------------------------------------------------


@transaction.atomic
def load_curated(directory: Path = CURATED_DIR, progress: Progress | None = None) -> Counts:
    """Load (or bring up to date) the curated English/Chinese taxonomy shipped in the repo."""
    counts = Counts()
    say = progress or (lambda _m: None)

    sectors = {}
    for row in _read_csv(directory / "sectors.csv"):
        obj, created = Sector.objects.get_or_create(
            code=row["code"], defaults={"label_en": row["label_en"], "label_zh": row["label_zh"]}
        )
        if not created and (obj.label_en, obj.label_zh) != (row["label_en"], row["label_zh"]):
            obj.label_en, obj.label_zh = row["label_en"], row["label_zh"]
            obj.save()
            counts.updated["sectors"] += 1
        counts.created["sectors"] += created
        sectors[row["code"]] = obj.pk

    for model, filename, extra in (
        (Skill, "curated_skills.csv", "skill_type"),
        (Occupation, "curated_occupations.csv", "isco_group"),
    ):
        what = model._meta.model_name
        say(f"curated {what}s")
        rows = _read_csv(directory / filename)
        values = {
            row["uri"]: {
                "label_en": row["label_en"],
                "label_zh": row["label_zh"],
                "description_en": row["description_en"],
                "description_zh": row["description_zh"],
                extra: row[extra],
                "curated": True,
            }
            for row in rows
        }
        # A concept ESCO already brought keeps ESCO's fuller English description.
        esco_descriptions = dict(
            model.objects.filter(uri__in=list(values), in_esco=True).values_list(
                "uri", "description_en"
            )
        )
        for uri, description in esco_descriptions.items():
            values[uri]["description_en"] = description
        ids = _upsert_concepts(model, values, list(next(iter(values.values()))), counts, f"{what}s")
        labels = {}
        for row in rows:
            own = {
                ("en", row["label_en"], LabelKind.PREFERRED),
                ("zh", row["label_zh"], LabelKind.PREFERRED),
            }
            own |= {("en", t, LabelKind.ALTERNATIVE) for t in _split(row["alt_en"])}
            own |= {("zh", t, LabelKind.ALTERNATIVE) for t in _split(row["alt_zh"])}
            labels[ids[row["uri"]]] = {label for label in own if label[1]}
        _sync_labels(what, labels, Source.CURATED, counts)
        sector_pairs = {
            (ids[row["uri"]], sectors[code]) for row in rows for code in _split(row["sectors"], ";")
        }
        _sync_m2m(
            model.sectors.through, what, "sector", sector_pairs, None, counts, f"{what} sectors"
        )
        if model is Skill:
            broader = {ids[r["uri"]]: ids[r["broader_uri"]] for r in rows if r.get("broader_uri")}
            _set_broader(Skill, broader, counts)
            related = set()
            for row in rows:
                for other in _split(row.get("related_uris", "")):
                    a, b = ids[row["uri"]], ids[other]
                    related |= {(a, b), (b, a)}
            _sync_m2m(
                Skill.related.through,
                "from_skill",
                "to_skill",
                related,
                None,
                counts,
                "skill relations",
            )
        _refresh_search_text(model, ids.values())

    skill_ids = dict(Skill.objects.filter(curated=True).values_list("uri", "id"))
    occupation_ids = dict(Occupation.objects.filter(curated=True).values_list("uri", "id"))
    links = {
        (occupation_ids[r["occupation_uri"]], skill_ids[r["skill_uri"]]): r["relation"]
        for r in _read_csv(directory / "curated_occupation_skills.csv")
    }
    _upsert_links(links, counts)
    return counts


def _set_broader(model, broader: dict[int, int], counts: Counts) -> None:
    current = dict(model.objects.filter(pk__in=list(broader)).values_list("pk", "broader_id"))
    changed = [
        model(pk=pk, broader_id=parent)
        for pk, parent in broader.items()
        if current.get(pk) != parent
    ]
    model.objects.bulk_update(changed, ["broader"], batch_size=BATCH)
    counts.updated[f"{model._meta.model_name} broader links"] += len(changed)


def _upsert_links(
    links: dict[tuple[int, int], str], counts: Counts, only_new: bool = False
) -> None:
    existing = {
        (o, s): (pk, rel)
        for pk, o, s, rel in OccupationSkill.objects.values_list(
            "id", "occupation_id", "skill_id", "relation"
        ).iterator(chunk_size=BATCH)
    }
    new, changed = [], []
    for (o, s), relation in links.items():
        current = existing.get((o, s))
        if current is None:
            new.append(OccupationSkill(occupation_id=o, skill_id=s, relation=relation))
        elif current[1] != relation and not only_new:
            changed.append(OccupationSkill(pk=current[0], relation=relation))
    OccupationSkill.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    OccupationSkill.objects.bulk_update(changed, ["relation"], batch_size=BATCH)
    counts.created["occupation-skill relations"] += len(new)
    counts.updated["occupation-skill relations"] += len(changed)


# --- ESCO ----------------------------------------------------------------------------


class EscoFormatError(ValueError):
    """The files are not an ESCO CSV release (missing file or column)."""


def _zip_rows(archive: zipfile.ZipFile, name: str, needed: set[str]) -> Iterator[dict[str, str]]:
    matches = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == name]
    if not matches:
        raise EscoFormatError(
            f"{archive.filename}: no {name} in the archive (is this an ESCO CSV release?)"
        )
    with archive.open(matches[0]) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        missing = needed - set(reader.fieldnames or [])
        if missing:
            raise EscoFormatError(f"{name}: missing column(s) {', '.join(sorted(missing))}")
        yield from reader


def _lines(cell: str) -> list[str]:
    return [line.strip() for line in (cell or "").splitlines() if line.strip()]


def import_esco(
    classification: Path, relations: Path | None = None, progress: Progress | None = None
) -> Counts:
    """Import an official ESCO CSV release (the English classification zip and, optionally,
    the relations zip). Curated Chinese labels, sectors and curated English labels of
    shared concepts are kept; re-importing the same release changes nothing."""
    say = progress or (lambda _m: None)
    counts = Counts()
    with zipfile.ZipFile(classification) as archive, transaction.atomic():
        curated_skills = dict(Skill.objects.filter(curated=True).values_list("uri", "label_en"))
        curated_occ = dict(Occupation.objects.filter(curated=True).values_list("uri", "label_en"))

        say("skills")
        skill_rows, skill_labels = {}, {}
        for row in _zip_rows(
            archive,
            "skills_en.csv",
            {"conceptUri", "skillType", "preferredLabel", "altLabels", "description"},
        ):
            uri = row["conceptUri"]
            skill_rows[uri] = {
                "label_en": curated_skills.get(uri, row["preferredLabel"]),
                "description_en": row["description"] or "",
                "skill_type": row["skillType"] or "skill/competence",
                "reuse_level": row.get("reuseLevel") or "",
                "in_esco": True,
            }
            skill_labels[uri] = _esco_labels(row)
        skill_ids = _upsert_concepts(
            Skill, skill_rows, list(next(iter(skill_rows.values()))), counts, "skills"
        )
        _sync_labels(
            "skill", {skill_ids[u]: v for u, v in skill_labels.items()}, Source.ESCO, counts
        )
        del skill_labels

        say("occupations")
        occ_rows, occ_labels = {}, {}
        for row in _zip_rows(
            archive,
            "occupations_en.csv",
            {"conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description"},
        ):
            uri = row["conceptUri"]
            occ_rows[uri] = {
                "label_en": curated_occ.get(uri, row["preferredLabel"]),
                "description_en": row["description"] or "",
                "isco_group": row["iscoGroup"] or "",
                "in_esco": True,
            }
            occ_labels[uri] = _esco_labels(row)
        occ_ids = _upsert_concepts(
            Occupation, occ_rows, list(next(iter(occ_rows.values()))), counts, "occupations"
        )
        _sync_labels(
            "occupation", {occ_ids[u]: v for u, v in occ_labels.items()}, Source.ESCO, counts
        )
        del occ_labels

        if relations is not None:
            with zipfile.ZipFile(relations) as rel:
                say("occupation-skill relations")
                links = {}
                for row in _zip_rows(
                    rel,
                    "occupationSkillRelations.csv",
                    {"occupationUri", "relationType", "skillUri"},
                ):
                    o, s = occ_ids.get(row["occupationUri"]), skill_ids.get(row["skillUri"])
                    if o and s:
                        links[(o, s)] = row["relationType"]
                _upsert_links(links, counts)
                say("skill-skill relations")
                related = set()
                for row in _zip_rows(
                    rel, "skillSkillRelations.csv", {"originalSkillUri", "relatedSkillUri"}
                ):
                    a, b = (
                        skill_ids.get(row["originalSkillUri"]),
                        skill_ids.get(row["relatedSkillUri"]),
                    )
                    if a and b and a != b:
                        related |= {(a, b), (b, a)}
                _sync_m2m(
                    Skill.related.through,
                    "from_skill",
                    "to_skill",
                    related,
                    None,
                    counts,
                    "skill relations",
                )
                say("broader links")
                for model, filename, ids in (
                    (Skill, "broaderRelationsSkillPillar.csv", skill_ids),
                    (Occupation, "broaderRelationsOccPillar.csv", occ_ids),
                ):
                    broader = {}
                    for row in _zip_rows(rel, filename, {"conceptUri", "broaderUri"}):
                        child, parent = ids.get(row["conceptUri"]), ids.get(row["broaderUri"])
                        if child and parent:
                            broader.setdefault(child, parent)
                    # Curated broader links win over ESCO's where both exist.
                    curated_children = set(
                        model.objects.filter(curated=True, broader__isnull=False).values_list(
                            "pk", flat=True
                        )
                    )
                    _set_broader(
                        model,
                        {c: p for c, p in broader.items() if c not in curated_children},
                        counts,
                    )

        say("search index")
        _refresh_search_text(Skill, skill_ids.values())
        _refresh_search_text(Occupation, occ_ids.values())
    return counts


def _esco_labels(row: dict[str, str]) -> set[tuple[str, str, str]]:
    labels = {("en", row["preferredLabel"].strip(), LabelKind.PREFERRED)}
    labels |= {("en", t, LabelKind.ALTERNATIVE) for t in _lines(row.get("altLabels", ""))}
    labels |= {("en", t, LabelKind.HIDDEN) for t in _lines(row.get("hiddenLabels", ""))}
    # A preferred label repeated among the alternatives stays preferred.
    preferred = {t for _l, t, k in labels if k == LabelKind.PREFERRED}
    return {
        label for label in labels if label[2] == LabelKind.PREFERRED or label[1] not in preferred
    }
