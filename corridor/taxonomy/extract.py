"""Skills (and an occupation) from free text: CVs and job descriptions, English or Chinese.

The core, :class:`Extractor`, needs no database: it is built from label rows
``(concept_kind, concept_id, language, text, label_kind[, source])`` and, optionally,
per-concept weights and occupation → skill relations, so the benchmark builds it
straight from the ESCO release and the curated CSVs.

How a text becomes suggestions (:meth:`Extractor.extract`):

* The text is cut into tokens that keep their character span: a word of letters/digits
  (``C++`` and ``C#`` included) or a single Chinese character. Punctuation that ends a
  phrase (``; : ( ) 。；：（）`` …, a full stop followed by a space, a line break, a tab)
  starts a new segment, and no match crosses a segment boundary. Stop words ("of",
  "the", "in") are dropped on both sides. Joiners stay as tokens: "and"/"or"/"&" as
  ``&``, a comma, "、" or a slash as ``,``; a label matches across one only where it has
  one itself, so "health & safety" finds "health and safety" while "brake repair and
  engine repair" does not yield "repair engines".
* Every word is folded (:func:`corridor.core.text.fold`: NFKC, case, diacritics), put in
  American spelling ("modelling", "organisation"), and reduced to a light stem
  ("welding", "welded", "welds" → ``weld``; "designs" → ``design``). Labels are indexed
  the same way in a token trie; Chinese labels are sequences of characters, so matching
  them over a run of Chinese text needs no word segmentation, and mixed labels such as
  ``BIM建模`` or ``CO2气体保护焊`` match as written, with or without spaces. A
  parenthesised part of a label is optional ("建筑信息模型（BIM）").
* Every label occurrence is a candidate; the longest candidates (in letters, a Chinese
  character counting two) win and the shorter ones inside them are dropped ("gas metal
  arc welding" beats "arc welding" and "welding"). Short labels (two or three words)
  also match in any word order ("building design" finds "design buildings"), at a small
  discount. Short acronyms ("IT", "QS") match only in capitals.
* A match scores by how specific its label is: the summed inverse document frequency of
  its words over the whole label space, so "AutoCAD" or "tungsten inert gas welding" is
  trusted and "manage staff" less so. One-word labels whose word is common among labels
  (ESCO has "guide", "interview", "banking" as synonyms) are not matched on their own,
  unless they are curated or a name ("AutoCAD", "SQL"). A synonym scores a little under
  a preferred label, a stem-only match ("designing buildings" for "design buildings")
  under an exact one; a one-word label needs its word or an -ing/-ed form of it
  ("welded" finds "weld", but "logs" does not find "logging").
  When one label belongs to several concepts, the concept whose occupations share most
  other found skills is chosen; the others are listed as alternatives.
* Occupations come from their own labels (exact word forms: "welder", "土木工程师") and
  from the skills found: the cosine between the found skills and each occupation's
  skills, weighted by how few occupations need each skill.

:meth:`Extractor.rank` is a separate ranked lookup for short queries ("did you mean",
evaluation): TF-IDF cosine over word stems (Chinese: character bigrams) plus character
trigrams of words (Chinese: single characters), per label and per concept. Its index is
built on first use (about a second for the whole of ESCO).

The Django glue at the end (:func:`get_extractor`, :func:`read_document`) builds the
extractor from the database, caches it in-process until the labels or relations change,
and turns uploaded PDF / DOCX / plain-text files into text.

Quality and speed are measured by ``bench/bench_skills_from_text.py``.
"""

from __future__ import annotations

import io
import math
import re
import threading
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from corridor.core.text import _CJK, fold

SKILL = "skill"
OCCUPATION = "occupation"
KINDS = (SKILL, OCCUPATION)
PREFERRED, ALTERNATIVE, HIDDEN = "preferred", "alternative", "hidden"

#: ``(concept_kind, concept_id, language, text, label_kind[, source])``; a ``source`` of
#: ``"curated"`` marks a label of Corridor's curated taxonomy (its one-word synonyms are
#: trusted, see :attr:`Extractor.generic_df`).
LabelRow = tuple[str, int, str, str, str] | tuple[str, int, str, str, str, str]

# --- tokens ---------------------------------------------------------------------------

_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Punctuation that ends a phrase: no label matches across it. A dot counts only when a
# space or the end follows ("Node.js", "3.5" stay whole).
_BREAK = re.compile(r"[;:!?()\[\]{}<>|\\\n\r\t•·●▪■◆►✓。；：！？（）【】《》〈〉「」『』…]|\.\s")
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*")

