"""Shipment figures as monthly aggregates, and the imports that produced them.

Raw shipment rows are read by DuckDB and never stored; what is kept is one row per
account × month × service × zone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet


class Service(models.TextChoices):
    OVERNIGHT = "overnight", _("Overnight")
    EXPRESS = "express", _("Express")
    WEEKEND = "weekend", _("Weekend")
    PICKUP_POINT = "pickup_point", _("Pickup point")
    RETURN = "return", _("Return")


class ShipmentMonth(models.Model):
    # Indexed by the unique (account, month, service, zone) index only: an import writes
    # hundreds of thousands of these, and every further index costs it time. Reads over
    # months of the whole portfolio use AccountMonth.
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="shipment_months",
        db_index=False,
    )
    month = models.DateField(_("month"))  # the first day of the month
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    zone = models.CharField(_("zone"), max_length=50, blank=True)
    parcels = models.BigIntegerField(_("parcels"))
    revenue = models.DecimalField(_("revenue"), max_digits=16, decimal_places=2)
    # Null when the file had no cost column: margin is then unknown, not zero.
    cost = models.DecimalField(_("cost"), max_digits=16, decimal_places=2, null=True)
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=18, decimal_places=3)
    # Which import wrote the figures: a record, not a way in. No index and no database
    # foreign key, which an import of hundreds of thousands of rows would pay for on
    # every row; Django still clears it when an import is deleted.
    shipment_import = models.ForeignKey(
        "shipments.ShipmentImport",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly shipment figures")
        verbose_name_plural = _("monthly shipment figures")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "month", "service", "zone"], name="one_aggregate_per_grain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m} {self.service} {self.zone}"


class AccountMonth(models.Model):
    """An account's parcels and revenue in one month, every service and zone together.

    The sums of its ShipmentMonth rows, written by the import in the same transaction
    (services.account_months_refresh); never edited by hand. Reads over the whole
    portfolio (ABC/XYZ, the health score) take 50,000 accounts × 12 months from here
    instead of several times as many rows per service and zone.
    """

    # No index of its own: the unique (account, month) index starts with it.
    account = models.ForeignKey(
        "accounts.Account",
        on_delete=models.CASCADE,
        related_name="shipment_totals",
        db_index=False,
    )
    month = models.DateField(_("month"))  # the first day of the month
    parcels = models.BigIntegerField(_("parcels"))
    revenue = models.DecimalField(_("revenue"), max_digits=16, decimal_places=2)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly shipment totals")
        verbose_name_plural = _("monthly shipment totals")
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="one_total_per_month")
        ]
        # Covers the portfolio reads: SQLite sums them from the index alone, in
        # account order, without sorting.
        indexes = [
            models.Index(
                fields=["account", "month", "parcels", "revenue"], name="account_month_figures"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Already imported")
    FAILED = "failed", _("Failed")


class ShipmentImport(models.Model):
    """One import of one shipment file: its options, progress and report."""

    file_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, db_index=True)
    size_bytes = models.BigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    # skip_invalid, dry_run, check_repeated_ids and the reading overrides (encoding,
    # delimiter, decimal, date format)
    options = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    rejected_rows_path = models.CharField(max_length=500, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shipment import")
        verbose_name_plural = _("shipment imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class IdentifierKind(models.TextChoices):
    CUSTOMER_NUMBER = "customer_number", _("Customer number")
    ORG_NUMBER = "org_number", _("Organisation number")


class CustomerAlias(models.Model):
    """A customer number or organisation number in shipment files that the user mapped
    to an account (the file's customer was unknown)."""

    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=30)
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="shipment_aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer alias")
        verbose_name_plural = _("customer aliases")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="one_account_per_identifier")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.value} → {self.account_id}"
