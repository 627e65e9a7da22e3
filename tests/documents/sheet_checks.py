"""The properties every XLSX the project writes must have, checked by opening it with openpyxl."""

from __future__ import annotations

import io
import re

import openpyxl

_SUM = re.compile(r"^=SUM\(([A-Z]+)2:([A-Z]+)(\d+)\)$")


def sheet_problems(data: bytes) -> list[str]:
    """Everything wrong with a workbook, one sentence each (empty: it passes)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    problems: list[str] = []
    if not (book.properties.title or "").strip():
        problems.append("the workbook has no title in its properties")
    for ws in book.worksheets:
        where = f"sheet {ws.title!r}"
        if re.fullmatch(r"Sheet\d*|list", ws.title):
            problems.append(f"{where}: not a meaningful name")
        header = [c.value for c in ws[1]]
        if not header or any(v is None or not isinstance(v, str) for v in header):
            problems.append(f"{where}: row 1 is not a header of text cells")
        if not all(c.font.bold for c in ws[1]):
            problems.append(f"{where}: the header is not bold")
        if ws.freeze_panes != "A2":
            problems.append(f"{where}: the header is not frozen ({ws.freeze_panes})")
        if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith("A1:"):
            problems.append(f"{where}: no autofilter over the header")
        if not ws.sheet_view.rightToLeft:
            problems.append(f"{where}: not right-to-left")
        if ws.page_setup.orientation != "landscape":
            problems.append(f"{where}: not printed landscape")
        if not ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.fitToWidth != 1:
            problems.append(f"{where}: not fitted to one page wide")
        if ws.page_setup.fitToHeight not in (0, None):
            problems.append(f"{where}: printing is squeezed to a fixed number of pages high")
        if (ws.print_title_rows or "").replace("$", "") != "1:1":
            problems.append(f"{where}: the header row is not repeated on printed pages")
        for index, cell in enumerate(ws[1], start=1):
            letter = cell.column_letter
            width = ws.column_dimensions[letter].width
            if not width or not 6 <= width <= 60:
                problems.append(f"{where}: column {letter} has no sensible width ({width})")
            problems += _column_problems(ws, index, where)
    return problems


def _column_problems(ws: openpyxl.worksheet.worksheet.Worksheet, index: int, where: str) -> list[str]:
    """Numbers stored as numbers, a money column summed by a formula over exactly the data rows."""
    problems: list[str] = []
    cells = [ws.cell(row=r, column=index) for r in range(2, ws.max_row + 1)]
    values = [c.value for c in cells]
    formulas = [v for v in values if isinstance(v, str) and v.startswith("=")]
    data = [c for c in cells if not (isinstance(c.value, str) and c.value.startswith("="))]
    numeric_format = any(c.number_format in ("0", "#,##0") for c in data)
    if numeric_format:
        for c in data:
            if c.value is not None and not isinstance(c.value, int):
                problems.append(f"{where}: {c.coordinate} should be a number, is {c.value!r}")
    texts = [c.value for c in data if c.value is not None]
    as_text = all(c.number_format == "@" for c in data)  # digits that are no quantity: a national ID
    if texts and not as_text and all(isinstance(v, str) and v.isdigit() for v in texts):
        problems.append(f"{where}: column {index} holds numbers as text ({texts[0]!r}...)")
    for formula in formulas:
        match = _SUM.match(formula)
        letter = ws.cell(row=1, column=index).column_letter
        if match is None or match[1] != letter or match[2] != letter:
            problems.append(f"{where}: {formula!r} is not a SUM of its own column")
        elif int(match[3]) != ws.max_row - 1:
            problems.append(f"{where}: {formula!r} does not sum exactly the data rows")
    return problems
