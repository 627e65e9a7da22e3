"""XLSX with several right-to-left sheets (openpyxl): each a title, a bold header and its rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

Cell = str | int | float | None


@dataclass(frozen=True)
class Sheet:
    """One sheet: its tab name (Latin, short), the title above the table, the header and the rows."""

    name: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


#: Rows above the first data row of every sheet (the title and the header).
HEADER_ROWS = 2


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets, in order, in one workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        ws.sheet_view.rightToLeft = True
        ws.append([sheet.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(list(sheet.headers))
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        for row in sheet.rows:
            ws.append(list(row))
        for index, header in enumerate(sheet.headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in sheet.rows]) + 4
            ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = min(width, 40)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
