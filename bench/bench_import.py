"""Time the shipment import against DuckDB alone, on the same file, in one run.

    .venv/bin/python bench/bench_import.py --rows 10000000
    .venv/bin/python bench/bench_import.py --rows 1000000 --norwegian --repeat 3

It makes a fresh SQLite database under /tmp (or uses DATABASE_URL: point that at an
empty scratch database, whose shipment imports, figures and classes are deleted),
creates --accounts accounts with the customer numbers the generator uses, writes the
file once with generate_shipments.py, and then times, per repeat:

(a) DuckDB alone: one query that reads the file, parses the same columns the same way
    the import does (dates, service names, numbers with a decimal comma or point) and
    sums them per customer × month × service × zone into a DuckDB table;
(b) the full `python manage.py import_shipments PATH --json` in a subprocess, with its
    peak resident memory.

Before each import the shipment tables are emptied, so every run is a first import
of the file (not a duplicate of the previous one).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_shipments import customer_number, generate  # noqa: E402

AS_OF = date(2026, 1, 15)  # the generated year is 2025: its 12 months are the ABC window


def django_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="nokkel.settings.dev",
        DJANGO_DEBUG="false",
        NOKKEL_MEDIA_ROOT=str(workdir / "media"),
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def accounts_create(count: int) -> None:
    """`count` customers with the generator's customer numbers (bulk: this is setup)."""
    from nokkel.accounts.models import Account, AccountStatus

    wanted = {customer_number(i) for i in range(count)}
    have = set(
        Account.objects.filter(customer_number__in=wanted).values_list("customer_number", flat=True)
    )
    Account.objects.bulk_create(
        [
            Account(
                name=f"Bench {number} AS", customer_number=number, status=AccountStatus.CUSTOMER
            )
            for number in sorted(wanted - have)
        ],
        batch_size=5_000,
    )


def shipment_tables_empty() -> None:
    from django.db import connection

    from nokkel.portfolio.models import AccountClassification
    from nokkel.shipments.models import AccountMonth, ShipmentImport, ShipmentMonth

    ShipmentMonth.objects.all().delete()
    AccountMonth.objects.all().delete()
    ShipmentImport.objects.all().delete()
    AccountClassification.objects.all().delete()
    if connection.vendor == "postgresql":
        # The deleted rows' index entries would slow the next insert down; autovacuum
        # clears them between two imports, so a first import finds a clean table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    connection.close()


def duckdb_alone(path: Path) -> tuple[float, int]:
    """(seconds, groups) for one DuckDB query aggregating the file to the monthly grain.

    The file is opened as the import opens it (same CSV options, decimal mark and date
    formats) and its columns are parsed with the import's own expressions, so both
    sides parse the same way; the baseline leaves out the checks, the shipment ids,
    the customers and Django. Only the query is timed, not the opening.
    """
    import duckdb

    from nokkel.shipments.reading import DUCKDB_CONFIG, ReadOptions, open_source
    from nokkel.shipments.validation.parsing import parsed_columns, raw_columns

    with (
        tempfile.TemporaryDirectory() as workdir,
        duckdb.connect(config=dict(DUCKDB_CONFIG)) as con,
    ):
        source = open_source(
            con, path=path, kind="csv", options=ReadOptions(), workdir=Path(workdir)
        )
        parsed = parsed_columns(decimal=source.decimal, date_formats=source.date_formats)
        query = f"""
            CREATE TEMP TABLE monthly AS
            SELECT customer_number, org_number, month, service, zone, count(*) AS parcels,
                   sum(price_nok) AS revenue, sum(cost_nok) AS cost, sum(weight_kg) AS weight_kg
            FROM (SELECT *, CAST(date_trunc('month', shipped_on) AS DATE) AS month
                  FROM (SELECT {parsed} FROM (SELECT {raw_columns(source)} FROM {source.relation})))
            GROUP BY ALL
        """
        started = time.perf_counter()
        con.execute(query)
        seconds = time.perf_counter() - started
        row = con.execute("SELECT count(*) FROM monthly").fetchone()
    return seconds, row[0] if row else 0


