"""Benchmark: skills from text (corridor.taxonomy.extract) — quality and speed.

Run ``python bench/bench_skills_from_text.py`` (``--quick`` for a smoke run). It reads the
ESCO CSV release (``$ESCO_DIR``, default ``../shared/data/esco`` next to the repository)
and the curated CSVs shipped in ``corridor/taxonomy/data`` directly, without a database,
builds the extractor the way ``get_extractor()`` does, and evaluates it on query sets
made from the taxonomy's own material, each held out from the index it is asked of:

``alt``   ESCO skills with at least two alternative labels, a fixed-seed sample: one
          alternative label of each is removed from the index and used as the query;
          the relevant concept is its owner. (All held-out labels are removed at once:
          each concept loses only one of its labels.)
``desc``  the first sentence of an ESCO skill description, as a job-ad sentence; the
          relevant concept is that skill. Descriptions are never indexed.
``zh``    curated skills with a Chinese alternative label: one is removed from the index
          and used as the query (relevant: its owner), as for ``alt``.
``occupation_from_skills``  a pseudo-CV naming six random skills of an occupation
          (one random English label each, never the occupation's own labels); the
          relevant concept is that occupation, among ``extract()``'s occupations.
``snippets``  hand-written bilingual CV and job-ad snippets covering the seed sectors
          (``skills_from_text_snippets.json`` beside this file) with the skills a
          recruiter would expect ("a || b": either concept counts, where the taxonomy
          itself gives one phrase to both) and the expected occupation; evaluated
          through ``extract()``, whose suggestions are ranked by score.

Metrics, for a query with relevant set R and ranked result list L:

* R-precision@5 = |R ∩ L[:5]| / min(5, |R|)  (for a single relevant concept: hit@5);
* MRR = mean over queries of 1 / (rank of the first relevant concept in L), 0 when none
  of the first 20 results is relevant (``extract()`` returns at most 30 skills and 5
  occupations);
* for ``snippets`` also micro precision and recall over all suggestions.

``alt``, ``desc`` and ``zh`` are asked of ``Extractor.rank()``; ``alt`` and ``desc`` are
also asked of ``extract()`` (``extract.alt``: does the held-out synonym, as a text, yield
its concept; ``extract.desc``: does a description sentence). Speed: extractor build time,
``extract()`` latency p50/p95 on one-page documents (about 3,000 characters, English and
Chinese, assembled from snippets and descriptions), and ``rank()`` latency.

Without the ESCO files only the curated taxonomy is evaluated, and the script says so.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import _common
import numpy as np

from corridor.taxonomy.extract import OCCUPATION, SKILL, Extractor

CURATED_DIR = _common.ROOT / "corridor" / "taxonomy" / "data"
SNIPPETS = Path(__file__).resolve().parent / "skills_from_text_snippets.json"
ESCO_CLASSIFICATION = "esco-v1.1.1-classification-en-csv.zip"
ESCO_RELATIONS = "esco-v1.1.1-relations-csv.zip"


# --- the taxonomy, straight from the files ---------------------------------------------


class Taxonomy:
    """Concepts keyed by URI with integer ids, label rows and relations, from files."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.uri: dict[tuple[str, int], str] = {}
        #: (kind, id) -> [(language, text, label kind, source)]
        self.labels: dict[tuple[str, int], list[tuple[str, str, str, str]]] = defaultdict(list)
        self.description: dict[tuple[str, int], str] = {}
        self.curated: set[tuple[str, int]] = set()
        self.in_esco: set[tuple[str, int]] = set()
        self.occupation_skills: dict[int, set[int]] = defaultdict(set)
        self.by_label_en: dict[tuple[str, str], int] = {}
        self.esco_alt: dict[int, list[str]] = {}  # ESCO skill -> its alternative labels
        self.description_zh: dict[int, str] = {}  # curated skill -> Chinese description

    def concept(self, kind: str, uri: str) -> int:
        key = (kind, uri)
        if key not in self.ids:
            self.ids[key] = len(self.ids) + 1
            self.uri[(kind, self.ids[key])] = uri
        return self.ids[key]

    def add_label(
        self, kind: str, cid: int, language: str, text: str, label_kind: str, source: str
    ) -> None:
        text = text.strip()
        label = (language, text, label_kind, source)
        if text and label not in self.labels[(kind, cid)]:
            self.labels[(kind, cid)].append(label)

    def rows(self, exclude: set[tuple[str, int, str, str]] = frozenset()):
        """Label rows as the database gives them, less ``exclude`` (kind, id, lang, text)."""
        for (kind, cid), labels in self.labels.items():
            for language, text, label_kind, source in labels:
                if (kind, cid, language, text) not in exclude:
                    yield (kind, cid, language, text, label_kind, source)

    def weights(self) -> dict[tuple[str, int], float]:
        return {key: 1.0 if key in self.curated else 0.95 for key in self.labels}

    def extractor(self, exclude=frozenset()) -> Extractor:
        return Extractor(
            self.rows(exclude), weights=self.weights(), occupation_skills=self.occupation_skills
        )

    def lookup(self, kind: str, label_en: str) -> int | None:
        return self.by_label_en.get((kind, label_en.casefold()))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _zip_csv(archive: zipfile.ZipFile, name: str):
    member = next(n for n in archive.namelist() if n.rsplit("/", 1)[-1] == name)
    with archive.open(member) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))


