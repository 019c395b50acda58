"""Background work for the pipeline: thin wrappers over services."""

from __future__ import annotations

from django_tasks import task

from nokkel.pipeline.lead_services import lead_notify
from nokkel.pipeline.models import Lead


@task()
def notify_kam_of_lead(lead_id: int) -> bool:
    """Tell the assigned KAM about a new lead by e-mail; a lead removed since is skipped."""
    lead = Lead.objects.select_related("assigned_to", "account").filter(pk=lead_id).first()
    return lead is not None and lead_notify(lead=lead)