_STOP_TEXT = """a an the of in on at to for with by from as into onto about per via
    its it itself their his her our your my this that these those be is are was were
    been being am has have had having do does did doing not no but if then than so such
    etc eg ie i s t d ll m re ve me we you he she they them all any some which who whom
    whose what when where why how can could will would shall should may might must also
    both each every either neither within without over under between among upon too very
    just only same"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
#: Upper-case acronyms that fold to a stop word and still mean something.
_ACRONYMS = frozenset({"IT"})

_SPELLING = {
    "colour": "color",
    "centre": "center",
    "metre": "meter",
    "litre": "liter",
    "fibre": "fiber",
    "labour": "labor",
    "behaviour": "behavior",
    "programme": "program",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "analogue": "analog",
    "aluminium": "aluminum",
    "tyre": "tire",
    "theatre": "theater",
    "licence": "license",
    "defence": "defense",
    "practise": "practice",
    "grey": "gray",
    "mould": "mold",
    "moulding": "molding",
    "sulphur": "sulfur",
    "plough": "plow",
    "jewellery": "jewelry",
    "enquiry": "inquiry",
    "cheque": "check",
    "storey": "story",
    "kerb": "curb",
    "modelling": "modeling",
    "travelling": "traveling",
    "labelling": "labeling",
    "signalling": "signaling",
    "levelling": "leveling",
    "fuelling": "fueling",
    "e-commerce": "ecommerce",
}
_VOWELS = frozenset("aeiouy")


def _has_vowel(s: str) -> bool:
    return any(c in _VOWELS for c in s)


@lru_cache(maxsize=262_144)
def normalize_word(word: str) -> tuple[str, str]:
    """``(form, stem)`` of a folded word: the form is spelling- and plural-normalised
    ("organisations" → ``organization``), the stem also drops -ing/-ed/-e and a doubled
    final consonant ("welding" → ``weld``, "planned" → ``plan``, "manage" → ``manag``).
    Words with digits or non-ASCII letters are left as they are."""
    w = _SPELLING.get(word, word)
    if not (w.isascii() and w.isalpha()) or len(w) <= 3:
        return w, w
    if "isation" in w:
        w = w.replace("isation", "ization")
    # plural
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    form = _SPELLING.get(w, w)
    s = form
    stripped = False
    if s.endswith("ied") and len(s) > 4:
        s, stripped = s[:-3] + "y", True
    elif s.endswith("ing") and len(s) > 4 and _has_vowel(s[:-3]):
        s, stripped = s[:-3], True
    elif s.endswith("ed") and not s.endswith("eed") and len(s) > 3 and _has_vowel(s[:-2]):
        s, stripped = s[:-2], True
    elif s.endswith("e") and len(s) > 3 and _has_vowel(s[:-1]):
        s = s[:-1]
    if stripped and s.endswith("e") and len(s) > 3:
        s = s[:-1]
    if len(s) > 2 and s[-1] == s[-2] and s[-1] not in _VOWELS:
        s = s[:-1]
    if s.endswith(("is", "ys")) and len(s) > 4:
        s = s[:-1] + "z"
    return form, s


@dataclass(slots=True)
class Token:
    """One word or Chinese character of the input, with its span in the original text."""

    form: str
    stem: str
    start: int
    end: int
    segment: int
    cjk: bool
    upper: bool


#: Joiners are tokens too: "and"/"or"/"&" become ``&``, a comma or slash ``,``. A label
#: matches across a joiner only where it has one itself ("health and safety" matches
#: "health & safety"), so "brake repair and engine repair" does not yield "repair
#: engines". No match starts or ends on a joiner.
AND, COMMA = "&", ","
JOINERS = frozenset({AND, COMMA})
_COORDINATORS = frozenset({"and", "or", "nor", "&"})
_TOKEN_KIND = re.compile(rf"(?P<c>[{_CJK}])|(?P<w>[^\W_{_CJK}]+(?:\+\+|#)?|[&,，、/])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:\+\+|#)?|[&,/]")


@lru_cache(maxsize=262_144)
def _word(raw: str) -> tuple[str, str] | None:
    """``(form, stem)`` of a raw word or joiner, or None for a stop word."""
    folded = raw.lower() if raw.isascii() else fold(raw)
    if folded in _COORDINATORS:
        return AND, AND
    if folded in ",，、/":
        return COMMA, COMMA
    if folded in STOP_WORDS and raw not in _ACRONYMS:
        return None
    return normalize_word(folded)


def tokenize(text: str) -> list[Token]:
    """Content tokens of ``text`` (stop words dropped) with spans and segment numbers."""
    out: list[Token] = []
    append = out.append
    segment = 0
    last_end = 0
    brk = _BREAK.search
    for m in _TOKEN_KIND.finditer(text):
        start, end = m.span()
        if start > last_end and brk(text, last_end, start):
            segment += 1
        last_end = end
        if m.lastgroup == "c":
            raw = m.group()
            append(Token(raw, raw, start, end, segment, True, False))
            continue
        raw = m.group()
        word = _word(raw)
        if word is not None:
            if word[0] in JOINERS and out and out[-1].form == word[0]:
                continue
            append(Token(word[0], word[1], start, end, segment, False, raw.isupper()))
    return out


def _is_name(raw: str) -> bool:
    """A product name or an acronym: "AutoCAD", "SolidWorks", "SQL", "S7", "C++"."""
    return (
        any(c.isupper() for c in raw[1:])
        or any(c.isdigit() or c in "+#" for c in raw)
        or (raw.isupper() and len(raw) >= 2)
    )


def _label_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], bool, bool]:
    """``(forms, stems, upper, cjk, name)`` of a label, tokenised like :func:`tokenize`:
    ``upper`` are the positions of short acronyms that match only in capitals ("IT",
    "QS", "AI"), ``cjk`` whether it has Chinese characters, ``name`` whether a word is a
    product name or acronym ("AutoCAD", "SQL")."""
    forms: list[str] = []
    stems: list[str] = []
    upper: list[int] = []
    cjk = name = False
    if text.isascii():
        matches = ((raw, "w") for raw in _ASCII_WORD.findall(text))
    else:
        matches = ((m.group(), m.lastgroup) for m in _TOKEN_KIND.finditer(text))
    for raw, group in matches:
        if group == "c":
            forms.append(raw)
            stems.append(raw)
            cjk = True
            continue
        word = _word(raw)
        if word is None:
            continue
        if word[0] in JOINERS:
            if forms and forms[-1] not in JOINERS:
                forms.append(word[0])
                stems.append(word[0])
            continue
        if len(word[0]) <= 2 and raw.isupper():
            upper.append(len(forms))
        name = name or _is_name(raw)
        forms.append(word[0])
        stems.append(word[1])
    while forms and forms[-1] in JOINERS:
        forms.pop()
        stems.pop()
    if len(forms) > 1:
        upper = [p for p in upper if forms[p] == "it"]
    return tuple(forms), tuple(stems), tuple(upper), cjk, name


def _inflects(word: str, label_word: str) -> bool:
    """Whether ``word`` is an -ing/-ed form of ``label_word`` ("welding" of "weld",
    "managed" of "manage"); a one-word label matches no other stem-mate ("engineer"
    is not "engineering")."""
    return word.endswith(("ing", "ed")) and len(word) > len(label_word)


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a concept was found: the input text of the match and the label it matched."""

    phrase: str  # exactly as in the input: text[start:end]
    start: int
    end: int
    label: str  # the taxonomy label it matched
    label_kind: str  # preferred / alternative / hidden
    language: str
    score: float

    @property
    def synonym(self) -> bool:
        return self.label_kind != PREFERRED


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested skill or occupation, to accept or reject.

    ``phrase``/``start``/``end``/``label``/``label_kind`` describe the best mention. An
    occupation found only through its skills has ``source == "skills"``; its phrase is
    then that of its strongest supporting skill and ``label`` is empty.
    """

    kind: str
    concept_id: int
    score: float  # 0..1
    phrase: str
    start: int
    end: int
    label: str
    label_kind: str
    mentions: tuple[Mention, ...] = ()
    alternatives: tuple[int, ...] = ()  # other concepts with the same matched label
    source: str = "label"  # "label", "skills" or "label+skills" (occupations)
    via_skills: tuple[int, ...] = ()  # occupations: supporting skill ids, best first

    @property
    def synonym(self) -> bool:
        """Matched through an alternative/hidden label rather than the preferred one."""
        return bool(self.label_kind) and self.label_kind != PREFERRED


@dataclass(frozen=True, slots=True)
class Extraction:
    skills: list[Suggestion]
    occupations: list[Suggestion]

    @property
    def occupation(self) -> Suggestion | None:
        """The single best occupation suggestion, if any."""
        return self.occupations[0] if self.occupations else None


@dataclass(frozen=True, slots=True)
class Ranked:
    concept_id: int
    score: float
    label: str  # the best-matching label of the concept
    label_kind: str


# --- the extractor --------------------------------------------------------------------

_KIND_FACTOR = {PREFERRED: 1.0, ALTERNATIVE: 0.95, HIDDEN: 0.8}
_LEAF = ""  # trie key holding the entries that end at a node (no token is empty)


@dataclass(slots=True)
class _Entry:
    concept: int  # internal concept index
    label: str
    language: str
    label_kind: str
    forms: tuple[str, ...]
    stems: tuple[str, ...]
    upper: tuple[int, ...]  # token positions that must be upper case in the input
    cjk: bool  # has Chinese characters
    name: bool  # has a product name or acronym
    curated: bool  # a curated label: one-word curated synonyms are trusted
    spec: float = 0.0  # specificity 0..1 (idf of its words)


@dataclass(slots=True)
class _Candidate:
    i: int
    j: int
    entries: list[int]
    unordered: bool


class Extractor:
    """Label matcher and ranker over a taxonomy; see the module docstring.

    ``rows``: label rows ``(concept_kind, concept_id, language, text, label_kind)``.
    ``weights``: optional ``{(concept_kind, concept_id): weight}`` multiplying scores
    (e.g. 1.0 for curated concepts, 0.9 for the rest). ``occupation_skills``: optional
    ``{occupation_id: {skill_id, ...}}`` for occupations inferred from skills.
    """

    #: One-word labels whose word appears in more concepts' labels than this are too
    #: generic to be matched on their own ("plan", "communication"; as synonyms
    #: "guide", "interview", "banking"). Curated labels and names ("AutoCAD", "SQL")
    #: are always matched.
    generic_df = 100
    generic_df_synonym = 12
    #: Scale of the specificity curve: spec = 1 - exp(-sum(relative idf) / scale); a
    #: word found in one concept only has a relative idf of 1.
    spec_scale = 0.7
    min_score = 0.3

    def __init__(
        self,
        rows: Iterable[LabelRow],
        *,
        weights: Mapping[tuple[str, int], float] | None = None,
        occupation_skills: Mapping[int, Iterable[int]] | None = None,
    ) -> None:
        self._kind: list[str] = []
        self._id: list[int] = []
        self._index: dict[tuple[str, int], int] = {}
        self._preferred: dict[int, str] = {}
        self.entries: list[_Entry] = []
        seen: dict[tuple[int, tuple[str, ...]], int] = {}
        rank = {PREFERRED: 0, ALTERNATIVE: 1, HIDDEN: 2}
        for row in rows:
            concept_kind, concept_id, language, text, label_kind = row[:5]
            curated = len(row) > 5 and row[5] == "curated"
            if concept_kind not in KINDS or not text or not text.strip():
                continue
            key = (concept_kind, int(concept_id))
            ci = self._index.get(key)
            if ci is None:
                ci = self._index[key] = len(self._id)
                self._kind.append(concept_kind)
                self._id.append(int(concept_id))
            label_kind = label_kind if label_kind in rank else ALTERNATIVE
            if label_kind == PREFERRED and (language == "en" or ci not in self._preferred):
                self._preferred[ci] = text
            variants = [text]
            stripped = _PAREN.sub(" ", text).strip()
            if stripped != text.strip() and stripped:
                variants = [stripped, text]
            for variant in variants:
                forms, stems, upper, cjk, name = _label_words(variant)
                if not forms:
                    continue
                dedupe = (ci, forms)
                old = seen.get(dedupe)
                if old is not None:
                    entry = self.entries[old]
                    entry.curated = entry.curated or curated
                    if rank[label_kind] < rank[entry.label_kind]:
                        entry.label_kind = label_kind
                        entry.label = text
                    continue
                seen[dedupe] = len(self.entries)
                self.entries.append(
                    _Entry(ci, text, language, label_kind, forms, stems, upper, cjk, name, curated)
                )
        n = len(self._id)
        self._weight = np.ones(n)
        for (kind, cid), w in (weights or {}).items():
            ci = self._index.get((kind, int(cid)))
            if ci is not None:
                self._weight[ci] = float(w)
        self._compute_specificity()
        self._build_trie()
        self._build_relations(occupation_skills or {})
        self._rank_lock = threading.Lock()
        self._rank_index: dict[str, _RankIndex] = {}

    # -- construction ------------------------------------------------------------------

    def _compute_specificity(self) -> None:
        df: dict[str, set[int]] = defaultdict(set)
        for e in self.entries:
            for s in e.stems:
                if s not in JOINERS:
                    df[s].add(e.concept)
        n_latin = len(self._id) or 1
        n_cjk = len({e.concept for e in self.entries if e.language.startswith("zh")}) or 1
        self._df = {s: len(c) for s, c in df.items()}
        self._idf = {}
        # idf relative to that of a word found in one concept only, so that scores mean
        # the same on a small taxonomy as on the whole of ESCO
        for s, d in self._df.items():
            total = n_cjk if _CJK_CHAR.fullmatch(s) else n_latin
            self._idf[s] = math.log(1 + total / d) / math.log(1 + total)
        for e in self.entries:
            total = sum(self._idf[s] for s in e.stems if s not in JOINERS)
            if e.cjk and all(len(s) == 1 for s in e.stems):
                # Chinese labels: characters are not words; a longer label is specific.
                total = max(total, 0.3 * len(e.stems))
            e.spec = 1 - math.exp(-total / self.spec_scale)

    def _generic(self, e: _Entry) -> bool:
        """A one-word label too common among labels to be matched on its own."""
        if len(e.stems) != 1:
            return False
        s = e.stems[0]
        if e.cjk or len(s) <= 1:
            return True  # a single Chinese character or letter is never a skill
        if e.upper or e.name or e.curated:
            return False
        limit = self.generic_df if e.label_kind == PREFERRED else self.generic_df_synonym
        return self._df.get(s, 0) > limit

    def _build_trie(self) -> None:
        self._trie: dict = {}
        self._unordered: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.generic_labels = 0
        for n, e in enumerate(self.entries):
            if self._generic(e):
                self.generic_labels += 1
                continue
            node = self._trie
            for s in e.stems:
                node = node.setdefault(s, {})
            node.setdefault(_LEAF, []).append(n)
            if 2 <= len(e.stems) <= 3 and not e.cjk and not JOINERS.intersection(e.stems):
                key = tuple(sorted(e.stems))
                if key != e.stems:
                    self._unordered[key].append(n)
        self._unordered = dict(self._unordered)

    def _build_relations(self, occupation_skills: Mapping[int, Iterable[int]]) -> None:
        self._skill_occs: dict[int, list[int]] = defaultdict(list)
        self._occ_skills: dict[int, list[int]] = {}
        for occ_id, skill_ids in occupation_skills.items():
            oc = self._index.get((OCCUPATION, int(occ_id)))
            if oc is None:
                continue
            skills = [
                sc for sid in skill_ids if (sc := self._index.get((SKILL, int(sid)))) is not None
            ]
            self._occ_skills[oc] = skills
            for sc in skills:
                self._skill_occs[sc].append(oc)
        n_occ = max(len(self._occ_skills), 1)
        self._skill_occ_idf = {
            sc: math.log(1 + n_occ / len(occs)) for sc, occs in self._skill_occs.items()
        }
        self._occ_norm = {
            oc: math.sqrt(sum(self._skill_occ_idf[s] ** 2 for s in skills)) or 1.0
            for oc, skills in self._occ_skills.items()
        }

    # -- extraction --------------------------------------------------------------------

    def _candidates(self, toks: list[Token]) -> list[_Candidate]:
        out: list[_Candidate] = []
        n = len(toks)
        trie = self._trie
        for i in range(n):
            if toks[i].form in JOINERS:
                continue
            node = trie
            seg = toks[i].segment
            j = i
            while j < n and toks[j].segment == seg:
                node = node.get(toks[j].stem)
                if node is None:
                    break
                j += 1
                leaf = node.get(_LEAF)
                if leaf:
                    out.append(_Candidate(i, j, leaf, False))
        if self._unordered:
            for width in (2, 3):
                for i in range(n - width + 1):
                    window = toks[i : i + width]
                    if window[-1].segment != window[0].segment or any(
                        t.cjk or t.form in JOINERS for t in window
                    ):
                        continue
                    hit = self._unordered.get(tuple(sorted(t.stem for t in window)))
                    if hit:
                        out.append(_Candidate(i, i + width, hit, True))
        return out

    def _accept(self, cand: _Candidate, toks: list[Token]) -> list[tuple[int, float, bool]]:
        """``[(entry, score, exact)]`` of a candidate's entries that really match."""
        window = toks[cand.i : cand.j]
        forms = tuple(t.form for t in window)
        out = []
        for n in cand.entries:
            e = self.entries[n]
            if cand.unordered:
                exact = sorted(e.forms) == sorted(forms)
            else:
                exact = e.forms == forms
                if any(not window[p].upper for p in e.upper):
                    continue
            if not exact and self._kind[e.concept] == OCCUPATION:
                continue
            if not exact and len(e.forms) == 1 and not _inflects(forms[0], e.forms[0]):
                continue  # "welded" is "weld", but "logs" is not "logging"
            score = e.spec * _KIND_FACTOR[e.label_kind]
            if not exact:
                score *= 0.9
            if cand.unordered:
                score *= 0.85
            out.append((n, float(score * self._weight[e.concept]), exact))
        return out

    @staticmethod
    def _select(
        cands: list[tuple[_Candidate, list[tuple[int, float, bool]]]], toks: list[Token]
    ) -> list[tuple[_Candidate, list[tuple[int, float, bool]]]]:
        """Longest non-overlapping candidates first (ties: better score, earlier). Length
        is counted in letters, a Chinese character as two: "Facebook广告" is longer
        than "广告投放"."""

        def length(c: _Candidate) -> int:
            return sum(
                2 if t.cjk else 0 if t.form in JOINERS else len(t.form) for t in toks[c.i : c.j]
            )

        cands.sort(key=lambda c: (-length(c[0]), -max(s for _n, s, _x in c[1]), c[0].i))
        used: set[int] = set()
        chosen = []
        for cand, accepted in cands:
            span = range(cand.i, cand.j)
            if any(p in used for p in span):
                continue
            used.update(span)
            chosen.append((cand, accepted))
        return chosen

    def extract(self, text: str, *, max_skills: int = 30, max_occupations: int = 5) -> Extraction:
        """Suggested skills and occupations found in ``text``, best first."""
        text = text or ""
        toks = tokenize(text)
        by_kind: dict[str, list] = {SKILL: [], OCCUPATION: []}
        for cand in self._candidates(toks):
            accepted = self._accept(cand, toks)
            if not accepted:
                continue
            for kind in KINDS:
                part = [a for a in accepted if self._kind[self.entries[a[0]].concept] == kind]
                if part:
                    by_kind[kind].append((_Candidate(cand.i, cand.j, [], cand.unordered), part))
        chosen = {kind: self._select(by_kind[kind], toks) for kind in KINDS}
        skill_mentions = self._resolve(chosen[SKILL], toks, text)
        skills = self._suggestions(SKILL, skill_mentions)
        skills = [s for s in skills if s.score >= self.min_score][:max_skills]
        occ_mentions = self._resolve(chosen[OCCUPATION], toks, text)
        occupations = self._occupations(occ_mentions, skills)[:max_occupations]
        return Extraction(skills=skills, occupations=occupations)

    def _resolve(self, chosen, toks: list[Token], text: str):
        """Pick one concept per chosen span: best score, then occupational context."""
        mentions: dict[int, list[tuple[Mention, tuple[int, ...]]]] = defaultdict(list)
        ambiguous = []
        for cand, accepted in chosen:
            best: dict[int, tuple[float, int]] = {}
            for n, score, _exact in accepted:
                ci = self.entries[n].concept
                if ci not in best or score > best[ci][0]:
                    best[ci] = (score, n)
            ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
            top = ranked[0][1][0]
            tied = [ci for ci, (s, _n) in ranked if s >= top - 1e-9]
            if len(tied) == 1:
                self._add_mention(mentions, cand, ranked, ranked[0][0], toks, text)
            else:
                ambiguous.append((cand, ranked, tied))
        if ambiguous:
            support: dict[int, int] = defaultdict(int)
            for ci in mentions:
                for oc in self._skill_occs.get(ci, ()):
                    support[oc] += 1
            for cand, ranked, tied in ambiguous:
                pick = max(
                    tied,
                    key=lambda ci: (
                        max((support[oc] for oc in self._skill_occs.get(ci, ())), default=0),
                        len(self._skill_occs.get(ci, ())),
                        -self._id[ci],
                    ),
                )
                self._add_mention(mentions, cand, ranked, pick, toks, text)
        return mentions

    def _add_mention(self, mentions, cand, ranked, ci, toks, text) -> None:
        score, n = dict(ranked)[ci]
        e = self.entries[n]
        start, end = toks[cand.i].start, toks[cand.j - 1].end
        mention = Mention(
            phrase=text[start:end],
            start=start,
            end=end,
            label=e.label,
            label_kind=e.label_kind,
            language=e.language,
            score=round(min(score, 1.0), 4),
        )
        others = tuple(self._id[o] for o, _ in ranked if o != ci)
        mentions[ci].append((mention, others))

    def _suggestions(self, kind: str, mentions) -> list[Suggestion]:
        out = []
        for ci, found in mentions.items():
            found.sort(key=lambda m: (-m[0].score, m[0].start))
            best, others = found[0]
            repeat = min(0.05 * (len({m.phrase.casefold() for m, _ in found}) - 1), 0.1)
            repeat += min(0.02 * (len(found) - 1), 0.06)
            score = min(1.0, best.score + repeat * (1 - best.score))
            out.append(
                Suggestion(
                    kind=kind,
                    concept_id=self._id[ci],
                    score=round(score, 4),
                    phrase=best.phrase,
                    start=best.start,
                    end=best.end,
                    label=best.label,
                    label_kind=best.label_kind,
                    mentions=tuple(sorted((m for m, _ in found), key=lambda m: m.start)),
                    alternatives=others,
                )
            )
        out.sort(key=lambda s: (-s.score, s.start))
        return out

    def _occupations(self, mentions, skills: list[Suggestion]) -> list[Suggestion]:
        explicit = {s.concept_id: s for s in self._suggestions(OCCUPATION, mentions)}
        inferred: dict[int, float] = defaultdict(float)
        support: dict[int, list[tuple[float, Suggestion]]] = defaultdict(list)
        norm = 0.0
        for s in skills:
            sc = self._index[(SKILL, s.concept_id)]
            idf = self._skill_occ_idf.get(sc)
            if idf is None:
                continue
            norm += (s.score * idf) ** 2
            for oc in self._skill_occs[sc]:
                inferred[oc] += s.score * idf * idf
                support[oc].append((s.score * idf, s))
        norm = math.sqrt(norm) or 1.0
        out = []
        for oc in set(inferred) | {self._index[(OCCUPATION, cid)] for cid in explicit}:
            cid = self._id[oc]
            via = [s for _w, s in sorted(support.get(oc, []), key=lambda x: -x[0])]
            cos = inferred.get(oc, 0.0) / (norm * self._occ_norm.get(oc, 1.0))
            # One supporting skill is not an occupation; two or more start to be.
            from_skills = min(1.0, 1.6 * cos) if len(via) >= 2 else 0.0
            label = explicit.get(cid)
            if label is None and from_skills < 0.2:
                continue
            label_score = label.score if label else 0.0
            score = (1 - (1 - label_score) * (1 - from_skills)) * float(self._weight[oc])
            source = "label+skills" if label and from_skills > 0 else "label" if label else "skills"
            if label:
                base = label
            else:
                top = via[0]
                base = Suggestion(OCCUPATION, cid, 0.0, top.phrase, top.start, top.end, "", "", ())
            out.append(
                Suggestion(
                    kind=OCCUPATION,
                    concept_id=cid,
                    score=round(min(score, 1.0), 4),
                    phrase=base.phrase,
                    start=base.start,
                    end=base.end,
                    label=base.label,
                    label_kind=base.label_kind,
                    mentions=base.mentions,
                    alternatives=base.alternatives,
                    source=source,
                    via_skills=tuple(s.concept_id for s in via),
                )
            )
        out.sort(key=lambda s: (-s.score, s.concept_id))
        return out

    # -- ranked lookup -----------------------------------------------------------------

    def rank(self, query: str, kind: str = SKILL, k: int = 20) -> list[Ranked]:
        """Concepts of ``kind`` best matching a short query, best first (TF-IDF cosine
        over word stems and character n-grams; tolerant of partial overlap and typos)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        index = self._rank_index.get(kind)
        if index is None:
            with self._rank_lock:
                index = self._rank_index.get(kind)
                if index is None:
                    index = self._rank_index[kind] = _RankIndex(self, kind)
        return index.rank(query, k)

    def warm(self) -> None:
        """Build the ranked-lookup indexes now rather than on the first :meth:`rank`."""
        for kind in KINDS:
            self.rank("", kind, 1)

    def preferred_label(self, kind: str, concept_id: int) -> str:
        ci = self._index.get((kind, concept_id))
        return self._preferred.get(ci, "") if ci is not None else ""


# --- ranked lookup --------------------------------------------------------------------


def _features(forms: Iterable[str], stems: Iterable[str]) -> tuple[list[str], list[str]]:
    """Word features (stems; Chinese character bigrams, or the character alone) and
    character features (trigrams of ``#form#``; Chinese characters) of a token list."""
    words: list[str] = []
    chars: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            chars.extend(run)
            if len(run) == 1:
                words.append(run[0])
            words.extend(run[i] + run[i + 1] for i in range(len(run) - 1))
            run.clear()

    for form, stem in zip(forms, stems, strict=True):
        if form in JOINERS:
            continue
        if len(form) == 1 and _CJK_CHAR.match(form):
            run.append(form)
            continue
        flush()
        words.append(stem)
        chars.extend(_trigrams(form))
    flush()
    return words, chars


def _text_features(text: str) -> tuple[list[str], list[str]]:
    toks = tokenize(text)
    return _features([t.form for t in toks], [t.stem for t in toks])


@lru_cache(maxsize=262_144)
def _trigrams(form: str) -> tuple[str, ...]:
    w = f"#{form}#"
    return tuple(w[i : i + 3] for i in range(len(w) - 2))


class _RankIndex:
    """TF-IDF matrices of one concept kind: one row per label and one per concept."""

    #: weight of the word block against the character block
    alpha = 0.5
    #: weight of the concept-level (all labels pooled) similarity
    beta = 0.5
    #: features in more than this share of the labels are left out of the product
    common = 0.2

    def __init__(self, ex: Extractor, kind: str) -> None:
        entries = [(e.concept, n) for n, e in enumerate(ex.entries) if ex._kind[e.concept] == kind]
        entries.sort()
        self.ex = ex
        self.vocab: dict[str, int] = {}
        self.entry_ids = np.array([n for _c, n in entries], dtype=np.int64)
        concepts = np.array([c for c, _n in entries], dtype=np.int64)
        vocab = self.vocab
        cols_w: list[int] = []
        cols_c: list[int] = []
        len_w: list[int] = []
        len_c: list[int] = []
        # feature ids per distinct word: labels share their words
        by_word: dict[tuple[str, str], tuple[list[int], list[int]]] = {}

        def ids(words: list[str], chars: list[str]) -> tuple[list[int], list[int]]:
            return (
                [vocab.setdefault("w" + f, len(vocab)) for f in words],
                [vocab.setdefault("c" + f, len(vocab)) for f in chars],
            )

        for _c, n in entries:
            e = ex.entries[n]
            nw, nc = len(cols_w), len(cols_c)
            if e.cjk:
                w, c = ids(*_features(e.forms, e.stems))
                cols_w += w
                cols_c += c
            else:
                for pair in zip(e.forms, e.stems, strict=True):
                    if pair[0] in JOINERS:
                        continue
                    feats = by_word.get(pair)
                    if feats is None:
                        feats = by_word[pair] = ids(*_features(*zip(pair, strict=True)))
                    cols_w += feats[0]
                    cols_c += feats[1]
            len_w.append(len(cols_w) - nw)
            len_c.append(len(cols_c) - nc)
        n_rows, n_feat = len(entries), max(len(vocab), 1)
        # concept ids in label order, and where each concept's labels start
        if n_rows:
            starts = np.flatnonzero(np.r_[True, concepts[1:] != concepts[:-1]])
        else:
            starts = np.zeros(0, dtype=np.int64)
        self.starts = starts
        self.concepts = concepts[starts] if n_rows else concepts
        label_to_concept = np.zeros(n_rows, dtype=np.int64)
        if n_rows:
            label_to_concept[starts[1:]] = 1
            label_to_concept = np.cumsum(label_to_concept)
        n_concepts = len(self.concepts)
        self.n_rows = n_rows
        self.idf = np.zeros(n_feat, dtype=np.float32)
        self.df = np.zeros(n_feat, dtype=np.int64)
        blocks = []
        for lengths, cols in ((len_w, cols_w), (len_c, cols_c)):
            rows = np.repeat(np.arange(n_rows), np.asarray(lengths, dtype=np.int64))
            col_arr = np.asarray(cols, dtype=np.int64)
            m = sparse.csr_matrix(
                (np.ones(len(col_arr), dtype=np.float32), (rows, col_arr)), shape=(n_rows, n_feat)
            )
            m.sum_duplicates()
            m.data[:] = 1  # binary: a feature twice in a label counts once
            df = np.bincount(m.indices, minlength=n_feat)
            self.df += df
            used = df > 0
            self.idf[used] = np.log(1 + max(n_rows, 1) / df[used]).astype(np.float32)
            m = m.multiply(self.idf[None, :]).tocsr()
            blocks.append(_l2_rows(m))
        word_m, char_m = blocks
        label_m = (self.alpha * word_m + (1 - self.alpha) * char_m).tocsc()
        pool = sparse.csr_matrix(
            (np.ones(n_rows, dtype=np.float32), (label_to_concept, np.arange(n_rows))),
            shape=(n_concepts, n_rows),
        )
        concept_w = _l2_rows((pool @ word_m).tocsr())
        concept_c = _l2_rows((pool @ char_m).tocsr())
        concept_m = (self.alpha * concept_w + (1 - self.alpha) * concept_c).tocsc()
        self.label_m = label_m
        self.concept_m = concept_m
        self.is_word = np.zeros(n_feat, dtype=bool)
        for f, i in vocab.items():
            self.is_word[i] = f[0] == "w"

    def _query(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature columns and weights of a query, each block L2-normalised. Features
        found in more than :attr:`common` of the labels (character trigrams such as
        ``ing``) count in the norm but are left out of the product: they cost most of
        the time and hardly move the ranking."""
        words, chars = _text_features(query)
        cols, vals = [], []
        for prefix, feats in (("w", words), ("c", chars)):
            counts: dict[int, int] = defaultdict(int)
            for f in feats:
                i = self.vocab.get(prefix + f)
                if i is not None:
                    counts[i] += 1
            if not counts:
                continue
            idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            v = (1 + np.log(tf)) * self.idf[idx]
            # unknown features count as average ones: a query mostly unknown scores low
            unknown = len(set(feats)) - len(counts)
            norm = math.sqrt(float(v @ v) + unknown * float(np.mean(v)) ** 2) or 1.0
            keep = self.df[idx] <= max(self.common * self.n_rows, 1000)
            cols.append(idx[keep])
            vals.append(v[keep] / norm)
        if not cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(cols), np.concatenate(vals)

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Scores per concept (order of :attr:`concepts`) and per label row."""
        cols, vals = self._query(query)
        if not len(cols) or not len(self.concepts):
            return np.zeros(len(self.concepts), np.float32), np.zeros(self.n_rows, np.float32)
        label_scores = self.label_m[:, cols] @ vals
        best = np.maximum.reduceat(label_scores, self.starts)
        pooled = self.concept_m[:, cols] @ vals
        return (best + self.beta * pooled) / (1 + self.beta), label_scores

    def rank(self, query: str, k: int) -> list[Ranked]:
        s, label_scores = self.scores(query)
        if not len(s):
            return []
        k = min(k, len(s))
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.argsort(-s[top], kind="stable")]
        out = []
        for c in top:
            if s[c] <= 0:
                break
            lo = self.starts[c]
            hi = self.starts[c + 1] if c + 1 < len(self.starts) else self.n_rows
            e = self.ex.entries[int(self.entry_ids[lo + int(np.argmax(label_scores[lo:hi]))])]
            out.append(
                Ranked(
                    concept_id=self.ex._id[int(self.concepts[c])],
                    score=round(float(min(s[c], 1.0)), 4),
                    label=e.label,
                    label_kind=e.label_kind,
                )
            )
        return out


def _l2_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.diags(1 / norms).astype(np.float32) @ m


# --- Django glue ----------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[str, object] = {}
#: How long a cached extractor is used without asking the database whether the
#: taxonomy changed (two aggregate queries over the label and relation tables).
RECHECK_SECONDS = 5.0


def taxonomy_version() -> tuple:
    """Changes whenever labels or occupation-skill relations are added or removed."""
    from django.db.models import Count, Max

    from corridor.taxonomy.models import Label, OccupationSkill

    labels = Label.objects.aggregate(n=Count("id"), top=Max("id"))
    links = OccupationSkill.objects.aggregate(n=Count("id"), top=Max("id"))
    return (labels["n"], labels["top"], links["n"], links["top"])


def build_from_db() -> Extractor:
    """An :class:`Extractor` over every label and occupation-skill relation in the
    database; curated concepts weigh 1.0, the others 0.95."""
    from corridor.taxonomy.models import Label, Occupation, OccupationSkill, Skill

    rows: list[LabelRow] = []
    for skill_id, occupation_id, language, text, kind, source in Label.objects.values_list(
        "skill_id", "occupation_id", "language", "text", "kind", "source"
    ).iterator(chunk_size=5000):
        if skill_id is not None:
            rows.append((SKILL, skill_id, language, text, kind, source))
        else:
            rows.append((OCCUPATION, occupation_id, language, text, kind, source))
    weights: dict[tuple[str, int], float] = {}
    for kind, model in ((SKILL, Skill), (OCCUPATION, Occupation)):
        for pk, curated in model.objects.values_list("pk", "curated").iterator(chunk_size=5000):
            weights[(kind, pk)] = 1.0 if curated else 0.95
    occupation_skills: dict[int, set[int]] = defaultdict(set)
    for occ, skill in OccupationSkill.objects.values_list("occupation_id", "skill_id").iterator(
        chunk_size=5000
    ):
        occupation_skills[occ].add(skill)
    return Extractor(rows, weights=weights, occupation_skills=occupation_skills)


def get_extractor() -> Extractor:
    """The process-wide extractor over the current taxonomy. It is rebuilt (a few
    seconds for the full ESCO import) when labels or relations were added or removed,
    which is checked at most every :data:`RECHECK_SECONDS`."""
    with _cache_lock:
        now = time.monotonic()
        if "extractor" in _cache and now - _cache["checked"] < RECHECK_SECONDS:
            return _cache["extractor"]  # type: ignore[return-value]
        version = taxonomy_version()
        if _cache.get("version") != version:
            _cache["extractor"] = build_from_db()
            _cache["version"] = version
        _cache["checked"] = time.monotonic()
        return _cache["extractor"]  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget the cached extractor (the next :func:`get_extractor` rebuilds it)."""
    with _cache_lock:
        _cache.clear()


# --- documents ------------------------------------------------------------------------

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_MAX_PDF_PAGES = 50
_MAX_DOCX_UNPACKED = 50 * 1024 * 1024


def _read_bytes(uploaded, max_bytes: int) -> bytes:
    if isinstance(uploaded, bytes | bytearray | memoryview):
        data = bytes(uploaded)
    else:
        size = getattr(uploaded, "size", None)
        if size is not None and size > max_bytes:
            raise ValueError(_too_big(max_bytes))
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
        data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    return f"The file is too large: at most {max_bytes // (1024 * 1024) or 1} MB."


def document_type(data: bytes) -> str:
    """The MIME type of a document by its content: PDF, DOCX or plain text.

    Raises ValueError for anything else (images, spreadsheets, other archives, binary).
    Text comes last: a text that happens to start like another format ("BMW mechanic"
    is a BMP signature to ``filetype``) is still text when all of it decodes."""
    import filetype

    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    kind = filetype.guess(data[:8192])
    if kind is not None and (kind.mime in (DOCX, "application/zip")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            pass
    if _decode_text(data) is not None:
        return TEXT
    if kind is not None:
        raise ValueError(
            f"Unsupported file type ({kind.mime}). "
            "Upload a PDF, a Word document (.docx) or a plain-text file."
        )
    raise ValueError(
        "This file is not text (UTF-8 or GB18030), PDF or a Word document (.docx). "
        "Upload a PDF, a Word document (.docx) or a plain-text file."
    )


def _decode_text(data: bytes) -> str | None:
    """The text of UTF-8 (with or without BOM) or GB18030 bytes, or None for bytes that
    are not such text (undecodable, or control characters as in binary formats)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:8192]
        controls = sum(1 for c in head if ord(c) < 32 and c not in "\n\r\t\f")
        if controls <= max(2, len(head) // 1000):
            return text
        return None
    return None


def read_document(uploaded, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of an uploaded CV or job description: PDF (pypdf), DOCX (python-docx) or
    plain text (UTF-8, with or without BOM, else GB18030). The type is told from the
    content, never from the file name. ``uploaded`` is a Django ``UploadedFile``, any
    binary file object, or bytes. Raises ValueError with a message fit for the user."""
    data = _read_bytes(uploaded, max_bytes)
    if not data.strip():
        raise ValueError("The file is empty.")
    mime = document_type(data)
    if mime == PDF:
        text = _pdf_text(data)
    elif mime == DOCX:
        text = _docx_text(data)
    else:
        text = _plain_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ValueError(
            "No text could be read from the file (a scanned PDF has only images of text)."
        )
    return text


def _plain_text(data: bytes) -> str:
    text = _decode_text(data)
    if text is None:  # document_type() said it was text
        raise ValueError("The file could not be read as text (expected UTF-8 or GB18030).")
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("The PDF is password-protected.")
        pages = [page.extract_text() or "" for page in reader.pages[:_MAX_PDF_PAGES]]
    except ValueError:
        raise
    except (PdfReadError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ValueError("The PDF could not be read (damaged or unsupported).") from exc
    return "\n\n".join(pages)


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > _MAX_DOCX_UNPACKED:
            raise ValueError("The Word document is too large once unpacked.")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError("The Word document could not be read (damaged or unsupported).") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                if cell.text and (not cells or cells[-1] != cell.text):
                    cells.append(cell.text)
            parts.append("\t".join(cells))
    return "\n".join(parts)
