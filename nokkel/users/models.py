from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    KAM = "kam", _("Key account manager")
    TEAM_MEMBER = "team_member", _("Team member")
    READ_ONLY = "read_only", _("Read only")


class User(AbstractUser):
    """A person at the carrier. What they may see is decided by accounts.access."""

    # New people start with the narrowest working role; an admin widens it.
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.TEAM_MEMBER
    )
    department = models.CharField(_("department"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_sales_manager(self) -> bool:
        return self.role == Role.SALES_MANAGER

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.READ_ONLY
