"""Reading uploaded tables: CSV (any of our encodings and delimiters) and XLSX.

The type is decided by the content, never by the file name: an XLSX workbook is a ZIP
archive holding ``xl/workbook.xml``; anything else must be text. Text is tried as UTF-8
(with or without a byte-order mark), then as GB18030 (a superset of GBK and GB2312, what
Chinese Excel saves as "CSV"). The delimiter (comma, semicolon or tab) is the one that
splits the header row into the most recognised column names.

Rows come out as ``(row_number, cells)`` where ``row_number`` is what the user sees in
the spreadsheet: the header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

#: Uploads larger than this are refused (the form and the command say so).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: An XLSX archive that unpacks to more than this is refused (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
_CHUNK = 1 << 20


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why, for the user."""


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def sniff_format(handle: IO[bytes]) -> str:
    """``"xlsx"`` or ``"csv"`` by content; FileProblem for anything else."""
    handle.seek(0)
    head = handle.read(8192)
    handle.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(handle) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            raise FileProblem(_("The file looks like a damaged XLSX workbook.")) from None
        finally:
            handle.seek(0)
        if "xl/workbook.xml" not in names:
            raise FileProblem(
                _("This ZIP archive is not an Excel workbook; upload an .xlsx or a CSV file.")
            )
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise FileProblem(_("The workbook unpacks to more than 1 GB; split it into parts."))
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _("Old Excel .xls files are not supported; save the sheet as .xlsx or as CSV.")
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise FileProblem(_("This is not a CSV or XLSX file."))
    return "csv"


def detect_encoding(handle: IO[bytes]) -> str:
    """The encoding of a text file: BOM first, then UTF-8, then GB18030 (streamed)."""
    handle.seek(0)
    head = handle.read(4)
    handle.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    first_bad_line = None
    for encoding in ("utf-8", "gb18030"):
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 1
        try:
            while chunk := handle.read(_CHUNK):
                lines += decoder.decode(chunk).count("\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            # The encoding that read furthest is the likelier one: report its bad line.
            bad_line = lines + exc.object[: exc.start].count(b"\n")
            first_bad_line = max(first_bad_line or 0, bad_line)
            continue
        finally:
            handle.seek(0)
        return encoding
    raise FileProblem(
        _(
            "The file is neither UTF-8 nor GB18030 text (first unreadable character on line "
            "%(line)d). Save it as “CSV UTF-8” and upload it again."
        )
        % {"line": first_bad_line or 1}
    )


@dataclass
class Table:
    """An open table: its header row, its data rows, and what we found out about it."""

    format: str
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    estimated_rows: int | None = None
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    epoch_1904: bool = False
    _close: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for fn in self._close:
            fn()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _score(cells: list[str], recognise: Callable[[str], bool]) -> tuple[int, int]:
    return (sum(1 for c in cells if recognise(c)), len(cells))


def _open_csv(handle: IO[bytes], recognise: Callable[[str], bool]) -> Table:
    encoding = detect_encoding(handle)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    sample = text.read(65536)
    first_line = sample.split("\n", 1)[0]
    best = max(
        DELIMITERS,
        key=lambda d: _score(next(csv.reader([first_line], delimiter=d), []), recognise),
    )
    # Count records for the progress bar (cheap next to validation; quoted newlines count once).
    text.seek(0)
    records = sum(1 for _row in csv.reader(text, delimiter=best)) - 1
    text.seek(0)
    reader = csv.reader(text, delimiter=best)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    except csv.Error as exc:
        raise FileProblem(_("The header row cannot be read: %(error)s") % {"error": exc}) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblem(
                    _("Row %(row)d cannot be read: %(error)s") % {"row": number, "error": exc}
                ) from None
            yield number, cells

    return Table(
        format="csv",
        headers=[h.strip() for h in headers],
        rows=rows(),
        estimated_rows=max(records, 0),
        encoding=encoding,
        delimiter=best,
        _close=[text.detach],
    )


def _open_xlsx(handle: IO[bytes], recognise: Callable[[str], bool]) -> Table:
    import openpyxl  # uses defusedxml when installed (it is a dependency)
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    handle.seek(0)
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken workbooks
        raise FileProblem(
            _("The workbook cannot be read: %(error)s") % {"error": str(exc) or type(exc).__name__}
        ) from None
    sheets = [
        ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"
    ]
    if not sheets:
        workbook.close()
        raise FileProblem(_("The workbook has no worksheet."))

    def header_of(ws) -> list[str]:
        for row in ws.iter_rows(min_row=1, max_row=1, values_only=True):
            return ["" if v is None else str(v).strip() for v in row]
        return []

    # The sheet whose first row names the most of our columns (the first sheet on a tie).
    best = max(sheets, key=lambda ws: (_score(header_of(ws), recognise), -sheets.index(ws)))
    declared = best.max_row if best.max_row and best.max_row > 1 else None
    best.reset_dimensions()  # some writers declare wrong dimensions; read what is there
    iterator = best.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        workbook.close()
        raise FileProblem(
            _("The worksheet “%(sheet)s” is empty.") % {"sheet": best.title}
        ) from None
    headers = ["" if v is None else str(v).strip() for v in first]
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, values in enumerate(iterator, start=2):
            yield number, list(values)

    return Table(
        format="xlsx",
        headers=headers,
        rows=rows(),
        estimated_rows=(declared - 1) if declared else None,
        sheet=best.title,
        epoch_1904=workbook.epoch == CALENDAR_MAC_1904,
        _close=[workbook.close],
    )


def _raw(handle: Any) -> IO[bytes]:
    """The plain binary file inside Django's ``File`` / ``UploadedFile`` wrappers."""
    while not isinstance(handle, io.IOBase) and hasattr(handle, "file"):
        handle = handle.file
    return handle


def open_table(handle: IO[bytes], recognise: Callable[[str], bool] = lambda _h: False) -> Table:
    """Open a CSV or XLSX table from a binary, seekable file. ``recognise(header)`` says
    whether a header is one of ours (used to pick the delimiter and the worksheet)."""
    handle = _raw(handle)
    kind = sniff_format(handle)
    if kind == "xlsx":
        return _open_xlsx(handle, recognise)
    return _open_csv(handle, recognise)


def count_rows_quickly(handle: IO[bytes]) -> int | None:
    """A cheap estimate of the data rows (line breaks for text, declared size for XLSX),
    used to decide whether an upload runs in the request or in the background."""
    handle = _raw(handle)
    kind = sniff_format(handle)
    handle.seek(0)
    if kind == "csv":
        lines = 0
        last = b""
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk
        handle.seek(0)
        if last and not last.endswith(b"\n"):
            lines += 1
        return max(lines - 1, 0)
    import openpyxl

    workbook = openpyxl.load_workbook(handle, read_only=True)
    try:
        ws = workbook.worksheets[0]
        return (ws.max_row - 1) if ws.max_row else None
    finally:
        workbook.close()
        handle.seek(0)
