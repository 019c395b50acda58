"""Shapes of the accounts API: what comes in, what goes out.

Input serializers parse and check; they never save. The views hand `validated_data`
to the services, which validate again and own every change. Output serializers read
objects that came through the access door and leave out what the caller may not see.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nokkel.accounts.access import can_see_confidential
from nokkel.accounts.models import (
    Account,
    AccountStatus,
    Contact,
    RelationshipForm,
    Segment,
    TeamRole,
)
from nokkel.accounts.selectors import (
    ACCOUNT_SORTS,
    DEFAULT_ACCOUNT_SORT,
    assignable_users,
    duplicate_account_message,
    kam_choices,
)
from nokkel.accounts.services import ACCOUNT_FIELDS, CONTACT_FIELDS
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import validate_org_number


def _or_current_value(field: serializers.RelatedField, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The offered choices plus the value the edited object already holds.

    A KAM who has left or a parent group outside the caller's view is no longer
    offered, yet a PUT that sends back what a GET returned must still succeed.
    """
    instance = getattr(field.parent, "instance", None)
    current = getattr(instance, f"{field.source}_id", None)
    if current is None:
        return queryset
    return queryset.model._default_manager.filter(Q(pk__in=queryset.values("pk")) | Q(pk=current))


class UsernameField(serializers.SlugRelatedField):
    """A person, written and read as their username."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="username", **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return _or_current_value(self, cast(QuerySet[Any], super().get_queryset()))


class VisibleAccountField(serializers.PrimaryKeyRelatedField):
    """An account id among those the caller may see; a hidden one "does not exist"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Account.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        visible = Account.objects.visible_to(self.context["request"].user)
        return _or_current_value(self, visible)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True})
class SegmentField(serializers.RelatedField):
    """A segment by id or by exact name: integrations know segments by name."""

    default_error_messages = {
        "does_not_exist": _("There is no segment “{value}”."),
        "incorrect_type": _("Give a segment id or name."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Segment.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Segment:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type")
        text = str(data).strip()
        lookup: dict[str, Any] = {"pk": int(text)} if text.isdigit() else {"name": text}
        try:
            return Segment.objects.get(**lookup)
        except Segment.DoesNotExist:
            self.fail("does_not_exist", value=text)

    def to_representation(self, value: Any) -> int:
        return int(value.pk)


def _relationship_forms(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=RelationshipForm.choices), **kwargs
    )


class AccountInputSerializer(serializers.ModelSerializer):
    org_number = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        validators=[validate_org_number],
        help_text=_("Nine digits; spaces, “NO” and “MVA” are accepted and removed."),
    )
    customer_number = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=30
    )
    segment = SegmentField(required=False, allow_null=True)
    kam = UsernameField(
        queryset=kam_choices(), required=False, allow_null=True, help_text=_("A username.")
    )
    deputy = UsernameField(
        queryset=assignable_users(), required=False, allow_null=True, help_text=_("A username.")
    )
    # Field.parent (the enclosing serializer) shares the name; DRF keeps them apart.
    parent = VisibleAccountField(required=False, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = Account
        fields: tuple[str, ...] = ACCOUNT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Like the page form: someone who cannot see the note cannot overwrite it either;
        # the field is not there for them, so a value they send is ignored.
        if self.instance is not None and not can_see_confidential(
            self.context["request"].user, self.instance
        ):
            del self.fields["confidential_note"]

    def validate_org_number(self, value: str | None) -> str | None:
        return self._not_taken("org_number", normalize_org_number(value) if value else None)

    def validate_customer_number(self, value: str | None) -> str | None:
        return self._not_taken("customer_number", value or None)

    def _not_taken(self, field: str, value: str | None) -> str | None:
        # The service's unique check stays the guarantee; this names the other account.
        message = duplicate_account_message(
            user=self.context["request"].user,
            field=field,
            value=value,
            exclude_pk=getattr(self.instance, "pk", None),
        )
        if message:
            raise serializers.ValidationError(message, code="duplicate")
        return value

    def validate_parent(self, parent: Account | None) -> Account | None:
        if parent is not None and self.instance is not None and parent.pk == self.instance.pk:
            raise serializers.ValidationError(_("An account cannot be its own parent group."))
        return parent


class AccountUpdateSerializer(AccountInputSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit started from; a 409 when someone saved in between."),
    )

    class Meta(AccountInputSerializer.Meta):
        fields = (*ACCOUNT_FIELDS, "version")


class AccountOutputSerializer(serializers.ModelSerializer):
    segment_name = serializers.CharField(source="segment.name", read_only=True, allow_null=True)
    kam = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))
    deputy = UsernameField(read_only=True, allow_null=True, help_text=_("A username."))
    # Not read-only so the schema marks it optional: it is left out for people who may not see it.
    confidential_note = serializers.CharField(
        required=False, help_text=_("Only present for people who may see it.")
    )

    class Meta:
        model = Account
        fields = (
            "id",
            "name",
            "org_number",
            "customer_number",
            "status",
            "segment",
            "segment_name",
            "kam",
            "deputy",
            "is_key_account",
            "parent",
            "industry",
            "website",
            "street_address",
            "postal_code",
            "city",
            "confidential_note",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def to_representation(self, instance: Account) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not can_see_confidential(self.context["request"].user, instance):
            del data["confidential_note"]
        return data


class AccountFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Name, organisation number or customer number."),
    )
    segment = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Segment id or name.")
    )
    kam = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The KAM's username.")
    )
    status = serializers.ChoiceField(
        choices=AccountStatus.choices, required=False, allow_blank=True
    )
    is_key_account = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(choices=list(ACCOUNT_SORTS), default=DEFAULT_ACCOUNT_SORT)


