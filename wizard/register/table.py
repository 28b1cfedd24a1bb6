"""A register file read as rows of text, whatever wrote it.

CSV as Excel writes it in Sweden (``;``) or elsewhere (``,``, tab), or as a
property system exports it (``|``); UTF-8 with or without a BOM, UTF-16 with
one (Excel's "Unicode text"), otherwise cp1252 (Excel's "CSV" on a Swedish
Windows). XLSX through python-calamine, its values as shown; a workbook with
a formula or a macro is refused, since what it computes is not what was
checked. The delimiter is the one of ``;``, ``,``, tab and ``|`` the header
line holds most of, outside quotes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.i18n import t

MAX_BYTES = 64 * 1024 * 1024  # far beyond any landlord's register; a larger file is refused unread
MAX_ROWS = 50_000  # entrances: Sweden's largest landlords have a few thousand buildings
_DELIMITERS = (";", ",", "\t", "|")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_FORMULA = re.compile(rb"<f[\s>/]")  # a cell's formula in a worksheet's XML
_CELL_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')


class RegisterError(Exception):
    """The register cannot be brought in: one message, with the row and the column where there is one."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass
class Table:
    """The header and the rows, each cell text; ``numbers`` are the spreadsheet's row numbers (the header's is first)."""

    kind: str  # "CSV" or "XLSX"
    detail: str  # how it was read: "UTF-8, ;" or the sheet's name
    header: list[str]
    rows: list[list[str]]
    numbers: list[int] = field(default_factory=list)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(text: str) -> str:
    """A cell written for Excel: one that starts like a formula gets a leading ``'``, so Excel shows it as text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _from_text_cell(text: str) -> str:
    """What :func:`as_text_cell` wrote, read back as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(path: Path) -> Table:
    """The file at ``path`` as a :class:`Table`; a file that is no register raises :class:`RegisterError`."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RegisterError(t("register.file.too_big", mb=MAX_BYTES // (1024 * 1024)))
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise RegisterError(t("register.file.unreadable", reason=e.strerror or str(e))) from None
    if data.startswith(_ZIP):
        return _xlsx(path, data)
    if data.startswith(_OLE):
        raise RegisterError(t("register.file.old_excel"))
    return _csv(data)


def _rows(cells: list[list[str]], first_number: int, kind: str, detail: str) -> Table:
    """The first non-empty row is the header; empty rows after it are left out, the others keep their numbers."""
    numbered = [(n, row) for n, row in enumerate(cells, first_number) if any(c.strip() for c in row)]
    if not numbered:
        raise RegisterError(t("register.file.empty"))
    (_, header), body = numbered[0], numbered[1:]
    if len(body) > MAX_ROWS:
        raise RegisterError(t("register.file.too_many_rows", rows=len(body), max=MAX_ROWS), row=body[MAX_ROWS][0])
    return Table(kind, detail, [h.strip() for h in header], [r for _, r in body], [numbered[0][0]] + [n for n, _ in body])


# ------------------------------------------------------------------ CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "Windows-1252"


def _csv(data: bytes) -> Table:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise RegisterError(t("register.file.not_a_table")) from None
    if "\x00" in text:
        raise RegisterError(t("register.file.not_a_table"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    delimiter = max(_DELIMITERS, key=outside.count)
    if not outside.count(delimiter):
        raise RegisterError(t("register.file.not_a_table"))
    try:
        cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as e:
        raise RegisterError(t("register.file.bad_csv", reason=str(e))) from None
    shown = {"\t": "tab"}.get(delimiter, delimiter)
    return _rows([[_from_text_cell(c) for c in row] for row in cells], 1, "CSV", f"{encoding}, {shown}")


# ------------------------------------------------------------------ XLSX


def _xlsx(path: Path, data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile:
        raise RegisterError(t("register.file.not_a_table")) from None
    if not any(n.startswith("xl/worksheets/") for n in names):
        raise RegisterError(t("register.file.not_a_table"))  # a zip, a .docx, an .ods: not an Excel workbook
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise RegisterError(t("register.file.macro"))
    for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        xml = archive.read(name)
        found = _FORMULA.search(xml)
        if found:
            cell = xml.rfind(b"<c ", 0, found.start())
            ref = _CELL_REF.search(xml, cell, found.start()) if cell >= 0 else None
            row, column = (int(ref.group(2)), ref.group(1).decode()) if ref else (None, None)
            raise RegisterError(t("register.file.formula"), row=row, column=column)
    from python_calamine import CalamineWorkbook  # the reader only for a workbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet_name = workbook.sheet_names[0]
        cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as e:  # calamine's own errors: a damaged or foreign workbook
        raise RegisterError(t("register.file.bad_xlsx", reason=str(e))) from None
    return _rows([[_text(c) for c in row] for row in cells], 1, "XLSX", sheet_name)


def _text(cell: Any) -> str:
    """A cell as the user sees it: 12.0 is "12", a date its ISO form."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return "" if cell is None else str(cell)
