"""Time the health score of a whole portfolio as of one date.

    .venv/bin/python bench/bench_health.py                     # 50,000 accounts
    .venv/bin/python bench/bench_health.py --accounts 5000 --repeat 3

It makes a fresh SQLite database under /tmp (or uses DATABASE_URL: point that at an empty
scratch database), fills it with a portfolio of --accounts customers, one in ten a key
account, with 24 months of shipments (two services a month), contacts, a year of logged
interactions, teams, plans and timeline changes, and then times, per repeat, the same call
the snapshots, the backtest and the digest make: `health_results` for every account as of
one date, split into reading the facts and scoring them.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 6, 15)
MONTHS = [date(2024 + (5 + i) // 12, (5 + i) % 12 + 1, 1) for i in range(24)]  # Jun 24-May 26
SEASON = {1: 0.85, 2: 0.85, 3: 0.95, 4: 0.95, 5: 1.0, 6: 0.95,
          7: 0.8, 8: 0.9, 9: 1.0, 10: 1.05, 11: 1.55, 12: 1.7}  # fmt: skip


def django_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(DJANGO_SETTINGS_MODULE="nokkel.settings.dev", DJANGO_DEBUG="false")
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def portfolio_create(count: int, seed: int = 2026) -> None:
    """The bench portfolio, written in bulk (this is setup, not a use of the services)."""
    from django.db import connection, transaction

    from nokkel.accounts.models import Account, Segment
    from nokkel.shipments.services import account_months_refresh
    from nokkel.users.models import User

    rng = random.Random(seed)
    kams = [
        User.objects.create(username=f"kam{i}", role="kam", email=f"kam{i}@bench.example")
        for i in range(20)
    ]
    segment = Segment.objects.create(name="Bench")
    registered = _moment(date(2023, 1, 1))
    Account.objects.bulk_create(
        [
            Account(
                name=f"Bench {i:06d} AS",
                customer_number=f"B{i:07d}",
                status="customer",
                segment=segment,
                is_key_account=i % 10 == 0,
                kam=kams[i % len(kams)],
                deputy=kams[(i + 1) % len(kams)] if i % 10 == 0 else None,
            )
            for i in range(count)
        ],
        batch_size=5_000,
    )
    ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    Account.objects.update(created_at=registered)
    with transaction.atomic(), connection.cursor() as cursor:
        # Month by month, as monthly imports add them: an account's rows lie far apart.
        shippers = [
            (
                pk,
                (120 if n % 10 == 0 else 8) * rng.lognormvariate(0, 0.8),
                rng.choice((0.02, -0.02, 0.0, 0.003, -0.003)),
                18 if rng.random() < 0.01 else None,
            )
            for n, pk in enumerate(ids)
        ]
        rows = []
        for i, month in enumerate(MONTHS):
            for pk, level, growth, lost_from in shippers:
                parcels = level * SEASON[month.month] * (1 + growth) ** i
                if lost_from is not None and i >= lost_from:
                    parcels *= 0.3
                for service, share in (("overnight", 0.7), ("pickup_point", 0.3)):
                    part = round(parcels * share)
                    rows.append((pk, month, service, "Oslo", part, part * 69, part * 50, part))
        cursor.executemany(
            "INSERT INTO shipments_shipmentmonth (account_id, month, service, zone, parcels, "
            "revenue, cost, weight_kg) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        # The monthly totals, as the import keeps them beside the figures.
        account_months_refresh(account_ids=ids, first_month=MONTHS[0], last_month=MONTHS[-1])
        contacts, interactions, links, members, plans, events = [], [], [], [], [], []
        contact_id = interaction_id = 0
        roles = ("decision_maker", "champion", "user", "influencer")
        for n, pk in enumerate(ids):
            key = n % 10 == 0
            mine = []
            for c in range(3 if key else 1):
                contact_id += 1
                left = date(2026, 3, 1) if key and rng.random() < 0.03 else None
                contacts.append(
                    (contact_id, pk, f"Person {contact_id}", roles[c % 4], "neutral",
                     '["professional"]', left is None, left, registered, registered)
                )  # fmt: skip
                mine.append(contact_id)
            day = AS_OF - timedelta(days=rng.randint(1, 40))
            for _ in range(12 if key else 2):
                interaction_id += 1
                interactions.append((interaction_id, pk, "meeting", _moment(day), "Kvartalsmøte",
                                     "[]", "{}", registered, registered))  # fmt: skip
                links.append((interaction_id, rng.choice(mine)))
                day -= timedelta(days=rng.randint(15, 45) if key else rng.randint(90, 200))
            if key:
                members.append((pk, kams[(n + 2) % len(kams)].pk, "operations", date(2024, 1, 1)))
                plans.append((pk, "active", date(2026, 1, 1), date(2026, 12, 31),
                              _moment(date(2026, 1, 5)), date(2026, 9, 1)))  # fmt: skip
                events.append((pk, "deputy_changed", _moment(date(2025, 1, 1)),
                               '{"old": "", "new": "A Deputy"}'))  # fmt: skip
        cursor.executemany(
            "INSERT INTO accounts_contact (id, account_id, name, buying_role, sentiment, "
            "relationship_forms, active, left_on, created_at, updated_at, title, email, phone, "
            "version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', 1)",
            contacts,
        )
        cursor.executemany(
            "INSERT INTO activities_interaction (id, account_id, kind, happened_at, summary, "
            "relationship_forms, key_areas, created_at, updated_at, outcome, next_step, "
            "confidential, source, email_message_id, version) VALUES (%s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, '', '', FALSE, 'manual', '', 1)",
            interactions,
        )
        cursor.executemany(
            "INSERT INTO activities_interaction_contacts (interaction_id, contact_id) "
            "VALUES (%s, %s)",
            links,
        )
        cursor.executemany(
            "INSERT INTO accounts_teammembership (account_id, user_id, role, started_on) "
            "VALUES (%s, %s, %s, %s)",
            members,
        )
        cursor.executemany(
            "INSERT INTO plans_customerplan (account_id, status, period_start, period_end, "
            "activated_at, next_review_on, customer_goals, relationship_forms, version, "
            "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, '', '[]', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            plans,
        )
        cursor.executemany(
            "INSERT INTO timeline_timelineevent (account_id, kind, happened_at, data, "
            "confidential, recorded_at) VALUES (%s, %s, %s, %s, FALSE, CURRENT_TIMESTAMP)",
            events,
        )
    print(
        f"  {len(rows):,} monthly shipment rows, {len(contacts):,} contacts, "
        f"{len(interactions):,} interactions, {len(plans):,} plans"
    )


def statistics_update() -> None:
    """Planner statistics, as a database in use has them (PostgreSQL's autovacuum, SQLite's
    PRAGMA optimize): right after a bulk load the first reads are not representative."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def time_scoring(count_expected: int) -> tuple[float, float, int, int]:
    """(seconds in all, of which reading the facts, accounts, queries) for every account,
    through the same selector the snapshots, the backtest and the digest use."""
    from django.db import connection, reset_queries

    from nokkel.accounts.models import Account
    from nokkel.health import selectors
    from nokkel.health.facts import Batch

    read: list[float] = []
    real_facts = selectors.health_facts

    def timed_facts(**kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return real_facts(**kwargs)  # type: ignore[arg-type]
        finally:
            read.append(time.perf_counter() - started)

    selectors.health_facts = timed_facts  # type: ignore[assignment]
    connection.force_debug_cursor = True
    reset_queries()
    started = time.perf_counter()
    batch = Batch(Account.objects.values_list("pk", flat=True))
    results = selectors.health_results(account_ids=batch, as_of=AS_OF)
    total = time.perf_counter() - started
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    selectors.health_facts = real_facts
    assert len(results) == count_expected
    return total, read[0], len(results), queries


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform(terse=True)}, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="nokkel-bench-health-", dir="/tmp"))
    env = django_env(workdir)
    print(machine())
    print(f"work directory {workdir}; database {env['DATABASE_URL'].split('@')[-1]}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    setup_django(env)
    portfolio_create(args.accounts)
    statistics_update()
    print(f"setup: {args.accounts:,} accounts in {time.perf_counter() - started:.1f} s")
    print("run  total s  facts s  scoring s  accounts  queries")
    totals = []
    for run in range(1, args.repeat + 1):
        total, read, accounts, queries = time_scoring(args.accounts)
        totals.append(total)
        print(
            f"{run:>3}  {total:7.2f}  {read:7.2f}  {total - read:9.2f}  {accounts:8,}  {queries:7}"
        )
    print(f"best {min(totals):.2f} s for {args.accounts:,} accounts (target ≤ 10 s)")


if __name__ == "__main__":
    main()