class ContactCreateSerializer(serializers.ModelSerializer):
    account = VisibleAccountField()
    relationship_forms = _relationship_forms(required=False)

    class Meta:
        model = Contact
        fields = ("account", *CONTACT_FIELDS)


class ContactUpdateSerializer(serializers.ModelSerializer):
    # Accepted so a PUT can send back what a GET returned; a contact stays with its account.
    account = serializers.IntegerField(required=False, write_only=True)
    relationship_forms = _relationship_forms(required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit started from; a 409 when someone saved in between."),
    )

    class Meta:
        model = Contact
        fields = ("account", *CONTACT_FIELDS, "version")

    def validate_account(self, value: int) -> int:
        if self.instance is not None and value != self.instance.account_id:
            raise serializers.ValidationError(
                _("A contact stays with their account; add them to the other account instead.")
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.pop("account", None)
        return attrs


class ContactOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)
    relationship_forms = _relationship_forms(read_only=True)

    class Meta:
        model = Contact
        fields = (
            "id",
            "account",
            "account_name",
            *CONTACT_FIELDS,
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ContactFilterSerializer(serializers.Serializer):
    account = serializers.IntegerField(required=False, help_text=_("Only this account's contacts."))


class TeamSeatSerializer(serializers.Serializer):
    """One person on the team; `id` is the membership, null for the KAM and deputy."""

    id = serializers.IntegerField(source="membership_id", allow_null=True, read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    # User.__str__ is the full name, or the username when there is none.
    name = serializers.CharField(source="user", read_only=True)
    role = serializers.ChoiceField(choices=TeamRole.choices, read_only=True)
    role_label = serializers.CharField(read_only=True)


class TeamMemberAddSerializer(serializers.Serializer):
    user = UsernameField(queryset=assignable_users(), help_text=_("A username."))
    role = serializers.ChoiceField(choices=TeamRole.choices)
    started_on = serializers.DateField(
        required=False, help_text=_("When they joined; today when left out.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["role"] == TeamRole.KAM and not kam_choices().filter(pk=attrs["user"].pk).exists():
            raise serializers.ValidationError(
                {"user": _("%(name)s cannot be key account manager.") % {"name": attrs["user"]}}
            )
        return attrs
