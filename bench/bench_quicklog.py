"""Quick-log preview latency with 50,000 accounts in the database.

    .venv/bin/python bench/bench_quicklog.py --accounts 50000 --samples 300

Builds a scratch SQLite database (or uses DATABASE_URL), fills it with accounts and
contacts in bulk, then times `nokkel.activities.selectors.quick_log_parse` (the whole
preview: the candidate look-ups through the access door plus the pure parser) for a KAM
and for a sales manager who sees everything, over a mix of Norwegian and English lines.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINES = (
    "Møte med {contact} i går, diskuterte helgelevering. Neste: send tilbud fredag",
    "call with {first} ({account}) — complaint about late deliveries in Bergen; follow up 14.03",
    "Ringte {account} om returløsning, neste uke følger jeg opp",
    "video meeting with {contact} yesterday about integration; next: send API docs tomorrow",
    "Lunsj med {first} fra {account}, fornøyd med leveransene",
    "{customer_number}: kvartalsmøte i dag, neste: book befaring om 2 uker",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        db = Path(tempfile.mkdtemp(prefix="nokkel-bench-")) / "quicklog.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nokkel.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from nokkel.accounts.models import Account, Contact, Segment
    from nokkel.activities.selectors import quick_log_parse
    from nokkel.users.models import User

    rng = random.Random(7)
    segment = Segment.objects.create(name="Netthandel")
    kams = [User.objects.create(username=f"kam{i}", role="kam") for i in range(50)]
    manager = User.objects.create(username="sara", role="sales_manager")
    segment.sales_managers.add(manager)
    words = ("Fjell", "Fjord", "Nord", "Sol", "Kyst", "Bok", "Sport", "Hjem", "Mote", "Lys")
    tails = ("huset", "handel", "butikken", "kolonial", "design", "gruppen", "basaren")
    started = time.perf_counter()
    Account.objects.bulk_create(
        [
            Account(
                name=f"{rng.choice(words)}{rng.choice(tails)} {i} AS",
                customer_number=f"K{100000 + i}",
                status="customer",
                segment=segment,
                kam=kams[i % len(kams)],
            )
            for i in range(args.accounts)
        ],
        batch_size=5_000,
    )
    first_names = ("Kari", "Per", "Ola", "Nora", "Lars", "Ingrid", "Anne", "Jonas")
    last_names = ("Hansen", "Olsen", "Berg", "Dahl", "Lie", "Moen", "Strand")
    ids = list(Account.objects.values_list("pk", flat=True))
    Contact.objects.bulk_create(
        [
            Contact(
                account_id=pk,
                name=f"{rng.choice(first_names)} {rng.choice(last_names)}",
                active=True,
            )
            for pk in ids
            for _ in range(2)
        ],
        batch_size=10_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {args.accounts} accounts in {time.perf_counter() - started:.1f} s")

    accounts = list(Account.objects.values_list("pk", "name", "customer_number", "kam_id")[:5000])
    contacts = dict(
        Contact.objects.filter(account_id__in=[a[0] for a in accounts]).values_list(
            "account_id", "name"
        )
    )
    users = {u.pk: u for u in kams}
    for who, label in ((None, "KAM (1,000 accounts)"), (manager, "sales manager (all)")):
        timings = []
        for _ in range(args.samples):
            pk, name, number, kam_id = rng.choice(accounts)
            contact = contacts.get(pk, "Kari Hansen")
            text = rng.choice(LINES).format(
                contact=contact,
                first=contact.split()[0],
                account=name.rsplit(" ", 2)[0],
                customer_number=number,
            )
            user = who or users[kam_id]
            t0 = time.perf_counter()
            quick_log_parse(user=user, text=text, reference_date=date(2026, 3, 11))
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:<24} n={len(timings)}  p50 {statistics.median(timings):6.1f} ms  "
            f"p95 {p95:6.1f} ms  max {timings[-1]:6.1f} ms"
        )


if __name__ == "__main__":
    main()
