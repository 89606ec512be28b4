"""Validate Corridor's curated bilingual taxonomy (the CSV files next to this script).

Usage:
    python corridor/taxonomy/data/check_curated.py [ESCO_CLASSIFICATION_ZIP [ESCO_RELATIONS_ZIP]]

Without arguments it checks the files' internal consistency: headers, unique URIs,
URI shapes, non-empty English and Chinese labels, valid skill types, sector codes and
relations, references that resolve inside the files, no broader-cycles and 4-15 skills
per occupation. Given the ESCO classification zip (e.g. esco-v1.1.1-classification-en-csv.zip)
it also checks that every non-Corridor URI exists in ESCO with the same type (skillType for
skills, iscoGroup for occupations). Given the relations zip as well, it checks that every
curated occupation-skill pair that ESCO also relates carries ESCO's relation type.

Standard library only. Prints counts and exits with status 1 on any problem.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORRIDOR = "https://corridor.example/taxonomy/"
ESCO = "http://data.europa.eu/esco/"
SKILL_TYPES = {"skill/competence", "knowledge", "language", "transversal"}
RELATIONS = {"essential", "optional"}
LIST_SEP = " | "
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HAN = re.compile(r"[\u4e00-\u9fff]")

HEADERS = {
    "sectors.csv": ["code", "label_en", "label_zh"],
    "curated_skills.csv": [
        "uri",
        "skill_type",
        "sectors",
        "label_en",
        "label_zh",
        "alt_en",
        "alt_zh",
        "description_en",
        "description_zh",
        "broader_uri",
        "related_uris",
    ],
    "curated_occupations.csv": [
        "uri",
        "isco_group",
        "sectors",
        "label_en",
        "label_zh",
        "alt_en",
        "alt_zh",
        "description_en",
        "description_zh",
    ],
    "curated_occupation_skills.csv": ["occupation_uri", "skill_uri", "relation"],
}

problems: list[str] = []


def problem(msg: str) -> None:
    problems.append(msg)


def read_csv(name: str) -> list[dict[str, str]]:
    path = HERE / name
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != HEADERS[name]:
            problem(f"{name}: header {reader.fieldnames} != {HEADERS[name]}")
        rows = list(reader)
    for i, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            problem(f"{name} line {i}: wrong number of fields")
    return rows


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(LIST_SEP) if v.strip()] if value.strip() else []


def check_uri(uri: str, kind: str, where: str) -> None:
    if uri.startswith(CORRIDOR):
        rest = uri[len(CORRIDOR) :]
        if not rest.startswith(kind + "/") or not SLUG.match(rest[len(kind) + 1 :]):
            problem(f"{where}: bad Corridor URI {uri!r} (expected {CORRIDOR}{kind}/<slug>)")
    elif uri.startswith(ESCO):
        if not uri.startswith(f"{ESCO}{kind}/"):
            problem(f"{where}: ESCO URI {uri!r} is not an ESCO {kind}")
    else:
        problem(f"{where}: URI {uri!r} is neither ESCO nor Corridor")


def check_common(name: str, rows: list[dict[str, str]], kind: str, sector_codes: set[str]) -> None:
    for i, row in enumerate(rows, start=2):
        where = f"{name} line {i}"
        check_uri(row["uri"], kind, where)
        for col in ("label_en", "label_zh", "description_en", "description_zh"):
            if not row[col].strip():
                problem(f"{where}: empty {col}")
        if row["label_zh"].strip() and not HAN.search(row["label_zh"]):
            problem(f"{where}: label_zh {row['label_zh']!r} has no Chinese characters")
        sectors = [s for s in row["sectors"].split(";") if s.strip()]
        if not sectors:
            problem(f"{where}: no sectors")
        for s in sectors:
            if s not in sector_codes:
                problem(f"{where}: unknown sector {s!r}")
        if len(set(sectors)) != len(sectors):
            problem(f"{where}: repeated sector")
        for col in ("alt_en", "alt_zh"):
            alts = split_list(row[col])
            if len({a.lower() for a in alts}) != len(alts):
                problem(f"{where}: duplicate entries in {col}")


def open_member(zf: zipfile.ZipFile, basename: str) -> list[dict[str, str]]:
    names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == basename]
    if not names:
        raise SystemExit(f"{basename} not found in {zf.filename}")
    with zf.open(names[0]) as fh:
        return list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline="")))


def main(argv: list[str]) -> int:
    sectors = read_csv("sectors.csv")
    skills = read_csv("curated_skills.csv")
    occupations = read_csv("curated_occupations.csv")
    links = read_csv("curated_occupation_skills.csv")

    sector_codes = {r["code"] for r in sectors}
    if len(sector_codes) != len(sectors):
        problem("sectors.csv: duplicate codes")
    for r in sectors:
        if not r["label_en"].strip() or not r["label_zh"].strip():
            problem(f"sectors.csv: empty label for {r['code']!r}")

    check_common("curated_skills.csv", skills, "skill", sector_codes)
    check_common("curated_occupations.csv", occupations, "occupation", sector_codes)

    all_uris = [r["uri"] for r in skills] + [r["uri"] for r in occupations]
    for uri, n in Counter(all_uris).items():
        if n > 1:
            problem(f"URI used {n} times: {uri}")
    for label, n in Counter(r["label_en"].lower() for r in skills).items():
        if n > 1:
            problem(f"curated_skills.csv: label_en {label!r} used {n} times")
    for label, n in Counter(r["label_en"].lower() for r in occupations).items():
        if n > 1:
            problem(f"curated_occupations.csv: label_en {label!r} used {n} times")

    skill_uris = {r["uri"] for r in skills}
    occ_uris = {r["uri"] for r in occupations}
    parent: dict[str, str] = {}
    for i, row in enumerate(skills, start=2):
        where = f"curated_skills.csv line {i}"
        if row["skill_type"] not in SKILL_TYPES:
            problem(f"{where}: bad skill_type {row['skill_type']!r}")
        b = row["broader_uri"].strip()
        if b:
            if b not in skill_uris:
                problem(f"{where}: broader_uri not in file: {b}")
            elif b == row["uri"]:
                problem(f"{where}: skill is its own broader concept")
            else:
                parent[row["uri"]] = b
        related = split_list(row["related_uris"])
        if len(set(related)) != len(related):
            problem(f"{where}: duplicate related_uris")
        for u in related:
            if u not in skill_uris:
                problem(f"{where}: related uri not in file: {u}")
            if u == row["uri"]:
                problem(f"{where}: skill related to itself")
    for start in parent:
        seen, u = set(), start
        while u in parent:
            if u in seen:
                problem(f"broader cycle through {start}")
                break
            seen.add(u)
            u = parent[u]

    pairs = Counter()
    per_occ = Counter()
    for i, row in enumerate(links, start=2):
        where = f"curated_occupation_skills.csv line {i}"
        if row["occupation_uri"] not in occ_uris:
            problem(f"{where}: occupation not in curated_occupations.csv: {row['occupation_uri']}")
        if row["skill_uri"] not in skill_uris:
            problem(f"{where}: skill not in curated_skills.csv: {row['skill_uri']}")
        if row["relation"] not in RELATIONS:
            problem(f"{where}: bad relation {row['relation']!r}")
        pairs[(row["occupation_uri"], row["skill_uri"])] += 1
        per_occ[row["occupation_uri"]] += 1
    for pair, n in pairs.items():
        if n > 1:
            problem(f"occupation-skill pair listed {n} times: {pair}")
    for uri in occ_uris:
        if not 4 <= per_occ[uri] <= 15:
            problem(f"occupation {uri} has {per_occ[uri]} skills (expected 4-15)")

    esco_skills = [r for r in skills if not r["uri"].startswith(CORRIDOR)]
    esco_occs = [r for r in occupations if not r["uri"].startswith(CORRIDOR)]
    checked = "not checked against ESCO (no zip given)"
    if len(argv) > 1:
        with zipfile.ZipFile(argv[1]) as zf:
            ref_skills = {r["conceptUri"]: r for r in open_member(zf, "skills_en.csv")}
            ref_occs = {r["conceptUri"]: r for r in open_member(zf, "occupations_en.csv")}
        for r in esco_skills:
            ref = ref_skills.get(r["uri"])
            if ref is None:
                problem(f"skill not in ESCO: {r['uri']} ({r['label_en']})")
            elif ref["skillType"] != r["skill_type"]:
                problem(
                    f"skill type mismatch for {r['uri']}: {r['skill_type']!r} != ESCO {ref['skillType']!r}"
                )
            elif ref["preferredLabel"].strip() != r["label_en"]:
                problem(
                    f"label_en of {r['uri']} is {r['label_en']!r}, ESCO says {ref['preferredLabel']!r}"
                )
        for r in esco_occs:
            ref = ref_occs.get(r["uri"])
            if ref is None:
                problem(f"occupation not in ESCO: {r['uri']} ({r['label_en']})")
            elif ref["iscoGroup"] != r["isco_group"]:
                problem(
                    f"isco_group mismatch for {r['uri']}: {r['isco_group']!r} != ESCO {ref['iscoGroup']!r}"
                )
        for r in skills:
            if r["uri"] in ref_occs:
                problem(f"skill URI is an ESCO occupation: {r['uri']}")
        for r in occupations:
            if r["uri"] in ref_skills:
                problem(f"occupation URI is an ESCO skill: {r['uri']}")
        checked = f"checked against {Path(argv[1]).name}"
        if len(argv) > 2:
            with zipfile.ZipFile(argv[2]) as zf:
                ref_rel = {
                    (r["occupationUri"], r["skillUri"]): r["relationType"]
                    for r in open_member(zf, "occupationSkillRelations.csv")
                }
            same = 0
            for (o, s), _ in pairs.items():
                rel = ref_rel.get((o, s))
                if rel is None:
                    continue
                mine = next(
                    x["relation"] for x in links if x["occupation_uri"] == o and x["skill_uri"] == s
                )
                if mine != rel:
                    problem(f"relation {o} -> {s} is {mine!r}, ESCO says {rel!r}")
                else:
                    same += 1
            checked += (
                f"; {same} occupation-skill pairs match ESCO's relation type ({Path(argv[2]).name})"
            )

    n_s, n_o = len(skills), len(occupations)
    n_es, n_eo = len(esco_skills), len(esco_occs)
    share = 100 * (n_es + n_eo) / max(1, n_s + n_o)
    print(f"sectors:      {len(sectors)}")
    print(
        f"skills:       {n_s} ({n_es} ESCO, {n_s - n_es} Corridor); "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["skill_type"] for r in skills).items()))
    )
    print(f"occupations:  {n_o} ({n_eo} ESCO, {n_o - n_eo} Corridor)")
    print(
        f"relations:    {len(links)} ({sum(r['relation'] == 'essential' for r in links)} essential)"
    )
    print(
        f"hierarchy:    {len(parent)} broader links, "
        f"{sum(len(split_list(r['related_uris'])) for r in skills)} related links"
    )
    print(f"ESCO share:   {share:.1f}% of concepts; {checked}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems[:200]:
            print("  -", p)
        if len(problems) > 200:
            print(f"  ... and {len(problems) - 200} more")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