def load_taxonomy(esco_dir: Path | None) -> Taxonomy:
    """The curated CSVs and, when ``esco_dir`` has them, the ESCO release."""
    tax = Taxonomy()
    for kind, filename in ((SKILL, "curated_skills.csv"), (OCCUPATION, "curated_occupations.csv")):
        for row in _csv(CURATED_DIR / filename):
            cid = tax.concept(kind, row["uri"])
            tax.curated.add((kind, cid))
            tax.add_label(kind, cid, "en", row["label_en"], "preferred", "curated")
            tax.add_label(kind, cid, "zh", row["label_zh"], "preferred", "curated")
            for t in row["alt_en"].split(" | "):
                tax.add_label(kind, cid, "en", t, "alternative", "curated")
            for t in row["alt_zh"].split(" | "):
                tax.add_label(kind, cid, "zh", t, "alternative", "curated")
            tax.description[(kind, cid)] = row["description_en"]
            if kind == SKILL:
                tax.description_zh[cid] = row["description_zh"]
            tax.by_label_en[(kind, row["label_en"].casefold())] = cid
    for row in _csv(CURATED_DIR / "curated_occupation_skills.csv"):
        tax.occupation_skills[tax.concept(OCCUPATION, row["occupation_uri"])].add(
            tax.concept(SKILL, row["skill_uri"])
        )
    if esco_dir is None:
        return tax
    with zipfile.ZipFile(esco_dir / ESCO_CLASSIFICATION) as archive:
        for kind, name in ((SKILL, "skills_en.csv"), (OCCUPATION, "occupations_en.csv")):
            for row in _zip_csv(archive, name):
                cid = tax.concept(kind, row["conceptUri"])
                tax.in_esco.add((kind, cid))
                tax.add_label(kind, cid, "en", row["preferredLabel"], "preferred", "esco")
                preferred = row["preferredLabel"].strip()
                alts = [t.strip() for t in row["altLabels"].splitlines() if t.strip()]
                alts = [t for t in dict.fromkeys(alts) if t != preferred]
                for t in alts:
                    tax.add_label(kind, cid, "en", t, "alternative", "esco")
                if kind == SKILL:
                    tax.esco_alt[cid] = alts
                for t in (row.get("hiddenLabels") or "").splitlines():
                    tax.add_label(kind, cid, "en", t, "hidden", "esco")
                if row["description"].strip():
                    tax.description[(kind, cid)] = row["description"]
                tax.by_label_en.setdefault((kind, preferred.casefold()), cid)
    with zipfile.ZipFile(esco_dir / ESCO_RELATIONS) as archive:
        for row in _zip_csv(archive, "occupationSkillRelations.csv"):
            o = tax.ids.get((OCCUPATION, row["occupationUri"]))
            s = tax.ids.get((SKILL, row["skillUri"]))
            if o and s:
                tax.occupation_skills[o].add(s)
    return tax


