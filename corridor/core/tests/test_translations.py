"""The Simplified Chinese translation is complete, compiled, current and actually served.

When a check here fails after strings were added or changed, run ``make messages``,
translate the new entries in ``corridor/locale/zh_Hans/LC_MESSAGES/*.po`` (no empty
``msgstr``, no ``#, fuzzy``), then ``make messages`` again to compile the ``.mo`` files.
"""

import gettext
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

import corridor

PACKAGE_DIR = Path(corridor.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
DJANGO_PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|\{[A-Za-z_][A-Za-z0-9_]*\}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE_DIR.parent))


def _read(po_path: Path):
    with po_path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


def _messages(po_path: Path):
    """The real (non-header) entries of a catalog."""
    return [m for m in _read(po_path) if m.id]


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _label(message) -> str:
    ctx = f" [context {message.context!r}]" if message.context else ""
    where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
    return f"{_ids(message)[0]!r}{ctx} ({where})"


def test_the_chinese_catalog_exists():
    assert DJANGO_PO.is_file(), f"{_rel(DJANGO_PO)} is missing; run `make messages`"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_rel)
def test_every_message_is_translated_and_not_fuzzy(po_path):
    catalog = _read(po_path)
    assert not catalog.fuzzy, f"{_rel(po_path)}: the header is still marked fuzzy"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy:     {_label(message)}")
        if not all(form.strip() for form in _forms(message)):
            problems.append(f"untranslated: {_label(message)}")
    assert not problems, f"{_rel(po_path)} is incomplete:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", PO_FILES, ids=_rel)
def test_header_declares_chinese_plural_rule_and_utf8(po_path):
    catalog = _read(po_path)
    header = dict(catalog.mime_headers)
    assert header.get("Language") == po_path.parts[-3]
    assert "charset=UTF-8" in header.get("Content-Type", "").replace("utf-8", "UTF-8")
    assert header.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    too_many = [_label(m) for m in catalog if m.id and len(_forms(m)) > 1]
    assert not too_many, "Chinese has one plural form; drop msgstr[1]:\n" + "\n".join(too_many)


@pytest.mark.parametrize("po_path", PO_FILES, ids=_rel)
def test_placeholders_are_kept(po_path):
    problems = []
    for message in _messages(po_path):
        expected = set(PLACEHOLDER.findall(_ids(message)[-1]))
        for form in _forms(message):
            if form and set(PLACEHOLDER.findall(form)) != expected:
                problems.append(f"{_label(message)} -> {form!r}")
    assert not problems, "placeholders differ from the English:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", PO_FILES, ids=_rel)
def test_mo_file_is_compiled_from_the_current_po(po_path):
    """Every entry of the .po reads back identically from the .mo next to it."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{_rel(mo_path)} is missing; run `make messages`"
    with mo_path.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for message in _messages(po_path):
        forms = _forms(message)
        if isinstance(message.id, tuple):
            singular, plural = message.id
            if message.context:
                got = mo.npgettext(message.context, singular, plural, 1)
            else:
                got = mo.ngettext(singular, plural, 1)
        elif message.context:
            got = mo.pgettext(message.context, message.id)
        else:
            got = mo.gettext(message.id)
        if got != forms[0]:
            stale.append(f"{_label(message)}: .po {forms[0]!r}, .mo {got!r}")
    assert not stale, f"{_rel(mo_path)} is out of date; run `make messages`:\n" + "\n".join(stale)


def test_django_serves_the_catalog_in_chinese():
    """Through Django's own machinery (locale name, LOCALE_PATHS, precedence)."""
    wrong = []
    with translation.override("zh-hans"):
        for message in _messages(DJANGO_PO):
            if message.context:
                got = translation.pgettext(message.context, _ids(message)[0])
            elif isinstance(message.id, tuple):
                got = translation.ngettext(*message.id, 1)
            else:
                got = translation.gettext(message.id)
            if got != _forms(message)[0]:
                wrong.append(f"{_label(message)}: got {got!r}")
    assert not wrong, "Django does not return the catalog's translation:\n" + "\n".join(wrong)


def _extract_fresh(tmp_path: Path, monkeypatch, domain: str) -> Path:
    """Run makemessages (as ``make messages`` does) over a copy of the sources."""
    copy = tmp_path / "corridor"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "tests"),
    )
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["zh_Hans"],
        domain=domain,
        no_obsolete=True,
        # As `make messages`: third-party scripts carry their own strings, not ours.
        ignore_patterns=["*/tests/*", "vendor", "*.min.js", "jsQR.js"],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return copy / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalog_matches_the_marked_strings_in_the_sources(tmp_path, monkeypatch, domain):
    """A string marked for translation but missing from the .po (or left there after its
    removal from the code) means `make messages` was not run after the change."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext tools (xgettext, msgmerge) are not installed")
    fresh = _extract_fresh(tmp_path, monkeypatch, domain)
    current = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"

    def keys(path):
        return {(m.context, _ids(m)) for m in _messages(path)} if path.is_file() else set()

    wanted, have = keys(fresh), keys(current)
    missing = sorted(str(k) for k in wanted - have)
    obsolete = sorted(str(k) for k in have - wanted)
    assert not missing and not obsolete, (
        f"{_rel(current)} is out of step with the sources; run `make messages` and translate.\n"
        f"missing: {missing}\nobsolete: {obsolete}"
    )


@pytest.mark.parametrize(
    "accept_language", ["zh-hans", "zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans-CN", "zh"]
)
def test_home_page_in_chinese_from_the_browser_language(client, db, accept_language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跨境人才合作" in html  # the page title
    assert "登录" in html  # "Sign in"
    assert "Cross-border talent cooperation" not in html
    assert "Browse organisations" not in html


def test_home_page_in_chinese_after_switching_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "Talent that crosses borders, matched with the work that needs it."
        )
    assert HAN.search(expected)
    assert expected in html


def test_english_stays_the_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Cross-border talent cooperation" in html
    assert "跨境人才合作" not in html


def test_directory_list_in_chinese(client, db):
    html = client.get("/directory/organisations/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "共 0 个机构" in html  # the plural form, with an empty directory
