"""One text normaliser for search, used both when indexing and when querying.

Neither PostgreSQL's parser nor SQLite's tokenisers split Chinese into words, so every
searchable text is folded the same way on both databases: NFKC (full-width letters and
digits become ASCII), case folding, diacritics stripped (Vietnamese, Turkish, ...), and
runs of Chinese characters expanded into overlapping character bigrams, which is what a
two-character Chinese word search needs.
"""

import re
import unicodedata

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")


def fold(text: str) -> str:
    """NFKC, casefold and strip combining marks: ``'Nguyễn ＡＢＣ'`` -> ``'nguyen abc'``."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d")


def is_cjk(token: str) -> bool:
    return bool(_CJK_RUN.match(token))


def tokens(text: str) -> list[str]:
    """Folded words; a run of Chinese characters is one token (see :func:`search_terms`)."""
    return _TOKEN.findall(fold(text))


def search_terms(text: str) -> list[str]:
    """Index/query terms: Latin/Cyrillic/... words as they are, Chinese runs as bigrams
    (a single Chinese character stays a unigram)."""
    terms: list[str] = []
    for token in tokens(text):
        if is_cjk(token) and len(token) > 1:
            terms.extend(token[i : i + 2] for i in range(len(token) - 1))
        else:
            terms.append(token)
    return terms


def search_document(*parts: str) -> str:
    """The folded text stored in a model's search column: terms joined by spaces, wrapped
    in spaces so that ``contains(' term')`` matches at term starts."""
    seen: dict[str, None] = {}
    for part in parts:
        for term in search_terms(part):
            seen.setdefault(term, None)
    return " " + " ".join(seen) + " "
