"""Shipment import pages: upload, live progress, report. Sales managers and admins."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.shipments.forms import ShipmentUploadForm
from nokkel.shipments.models import ShipmentImport
from nokkel.shipments.selectors import may_import_shipments, shipment_imports_visible_to
from nokkel.shipments.services import PHASES, shipment_import_create
from nokkel.shipments.tasks import run_shipment_import


def _require_importer(request: AuthenticatedHttpRequest) -> None:
    if not may_import_shipments(request.user):
        raise PermissionDenied


def _visible_import(request: AuthenticatedHttpRequest, import_id: int) -> ShipmentImport:
    return get_object_or_404(shipment_imports_visible_to(request.user), pk=import_id)


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ShipmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            shipment_import = shipment_import_create(
                file=upload,
                file_name=upload.name,
                actor=request.user,
                options=form.import_options(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            run_shipment_import.enqueue(shipment_import.pk, timezone.localdate().isoformat())
            messages.info(request, _("The file is being imported."))
            return redirect("shipments:import-detail", import_id=shipment_import.pk)
    imports = shipment_imports_visible_to(request.user).select_related("uploaded_by")[:25]
    return render(request, "shipments/import_list.html", {"form": form, "imports": imports})


@login_required
def import_detail(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    shipment_import = _visible_import(request, import_id)
    template = (
        "shipments/partials/_import_status.html" if request.htmx else "shipments/import_detail.html"
    )
    phase = PHASES.get(shipment_import.phase)
    return render(
        request,
        template,
        {"shipment_import": shipment_import, "phase_label": phase[1] if phase else ""},
    )


@login_required
def rejected_rows_download(request: AuthenticatedHttpRequest, import_id: int) -> FileResponse:
    shipment_import = _visible_import(request, import_id)
    if (
        not shipment_import.rejected_rows_path
        or not Path(shipment_import.rejected_rows_path).is_file()
    ):
        raise Http404
    return FileResponse(
        open(shipment_import.rejected_rows_path, "rb"),  # FileResponse closes it
        as_attachment=True,
        filename=f"rejected-rows-{shipment_import.pk}.csv",
    )
