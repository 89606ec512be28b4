"""Ordinal scales shared by the engine: language levels, education, position kinds.

Language levels from different frameworks are mapped onto ONE numeric scale whose
unit is a CEFR step (A1 = 1 ... C2 = 6, native = 7).  The equivalence used for
Chinese follows the three bands of the HSK 3.0 standard (2021): levels 1-3 are
elementary (CEFR A), 4-6 intermediate (CEFR B), 7-9 advanced (CEFR C):

=====  ======  =====
HSK    value   CEFR
=====  ======  =====
1      1.0     A1
2      1.5     A1+
3      2.0     A2
4      3.0     B1
5      3.5     B1+
6      4.0     B2
7      5.0     C1
8      5.5     C1+
9      6.0     C2
=====  ======  =====

``native`` is 7.0, above C2.  0.0 means "no knowledge / no requirement".
"""

from __future__ import annotations

from enum import IntEnum

#: Numeric value of each CEFR level.
CEFR_VALUES: dict[str, float] = {"A1": 1.0, "A2": 2.0, "B1": 3.0, "B2": 4.0, "C1": 5.0, "C2": 6.0}

#: Numeric value of each HSK 3.0 level (1-9); see the module docstring.
HSK_VALUES: dict[str, float] = {
    "1": 1.0,
    "2": 1.5,
    "3": 2.0,
    "4": 3.0,
    "5": 3.5,
    "6": 4.0,
    "7": 5.0,
    "8": 5.5,
    "9": 6.0,
}

#: Value of a native speaker (any language).
NATIVE_VALUE: float = 7.0
#: Value meaning "none" (no knowledge, or no requirement).
NO_LEVEL: float = 0.0


def level_value(scale: str, level: str | int | None) -> float:
    """Map a language level to the engine's numeric scale (CEFR steps, native = 7).

    ``scale`` is ``"HSK"`` (level ``1``-``9``), ``"CEFR"`` (``A1``-``C2``) or
    ``"native"`` (level ignored).  Examples: ``level_value("HSK", 4) == 3.0 ==
    level_value("CEFR", "B1")``; ``level_value("native", None) == 7.0``.
    Raises ``ValueError`` on an unknown scale or level.
    """
    s = scale.strip().upper()
    if s == "NATIVE":
        return NATIVE_VALUE
    key = str(level).strip().upper() if level is not None else ""
    if s == "HSK":
        key = key.removeprefix("HSK").strip()
        if key in HSK_VALUES:
            return HSK_VALUES[key]
    elif s == "CEFR" and key in CEFR_VALUES:
        return CEFR_VALUES[key]
    raise ValueError(f"unknown language level {scale!r} {level!r}")


class Education(IntEnum):
    """Ordinal education levels; a higher value satisfies a lower minimum."""

    SECONDARY = 0
    VOCATIONAL_DIPLOMA = 1
    BACHELOR = 2
    MASTER = 3
    DOCTORATE = 4


class PositionKind(IntEnum):
    """Kinds of position; each kind has its own component weights."""

    JOB = 0
    INTERNSHIP = 1
    APPRENTICESHIP = 2
