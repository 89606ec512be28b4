"""Exports in the shape of the imports: a file exported here imports back "unchanged".

Each kind exports what the user may see through ``for_user`` — except talent profiles,
which carry names and contact details: those export only the profiles the user manages
(``for_user(user, "change")``: their institution's, or their own), never profiles merely
shared with them. Text that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return) is prefixed with ``'``; the importer strips it again.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from corridor.core.permissions import Action
from corridor.imports.schemas import Context, ProfileSchema, Schema, schema_for
from corridor.imports.values import escape_formula

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_queryset(kind: str, user=None):
    """What ``user`` may export of ``kind`` (``None``: the console, everything)."""
    schema = schema_for(kind)
    manager = schema.model.objects
    if user is None:
        return manager.all()
    action = Action.CHANGE if schema is ProfileSchema else Action.VIEW
    return manager.for_user(user, action)


#: Export kinds that carry personal data: each such export writes an audit entry.
PERSONAL_KINDS = {"profiles"}


def audit_export(kind: str, queryset, user, *, fmt: str, channel: str) -> None:
    """Record an export of personal data (who, what, how many rows) in the audit log."""
    if kind not in PERSONAL_KINDS:
        return
    from corridor.core.audit import log_export

    log_export(
        queryset.model, actor=user, kind=kind, fmt=fmt, count=queryset.count(), channel=channel
    )


def _schema(kind: str) -> Schema:
    return schema_for(kind)(Context())


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_formula(value)
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(kind: str, queryset) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM for Excel) for a streaming response."""
    schema = _schema(kind)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(schema.export_headers())
    for row in schema.export_rows(queryset):
        yield writer.writerow([_csv_cell(v) for v in row])


def write_csv(kind: str, queryset, handle: IO[str]) -> int:
    count = -1
    for count, line in enumerate(iter_csv(kind, queryset)):  # noqa: B007
        handle.write(line)
    return count


def write_xlsx(kind: str, queryset, target) -> int:
    """Write an XLSX workbook to ``target`` (a path or binary file); returns the row count.

    XlsxWriter's constant-memory mode keeps one row in memory at a time.
    """
    import xlsxwriter

    schema = _schema(kind)
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(str(schema.title)[:31])
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    headers = schema.export_headers()
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, max(12, min(40, len(header) + 4)))
    count = 0
    for count, row in enumerate(schema.export_rows(queryset), start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(count, col, value, date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, escape_formula(str(value)))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return count
