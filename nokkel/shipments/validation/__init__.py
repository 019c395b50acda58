"""Checking and summing shipment rows inside DuckDB; the rows never pass through Python.

- parsing: how raw text becomes values and what makes a row invalid, as SQL.
- scan: the fast pass, one streaming read that checks and sums every row.
- detail: the detailed pass for a file with invalid rows: lines, reasons, the
  rejected-rows file.
- figures: from the valid rows' sums to the figures stored per account and the
  report on unknown customers.
"""

from nokkel.shipments.validation.detail import (
    BAD_ROWS_SHOWN,
    bad_rows,
    reason_text,
    rejected_rows_write,
    rows_monthly_create,
    rows_repeated_ids,
    rows_table_create,
)
from nokkel.shipments.validation.figures import (
    COUNTS,
    UNKNOWN_SHOWN,
    Identifier,
    Period,
    accounts_assign,
    customer_identifiers,
    empty_counts,
    empty_report,
    figures_report,
    grain_accounts,
    grain_batches,
    money,
    valid_period,
)
from nokkel.shipments.validation.parsing import REASONS, SERVICE_ALIASES, ZONE_MAX_LENGTH
from nokkel.shipments.validation.scan import (
    RowCounts,
    file_scan,
    scanned_drop,
    scanned_repeated_ids,
)

__all__ = [
    "BAD_ROWS_SHOWN",
    "COUNTS",
    "REASONS",
    "SERVICE_ALIASES",
    "UNKNOWN_SHOWN",
    "ZONE_MAX_LENGTH",
    "Identifier",
    "Period",
    "RowCounts",
    "accounts_assign",
    "bad_rows",
    "customer_identifiers",
    "empty_counts",
    "empty_report",
    "figures_report",
    "file_scan",
    "grain_accounts",
    "grain_batches",
    "money",
    "reason_text",
    "rejected_rows_write",
    "rows_monthly_create",
    "rows_repeated_ids",
    "rows_table_create",
    "scanned_drop",
    "scanned_repeated_ids",
    "valid_period",
]
