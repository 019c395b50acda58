"""Accounts (customers and prospects), their contacts, account teams and segments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nokkel.accounts.access import AccountQuerySet, AccountScopedQuerySet
from nokkel.core.validators import validate_org_number, validate_phone, validate_postal_code


class Segment(models.Model):
    """A customer group (kundegruppe); its sales managers see every account in it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sales_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_segments",
        verbose_name=_("sales managers"),
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccountStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")
    FORMER = "former", _("Former customer")


class Account(models.Model):
    """A customer or prospect. Every account-scoped model has a path to one."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_org_number],
        error_messages={"unique": _("Another account already has this organisation number.")},
    )
    customer_number = models.CharField(
        _("customer number"),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": _("Another account already has this customer number.")},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.PROSPECT
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("segment"),
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    website = models.URLField(_("web site"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=4, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_key_account = models.BooleanField(_("key account"), default=False)
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kam_accounts",
        verbose_name=_("key account manager"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_accounts",
        verbose_name=_("deputy KAM"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent group"),
    )
    confidential_note = models.TextField(_("confidential note"), blank=True)
    # Incremented on every change; edits carry the version they started from so a
    # concurrent change is reported instead of silently overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kam", "status"]),
            models.Index(fields=["segment", "status"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | Q(kam__isnull=True) | ~Q(deputy=models.F("kam")),
                name="account_deputy_is_not_kam",
                violation_error_message=_("The deputy must be someone other than the KAM."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("pk")),
                name="account_not_own_parent",
                violation_error_message=_("An account cannot be its own parent group."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:account-detail", kwargs={"account_id": self.pk})


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    CHAMPION = "champion", _("Champion")


class Sentiment(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    CRITIC = "critic", _("Critic")


class RelationshipForm(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    TECHNOLOGICAL = "technological", _("Technological")
    FORMAL = "formal", _("Formal")
    SOCIAL = "social", _("Social")


class Contact(models.Model):
    """A person at an account; `left_on` dates their leaving so history can be replayed."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    buying_role = models.CharField(
        _("buying role"), max_length=20, choices=BuyingRole.choices, blank=True
    )
    sentiment = models.CharField(
        _("sentiment"), max_length=20, choices=Sentiment.choices, default=Sentiment.NEUTRAL
    )
    # A list of RelationshipForm values; a small set, read with the contact.
    relationship_forms = models.JSONField(_("relationship forms"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    left_on = models.DateField(_("left the company on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-active", "name", "id"]
        indexes = [models.Index(fields=["account", "active"]), models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:contact-edit", kwargs={"contact_id": self.pk})

    def relationship_form_labels(self) -> list[str]:
        labels = dict(RelationshipForm.choices)
        return [str(labels.get(code, code)) for code in self.relationship_forms]


class TeamRole(models.TextChoices):
    KAM = "kam", _("Key account manager")
    DEPUTY = "deputy", _("Deputy KAM")
    OPERATIONS = "operations", _("Operations")
    IT_INTEGRATION = "it_integration", _("IT/integration")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    MARKETING = "marketing", _("Marketing")
    FINANCE = "finance", _("Finance")
    BUSINESS_DEVELOPMENT = "business_development", _("Business development")


# The KAM and deputy are fields on Account (one each, always known); these are the
# other members. Memberships are ended, not deleted, so a team can be seen as of a date.
MEMBER_ROLES = [choice for choice in TeamRole if choice not in (TeamRole.KAM, TeamRole.DEPUTY)]


class TeamMembership(models.Model):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("account")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="team_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"),
        max_length=30,
        choices=[(r.value, r.label) for r in MEMBER_ROLES],
    )
    started_on = models.DateField(_("joined on"))
    ended_on = models.DateField(_("left on"), null=True, blank=True)

    objects = AccountScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "user"],
                condition=Q(ended_on__isnull=True),
                name="one_current_membership_per_user",
                violation_error_message=_("This person is already on the team."),
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
