"""Showing content kept in English and Chinese columns in the reader's language."""

from django.utils.translation import get_language


def chinese_ui() -> bool:
    """Whether the current request reads the interface in Chinese."""
    return (get_language() or "").startswith("zh")


def in_ui_language(en: str, zh: str) -> str:
    """The Chinese text for a Chinese reader when there is one, else the English."""
    return zh if chinese_ui() and zh else en


def in_other_language(en: str, zh: str) -> str:
    """The text in the language :func:`in_ui_language` did not show, if any."""
    if chinese_ui():
        return en if zh else ""
    return zh
