"""``python -m bench.imports``: `refah import-employees` against a bare ``csv`` parse of the same files.

Generates valid registry files (employees and dependants, CSV), then runs, each in its own subprocess:
a bare ``csv.reader`` pass over both files (the floor), an interpreter that only imports what the import
command imports (start-up), and ``refah import-employees`` into a fresh temporary database. Wall time and
peak RSS (``os.wait4``: that child's own maximum) are taken per run; medians of ``--repeat`` runs and their
ratios to the bare parse are printed. Nothing is asserted.

    python -m bench.imports                 # 10,000 and 100,000 employees
    python -m bench.imports --rows 1000000  # the big one
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.text import to_persian_digits
from domain.validators import national_id_check_digit, sheba_check_digits

DEFAULT_SIZES = (10_000, 100_000)

EMPLOYEE_HEADER = (
    "personnel_no",
    "national_id",
    "first_name",
    "last_name",
    "mobile",
    "status",
    "hire_date",
    "fund_member_since",
    "fund_debt",
    "sheba",
)
# Persian headers for the dependants file: kod-e melli-ye karmand, kod-e melli, nam, nam-e khanevadegi,
# nesbat, tarikh-e tavallod.
DEPENDANT_HEADER = (
    "\u06a9\u062f \u0645\u0644\u06cc \u06a9\u0627\u0631\u0645\u0646\u062f",
    "\u06a9\u062f \u0645\u0644\u06cc",
    "\u0646\u0627\u0645",
    "\u0646\u0627\u0645 \u062e\u0627\u0646\u0648\u0627\u062f\u06af\u06cc",
    "\u0646\u0633\u0628\u062a",
    "\u062a\u0627\u0631\u06cc\u062e \u062a\u0648\u0644\u062f",
)
# Ali, Maryam, Hasan, Fatemeh, Zahra, Reza, Sara, Amir; Rezaei, Ahmadi, Karimi, Mousavi, Hosseini.
FIRST_NAMES = (
    "\u0639\u0644\u06cc",
    "\u0645\u0631\u06cc\u0645",
    "\u062d\u0633\u0646",
    "\u0641\u0627\u0637\u0645\u0647",
    "\u0632\u0647\u0631\u0627",
    "\u0631\u0636\u0627",
    "\u0633\u0627\u0631\u0627",
    "\u0627\u0645\u06cc\u0631",
)
LAST_NAMES = (
    "\u0631\u0636\u0627\u06cc\u06cc",
    "\u0627\u062d\u0645\u062f\u06cc",
    "\u06a9\u0631\u06cc\u0645\u06cc",
    "\u0645\u0648\u0633\u0648\u06cc",
    "\u062d\u0633\u06cc\u0646\u06cc",
)
# employed, shaghel (employed), bazneshaste (retired), vazife-begir (pensioner)
STATUSES = (
    "employed",
    "\u0634\u0627\u063a\u0644",
    "\u0628\u0627\u0632\u0646\u0634\u0633\u062a\u0647",
    "pensioner",
)
# hamsar (spouse), farzand (child)
SPOUSE, CHILD = "\u0647\u0645\u0633\u0631", "\u0641\u0631\u0632\u0646\u062f"

# What `refah import-employees` imports before it reads a row (besides the command line): every run pays it.
STARTUP_CODE = "import services.employees"
BARE_PARSE_CODE = """
import csv, sys
rows = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            rows += 1
print(rows)
"""


def _national_id(n: int) -> str:
    """The n-th of a million distinct valid national IDs (scrambled first nine digits, then the check)."""
    first_nine = f"{(n * 7_919 + 12_345_678) % 10**9:09d}"
    return first_nine + str(national_id_check_digit(first_nine))


def _sheba(n: int) -> str:
    """A valid Sheba for the n-th employee."""
    bban = f"0170{n:018d}"
    return f"IR{sheba_check_digits(bban)}{bban}"


def _jalali(rng: random.Random, first_year: int, last_year: int) -> str:
    """A Jalali date typed as people type it: slashes, sometimes Persian digits."""
    text = f"{rng.randint(first_year, last_year)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"
    return to_persian_digits(text) if rng.random() < 0.2 else text


def _employee_rows(count: int, rng: random.Random) -> Iterator[list[str]]:
    for n in range(count):
        member = rng.random() < 0.7
        yield [
            str(100_000 + n),
            _national_id(n),
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES),
            f"09{n + 100_000_000:09d}" if rng.random() < 0.8 else f"+98 9{n + 100_000_000:09d}",
            rng.choice(STATUSES),
            _jalali(rng, 1360, 1402)
            if rng.random() < 0.9
            else f"{rng.randint(1985, 2023)}-05-{rng.randint(10, 28)}",
            _jalali(rng, 1380, 1402) if member else "",
            f"{rng.randrange(0, 50) * 100_000:,}" if rng.random() < 0.1 else "0",
            _sheba(n) if rng.random() < 0.95 else "",  # some people never gave one
        ]


def _dependant_rows(count: int, rng: random.Random) -> Iterator[list[str]]:
    """About 1.5 dependants per employee: a spouse for half of them, a child for every one."""
    own = count
    for n in range(count):
        employee = _national_id(n)
        family = [(SPOUSE, 1340, 1380)] if n % 2 == 0 else []
        family.append((CHILD, 1370, 1402))
        for relation, first_year, last_year in family:
            yield [
                employee,
                _national_id(own),
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                relation,
                _jalali(rng, first_year, last_year),
            ]
            own += 1


def generate(directory: Path, count: int, seed: int = 1403) -> tuple[Path, Path]:
    """Write employees.csv and dependants.csv with ``count`` valid employees."""
    if count * 2.5 > 10**9:
        raise ValueError("too many rows for distinct national IDs")
    rng = random.Random(seed)
    employees, dependants = directory / "employees.csv", directory / "dependants.csv"
    with employees.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EMPLOYEE_HEADER)
        writer.writerows(_employee_rows(count, rng))
    with dependants.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DEPENDANT_HEADER)
        writer.writerows(_dependant_rows(count, rng))
    return employees, dependants


@dataclass(frozen=True)
class Run:
    """One subprocess: wall seconds, CPU seconds (user + system) and its own peak resident set size."""

    seconds: float
    cpu: float
    peak_mib: float


def refah() -> list[str]:
    """The `refah` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("refah")
    found = str(script) if script.exists() else shutil.which("refah")
    if found is None:
        raise SystemExit("no `refah` command: install the project first (make lint)")
    return [found]


