"""Shapes of the shipment import API: the upload that comes in, the import that goes out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nokkel.accounts.serializers import VisibleAccountField
from nokkel.shipments.models import CustomerAlias, IdentifierKind, ImportStatus, ShipmentImport
from nokkel.shipments.reading import ALLOWED_SUFFIXES, file_kind
from nokkel.shipments.services import PHASES

DEFAULT_MAX_BYTES = 2 * 1024**3


def import_max_bytes() -> int:
    return int(getattr(settings, "NOKKEL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


class ShipmentImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("A shipment file: .csv (or .txt), .parquet or .xlsx."),
        allow_empty_file=False,
    )
    skip_invalid = serializers.BooleanField(
        default=False,
        help_text=_("Import the valid rows and list the invalid ones in a file to download."),
    )
    dry_run = serializers.BooleanField(
        default=False, help_text=_("Check the file and report; store nothing.")
    )
    check_repeated_ids = serializers.BooleanField(
        default=False,
        help_text=_("Also count the rows that repeat a shipment id (slower on large files)."),
    )
    encoding = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Detected when left out.")
    )
    delimiter = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("The separator; detected when left out."),
    )
    decimal = serializers.ChoiceField(
        choices=[(",", ","), (".", ".")],
        required=False,
        allow_blank=True,
        help_text=_("The decimal mark; detected when left out."),
    )
    date_format = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Such as dd.mm.yyyy; dd.mm.yyyy and yyyy-mm-dd are read when left out."),
    )

    def validate_file(self, file: UploadedFile) -> UploadedFile:
        if file_kind(file.name or "") is None:
            raise serializers.ValidationError(
                _("Only these files can be imported: %(types)s.")
                % {"types": ", ".join(ALLOWED_SUFFIXES)},
                code="file_type",
            )
        limit = import_max_bytes()
        if file.size is not None and file.size > limit:
            raise serializers.ValidationError(
                _("The file is larger than the upload limit of %(size)s (%(bytes)d bytes).")
                % {"size": filesizeformat(limit), "bytes": limit},
                code="too_large",
            )
        return file


class ShipmentImportAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=ImportStatus.choices, read_only=True)


class ShipmentImportOutputSerializer(serializers.ModelSerializer):
    phase_label = serializers.SerializerMethodField()
    uploaded_by = serializers.CharField(
        source="uploaded_by.username", read_only=True, allow_null=True, default=None
    )
    rejected_rows_url = serializers.SerializerMethodField(
        help_text=_("Where the invalid rows can be downloaded, when there were any.")
    )

    class Meta:
        model = ShipmentImport
        fields = (
            "id",
            "status",
            "progress",
            "phase",
            "phase_label",
            "file_name",
            "size_bytes",
            "uploaded_by",
            "options",
            "counts",
            "report",
            "period_start",
            "period_end",
            "created_at",
            "started_at",
            "finished_at",
            "rejected_rows_url",
        )
        read_only_fields = fields

    def get_phase_label(self, shipment_import: ShipmentImport) -> str:
        phase = PHASES.get(shipment_import.phase)
        return str(phase[1]) if phase else ""

    def get_rejected_rows_url(self, shipment_import: ShipmentImport) -> str | None:
        if not shipment_import.rejected_rows_path:
            return None
        url = reverse(
            "shipments-api:import-rejected-rows", kwargs={"import_id": shipment_import.pk}
        )
        request: Any = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class CustomerAliasInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(
        max_length=30, help_text=_("The customer number or organisation number in the file.")
    )
    account = VisibleAccountField(help_text=_("The account the file's customer is."))


class CustomerAliasOutputSerializer(serializers.ModelSerializer):
    account_name = serializers.CharField(source="account.name", read_only=True)

    class Meta:
        model = CustomerAlias
        fields = ("id", "kind", "value", "account", "account_name", "created_at")
        read_only_fields = fields
