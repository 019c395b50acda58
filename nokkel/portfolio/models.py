"""The portfolio classes stored per account, with the as-of date they were computed for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountScopedQuerySet


class AbcClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class XyzClass(models.TextChoices):
    X = "X", "X"
    Y = "Y", "Y"
    Z = "Z", "Z"


class AccountClassification(models.Model):
    # Derived rows, all rewritten on every recompute (50,000 after each import and
    # nightly). Without a database foreign key: PostgreSQL would check each new row
    # against the accounts at commit, a quarter of the recompute's time. Deleting an
    # account still deletes its row (Django's CASCADE); reads go through the account.
    account = models.OneToOneField(
        "accounts.Account",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="classification",
        db_constraint=False,
    )
    as_of = models.DateField(_("as of"))
    revenue_12m = models.DecimalField(_("revenue, 12 months"), max_digits=16, decimal_places=2)
    share = models.FloatField(_("share"))
    cumulative_share = models.FloatField(_("cumulative share"))
    abc_class = models.CharField(_("ABC class"), max_length=1, choices=AbcClass.choices, blank=True)
    xyz_class = models.CharField(_("XYZ class"), max_length=1, choices=XyzClass.choices, blank=True)
    variation = models.FloatField(_("coefficient of variation"), null=True)
    rank = models.PositiveIntegerField(_("rank"))

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("account classification")
        verbose_name_plural = _("account classifications")
        # No index on the classes: a class holds a tenth to a half of the accounts, which
        # the database reads faster through than by an index, and every recompute would
        # rewrite the index for 50,000 rows.

    def __str__(self) -> str:
        return f"{self.account_id}: {self.abc_class}{self.xyz_class} ({self.as_of})"
