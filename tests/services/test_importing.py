"""The streaming import kit: sources, headers, the batch parser, the capped error log, the scratch file."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.validators import InvalidCode, parse_national_id
from services.importing import (
    CellError,
    ErrorLog,
    RowError,
    Scratch,
    Source,
    SourceError,
    TableCode,
    alias_index,
    batched,
    kept_raw,
    map_header,
    match_key,
    named_table,
    parse_batch,
)

ZWNJ = "\u200c"


# --- the error log --------------------------------------------------------------------------------


def test_error_log_keeps_the_first_in_report_order_and_counts_all() -> None:
    log = ErrorLog(cap=3)
    for row in (9, 4, 7, 2, 8):
        log.add((1, row, 0), "f.csv", row, "c", "empty", f"v{row}")
    log.add((0, 1, 0), "f.csv", 1, None, "file_format", "")  # a file problem found last still leads
    assert log.count == 6
    assert [(e.row, e.code, e.value) for e in log.errors] == [
        (1, "file_format", ""),
        (2, "empty", "v2"),
        (4, "empty", "v4"),
    ]


def test_error_log_keeps_the_earlier_of_equal_keys_and_truncates_values() -> None:
    log = ErrorLog(cap=1)
    log.add((1, 2, 0), "f.csv", 2, "c", "first", "x" * 150)
    log.add((1, 2, 0), "f.csv", 2, "c", "second", "y")
    assert log.errors == [RowError(file="f.csv", row=2, column="c", code="first", value="x" * 100 + "...")]
    assert log.count == 2


def test_error_log_with_no_room_only_counts() -> None:
    log = ErrorLog(cap=0)
    log.add((1, 2, 0), "f.csv", 2, "c", "empty", "")
    assert (log.count, log.errors) == (1, [])


# --- headers --------------------------------------------------------------------------------------

INDEX = alias_index({"national_id": ("کد ملی",), "name": ("نام",)})


@pytest.mark.parametrize(
    "title", ["national_id", "National ID", "NATIONAL-ID", "كد ملي", f"کد{ZWNJ}ملی", " کد  ملی "]
)
def test_header_titles_match_their_field(title: str) -> None:
    assert INDEX[match_key(title)] == "national_id"


def test_map_header_reports_unknown_repeated_and_missing_columns() -> None:
    columns, problems = map_header(["نام", "", "colour", "name"], INDEX)
    assert columns is None
    assert [(p.code, p.column, p.value) for p in problems] == [
        (TableCode.UNKNOWN_COLUMN, "colour", "colour"),
        (TableCode.DUPLICATE_COLUMN, "name", "name"),
        (TableCode.MISSING_COLUMN, "national_id", ""),
    ]
    columns, problems = map_header([" ", "کد ملی", "نام"], INDEX)
    assert (columns, problems) == ({"national_id": 1, "name": 2}, [])


# --- the batch parser -----------------------------------------------------------------------------


def _upper(text: str) -> str:
    if not text:
        raise CellError(InvalidCode.EMPTY)
    return text.upper()


PARSERS = {"national_id": parse_national_id, "name": _upper}


def test_parse_batch_parses_column_by_column() -> None:
    log = ErrorLog()
    batch = parse_batch(
        "f.csv",
        [(2, ["0012345679", "ali"]), (3, ["۰۱۲۳۴۵۶۷۸۹", "sara"])],
        {"national_id": 0, "name": 1},
        PARSERS,
        log,
        1,
    )
    assert batch.numbers == [2, 3]
    assert batch.values == [["0012345679", "0123456789"], ["ALI", "SARA"]]
    assert [list(column) for column in batch.raw] == [["0012345679", "۰۱۲۳۴۵۶۷۸۹"], ["ali", "sara"]]
    assert batch.bad == [0, 0]
    assert log.count == 0


def test_parse_batch_reports_each_refused_cell_and_marks_its_row() -> None:
    log = ErrorLog()
    rows = [(2, ["x", "ali", "extra"]), (3, ["0012345679"]), (5, ["0012345678", ""])]
    batch = parse_batch("f.csv", rows, {"name": 1, "national_id": 0}, PARSERS, log, 1)
    assert batch.values == [[None, "0012345679", None], ["ALI", None, None]]
    assert batch.bad == [1, 1, 1]
    assert [(e.row, e.column, e.code, e.value) for e in log.errors] == [
        (2, "national_id", "not_digits", "x"),
        (3, "name", "empty", ""),  # a short row's missing cell reads as empty
        (5, "national_id", "national_id_checksum", "0012345678"),
        (5, "name", "empty", ""),
    ]


def test_parse_batch_of_nothing() -> None:
    batch = parse_batch("f.csv", [], {"national_id": 0, "name": 1}, PARSERS, ErrorLog(), 1)
    assert (batch.numbers, batch.values, batch.bad) == ([], [[], []], [])


def test_kept_raw_keeps_only_what_changed() -> None:
    assert kept_raw(["1", " 2", "x"], ["1", "2", None]) == [None, " 2", "x"]


def test_batched() -> None:
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batched([], 2)) == []


# --- sources --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), ("\t", False)])
def test_csv_source_finds_its_delimiter_and_numbers_rows(tmp_path: Path, delimiter: str, bom: bool) -> None:
    path = tmp_path / "t.csv"
    lines = [
        delimiter.join(["a", "b"]),
        delimiter.join(["1", "2"]),
        "",
        delimiter.join(["", f"{ZWNJ} "]),
        delimiter.join([" ", "3"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
    with Source(path) as source:
        assert not source.is_workbook
        (table,) = source.tables
        header, rows = table.read()
        assert header == ["a", "b"]
        assert list(rows) == [(2, ["1", "2"]), (5, [" ", "3"])]  # blank rows 3 and 4 skipped, still counted


def test_csv_source_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 100_000 + "علي".encode("cp1256"))
    with pytest.raises(SourceError) as info:
        Source(path)
    assert info.value.code is TableCode.FILE_ENCODING


@pytest.mark.parametrize("name", ["t.xls", "t.ods", "t"])
def test_unknown_file_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(SourceError) as info:
        Source(path)
    assert info.value.code is TableCode.FILE_FORMAT


def test_empty_csv_has_no_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"")
    with Source(path) as source:
        header, rows = source.tables[0].read()
        assert (header, list(rows)) == (None, [])


def test_workbook_source_streams_each_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Staff"
    workbook.active.append(["a", "b"])
    workbook.active.append([1.0, None])
    family = workbook.create_sheet("افراد تحت تکفل")
    family.append(["x"])
    workbook.save(tmp_path / "t.xlsx")
    source = Source(tmp_path / "t.xlsx")
    assert source.is_workbook
    assert [(t.label, t.title) for t in source.tables] == [
        ("t.xlsx:Staff", "Staff"),
        ("t.xlsx:افراد تحت تکفل", "افراد تحت تکفل"),
    ]
    header, rows = source.tables[0].read()
    assert (header, list(rows)) == (["a", "b"], [(2, ["1"])])  # trailing empty cells are not padded
    assert named_table(source.tables, frozenset({match_key("افراد تحت تکفل")})) is source.tables[1]
    source.close()
    source.close()  # idempotent


def test_a_sheet_that_misstates_its_size_is_read_in_full(tmp_path: Path) -> None:
    workbook = Workbook()
    for row in (["a", "b"], [1, 2], [3, 4, 5], [None], [6]):
        workbook.active.append(row)
    workbook.save(tmp_path / "ok.xlsx")
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as good, zipfile.ZipFile(tmp_path / "t.xlsx", "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:C5" />' in data
                data = data.replace(b'<dimension ref="A1:C5" />', b'<dimension ref="A1:B2" />')
            bad.writestr(item, data)
    with Source(tmp_path / "t.xlsx") as source:
        header, rows = source.tables[0].read()
        assert (header, list(rows)) == (["a", "b"], [(2, ["1", "2"]), (3, ["3", "4", "5"]), (5, ["6"])])


def test_a_broken_workbook_is_a_format_error(tmp_path: Path) -> None:
    (tmp_path / "t.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SourceError) as info:
        Source(tmp_path / "t.xlsx")
    assert info.value.code is TableCode.FILE_FORMAT


# --- the scratch database -------------------------------------------------------------------------


def test_scratch_streams_rows_in_and_out_and_is_deleted() -> None:
    with Scratch() as scratch:
        scratch.conn.execute("CREATE TABLE t (row INTEGER PRIMARY KEY, v TEXT)")
        assert scratch.insert("INSERT INTO t VALUES (?, ?)", ((i, str(i)) for i in range(7))) == 7
        assert [len(b) for b in scratch.batches("SELECT * FROM t ORDER BY row", size=3)] == [3, 3, 1]
        path = scratch.finish()
        other = sqlite3.connect(path)  # committed: another connection can read it
        assert other.execute("SELECT COUNT(*) FROM t").fetchone() == (7,)
        other.close()
    assert not path.exists()
    assert not path.parent.exists()