def run_child(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion (its output to a file, never a full pipe); fail loudly if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(
            child.pid, 0
        )  # this child's own rusage, not RUSAGE_CHILDREN's running max
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            output.seek(0)
            raise RuntimeError(f"{argv[:3]} failed ({child.returncode}):\n{output.read()[-3000:].decode()}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # maxrss: KiB on Linux


def _median(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mib for r in runs),
    )


def measure(count: int, repeat: int) -> None:
    """Generate, run everything ``repeat`` times, print medians and ratios."""
    with tempfile.TemporaryDirectory(prefix="refah-bench-") as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        employees, dependants = generate(directory, count)
        generated = time.perf_counter() - start
        size_mib = (employees.stat().st_size + dependants.stat().st_size) / 2**20
        print(
            f"\n{count:,} employees (+ ~{count * 3 // 2:,} dependants), {size_mib:.1f} MiB CSV, "
            f"generated in {generated:.1f} s"
        )
        bare, startup, imports = [], [], []
        for i in range(repeat):
            bare.append(run_child([sys.executable, "-c", BARE_PARSE_CODE, str(employees), str(dependants)]))
            startup.append(run_child([sys.executable, "-c", STARTUP_CODE]))
            database = directory / f"bench-{i}.sqlite3"
            env = {**os.environ, "DATABASE_PATH": str(database)}
            imports.append(
                run_child(
                    [*refah(), "import-employees", str(employees), "--dependants", str(dependants)], env
                )
            )
            database.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        b, s, r = _median(bare), _median(startup), _median(imports)
        print(f"  {'':28}{'wall':>9}{'cpu':>9}{'peak RSS':>11}   ratio to the bare parse: wall, cpu")
        for name, run in (
            ("bare csv parse (baseline)", b),
            ("start-up only (imports)", s),
            ("refah import-employees", r),
        ):
            print(
                f"  {name:28}{run.seconds:8.2f}s{run.cpu:8.2f}s{run.peak_mib:7.0f} MiB   "
                f"{run.seconds / b.seconds:6.1f}x {run.cpu / b.cpu:6.1f}x"
            )
        net_wall, net_cpu = max(r.seconds - s.seconds, 0.0), max(r.cpu - s.cpu, 0.0)
        print(
            f"  {'import less start-up':28}{net_wall:8.2f}s{net_cpu:8.2f}s{'':11}   "
            f"{net_wall / b.seconds:6.1f}x {net_cpu / b.cpu:6.1f}x"
        )
        print(
            f"  wall per run: {', '.join(f'{x.seconds:.2f}' for x in imports)} s; "
            f"{r.seconds / count * 1000 * 1000:.1f} ms per 1,000 employees (median)"
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and run the sizes asked for."""
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="employees per run (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians are printed")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); medians of {args.repeat} run(s)")
    for count in args.rows or DEFAULT_SIZES:
        measure(count, args.repeat)


if __name__ == "__main__":
    main()
