"""Choices shared by several domains (education levels, position kinds, languages)."""

from babel import Locale
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    """Ordered as :class:`corridor_match.levels.Education` (a higher one meets a lower minimum)."""

    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


EDUCATION_ORDER = {level.value: rank for rank, level in enumerate(EducationLevel)}


class PositionKind(models.TextChoices):
    JOB = "job", _("Job")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")


#: Languages of the seed reports' countries first, then other common ones (ISO 639-1).
LANGUAGE_CODES = [
    "zh", "en", "ur", "ru", "vi", "kk", "uz", "ky", "tg", "mn", "th", "lo", "km", "my", "id",
    "ms", "ar", "fa", "ps", "bn", "hi", "ne", "si", "tr", "az", "ka", "hy", "uk", "be", "fr",
    "de", "es", "pt", "it", "ja", "ko", "sw", "am", "ha",
]  # fmt: skip


def language_name(code: str, locale: str | None = None) -> str:
    """A language's name in the interface language (Babel), e.g. ``ur`` -> 乌尔都语."""
    ui = (locale or get_language() or "en").replace("-", "_")
    ui = "zh_Hans" if ui.lower().startswith("zh") else ui.split("_")[0]
    try:
        return Locale.parse(ui).languages.get(code) or code
    except (ValueError, LookupError):
        return code


def language_choices():
    return [(code, language_name(code)) for code in LANGUAGE_CODES]
