"""Writing the record's tables (:mod:`wargame.game.tables`) as CSV files or an XLSX workbook.

Both writers take the same tables and pass every text cell through
:func:`wargame.game.tables.spreadsheet_cell`, so no cell of either can run as a formula.
CSV spells every cell as text (times in ISO 8601 with their offset); the workbook keeps
numbers as numbers and times as dates (in UTC: spreadsheets have no time zones), with a
frozen, filterable header row on every sheet. Each file is written under a temporary name
and renamed when complete, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wargame.game.tables import Cell, RecordTable, spreadsheet_cell

XLSX_CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit)."""
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_csv_tables(tables: Sequence[RecordTable], folder: Path) -> None:
    """One ``NAME.csv`` per table in ``folder`` (created if missing), UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        target = folder / f"{table.name}.csv"
        part = target.with_name(target.name + ".part")
        with part.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(table.columns)
            writer.writerows([_csv_text(spreadsheet_cell(v)) for v in row] for row in table.rows)
        part.replace(target)


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def write_xlsx(tables: Sequence[RecordTable], path: Path) -> None:
    """One sheet per table in a new workbook at ``path``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _add_sheet(book, table)
    part = path.with_name(path.name + ".part")
    try:
        book.save(part)
        part.replace(path)
    finally:
        if part.is_file():
            part.unlink()


def _add_sheet(book: Any, table: RecordTable) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.name[:31])
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) + 2 for c in table.columns]
    for row in table.rows:
        values = [_xlsx_value(spreadsheet_cell(v)) for v in row]
        sheet.append(values)
        for i, value in enumerate(values):
            widths[i] = max(widths[i], min(_shown_width(value), 60))
    _format_times(sheet, table)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"


def _format_times(sheet: Any, table: RecordTable) -> None:
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, dt.datetime):
                sheet.cell(row=r, column=c).number_format = TIME_FORMAT


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        if len(value) > XLSX_CELL_LIMIT:
            value = value[: XLSX_CELL_LIMIT - 40] + " … [cut: longer than a cell may hold]"
    return value


def _shown_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(TIME_FORMAT) + 1
    return len(str(value).partition("\n")[0]) + 2
