"""The import pipeline: read -> validate every row -> upsert in batches -> report.

Plain functions, no request or task in sight: pages, the background task, the ``corridor
import`` command and the benchmark all call :func:`import_file`.

- Every problem of every row is reported, with the row number the user sees in the
  spreadsheet (header = row 1), the column and the reason, in the active language.
- Good rows are stored even when others are rejected. Each batch of good rows is written
  in its own transaction, so a crash leaves whole batches or nothing of a batch.
- A dry run reads and compares exactly as a real run does and writes nothing.
- Running the same file again reports every row "unchanged" and writes nothing.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from corridor.core.permissions import creatable_organization_ids
from corridor.directory.models import Organization
from corridor.imports.readers import FileProblem, open_table
from corridor.imports.schemas import (
    CREATED,
    REASON_HEADERS,
    UNCHANGED,
    UPDATED,
    Context,
    Problem,
    Schema,
    schema_for,
)
from corridor.imports.values import escape_formula, to_text

logger = logging.getLogger(__name__)

#: At most this many row problems are kept in a report (all are counted).
MAX_STORED_ERRORS = 10_000

Progress = Callable[[int, int | None], None]


@dataclass
class Report:
    kind: str
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_error: str = ""
    columns: list[str] = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.file_error

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def add_problems(self, problems: list[Problem]) -> None:
        self.error_count += len(problems)
        room = MAX_STORED_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(p.as_dict() for p in problems[:room])

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "counts": {
                "total": self.total,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "rejected": self.rejected,
            },
            "error_count": self.error_count,
            "errors": self.errors,
            "errors_truncated": self.error_count > len(self.errors),
            "warnings": self.warnings,
            "file_error": self.file_error,
            "columns": self.columns,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.delimiter, ""),
            "sheet": self.sheet,
            "seconds": round(self.seconds, 3),
        }


class RejectedWriter:
    """Writes the rejected rows as CSV (UTF-8 with BOM, for Excel): the original header and
    cells plus a reason column, so that users can fix them and upload the file again."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.writer = csv.writer(handle)
        self.started = False

    def header(self, headers: list[str]) -> None:
        self.handle.write("\ufeff")
        self.writer.writerow([escape_formula(h) for h in headers] + [REASON_HEADERS[0]])
        self.started = True

    def row(self, cells: list[Any], width: int, problems: list[Problem]) -> None:
        texts = [to_text(c) for c in cells[:width]]
        texts += [""] * (width - len(texts))
        reason = "; ".join(f"{p.column}: {p.message}" for p in problems)
        self.writer.writerow([escape_formula(t) for t in texts] + [escape_formula(reason)])


def context_for(user, kind: str, default_org: Organization | None = None) -> Context:
    """What ``user`` may import (``None`` means the console, which may do anything)."""
    schema = schema_for(kind)
    allowed = None if user is None else creatable_organization_ids(user, schema.model)
    return Context(user=user, allowed_org_ids=allowed, default_org=default_org)


def may_import(user, kind: str) -> bool:
    """Whether ``user`` may import ``kind`` at all (into at least one organisation)."""
    schema = schema_for(kind)
    allowed = creatable_organization_ids(user, schema.model)
    if schema.org_column is None:  # organisations themselves: only with the right to any
        return allowed is None
    return allowed is None or bool(allowed)


def import_file(
    kind: str,
    handle: IO[bytes],
    *,
    user=None,
    dry_run: bool = False,
    default_org: Organization | None = None,
    progress: Progress | None = None,
    rejected: RejectedWriter | None = None,
    batch_size: int | None = None,
) -> Report:
    """Import one CSV/XLSX file of ``kind`` on behalf of ``user`` (``None``: the console).

    Messages are in the active language: wrap the call in ``translation.override``.
    File-level problems (unreadable file, missing columns, no right to import) come back
    as ``report.file_error`` with nothing stored.
    """
    started = time.perf_counter()
    schema_cls = schema_for(kind)
    report = Report(kind=schema_cls.kind, dry_run=dry_run)
    if user is not None and not may_import(user, kind):
        report.file_error = _("You may not import %(kind)s.") % {"kind": schema_cls.title}
        return report
    ctx = context_for(user, kind, default_org)
    schema = schema_cls(ctx)
    if problem := schema.check_default_org():
        report.file_error = problem
        return report
    try:
        table = open_table(handle, schema_cls.recognise)
    except FileProblem as exc:
        report.file_error = str(exc)
        return report
    with table:
        ctx.epoch_1904 = table.epoch_1904
        report.format, report.encoding = table.format, table.encoding
        report.delimiter, report.sheet = table.delimiter, table.sheet
        schema.headers = table.headers
        problems, ignored = schema.map_headers(table.headers)
        if problems:
            report.file_error = " ".join(problems)
            return report
        report.columns = [table.headers[i] for i, _c in schema.present]
        if ignored:
            report.warnings.append(
                _("Ignored column(s) that are not part of this import: %(columns)s.")
                % {"columns": ", ".join(ignored)}
            )
        if rejected is not None:
            rejected.header(table.headers)
        try:
            _run(
                schema, table, report, dry_run, progress, rejected, batch_size or schema.batch_size
            )
        except FileProblem as exc:  # e.g. a broken CSV record half-way
            report.file_error = str(exc)
    report.seconds = time.perf_counter() - started
    return report


def _run(schema: Schema, table, report: Report, dry_run, progress, rejected, batch_size) -> None:
    seen: dict[tuple, int] = {}
    batch = []
    width = len(table.headers)
    estimated = table.estimated_rows
    for number, cells in table.rows:
        if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
            continue  # blank rows are skipped, not rejected
        report.total += 1
        record, problems = schema.validate(number, cells)
        if record is not None and record.key in seen:
            problems = [
                schema.problem(
                    number,
                    schema.key_column(),
                    _("Row %(row)d has the same key; each key may appear only once in a file.")
                    % {"row": seen[record.key]},
                    record.key[-1],
                )
            ]
            record = None
        if record is None:
            report.rejected += 1
            report.add_problems(problems)
            if rejected is not None:
                rejected.row(cells, width, problems)
            continue
        seen[record.key] = number
        batch.append(record)
        if len(batch) >= batch_size:
            _flush(schema, batch, report, dry_run)
            batch = []
            if progress:
                progress(report.total, estimated)
    _flush(schema, batch, report, dry_run)
    if progress:
        progress(report.total, max(report.total, estimated or 0))


def _flush(schema: Schema, batch, report: Report, dry_run: bool) -> None:
    if not batch:
        return
    if dry_run:
        outcomes = schema.write(batch, dry_run=True)
    else:
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    outcomes = schema.write(batch, dry_run=False)
                break
            except (IntegrityError, OperationalError):
                # Another import wrote the same keys meanwhile (or the database was busy):
                # the batch was rolled back as a whole; compare again and retry once.
                if attempt == 2:
                    raise
                logger.warning("import batch of %d rows retried", len(batch), exc_info=True)
    report.created += outcomes.count(CREATED)
    report.updated += outcomes.count(UPDATED)
    report.unchanged += outcomes.count(UNCHANGED)
