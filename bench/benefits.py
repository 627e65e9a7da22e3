"""``python -m bench.benefits [--rows N ...]``: a registry run at scale beside a bare CSV parse of the file.

For each size, a registry file of N rows (1% of them events of people on file, a few bad rows and repeated
record ids) is run against 100,000 employees with two years of payroll each for those matched. Printed beside
the run: a bare ``csv.reader`` pass over the same file, measured in the same process, and the peak resident
memory each added (sampled from /proc every 5 ms, so the timings are not slowed by tracing). Nothing is
asserted; compare the ratio and whether the run's peak stays flat as N grows.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import os
import random
import tempfile
import threading
import time
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.office import services_of
from domain.validators import national_id_check_digit
from services import benefits
from services.clock import Clock
from services.kit import Env
from services.setup import apply_config
from storage.db import Database

EMPLOYEES = 100_000
MATCHED_SHARE = 0.01
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
NOW = dt.datetime(2025, 10, 21, 12, tzinfo=TEHRAN)  # the last days of Mehr 1404
SHEBA = "IR050170000000123456789012"
_PAGE = os.sysconf("SC_PAGE_SIZE")


def nid(n: int) -> str:
    """A valid national ID made from a number (employees from 10,000,000; others from 200,000,000)."""
    first = f"{n:09d}"
    return first + str(national_id_check_digit(first))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE


@contextmanager
def peak_rss() -> Iterator[Callable[[], int]]:
    """Sample the resident set every 5 ms; yields a function giving the peak above the start, in bytes."""
    start, peak, stop = _rss(), [0], threading.Event()

    def sample() -> None:
        while not stop.wait(0.005):
            peak[0] = max(peak[0], _rss() - start)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield lambda: peak[0]
    finally:
        stop.set()
        thread.join()


async def make_office(path: Path) -> None:
    """100,000 employees (a tenth without a Sheba), payroll for the first tenth, the rules, finance."""
    async with Database(path) as db:
        stamp = NOW.astimezone(dt.UTC).isoformat()
        async with db.transaction() as tx:
            await tx.executemany(
                """INSERT INTO employees (personnel_no, national_id, first_name, last_name, mobile, status,
                       hire_date, fund_member_since, fund_debt, sheba, updated_at)
                   VALUES (?, ?, 'F', 'L', ?, 'employed', '2010-01-01', NULL, 0, ?, ?)""",
                [
                    (str(i), nid(10_000_000 + i), f"09{i:09d}", "" if i % 10 == 0 else SHEBA, stamp)
                    for i in range(EMPLOYEES)
                ],
            )
            months = [f"{1401 + (k + 6) // 12:04d}/{(k + 6) % 12 + 1:02d}" for k in range(30)]
            await tx.executemany(
                "INSERT INTO benefit_payroll VALUES (?, ?, 30, 100000000, ?)",
                [(nid(10_000_000 + i), m, stamp) for i in range(EMPLOYEES // 10) for m in months],
            )
            await tx.execute(
                "INSERT INTO roles (user_id, role, scope, granted_at) VALUES (1, 'finance', '', ?)", (stamp,)
            )
        await apply_config(db, services_of(), {"benefits": {"birth_amount": 50_000_000}}, NOW)


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    """A registry file: 1% events of employees (marriages and births), the rest of other people."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "record_id",
                "national_id",
                "event",
                "event_date",
                "spouse_national_id",
                "child_national_id",
                "marriage_kind",
            ]
        )
        for i in range(rows):
            if rng.random() < MATCHED_SHARE:
                person = nid(10_000_000 + rng.randrange(EMPLOYEES))
            else:
                person = nid(200_000_000 + i)
            day = f"1403/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}"
            record = f"R{i}" if i % 50_000 != 49_999 else f"R{i - 1}"  # now and then a repeated record id
            if i % 2:
                kind = "permanent" if i % 7 else "temporary"
                out.writerow([record, person, "marriage", day, nid(300_000_000 + i), "", kind])
            elif i % 20_000 == 10_000:
                out.writerow([record, person, "birth", "1403/13/01", "", nid(400_000_000 + i), ""])  # bad
            else:
                out.writerow([record, person, "birth", day, "", nid(400_000_000 + i), ""])


def bare_parse(path: Path) -> int:
    """The floor: every row of the file through csv.reader, nothing else."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f))


async def measure(rows: int, folder: Path) -> dict[str, Any]:
    """One size: the bare parse and the run, each with its time and peak memory."""
    db_path = folder / f"office-{rows}.sqlite3"
    await make_office(db_path)
    registry = folder / f"registry-{rows}.csv"
    make_file(registry, rows)
    with peak_rss() as peak:
        start = time.perf_counter()
        bare_parse(registry)
        bare_seconds = time.perf_counter() - start
        bare_peak = peak()
    async with Database(db_path) as db:
        env = Env(db=db, clock=Clock(lambda: NOW.astimezone(dt.UTC)), zone=TEHRAN, services=services_of())
        with peak_rss() as peak:
            start = time.perf_counter()
            report = await benefits.run_registry(env, registry)
            run_seconds = time.perf_counter() - start
            run_peak = peak()
    return {
        "rows": rows,
        "bare_seconds": bare_seconds,
        "run_seconds": run_seconds,
        "bare_peak_mib": bare_peak / 2**20,
        "run_peak_mib": run_peak / 2**20,
        "tally": report.tally,
    }


async def main(sizes: list[int]) -> None:
    """Measure each size and print the figures."""
    with tempfile.TemporaryDirectory(prefix="refah-bench-benefits-") as tmp:
        for rows in sizes:
            found = await measure(rows, Path(tmp))
            tally = found["tally"]
            ratio = found["run_seconds"] / found["bare_seconds"]
            print(f"registry run, {rows:,} rows against {EMPLOYEES:,} employees")
            print(
                f"  bare csv parse   {found['bare_seconds']:7.2f} s   peak +{found['bare_peak_mib']:6.1f} MiB"
            )
            print(
                f"  benefits run     {found['run_seconds']:7.2f} s   peak +{found['run_peak_mib']:6.1f} MiB"
                f"   ({ratio:.1f}x the bare parse)"
            )
            print("  " + ", ".join(f"{name} {count:,}" for name, count in tally.lines() if count))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000], help="file sizes to run")
    asyncio.run(main(parser.parse_args().rows))
