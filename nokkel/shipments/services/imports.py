"""Running shipment imports: a file stored, checked and summed, its figures replaced.

An import is all or nothing: a file with invalid rows is rejected whole (unless the
user asked to skip them), and the monthly figures are written in one transaction, so
a run killed half-way leaves the figures as they were. Raw rows are read and summed
by DuckDB (the reading and validation packages); only the monthly aggregates reach
the database.

A valid file is read once: one streaming DuckDB pass checks every row and sums the
rows per customer × month × service × zone. Only a file with invalid rows is read
again, into a table that keeps each row's line, for the report and the
rejected-rows file.

Rows that repeat a shipment id are counted when the user asks (check_repeated_ids):
the ids of every row must then be kept and sorted, which makes a large import about
a fifth slower (bench/README.md).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import duckdb
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nokkel.portfolio.services import portfolio_classify
from nokkel.shipments.models import ImportStatus, ShipmentImport
from nokkel.shipments.reading import (
    ALLOWED_SUFFIXES,
    FileRejectedError,
    ReadOptions,
    Source,
    copy_with_checksum,
    duckdb_connection,
    file_checksum,
    file_kind,
    open_source,
)
from nokkel.shipments.selectors import (
    customer_identifiers_resolve,
    shipment_import_duplicate_of,
)
from nokkel.shipments.services.saving import shipment_months_replace
from nokkel.shipments.validation import (
    Period,
    RowCounts,
    accounts_assign,
    bad_rows,
    customer_identifiers,
    empty_counts,
    empty_report,
    figures_report,
    file_scan,
    rejected_rows_write,
    rows_monthly_create,
    rows_repeated_ids,
    rows_table_create,
    scanned_drop,
    scanned_repeated_ids,
    valid_period,
)
from nokkel.users.models import User

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], None]
"""Called with (percent, phase) at each stage, for a progress bar."""

PHASES = {
    "reading": (5, gettext_lazy("Reading the file")),
    "validating": (30, gettext_lazy("Checking the rows")),
    "aggregating": (45, gettext_lazy("Summing per month")),
    "matching_customers": (60, gettext_lazy("Matching customers")),
    "saving": (75, gettext_lazy("Saving the figures")),
    "classifying": (90, gettext_lazy("Recomputing ABC classes")),
    "done": (100, gettext_lazy("Done")),
}
FLAG_OPTIONS = ("skip_invalid", "dry_run", "check_repeated_ids")
_FINISHED_FIELDS = [
    "status",
    "counts",
    "report",
    "progress",
    "phase",
    "rejected_rows_path",
    "period_start",
    "period_end",
    "error",
    "finished_at",
]


def imports_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def import_options_clean(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options as stored on the import; ValidationError naming a bad one."""
    known = {*FLAG_OPTIONS, "encoding", "delimiter", "decimal", "date_format", "language"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValidationError(_("Unknown import options: %s.") % ", ".join(unknown))
    try:
        reading = ReadOptions.from_mapping(options).as_dict()
    except ValueError as error:
        raise ValidationError(str(error)) from None
    cleaned: dict[str, Any] = {flag: bool(options.get(flag)) for flag in FLAG_OPTIONS}
    cleaned.update(reading)
    if options.get("language") in dict(settings.LANGUAGES):
        cleaned["language"] = options["language"]
    return cleaned


def shipment_import_create(
    *,
    uploaded_file_path: str | os.PathLike[str] | None = None,
    file: IO[bytes] | File | None = None,
    file_name: str | None = None,
    actor: User | None = None,
    options: Mapping[str, Any] | None = None,
) -> ShipmentImport:
    """Record a queued import of a shipment file, with the file's sha256 checksum.

    Give either the path of a file or an open binary file. An open file (an upload)
    is copied under MEDIA_ROOT/imports/, its checksum computed on the way. A path is
    read where it is, once, for its checksum, and not copied: the caller keeps the
    file until the import has run. Raises ValidationError for a file type that cannot
    be imported or for bad options; nothing is stored then.
    """
    if (uploaded_file_path is None) == (file is None):
        raise TypeError("Give exactly one of uploaded_file_path and file.")
    name = file_name or (
        Path(uploaded_file_path).name
        if uploaded_file_path is not None
        else str(getattr(file, "name", "") or "")
    )
    name = Path(name).name
    if file_kind(name) is None:
        raise ValidationError(
            {"file": _("Only these files can be imported: %s.") % ", ".join(ALLOWED_SUFFIXES)},
            code="file_type",
        )
    shipment_import = ShipmentImport.objects.create(
        file_name=name[:255], uploaded_by=actor, options=import_options_clean(options or {})
    )
    if uploaded_file_path is not None:
        target = Path(uploaded_file_path).resolve()
    else:
        target = imports_dir() / f"{shipment_import.pk}-{get_valid_filename(name)[-100:]}"
    try:
        if file is None:
            checksum, size = file_checksum(target)
        else:
            checksum, size = copy_with_checksum(file, target)
    except BaseException:
        if file is not None:
            target.unlink(missing_ok=True)
        shipment_import.delete()
        raise
    shipment_import.stored_path, shipment_import.checksum = str(target), checksum
    shipment_import.size_bytes = size
    shipment_import.save(update_fields=["stored_path", "checksum", "size_bytes"])
    return shipment_import


@dataclass
class _Outcome:
    status: str
    counts: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    period: Period | None = None
    rejected_rows_path: str = ""


class _Steps:
    """Moves the import's progress where a poller sees it, and the caller's bar."""

    def __init__(self, import_id: int, callback: ProgressCallback | None) -> None:
        self.import_id, self.callback = import_id, callback

    def __call__(self, phase: str) -> None:
        percent = PHASES[phase][0]
        ShipmentImport.objects.filter(pk=self.import_id).update(progress=percent, phase=phase)
        if self.callback is not None:
            self.callback(percent, phase)


def shipment_import_run(
    *, shipment_import: ShipmentImport, today: date, progress: ProgressCallback | None = None
) -> ShipmentImport:
    """Run a queued import to its end and return it with status, counts and report.

    succeeded: the known customers' monthly figures replaced those of the file's
    period, and the ABC classes were recomputed as of `today` (a dry run stores
    nothing). rejected: invalid rows or a file that cannot be read; nothing stored.
    duplicate: the same file was imported completely before; nothing changed.
    failed: an unexpected error, logged; nothing stored unless it came after saving.
    An import that is not queued any more is returned as it is.
    """
    if shipment_import.status != ImportStatus.QUEUED:
        logger.warning(
            "Shipment import %s is %s, not run again", shipment_import.pk, shipment_import.status
        )
        return shipment_import
    options = shipment_import.options
    earlier = shipment_import_duplicate_of(shipment_import=shipment_import)
    if earlier is not None and not options.get("dry_run"):
        report = empty_report()
        report["duplicate_of"] = earlier.pk
        report["messages"].append(
            _("This file was imported already (import %(id)s); nothing was changed.")
            % {"id": earlier.pk}
        )
        return _finish(shipment_import, _Outcome(ImportStatus.DUPLICATE, empty_counts(), report))
    shipment_import.status, shipment_import.started_at = ImportStatus.RUNNING, timezone.now()
    shipment_import.save(update_fields=["status", "started_at"])
    steps = _Steps(shipment_import.pk, progress)
    try:
        with tempfile.TemporaryDirectory(prefix="nokkel-import-") as workdir:
            outcome = _run(shipment_import, today=today, steps=steps, workdir=Path(workdir))
    except FileRejectedError as problem:
        report = empty_report()
        report["messages"].append(problem.message)
        report["missing_columns"] = list(problem.missing)
        outcome = _Outcome(ImportStatus.REJECTED, empty_counts(), report)
    except Exception as error:
        logger.exception("Shipment import %s failed", shipment_import.pk)
        report = empty_report()
        report["messages"].append(_("The import failed because of an error: %s") % error)
        shipment_import.error = f"{type(error).__name__}: {error}"
        outcome = _Outcome(ImportStatus.FAILED, empty_counts(), report)
    if earlier is not None:
        outcome.report["messages"].append(
            _("The same file was imported before (import %(id)s).") % {"id": earlier.pk}
        )
    _finish(shipment_import, outcome)
    if progress is not None:
        progress(100, "done")
    return shipment_import


def _finish(shipment_import: ShipmentImport, outcome: _Outcome) -> ShipmentImport:
    shipment_import.status = outcome.status
    shipment_import.counts, shipment_import.report = outcome.counts, outcome.report
    shipment_import.progress, shipment_import.phase = 100, "done"
    shipment_import.rejected_rows_path = outcome.rejected_rows_path
    if outcome.period is not None:
        shipment_import.period_start = outcome.period.start
        shipment_import.period_end = outcome.period.end
    shipment_import.finished_at = timezone.now()
    shipment_import.save(update_fields=_FINISHED_FIELDS)
    return shipment_import


def _run(shipment_import: ShipmentImport, *, today: date, steps: _Steps, workdir: Path) -> _Outcome:
    options = shipment_import.options
    dry_run = bool(options.get("dry_run"))
    outcome = _Outcome(ImportStatus.SUCCEEDED, empty_counts(), empty_report())
    counts, report = outcome.counts, outcome.report
    messages: list[str] = report["messages"]
    steps("reading")
    # Repeated shipment ids (when asked) are counted in the background, beside the saving.
    with duckdb_connection(workdir) as con, ThreadPoolExecutor(max_workers=1) as background:
        source = open_source(
            con,
            path=Path(shipment_import.stored_path),
            kind=file_kind(shipment_import.file_name) or "csv",
            options=ReadOptions.from_mapping(options),
            workdir=workdir,
        )
        report["reading"], report["columns"] = source.describe(), source.columns
        check_ids = bool(options.get("check_repeated_ids"))
        if check_ids and "shipment_id" not in source.columns:
            check_ids = False
            messages.append(
                _("The file has no shipment id column, so repeated ids were not counted.")
            )
        rows = file_scan(con, source, repeated_ids=check_ids)
        detailed = bool(rows.invalid_rows)
        if detailed:
            # Read the file again, keeping every row with its line, to say where.
            scanned_drop(con)
            rows = rows_table_create(con, source)
        steps("validating")
        if not _rows_accepted(con, source, rows, shipment_import=shipment_import, outcome=outcome):
            return outcome
        steps("aggregating")
        if detailed:
            rows_monthly_create(con)
        repeated = None
        if check_ids:
            # From here on DuckDB sorts the shipment ids on one core while the other
            # saves the figures: on both cores it would slow the saving down as much.
            con.execute("SET threads = 1")
            repeated = background.submit(_repeated_ids, con.cursor(), source, detailed=detailed)
        outcome.period = period = valid_period(con)
        assert period is not None  # there are valid rows
        report["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        counts["months"] = period.months
        repeated_at = len(messages)
        steps("matching_customers")
        customer_numbers, org_numbers = customer_identifiers(con)
        known = customer_identifiers_resolve(
            customer_numbers=customer_numbers, org_numbers=org_numbers
        )
        accounts_assign(con, known)
        figures_report(con, counts=counts, report=report)
        if dry_run:
            messages.append(_("Dry run: the file was checked and nothing was stored."))
        else:
            steps("saving")
            written, replaced = shipment_months_replace(
                con=con, shipment_import=shipment_import, period=period
            )
            counts.update(aggregates_written=written, aggregates_replaced=replaced)
            steps("classifying")
            portfolio_classify(as_of=today)
        if repeated is not None and (count := _repeated_count(repeated, shipment_import, messages)):
            messages.insert(
                repeated_at,
                ngettext(
                    "%(count)d row repeats a shipment id that appears earlier in the file.",
                    "%(count)d rows repeat a shipment id that appears earlier in the file.",
                    count,
                )
                % {"count": count},
            )
    return outcome


def _repeated_count(
    repeated: Future[int], shipment_import: ShipmentImport, messages: list[str]
) -> int:
    """The background count. Its failure does not fail the import, whose figures are
    stored by now: it is logged and said in the report."""
    try:
        return repeated.result()
    except duckdb.Error:
        logger.exception("Counting repeated shipment ids of import %s failed", shipment_import.pk)
        messages.append(_("The repeated shipment ids could not be counted."))
        return 0


def _repeated_ids(cursor: duckdb.DuckDBPyConnection, source: Source, *, detailed: bool) -> int:
    with cursor:
        return rows_repeated_ids(cursor) if detailed else scanned_repeated_ids(cursor, source)


def _rows_accepted(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    rows: RowCounts,
    *,
    shipment_import: ShipmentImport,
    outcome: _Outcome,
) -> bool:
    """Report the invalid rows (and write them out); False when the file is rejected."""
    options = shipment_import.options
    messages: list[str] = outcome.report["messages"]
    outcome.counts.update(
        rows=rows.rows, valid_rows=rows.valid_rows, invalid_rows=rows.invalid_rows
    )
    if rows.invalid_rows:
        outcome.report["bad_rows"] = bad_rows(con, source)
        if not options.get("dry_run"):
            target = imports_dir() / f"{shipment_import.pk}-rejected.csv"
            rejected_rows_write(con, source, target)
            outcome.rejected_rows_path = str(target)
    if not rows.rows:
        messages.append(_("The file holds no shipments."))
        outcome.status = ImportStatus.REJECTED
        return False
    if rows.invalid_rows and not options.get("skip_invalid"):
        messages.append(
            ngettext(
                "%(count)d of %(rows)d rows is invalid, so nothing was imported. Correct "
                "it and import the file again, or import with “skip invalid rows” to "
                "import the valid rows only.",
                "%(count)d of %(rows)d rows are invalid, so nothing was imported. Correct "
                "them and import the file again, or import with “skip invalid rows” to "
                "import the valid rows only.",
                rows.invalid_rows,
            )
            % {"count": rows.invalid_rows, "rows": rows.rows}
        )
        outcome.status = ImportStatus.REJECTED
        return False
    if rows.invalid_rows:
        messages.append(
            ngettext(
                "%(count)d invalid row was skipped; it is in the rejected rows file.",
                "%(count)d invalid rows were skipped; they are in the rejected rows file.",
                rows.invalid_rows,
            )
            % {"count": rows.invalid_rows}
        )
    if not rows.valid_rows:
        messages.append(_("No row is valid, so there is nothing to import."))
        outcome.status = ImportStatus.REJECTED
        return False
    return True
