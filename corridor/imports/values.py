"""Parsers for one spreadsheet cell each: text, dates, countries, languages, skills, choices.

Every parser takes the raw cell (``str`` from a CSV file; ``str``, ``int``, ``float``,
``datetime`` or ``None`` from an XLSX sheet) and returns the value to store, or raises
:class:`CellError` with one or more messages in the active language.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.utils import translation
from django.utils.translation import gettext as _

from corridor.core.choices import LANGUAGE_CODES
from corridor.taxonomy.levels import parse_level

#: Characters a spreadsheet may treat as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Dates outside these years are typos (or a year typed into a date column).
MIN_YEAR, MAX_YEAR = 1950, 2100


class CellError(ValueError):
    """A cell that cannot be stored; ``messages`` says why (one or more reasons)."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


# --- escaping against formula injection (shared with the exporters) -------------------


def escape_formula(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`, so that exported files import unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


# --- text ----------------------------------------------------------------------------


def to_text(value) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape_formula(value.strip()).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def norm_key(text: str) -> str:
    """Folding for lookups by name: NFKC, case folding, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_parser(max_length: int):
    def parse(value) -> str:
        text = to_text(value)
        if len(text) > max_length:
            raise CellError(
                _("Too long: %(length)d characters, at most %(max)d.")
                % {"length": len(text), "max": max_length}
            )
        return text

    return parse


def parse_email(value) -> str:
    text = to_text(value)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as exc:
        raise CellError(*[str(m) for m in exc.messages]) from None
    return text


_PHONE = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x|#)\s*\d+)?$", re.IGNORECASE)


def parse_phone(value) -> str:
    text = to_text(value)
    if not text:
        return ""
    if len(text) > 40 or not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 5:
        raise CellError(
            _("Not a phone number (digits, spaces, + - ( ) only, e.g. +92 300 1234567).")
        )
    return text


def parse_slug(value, max_length: int = 80) -> str:
    text = to_text(value)
    if not text:
        return ""
    try:
        validate_slug(text)
    except ValidationError:
        raise CellError(
            _("Use only letters, digits, hyphens and underscores (no spaces), e.g. pk-welder-01.")
        ) from None
    if len(text) > max_length:
        raise CellError(
            _("Too long: %(length)d characters, at most %(max)d.")
            % {"length": len(text), "max": max_length}
        )
    return text


def parse_url(value) -> str:
    text = to_text(value)
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    try:
        URLValidator()(text)
    except ValidationError:
        raise CellError(_("Not a web address.")) from None
    return text[:200]


def parse_positive_int(value, default: int = 1) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        raise CellError(_("Must be a whole number of at least 1."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", to_text(value)).replace(",", "").replace(" ", "")
        if not re.fullmatch(r"\d+", text):
            raise CellError(_("Must be a whole number of at least 1."))
        number = int(text)
    if number < 1 or number > 1_000_000:
        raise CellError(_("Must be a whole number of at least 1."))
    return number


# --- dates ---------------------------------------------------------------------------

_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DMY_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_SERIAL = re.compile(r"^\d{4,6}(?:\.\d+)?$")
_EXCEL_1900 = dt.date(1899, 12, 30)
_EXCEL_1904 = dt.date(1904, 1, 1)


def _bad_date(text: str) -> CellError:
    return CellError(
        _("“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-07-01.") % {"value": text}
    )


def _checked(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise _bad_date(text) from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise CellError(
            _("%(date)s is outside %(min)d–%(max)d; is it a typo?")
            % {"date": date.isoformat(), "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return date


def _from_serial(number: float, text: str, epoch_1904: bool = False) -> dt.date:
    base = _EXCEL_1904 if epoch_1904 else _EXCEL_1900
    try:
        date = base + dt.timedelta(days=int(number))
    except OverflowError:
        raise _bad_date(text) from None
    return _checked(date.year, date.month, date.day, text)


@lru_cache(maxsize=4096)
def _parse_date_text(text: str, epoch_1904: bool) -> dt.date:
    text = unicodedata.normalize("NFKC", text).strip()
    if m := _ISO.match(text):
        return _checked(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY_DOTS.match(text):
        return _checked(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _CHINESE.match(text):
        return _checked(int(m[1]), int(m[2]), int(m[3]), text)
    if _SERIAL.match(text):  # an Excel serial number saved as text
        return _from_serial(float(text), text, epoch_1904)
    raise _bad_date(text)


def parse_date(value, epoch_1904: bool = False) -> dt.date | None:
    """A date cell, an Excel serial number or text (2026-07-01, 2026/7/1, 01.07.2026, 2026年7月1日)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value, to_text(value), epoch_1904)
    text = to_text(value)
    if not text:
        return None
    return _parse_date_text(text, epoch_1904)


# --- countries and languages ---------------------------------------------------------


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Every way of writing a country we accept -> ISO 3166-1 alpha-2 code."""
    from babel import Locale
    from django_countries import countries

    index: dict[str, str] = {}
    locales = [Locale.parse(tag) for tag in ("en", "zh_Hans", "zh_Hant")]
    with translation.override("en"):
        entries = [(c.code, c.name) for c in countries]
    for code, name in entries:
        names = [code, name, countries.alpha3(code) or ""]
        names += [loc.territories.get(code, "") for loc in locales]
        for text in names:
            if text:
                index.setdefault(norm_key(text), code)
    for alias, code in {
        "prc": "CN",
        "中国大陆": "CN",
        "mainland china": "CN",
        "russian federation": "RU",
        "viet nam": "VN",
        "lao pdr": "LA",
        "laos": "LA",
        "uk": "GB",
        "usa": "US",
        "us": "US",
    }.items():
        index.setdefault(norm_key(alias), code)
    return index


@lru_cache(maxsize=4096)
def _country_code(text: str) -> str | None:
    return _country_index().get(norm_key(text))


def parse_country(value) -> str:
    text = to_text(value)
    if not text:
        return ""
    code = _country_code(text)
    if code is None:
        raise CellError(
            _(
                "Unknown country “%(value)s”; use an ISO code such as PK or the name in "
                "English or Chinese."
            )
            % {"value": text}
        )
    return code


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    from babel import Locale

    index: dict[str, str] = {}
    locales = [Locale.parse(tag) for tag in ("en", "zh_Hans")]
    for code in LANGUAGE_CODES:
        index[code] = code
        for loc in locales:
            name = loc.languages.get(code)
            if name:
                index.setdefault(norm_key(name), code)
    for alias, code in {
        "mandarin": "zh",
        "chinese mandarin": "zh",
        "普通话": "zh",
        "汉语": "zh",
        "中文": "zh",
        "英文": "en",
        "俄文": "ru",
    }.items():
        index.setdefault(norm_key(alias), code)
    return index


def language_code(text: str) -> str:
    """``zh`` / ``zh-CN`` / ``Chinese`` / ``中文`` -> ``zh``; CellError when unknown."""
    key = norm_key(text)
    index = _language_index()
    code = index.get(key) or index.get(key.replace("_", "-").split("-")[0])
    if code is None:
        raise CellError(
            _("Unknown language “%(value)s”; use a code such as zh, en, ur or ru.")
            % {"value": text}
        )
    return code


_ITEMS = re.compile(r"[;,\n]")


@lru_cache(maxsize=8192)
def _parse_languages_text(text: str) -> tuple[tuple[str, str, str], ...]:
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, tuple[str, str, str]] = {}
    problems: list[str] = []
    for item in filter(None, (part.strip() for part in _ITEMS.split(text))):
        if ":" in item or "=" in item:
            lang, _sep, level = re.split(r"([:=])", item, maxsplit=1)
        else:
            lang, _sep, level = item.partition(" ")
        lang, level = lang.strip(), level.strip()
        if not lang or not level:
            problems.append(
                _("“%(value)s”: write language and level, e.g. zh:HSK4, en:B2, ur:native.")
                % {"value": item}
            )
            continue
        try:
            code = language_code(lang)
        except CellError as exc:
            problems += exc.messages
            continue
        try:
            scale, lvl = parse_level(level)
        except ValueError:
            problems.append(
                _("“%(value)s” is not a language level (use CEFR A1–C2, HSK 1–9 or native).")
                % {"value": level}
            )
            continue
        if code in found:
            problems.append(_("Language “%(value)s” is listed twice.") % {"value": lang})
            continue
        found[code] = (code, str(scale), lvl)
    if problems:
        raise CellError(*problems)
    return tuple(found.values())


def parse_languages(value) -> tuple[tuple[str, str, str], ...]:
    """``"zh:HSK4; en:B2; ur:native"`` -> ((language, scale, level), ...)."""
    text = to_text(value)
    if not text:
        return ()
    return _parse_languages_text(text)


def format_languages(rows: Iterable[tuple[str, str, str]]) -> str:
    """The inverse of :func:`parse_languages`."""
    out = []
    for language, scale, level in rows:
        if scale == "native":
            out.append(f"{language}:native")
        elif scale == "HSK":
            out.append(f"{language}:HSK{level}")
        else:
            out.append(f"{language}:{level}")
    return "; ".join(out)


# --- choices -------------------------------------------------------------------------


class ChoiceParser:
    """A choice given by its value, its English or Chinese label, or a known synonym."""

    def __init__(self, choices, aliases: dict[str, str] | None = None) -> None:
        self.choices = choices
        self.aliases = aliases or {}
        self._index: dict[str, str] | None = None

    def index(self) -> dict[str, str]:
        if self._index is None:
            index: dict[str, str] = {}
            for value, label in self.choices.choices:
                index[norm_key(value)] = value
                for language in ("en", "zh-hans"):
                    with translation.override(language):
                        index.setdefault(norm_key(str(label)), value)
            for alias, value in self.aliases.items():
                index.setdefault(norm_key(alias), value)
            self._index = index
        return self._index

    def __call__(self, value) -> str:
        text = to_text(value)
        if not text:
            return ""
        found = self.index().get(norm_key(text))
        if found is None:
            raise CellError(
                _("Unknown value “%(value)s”; use one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(self.choices.values)}
            )
        return found


# --- skills --------------------------------------------------------------------------

_SKILL_ITEMS = re.compile(r"[;\n]")


class SkillIndex:
    """Skills by concept URI or by exact label (English or Chinese, preferred or synonym).

    Matching ignores case, full-width forms and repeated spaces. A label shared by several
    skills resolves to the one whose *preferred* label it is, then to the curated one;
    otherwise the cell must use the URI.
    """

    def __init__(self) -> None:
        from corridor.taxonomy.models import Label, LabelKind, Skill

        self.by_uri: dict[str, int] = {}
        self.uri_of: dict[int, str] = {}
        self.label_of: dict[int, str] = {}
        curated: set[int] = set()
        candidates: dict[str, dict[int, int]] = {}

        def add(text: str, skill_id: int, rank: int) -> None:
            if text:
                ranks = candidates.setdefault(norm_key(text), {})
                ranks[skill_id] = min(rank, ranks.get(skill_id, rank))

        for pk, uri, label_en, label_zh, is_curated in Skill.objects.values_list(
            "pk", "uri", "label_en", "label_zh", "curated"
        ).iterator(chunk_size=5000):
            self.by_uri[uri] = pk
            self.uri_of[pk] = uri
            self.label_of[pk] = label_en
            if is_curated:
                curated.add(pk)
            add(label_en, pk, 0)
            add(label_zh, pk, 0)
        labels = Label.objects.filter(
            skill__isnull=False, kind__in=[LabelKind.PREFERRED, LabelKind.ALTERNATIVE]
        ).values_list("skill_id", "text", "kind")
        for skill_id, text, kind in labels.iterator(chunk_size=5000):
            add(text, skill_id, 0 if kind == LabelKind.PREFERRED else 1)
        self._candidates = candidates
        self._curated = curated
        self._tokens: dict[str, int] = {}  # token -> skill id

    def _resolve_label(self, key: str) -> int | list[int] | None:
        ranks = self._candidates.get(key)
        if not ranks:
            return None
        best = min(ranks.values())
        ids = [pk for pk, rank in ranks.items() if rank == best]
        if len(ids) > 1:
            ids = [pk for pk in ids if pk in self._curated] or ids
        return ids[0] if len(ids) == 1 else sorted(ids)

    def resolve(self, token: str) -> int:
        token = token.strip()
        if token in self.by_uri:
            return self.by_uri[token]
        if token.startswith(("http://", "https://", "urn:")):
            raise CellError(_("No skill has the URI “%(value)s”.") % {"value": token})
        found = self._resolve_label(norm_key(token))
        if found is None:
            raise CellError(
                _(
                    "Unknown skill “%(value)s”; use the skill's URI or its exact English or "
                    "Chinese name (see the Skills pages)."
                )
                % {"value": token}
            )
        if isinstance(found, list):
            raise CellError(
                _("“%(value)s” names several skills; use one of these URIs: %(uris)s.")
                % {"value": token, "uris": ", ".join(self.uri_of[pk] for pk in found[:3])}
            )
        return found

    def parse(self, value) -> tuple[int, ...]:
        """A cell of skills separated by ``;`` -> skill ids (duplicates dropped)."""
        text = to_text(value)
        if not text:
            return ()
        ids: dict[int, None] = {}
        problems: list[str] = []
        for token in filter(None, (t.strip() for t in _SKILL_ITEMS.split(text.replace("；", ";")))):
            found = self._tokens.get(token)
            if found is None:
                try:
                    found = self.resolve(token)
                except CellError as exc:
                    problems += exc.messages  # not cached: messages follow the language
                    continue
                self._tokens[token] = found
            ids.setdefault(found, None)
        if problems:
            raise CellError(*problems)
        return tuple(ids)

    def token_for(self, skill_id: int) -> str:
        """What an export writes for a skill: its English label when that reads back to
        the same skill, its URI otherwise."""
        label = self.label_of.get(skill_id, "")
        if label and self._resolve_label(norm_key(label)) == skill_id and ";" not in label:
            return label
        return self.uri_of[skill_id]