# --- query sets -------------------------------------------------------------------------


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[a-z)])\.\s", text)
    return text[: m.start() + 1] if m else text


def alt_queries(tax: Taxonomy, n: int, rng: random.Random) -> list[tuple[str, int]]:
    """(held-out alternative label, owner) for ``n`` skills with >= 2 alternative labels
    (ESCO's, or the curated English synonyms without ESCO)."""
    if tax.esco_alt:
        pool = sorted(cid for cid, alts in tax.esco_alt.items() if len(alts) >= 2)
        alts = tax.esco_alt
    else:
        alts = {
            cid: [t for lang, t, k, _src in labels if lang == "en" and k == "alternative"]
            for (kind, cid), labels in tax.labels.items()
            if kind == SKILL
        }
        pool = sorted(cid for cid, a in alts.items() if len(a) >= 2)
    chosen = rng.sample(pool, min(n, len(pool)))
    return [(rng.choice(alts[cid]), cid) for cid in chosen]


def zh_queries(tax: Taxonomy, rng: random.Random) -> list[tuple[str, int]]:
    """(held-out Chinese synonym, owner) for every curated skill that has one."""
    out = []
    for (kind, cid), labels in sorted(tax.labels.items()):
        if kind != SKILL:
            continue
        zh_alts = [t for lang, t, k, _src in labels if lang == "zh" and k == "alternative"]
        if zh_alts:
            out.append((rng.choice(zh_alts), cid))
    return out


def desc_queries(tax: Taxonomy, n: int, rng: random.Random) -> list[tuple[str, int]]:
    """(first sentence of the description, skill) for ``n`` skills."""
    pool = sorted(
        cid
        for (kind, cid), d in tax.description.items()
        if kind == SKILL and len(_first_sentence(d).split()) >= 5
    )
    chosen = rng.sample(pool, min(n, len(pool)))
    return [(_first_sentence(tax.description[(SKILL, cid)]), cid) for cid in chosen]


def occupation_queries(tax: Taxonomy, n: int, rng: random.Random) -> list[tuple[str, int]]:
    """(text naming 6 random skills of an occupation, that occupation): a pseudo-CV
    without the occupation's own labels, for occupations inferred from skills."""
    pool = sorted(o for o, skills in tax.occupation_skills.items() if len(skills) >= 6)
    out = []
    for occ in rng.sample(pool, min(n, len(pool))):
        skills = rng.sample(sorted(tax.occupation_skills[occ]), 6)
        phrases = []
        for cid in skills:
            en = [t for lang, t, _k, _s in tax.labels[(SKILL, cid)] if lang == "en"]
            phrases.append(rng.choice(en))
        out.append((". ".join(phrases) + ".", occ))
    return out


def one_page_documents(
    tax: Taxonomy, snippets: list[dict], rng: random.Random, n: int, chars: int = 3000
) -> dict[str, list[str]]:
    """``n`` English and ``n`` Chinese documents of about ``chars`` characters."""
    en_parts = [s["text"] for s in snippets if s["lang"] == "en"]
    en_parts += [d for (kind, _c), d in tax.description.items() if kind == SKILL]
    zh_parts = [s["text"] for s in snippets if s["lang"] == "zh"]
    zh_parts += [d for d in tax.description_zh.values() if d]
    docs: dict[str, list[str]] = {"en": [], "zh": []}
    for lang, parts in (("en", en_parts), ("zh", zh_parts)):
        for _ in range(n):
            doc: list[str] = []
            while sum(len(p) + 1 for p in doc) < chars:
                doc.append(rng.choice(parts))
            docs[lang].append("\n".join(doc)[:chars])
    return docs


# --- metrics ------------------------------------------------------------------------------


