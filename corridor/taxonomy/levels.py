"""Language level scales (HSK 1–9, CEFR A1–C2, native) as Django choices.

The numeric equivalence between scales lives in :mod:`corridor_match.levels` (the engine
compares levels across scales); this module only names the levels for forms and pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor_match.levels import level_value


class LanguageScale(models.TextChoices):
    CEFR = "CEFR", _("CEFR (A1–C2)")
    HSK = "HSK", _("HSK (1–9)")
    NATIVE = "native", _("Native speaker")


CEFR_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
HSK_LEVELS = [str(n) for n in range(1, 10)]

#: (value stored, label shown) for one select listing every level of every scale.
LEVEL_CHOICES = (
    [(f"CEFR:{lvl}", f"CEFR {lvl}") for lvl in CEFR_LEVELS]
    + [(f"HSK:{lvl}", f"HSK {lvl}") for lvl in HSK_LEVELS]
    + [("native:", _("Native"))]
)


def parse_level(value: str) -> tuple[str, str]:
    """``'HSK:4'`` / ``'HSK 4'`` / ``'hsk4'`` / ``'B2'`` / ``'native'`` -> (scale, level).

    Raises ``ValueError`` with a readable message for anything else.
    """
    raw = (value or "").strip()
    text = raw.replace(":", " ").replace("-", " ").upper().split()
    if not text:
        raise ValueError(_("A language level is required."))
    if text[0] in {"NATIVE", "MOTHER", "母语"}:
        return LanguageScale.NATIVE, ""
    if text[0] == "HSK" and len(text) == 2:
        scale, level = "HSK", text[1]
    elif text[0].startswith("HSK") and len(text) == 1:
        scale, level = "HSK", text[0][3:]
    elif text[0] == "CEFR" and len(text) == 2:
        scale, level = "CEFR", text[1]
    elif len(text) == 1 and text[0] in CEFR_LEVELS:
        scale, level = "CEFR", text[0]
    else:
        raise ValueError(
            _("%(value)s is not a language level (use CEFR A1–C2, HSK 1–9 or native).")
            % {"value": raw}
        )
    level_value(scale, level)  # validates
    return scale, level


def validate_level(scale: str, level: str) -> None:
    """Raise a ``ValidationError`` on the ``level`` field unless it belongs to ``scale``."""
    from django.core.exceptions import ValidationError

    try:
        numeric_level(scale, level)
    except ValueError:
        raise ValidationError(
            {"level": _("Not a level of that scale (CEFR A1–C2, HSK 1–9).")}
        ) from None


def numeric_level(scale: str, level: str) -> float:
    """The engine's numeric value of a level (CEFR steps; native = 7)."""
    return level_value(scale, level or None)
