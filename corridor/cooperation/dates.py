"""Partial dates: a year, month and day of which any part may be unknown.

The reports often give "November 22" without a year, or nothing at all; a date is stored
as three nullable numbers so that an unknown year is never invented.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def validate_partial_date(year, month, day, field: str = "date") -> None:
    """Raise ValidationError unless year/month/day form a possible (partial) date."""
    errors = {}
    if month is not None and not 1 <= month <= 12:
        errors[f"{field}_month"] = _("A month is a number from 1 to 12.")
    if day is not None:
        if month is None:
            errors[f"{field}_day"] = _("A day needs a month.")
        elif not errors:
            # Without a year, 29 February is possible (2000 was a leap year).
            last = calendar.monthrange(year or 2000, month)[1]
            if not 1 <= day <= last:
                errors[f"{field}_day"] = _("This month has no day %(day)s.") % {"day": day}
    if year is not None and not 1900 <= year <= 2200:
        errors[f"{field}_year"] = _("Give a year between 1900 and 2200.")
    if errors:
        raise ValidationError(errors)


def format_partial_date(year, month, day) -> str:
    """The date as far as it is known, e.g. "17 February 2023", "22 November (year not
    stated)", "2023", or "not stated"."""
    if year and month and day:
        return formats.date_format(datetime.date(year, month, day), "DATE_FORMAT")
    if year and month:
        return formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
    if month and day:
        day_month = formats.date_format(datetime.date(2000, month, day), "MONTH_DAY_FORMAT")
        return _("%(day_month)s (year not stated)") % {"day_month": day_month}
    if month:
        return _("%(month)s (year not stated)") % {"month": MONTHS[month]}
    if year:
        return str(year)
    return _("not stated")


def partial_date_sort_key(year, month, day) -> tuple:
    return (year or 0, month or 0, day or 0)


def as_date(year, month, day) -> datetime.date | None:
    """A full date when every part is known, else None."""
    if year and month and day:
        return datetime.date(year, month, day)
    return None