def r_precision_at(ranked: list[int], relevant: set[int], k: int = 5) -> float:
    """|relevant ∩ ranked[:k]| / min(k, |relevant|)."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / min(k, len(relevant))


def reciprocal_rank(ranked: list[int], relevant: set[int], depth: int = 20) -> float:
    for i, c in enumerate(ranked[:depth], 1):
        if c in relevant:
            return 1.0 / i
    return 0.0


def evaluate(name: str, figs: _common.Figures, results: list[tuple[list[int], set[int]]]) -> None:
    rp = np.mean([r_precision_at(r, rel) for r, rel in results]) if results else 0.0
    mrr = np.mean([reciprocal_rank(r, rel) for r, rel in results]) if results else 0.0
    figs.add(f"skills_from_text.{name}.r_precision_at_5", rp, "ratio")
    figs.add(f"skills_from_text.{name}.mrr", mrr, "ratio")
    figs.add(f"skills_from_text.{name}.queries", len(results), "queries")


def _rss_mb() -> float:
    """Current resident set size in MiB (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _ms(samples: list[float]) -> tuple[float, float]:
    a = np.asarray(samples) * 1000
    return float(np.percentile(a, 50)), float(np.percentile(a, 95))


# --- main ---------------------------------------------------------------------------------


def esco_dir() -> Path | None:
    default = _common.ROOT.parent / "shared" / "data" / "esco"
    path = Path(os.environ.get("ESCO_DIR") or default)
    if (path / ESCO_CLASSIFICATION).is_file() and (path / ESCO_RELATIONS).is_file():
        return path
    return None


def main() -> None:
    """Parse arguments, build, evaluate, time; print figures and write the JSON record."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--alt", type=int, default=2000, help="alt-label queries")
    ap.add_argument("--desc", type=int, default=1000, help="description queries")
    ap.add_argument("--occ", type=int, default=500, help="occupation-from-skills queries")
    ap.add_argument("--docs", type=int, default=40, help="one-page documents per language")
    ap.add_argument("--verbose", action="store_true", help="print failed snippet matches")
    args = ap.parse_args()
    n_alt, n_desc, n_docs = (300, 200, 10) if args.quick else (args.alt, args.desc, args.docs)
    n_occ = 150 if args.quick else args.occ
    rng = random.Random(args.seed)

    esco = esco_dir()
    if esco is None:
        print("ESCO release not found (set ESCO_DIR): evaluating the curated taxonomy only")
    tax, load_s = _common.timed(load_taxonomy, esco)
    snippets = json.loads(SNIPPETS.read_text(encoding="utf-8"))
    figs = _common.Figures(
        "bench_skills_from_text",
        {
            "esco": str(esco) if esco else None,
            "quick": args.quick,
            "seed": args.seed,
            "alt_queries": n_alt,
            "desc_queries": n_desc,
            "occupation_queries": n_occ,
            "documents_per_language": n_docs,
        },
    )
    n_rows = sum(1 for _ in tax.rows())
    figs.add("skills_from_text.labels", n_rows, "labels")
    figs.add("skills_from_text.skills", sum(1 for k, _c in tax.labels if k == SKILL), "concepts")
    figs.add("skills_from_text.read_files", load_s, "s")

    rows = list(tax.rows())
    rss0, cpu0 = _rss_mb(), time.process_time()
    full, build_s = _common.timed(
        Extractor, rows, weights=tax.weights(), occupation_skills=tax.occupation_skills
    )
    figs.add("skills_from_text.build", build_s, "s")
    figs.add("skills_from_text.build_cpu", time.process_time() - cpu0, "s")
    cpu0 = time.process_time()
    _, warm_s = _common.timed(full.warm)
    figs.add("skills_from_text.build_rank_index", warm_s, "s")
    figs.add("skills_from_text.build_rank_index_cpu", time.process_time() - cpu0, "s")
    figs.add("skills_from_text.extractor_memory", _rss_mb() - rss0, "MiB")

    alt = alt_queries(tax, n_alt, rng)
    zh = zh_queries(tax, rng)
    desc = desc_queries(tax, n_desc, rng)
    held_out = {(SKILL, cid, "en", text) for text, cid in alt}
    held_out |= {(SKILL, cid, "zh", text) for text, cid in zh}
    held = Extractor(
        tax.rows(held_out), weights=tax.weights(), occupation_skills=tax.occupation_skills
    )
    held.warm()

    rank_lat: dict[str, list[float]] = defaultdict(list)
    for name, queries, ex in (("alt", alt, held), ("desc", desc, full), ("zh", zh, held)):
        results = []
        for text, cid in queries:
            t0 = time.perf_counter()
            ranked = ex.rank(text, SKILL, 20)
            rank_lat[name].append(time.perf_counter() - t0)
            results.append(([r.concept_id for r in ranked], {cid}))
        evaluate(f"rank.{name}", figs, results)
    for name, queries, ex in (("alt", alt, held), ("desc", desc, full)):
        results = [([s.concept_id for s in ex.extract(t).skills], {cid}) for t, cid in queries]
        evaluate(f"extract.{name}", figs, results)

    occ = occupation_queries(tax, n_occ, rng)
    results = [([o.concept_id for o in full.extract(t).occupations], {o}) for t, o in occ]
    evaluate("extract.occupation_from_skills", figs, results)

    results, occ_results, found, expected, suggested = [], [], 0, 0, 0
    for snip in snippets:
        # An expected item "a || b" is found when either concept is suggested.
        # (Without ESCO, expected concepts that only ESCO has are left out.)
        groups = [
            {tax.lookup(SKILL, label.strip()) for label in item.split("||")} - {None}
            for item in snip["skills"]
        ]
        labels = [item for item, g in zip(snip["skills"], groups, strict=True) if g]
        groups = [g for g in groups if g]
        out = full.extract(snip["text"])
        ranked, seen = [], set()
        for s in out.skills:
            g = next((n for n, group in enumerate(groups) if s.concept_id in group), None)
            if g is None:
                ranked.append(-s.concept_id)
            elif g not in seen:
                seen.add(g)
                ranked.append(g)
        relevant = set(range(len(groups)))
        results.append((ranked, relevant))
        found += len(seen)
        expected += len(relevant)
        suggested += len(ranked)
        if snip.get("occupation") and tax.lookup(OCCUPATION, snip["occupation"]):
            occ = {tax.lookup(OCCUPATION, snip["occupation"])}
            occ_results.append(([o.concept_id for o in out.occupations], occ))
        if args.verbose:
            missed = [labels[g] for g in relevant - seen]
            extra = [
                f"{s.phrase}→{full.preferred_label(SKILL, s.concept_id)}"
                for s in out.skills
                if not any(s.concept_id in group for group in groups)
            ]
            top_occ = [full.preferred_label(OCCUPATION, o.concept_id) for o in out.occupations]
            print(f"# {snip['id']}: missed {missed}; extra {extra}; occupations {top_occ[:3]}")
    evaluate("extract.snippets", figs, results)
    figs.add("skills_from_text.extract.snippets.precision", found / max(suggested, 1), "ratio")
    figs.add("skills_from_text.extract.snippets.recall", found / max(expected, 1), "ratio")
    evaluate("extract.snippets_occupation", figs, occ_results)

    docs = one_page_documents(tax, snippets, rng, n_docs)
    for lang, texts in docs.items():
        for text in texts[:3]:
            full.extract(text)  # warm-up
        lat = []
        for text in texts:
            t0 = time.perf_counter()
            full.extract(text)
            lat.append(time.perf_counter() - t0)
        p50, p95 = _ms(lat)
        figs.add(f"skills_from_text.extract_page_{lang}.p50", p50, "ms")
        figs.add(f"skills_from_text.extract_page_{lang}.p95", p95, "ms")
    for name in ("alt", "desc"):
        p50, p95 = _ms(rank_lat[name])
        figs.add(f"skills_from_text.rank_{name}.p50", p50, "ms")
        figs.add(f"skills_from_text.rank_{name}.p95", p95, "ms")
    figs.add("skills_from_text.peak_rss", _common.peak_rss_mb(), "MiB")
    print(f"wrote {figs.write()}")


if __name__ == "__main__":
    main()
