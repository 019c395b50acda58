"""`manage.py import_shipments PATH`: import a shipment file in the foreground.

The same service as the upload in the API, with a progress bar on a terminal, a
readable report (or JSON with --json) and a non-zero exit code when the file is
rejected or the import fails.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.shipments.models import ImportStatus, ShipmentImport
from nokkel.shipments.services import PHASES, shipment_import_create, shipment_import_run


class ProgressBar:
    """A one-line bar redrawn with a carriage return: `[######------]  50 % Checking`."""

    width = 30

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.shown = 0

    def __call__(self, percent: int, phase: str) -> None:
        filled = self.width * percent // 100
        line = f"\r[{'#' * filled}{'-' * (self.width - filled)}] {percent:3d} % {PHASES[phase][1]}"
        self.out.write(line.ljust(self.shown), ending="")
        self.out.flush()
        self.shown = len(line)

    def close(self) -> None:
        if self.shown:
            self.out.write("")


def _as_of(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--as-of takes a date as YYYY-MM-DD, not “%s”.") % value) from None


class Command(BaseCommand):
    # The system checks import every URL and view (about a second) before each run of a
    # command that is run on a schedule and timed against DuckDB alone; `manage.py
    # check --deploy` runs at deployment and in CI.
    requires_system_checks: list[str] = []
    help = _(
        "Import a shipment file (CSV, Parquet or Excel) into the monthly figures. The file "
        "is rejected whole when a row is invalid, unless --skip-invalid is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("The file: .csv, .txt, .parquet or .xlsx."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check and report; store nothing.")
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("Import the valid rows; write the invalid ones to a file."),
        )
        parser.add_argument(
            "--check-repeated-ids",
            action="store_true",
            help=_("Also count the rows that repeat a shipment id (slower on large files)."),
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("Print the result as JSON.")
        )
        parser.add_argument("--encoding", help=_("Such as utf-8 or cp1252; detected if left out."))
        parser.add_argument("--delimiter", help=_("The separator, such as ; or , or tab."))
        parser.add_argument("--decimal", choices=[",", "."], help=_("The decimal mark."))
        parser.add_argument("--date-format", help=_("Such as dd.mm.yyyy or %%Y-%%m-%%d."))
        parser.add_argument(
            "--as-of", help=_("The date the ABC classes are recomputed as of (YYYY-MM-DD).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("There is no file %s.") % path)
        today = _as_of(options["as_of"])
        import_options = {
            key: options[key]
            for key in (
                "dry_run",
                "skip_invalid",
                "check_repeated_ids",
                "encoding",
                "delimiter",
                "decimal",
                "date_format",
            )
            if options[key] not in (None, "")
        }
        try:
            shipment_import = shipment_import_create(
                uploaded_file_path=path, file_name=path.name, actor=None, options=import_options
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        bar = ProgressBar(self.stdout) if self.stdout.isatty() and not options["as_json"] else None
        shipment_import = shipment_import_run(
            shipment_import=shipment_import, today=today, progress=bar
        )
        if bar is not None:
            bar.close()
        if options["as_json"]:
            self.stdout.write(json.dumps(_summary(shipment_import), ensure_ascii=False, indent=2))
        else:
            self._report(shipment_import)
        if shipment_import.status in (ImportStatus.REJECTED, ImportStatus.FAILED):
            raise CommandError(
                _("Import %(id)s of %(file)s: %(status)s.")
                % {
                    "id": shipment_import.pk,
                    "file": shipment_import.file_name,
                    "status": shipment_import.get_status_display(),
                },
                returncode=1,
            )

    def _report(self, shipment_import: ShipmentImport) -> None:
        out, counts, report = self.stdout.write, shipment_import.counts, shipment_import.report
        style = self.style.SUCCESS if shipment_import.status == "succeeded" else self.style.WARNING
        out(
            style(
                _("Import %(id)s of %(file)s: %(status)s")
                % {
                    "id": shipment_import.pk,
                    "file": shipment_import.file_name,
                    "status": shipment_import.get_status_display(),
                }
            )
        )
        if counts.get("rows"):
            out(
                _("  %(rows)d rows: %(valid)d valid, %(invalid)d invalid")
                % {
                    "rows": counts["rows"],
                    "valid": counts["valid_rows"],
                    "invalid": counts["invalid_rows"],
                }
            )
        if report.get("period"):
            out(
                _(
                    "  %(accounts)d accounts, %(parcels)d parcels, NOK %(revenue)s, "
                    "%(start)s to %(end)s; %(written)d monthly figures written, "
                    "%(replaced)d replaced"
                )
                % {
                    **report["period"],
                    "accounts": counts["accounts"],
                    "parcels": counts["parcels"],
                    "revenue": counts["revenue"],
                    "written": counts["aggregates_written"],
                    "replaced": counts["aggregates_replaced"],
                }
            )
        for message in report.get("messages", []):
            out(f"  {message}")
        if report.get("bad_rows"):
            out(
                _("Bad rows (the first %(shown)d of %(count)d):")
                % {"shown": len(report["bad_rows"]), "count": counts["invalid_rows"]}
            )
            for row in report["bad_rows"]:
                out(_("  line %(line)d, %(column)s “%(value)s”: %(reason)s") % row)
        if report.get("unknown_customers"):
            out(_("Unknown customers (%d):") % counts["unknown_customers"])
            for customer in report["unknown_customers"]:
                out(_("  %(kind)s %(value)s: %(parcels)d parcels, NOK %(revenue)s") % customer)
        if shipment_import.rejected_rows_path:
            out(_("The invalid rows are in %s") % shipment_import.rejected_rows_path)


def _summary(shipment_import: ShipmentImport) -> dict[str, Any]:
    return {
        "id": shipment_import.pk,
        "status": shipment_import.status,
        "counts": shipment_import.counts,
        "report": shipment_import.report,
        "rejected_rows_path": shipment_import.rejected_rows_path or None,
    }