def import_command(
    env: dict[str, str], path: Path, manage_py: Path, extra: list[str]
) -> tuple[float, float, int, dict[str, Any]]:
    """(seconds, CPU seconds, peak RSS in bytes, the JSON summary) of one
    `manage.py import_shipments` in a subprocess."""
    command = [
        sys.executable,
        str(manage_py),
        "import_shipments",
        str(path),
        "--json",
        "--as-of",
        AS_OF.isoformat(),
        *extra,
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, cwd=manage_py.parent)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import_shipments failed:\n{output.decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, json.loads(output)


def import_phases(path: Path, options: dict[str, Any]) -> list[tuple[str, float, float]]:
    """The import run in this process, timed per step (seconds, CPU seconds): storing
    (the checksum), then each phase the progress callback reports."""
    from nokkel.shipments.services import shipment_import_create, shipment_import_run

    marks: list[tuple[str, float, float]] = [("storing", time.perf_counter(), cpu_seconds())]
    shipment_import = shipment_import_create(uploaded_file_path=path, options=options)
    shipment_import_run(
        shipment_import=shipment_import,
        today=AS_OF,
        progress=lambda _percent, phase: marks.append((phase, time.perf_counter(), cpu_seconds())),
    )
    return [
        (phase, wall_next - wall, cpu_next - cpu)
        for (phase, wall, cpu), (_next, wall_next, cpu_next) in itertools.pairwise(marks)
    ]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine() -> str:
    import duckdb

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform(terse=True)}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=1_000)
    parser.add_argument("--norwegian", action="store_true", help="a Norwegian-style file")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--phases", action="store_true", help="also time the import's steps")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--check-repeated-ids",
        action="store_true",
        help="time the import with its option to count rows that repeat a shipment id",
    )
    parser.add_argument(
        "--manage",
        type=Path,
        default=ROOT / "manage.py",
        help="the manage.py whose import is timed (another checkout, to compare)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nokkel-bench-", dir="/tmp"))
    env = django_env(workdir)
    print(machine())
    print(f"work directory {workdir}; database {env['DATABASE_URL'].split('@')[-1]}")
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        setup_django(env)
        accounts_create(args.accounts)
        print(
            f"setup: migrated, {args.accounts:,} accounts in {time.perf_counter() - started:.1f} s"
        )
        path = workdir / ("forsendelser.csv" if args.norwegian else "shipments.csv")
        started = time.perf_counter()
        generate(
            args.rows, path, accounts=args.accounts, year=AS_OF.year - 1, norwegian=args.norwegian
        )
        megabytes = path.stat().st_size / 1e6
        seconds = time.perf_counter() - started
        print(f"file: {args.rows:,} rows, {megabytes:,.0f} MB, written in {seconds:.1f} s")

        print("run  (a) DuckDB s (CPU)  (b) import s (CPU)  b / a  peak RSS   load")
        for run in range(1, args.repeat + 1):
            shipment_tables_empty()
            cpu = cpu_seconds()
            baseline, groups = duckdb_alone(path)
            baseline_cpu = cpu_seconds() - cpu
            extra = ["--check-repeated-ids"] if args.check_repeated_ids else []
            seconds, import_cpu, peak, summary = import_command(env, path, args.manage, extra)
            if summary["status"] != "succeeded" or summary["counts"]["rows"] != args.rows:
                raise SystemExit(f"unexpected import result: {json.dumps(summary)[:2000]}")
            print(
                f"{run:>3}  {baseline:>10.2f} ({baseline_cpu:>5.1f})  "
                f"{seconds:>10.2f} ({import_cpu:>5.1f})  {seconds / baseline:>5.2f}  "
                f"{peak / 2**20:>5.0f} MB  {os.getloadavg()[0]:>5.2f}"
            )
        counts = summary["counts"]
        print(
            f"{counts['aggregates']:,} monthly figures written for {counts['accounts']:,} "
            f"accounts ({groups:,} groups in the baseline)"
        )
        if args.phases:
            shipment_tables_empty()
            phases = import_phases(path, {"check_repeated_ids": args.check_repeated_ids})
            print(
                "steps in this process, s (CPU s): "
                + ", ".join(f"{name} {wall:.2f} ({cpu:.2f})" for name, wall, cpu in phases)
            )
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
