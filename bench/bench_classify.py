"""Time recomputing the ABC/XYZ classes (portfolio_classify) for a large portfolio.

    .venv/bin/python bench/bench_classify.py --accounts 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nokkel_bench \\
        .venv/bin/python bench/bench_classify.py --accounts 50000

It makes a fresh SQLite database under /tmp (or uses DATABASE_URL: point that at an
empty scratch database; its accounts, figures and classes are replaced), creates
--accounts accounts and 12 months of monthly figures for each (--grains service ×
zone figures per account and month, with skewed revenue so the ABC classes are
realistic), and then times portfolio_classify, --repeat times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 1, 15)  # the window: January to December 2025
SERVICES = ("overnight", "pickup_point", "express", "weekend", "return")
ZONES = ("Oslo", "Østlandet", "Sørlandet", "Vestlandet", "Trøndelag", "Nord-Norge")


def portfolio_create(accounts: int, grains: int, *, vacuum: bool) -> int:
    """`accounts` customers with 12 months of figures each; returns the figures made.

    The figures are made in DuckDB and stored the way an import stores them.
    """
    import duckdb
    from django.db import connection, transaction

    from nokkel.accounts.models import Account, AccountStatus
    from nokkel.portfolio.models import AccountClassification
    from nokkel.portfolio.windows import trailing_months
    from nokkel.shipments.models import AccountMonth, ShipmentImport, ShipmentMonth
    from nokkel.shipments.services import account_months_refresh, shipment_months_insert
    from nokkel.shipments.validation import grain_batches

    combos = [(s, z) for s in SERVICES for z in ZONES][:grains]
    with transaction.atomic(), duckdb.connect() as con:
        AccountClassification.objects.all().delete()
        ShipmentMonth.objects.all().delete()
        AccountMonth.objects.all().delete()
        ShipmentImport.objects.all().delete()
        Account.objects.all().delete()
        Account.objects.bulk_create(
            [
                Account(
                    name=f"Bench {n} AS", customer_number=f"B{n}", status=AccountStatus.CUSTOMER
                )
                for n in range(accounts)
            ],
            batch_size=5_000,
        )
        ids = sorted(Account.objects.values_list("pk", flat=True))
        months = [month.isoformat() for month in trailing_months(AS_OF)]
        # A Pareto-like tail of sizes; steady shippers, seasonal ones and ones shipping
        # every third month (XYZ classes X, Y and Z).
        con.execute(
            """CREATE TABLE grains AS
               WITH volumes AS (
                   SELECT account_id, CAST(month AS DATE) AS month, service, zone,
                          1e6 / (rank + 1) / combo * CASE rank % 3
                              WHEN 0 THEN 1 + 0.1 * (m % 4 - 1.5)
                              WHEN 1 THEN 1 + 0.6 * (m % 4 - 1.5)
                              ELSE 3.0 * (m % 3 = 0)::INTEGER END AS volume
                   FROM (SELECT unnest($ids) AS account_id, generate_subscripts($ids, 1) - 1
                                AS rank),
                        (SELECT unnest($months) AS month, generate_subscripts($months, 1) - 1
                                AS m),
                        (SELECT unnest($services) AS service, unnest($zones) AS zone,
                                generate_subscripts($zones, 1) AS combo))
               SELECT account_id, month, service, zone,
                      CAST(round(volume / 50) AS BIGINT) AS parcels,
                      CAST(volume AS DECIMAL(18, 4)) AS revenue, NULL::DECIMAL(18, 4) AS cost,
                      1.0::DECIMAL(18, 4) AS weight_kg
               FROM volumes""",
            {
                "ids": ids,
                "months": months,
                "services": [service for service, _zone in combos],
                "zones": [zone for _service, zone in combos],
            },
        )
        encoding = "csv" if connection.vendor == "postgresql" else "json"
        made = sum(
            shipment_months_insert(figures)
            for figures in grain_batches(con, shipment_import_id=None, encoding=encoding)
        )
        # The monthly totals, as the import keeps them beside the figures.
        account_months_refresh(
            account_ids=ids,
            first_month=date.fromisoformat(months[0]),
            last_month=date.fromisoformat(months[-1]),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum soon does after a bulk load (PostgreSQL 13 and newer vacuum
            # tables that only grew, too): statistics, and the visibility map that lets
            # the classification read the totals from their index alone.
            # --no-vacuum: only the statistics, as right after the load.
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    connection.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--grains", type=int, default=4, help="figures per account and month")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="PostgreSQL: ANALYZE only after the load, and no VACUUM between runs",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nokkel-bench-", dir="/tmp"))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(DJANGO_SETTINGS_MODULE="nokkel.settings.dev", DJANGO_DEBUG="false")
    os.environ.update(env)
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        import django

        django.setup()
        from django.db import connection

        from nokkel.portfolio.models import AccountClassification
        from nokkel.portfolio.services import portfolio_classify

        started = time.perf_counter()
        made = portfolio_create(args.accounts, args.grains, vacuum=not args.no_vacuum)
        print(
            f"{connection.vendor}: {args.accounts:,} accounts, {made:,} monthly figures "
            f"made in {time.perf_counter() - started:.1f} s"
        )
        for run in range(1, args.repeat + 1):
            if run > 1 and connection.vendor == "postgresql" and not args.no_vacuum:
                # Each run replaces 50,000 rows; autovacuum clears the dead ones within
                # a minute, long before the next recompute (after an import, or nightly).
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM portfolio_accountclassification")
            started = time.perf_counter()
            classified = portfolio_classify(as_of=AS_OF)
            seconds = time.perf_counter() - started
            print(f"run {run}: portfolio_classify {seconds:.2f} s ({classified:,} accounts)")
        classes = AccountClassification.objects.values_list("abc_class", "xyz_class")
        tally: dict[str, int] = {}
        for abc, xyz in classes:
            tally[f"{abc or '-'}{xyz or '-'}"] = tally.get(f"{abc or '-'}{xyz or '-'}", 0) + 1
        print("classes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(tally.items())))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
