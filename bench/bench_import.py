"""Benchmark: importing 100,000 talent profiles (5 % bad rows) from a CSV file.

Run ``python bench/bench_import.py`` (``--quick``: 10,000 rows). Budget: <= 60 s for
100,000 rows on each database, every injected bad row reported, every good row stored,
and a second run of the same file changing nothing.

The file is generated deterministically (``--seed``): names in Chinese, Urdu, Cyrillic,
Kazakh, Vietnamese and Thai script with Latin transliterations, nationalities as ISO codes
or English/Chinese names, dates in the accepted shapes (2027-07-01, 2027/7/1, 01.07.2027),
languages such as ``zh:HSK4; en:B2; ur:native`` and 3-8 skills of the curated taxonomy as
URIs or English/Chinese labels and synonyms. Every twentieth row (chosen at random) has
exactly one defect of seven kinds.

Each database runs in its own process (clean peak RSS): SQLite in a temporary
``CORRIDOR_DATA_DIR``, and PostgreSQL when ``BENCH_DATABASE_URL`` is set or a server
answers at postgres://postgres@127.0.0.1:5432 — in a throw-away database created for the
run and dropped afterwards. Migrations and the curated taxonomy load are not timed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import _common

ROOT = _common.ROOT
CURATED_SKILLS = ROOT / "corridor" / "taxonomy" / "data" / "curated_skills.csv"
INSTITUTIONS = [
    ("bench-chengdu-university", "university", "Chengdu University (bench)"),
    ("bench-jcu", "university", "Jingdezhen Ceramic University (bench)"),
    ("bench-xsyu", "university", "Xi'an Shiyou University (bench)"),
    ("bench-radio-college", "vocational_college", "Radio Engineering College (bench)"),
    ("bench-silk-group", "education_group", "Silk Road Education Group (bench)"),
]
HEADER = [
    "institution", "student_number", "full_name", "name_latin", "email", "phone",
    "nationality", "programme", "degree_level", "field", "expected_graduation",
    "available_from", "languages", "skills",
]  # fmt: skip

# nationality -> (ways of writing it, own language, [(own script, Latin)])
PEOPLE = {
    "PK": (["PK", "Pakistan", "巴基斯坦", "PAK"], "ur", [
        ("عائشہ خان", "Ayesha Khan"), ("محمد علی", "Muhammad Ali"), ("زینب حسین", "Zainab Hussain"),
        ("عمر فاروق", "Umar Farooq"), ("حسن رضا", "Hassan Raza"), ("فاطمہ نور", "Fatima Noor"),
        ("بلال احمد", "Bilal Ahmed"), ("سارہ اقبال", "Sara Iqbal"), ("عثمان طارق", "Usman Tariq")]),
    "RU": (["RU", "Russia", "俄罗斯"], "ru", [
        ("Анна Смирнова", "Anna Smirnova"), ("Дмитрий Иванов", "Dmitry Ivanov"),
        ("Екатерина Попова", "Ekaterina Popova"), ("Сергей Кузнецов", "Sergey Kuznetsov"),
        ("Мария Соколова", "Maria Sokolova"), ("Алексей Морозов", "Alexey Morozov")]),
    "KZ": (["KZ", "Kazakhstan", "哈萨克斯坦"], "kk", [
        ("Айгерім Серікқызы", "Aigerim Serikkyzy"), ("Нұрлан Әбдіров", "Nurlan Abdirov"),
        ("Дана Қасымова", "Dana Kasymova"), ("Әсел Төлеуова", "Asel Toleuova")]),
    "VN": (["VN", "Vietnam", "越南"], "vi", [
        ("Nguyễn Thị Lan", "Nguyen Thi Lan"), ("Trần Văn Minh", "Tran Van Minh"),
        ("Lê Thu Hà", "Le Thu Ha"), ("Phạm Quốc Bảo", "Pham Quoc Bao")]),
    "TH": (["TH", "Thailand", "泰国"], "th", [
        ("สมชาย ใจดี", "Somchai Jaidee"), ("ณัฐธิดา ทองคำ", "Natthida Thongkham")]),
    "CN": (["CN", "China", "中国"], "zh", []),  # Chinese names are composed below
}  # fmt: skip
SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
            ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou")]  # fmt: skip
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
         ("磊", "lei"), ("洋", "yang"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"),
         ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("兰", "lan")]  # fmt: skip
STUDIES = [
    ("Civil Engineering (B.Eng.)", "bachelor", "Civil engineering"),
    ("Petroleum Engineering (B.Eng.)", "本科", "Petroleum engineering"),
    ("Ceramic Art and Design (B.A.)", "bachelor", "Ceramic design"),
    ("Materials Science of Ceramics (M.Eng.)", "硕士", "Materials engineering"),
    ("Radio Engineering (vocational diploma)", "vocational", "Electronics"),
    ("International Chinese Education (M.A.)", "master", "Chinese language teaching"),
    ("Computer Science (Ph.D.)", "博士", "Computer science"),
]
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
BAD_KINDS = [
    "unknown_skill",
    "bad_level",
    "bad_date",
    "missing_name",
    "unknown_country",
    "bad_email",
    "unknown_institution",
]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def skill_tokens() -> list[list[str]]:
    """For each curated skill, the ways a row may name it that read back unambiguously."""
    with CURATED_SKILLS.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    owners: dict[str, set[str]] = {}
    for row in rows:
        labels = [row["label_en"], row["label_zh"]]
        labels += [t.strip() for t in (row["alt_en"] + " | " + row["alt_zh"]).split(" | ")]
        for label in filter(None, labels):
            owners.setdefault(_norm(label), set()).add(row["uri"])
    out = []
    for row in rows:
        names = [row["uri"]]
        for label in (row["label_en"], row["label_zh"], *row["alt_en"].split(" | ")):
            label = label.strip()
            if label and ";" not in label and owners.get(_norm(label)) == {row["uri"]}:
                names.append(label)
        out.append(names)
    return out


def _date(rng: random.Random, year: int, month: int) -> str:
    day = rng.randint(1, 28)
    shape = rng.randrange(3)
    if shape == 0:
        return f"{year}-{month:02d}-{day:02d}"
    if shape == 1:
        return f"{year}/{month}/{day}"
    return f"{day:02d}.{month:02d}.{year}"


def generate(path: Path, n: int, seed: int) -> dict[str, int]:
    """Write the CSV (UTF-8 with BOM); returns how many bad rows of each kind it holds."""
    rng = random.Random(seed)
    tokens = skill_tokens()
    bad_rows = set(rng.sample(range(n), n // 20))
    injected = dict.fromkeys(BAD_KINDS, 0)
    nationalities = list(PEOPLE)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(n):
            code = rng.choice(nationalities)
            spellings, own_language, names = PEOPLE[code]
            if code == "CN":
                surname, given = rng.choice(SURNAMES), rng.sample(GIVEN, rng.randint(1, 2))
                native = surname[0] + "".join(g[0] for g in given)
                latin = f"{surname[1]} {''.join(g[1] for g in given).capitalize()}"
            else:
                native, latin = rng.choice(names)
            programme, degree, field = rng.choice(STUDIES)
            languages = [f"{own_language}:native"] if own_language != "zh" else ["zh:native"]
            if own_language != "zh":
                languages.append(f"zh:HSK{rng.randint(1, 9)}")
            if rng.random() < 0.7:
                languages.append(f"en:{rng.choice(CEFR)}")
            skills = [rng.choice(names_) for names_ in rng.sample(tokens, rng.randint(3, 8))]
            year = rng.randint(2026, 2029)
            row = [
                INSTITUTIONS[i % len(INSTITUTIONS)][0],
                f"{year}{i:07d}",
                native,
                latin,
                f"{latin.lower().replace(' ', '.')}.{i}@example.edu",
                f"+{rng.choice(['92', '7', '84', '86'])} {rng.randint(300, 399)} {rng.randint(1000000, 9999999)}",
                rng.choice(spellings),
                programme,
                degree,
                field,
                _date(rng, year, rng.choice([6, 7])),
                _date(rng, year, 9) if rng.random() < 0.6 else "",
                "; ".join(languages),
                "; ".join(skills),
            ]
            if i in bad_rows:
                kind = BAD_KINDS[sum(injected.values()) % len(BAD_KINDS)]
                injected[kind] += 1
                if kind == "unknown_skill":
                    row[13] += "; underwater basket weaving"
                elif kind == "bad_level":
                    row[12] += "; en:D7"
                elif kind == "bad_date":
                    row[10] = f"{year}-13-45"
                elif kind == "missing_name":
                    row[2] = ""
                elif kind == "unknown_country":
                    row[6] = "Atlantis"
                elif kind == "bad_email":
                    row[4] = "not-an-address@"
                else:
                    row[0] = "no-such-institution"
            writer.writerow(row)
    return injected


# --- one database, in its own process ------------------------------------------------


def child(args) -> None:
    data_dir = tempfile.mkdtemp(prefix="corridor-bench-import-")
    try:
        _child(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _child(args, data_dir: str) -> None:
    os.environ["CORRIDOR_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "corridor.settings"
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command

    from corridor.directory.models import Organization
    from corridor.imports.pipeline import RejectedWriter, import_file
    from corridor.talent.models import ProfileLanguage, ProfileSkill, TalentProfile
    from corridor.taxonomy.loaders import load_curated

    call_command("migrate", verbosity=0)
    load_curated()
    for slug, kind, name in INSTITUTIONS:
        Organization.objects.create(slug=slug, kind=kind, name_en=name, country="CN")

    def once():
        with (
            open(args.csv, "rb") as handle,
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as sink,
        ):
            t0 = time.perf_counter()
            report = import_file("profiles", handle, rejected=RejectedWriter(sink))
            return report, time.perf_counter() - t0

    first, seconds = once()
    assert first.ok, first.file_error
    stored = TalentProfile.objects.count()
    skills, languages = ProfileSkill.objects.count(), ProfileLanguage.objects.count()
    second, rerun_seconds = once()
    result = {
        "rows": first.total,
        "seconds": seconds,
        "rows_per_s": first.total / seconds,
        "bad_rows_reported": first.rejected,
        "problems_reported": first.error_count,
        "good_rows_stored": stored,
        "created": first.created,
        "skill_rows": skills,
        "language_rows": languages,
        "rerun_seconds": rerun_seconds,
        "rerun_changed_rows": second.created + second.updated,
        "rerun_unchanged_rows": second.unchanged,
        "peak_rss": _common.peak_rss_mb(),
    }
    Path(args.out).write_text(json.dumps(result))


# --- PostgreSQL: a throw-away database ----------------------------------------------


def _server_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL")
    candidates = [url] if url else ["postgres://postgres@127.0.0.1:5432/postgres"]
    try:
        import psycopg
    except ImportError:
        return None
    for candidate in candidates:
        try:
            with psycopg.connect(_with_db(candidate, None), connect_timeout=3):
                return candidate
        except psycopg.Error:
            continue
    return None


def _with_db(url: str, name: str | None) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    path = f"/{name}" if name else (parts.path if parts.path not in ("", "/") else "/postgres")
    return urlunsplit(parts._replace(path=path))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_db(url, None), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def run_backend(figs, label: str, csv_path: Path, injected: int, good: int, url: str | None):
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = [sys.executable, __file__, "--child", "--csv", str(csv_path), "--out", str(out)]
    if url:
        command += ["--database-url", url]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - our own script
    result = json.loads(out.read_text())
    out.unlink()
    figs.add(f"import.{label}.rows_per_s", result["rows_per_s"], "rows/s")
    figs.add(f"import.{label}.total", result["seconds"], "s")
    figs.add(f"import.{label}.bad_rows_reported", result["bad_rows_reported"], "rows")
    figs.add(f"import.{label}.good_rows_stored", result["good_rows_stored"], "rows")
    figs.add(
        f"import.{label}.child_rows_stored", result["skill_rows"] + result["language_rows"], "rows"
    )
    figs.add(f"import.{label}.rerun_total", result["rerun_seconds"], "s")
    figs.add(f"import.{label}.rerun_changed_rows", result["rerun_changed_rows"], "rows")
    figs.add(f"import.{label}.peak_rss", result["peak_rss"], "MiB")
    problems = []
    if result["bad_rows_reported"] != injected:
        problems.append(
            f"{label}: {result['bad_rows_reported']} bad rows reported, {injected} injected"
        )
    if result["good_rows_stored"] != good:
        problems.append(f"{label}: {result['good_rows_stored']} rows stored, {good} expected")
    if result["rerun_changed_rows"] or result["rerun_unchanged_rows"] != good:
        problems.append(f"{label}: the second run changed {result['rerun_changed_rows']} rows")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="10,000 rows instead of 100,000")
    ap.add_argument("--rows", type=int, default=None)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--csv", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--database-url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return

    n = args.rows or (10_000 if args.quick else 100_000)
    figs = _common.Figures(
        "import", {"rows": n, "bad_share": 0.05, "seed": args.seed, "quick": args.quick}
    )
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="corridor-bench-import-") as tmp:
        csv_path = Path(tmp) / "profiles.csv"
        injected_by_kind, gen_s = _common.timed(generate, csv_path, n, args.seed)
        injected = sum(injected_by_kind.values())
        figs.add("import.rows", n, "rows")
        figs.add("import.bad_rows_injected", injected, "rows")
        figs.add("import.file_size", csv_path.stat().st_size / 2**20, "MiB")
        figs.add("import.generation", gen_s, "s")

        problems += run_backend(figs, "sqlite", csv_path, injected, n - injected, None)

        server = _server_url()
        if server is None:
            print("PostgreSQL: no server (set BENCH_DATABASE_URL); skipped", flush=True)
        else:
            name = f"corridor_bench_import_{os.getpid()}"
            _admin(server, f'CREATE DATABASE "{name}"')
            try:
                problems += run_backend(
                    figs, "postgresql", csv_path, injected, n - injected, _with_db(server, name)
                )
            finally:
                _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"wrote {figs.write()}")
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
