"""Importing shipment files, and mapping the unknown customers they name.

- imports: storing a file and running its import (checking, summing, reporting).
- saving: replacing the file's period of monthly figures in one transaction, and the
  accounts' monthly totals with them.
- customers: aliases and prospects for the customers a file names but Nøkkel lacks.

Unknown customers do not stop an import: the known customers' figures are stored,
and the unknown ones are listed in the report with their parcels and revenue. Once
they are mapped (customer_alias_create) or created (shipment_prospect_create), the
same file is imported again; that run is not a duplicate.
"""

from nokkel.shipments.services.customers import (
    customer_alias_check,
    customer_alias_create,
    identifier_value_clean,
    shipment_prospect_create,
)
from nokkel.shipments.services.imports import (
    FLAG_OPTIONS,
    PHASES,
    ProgressCallback,
    import_options_clean,
    imports_dir,
    shipment_import_create,
    shipment_import_run,
)
from nokkel.shipments.services.saving import (
    account_months_refresh,
    shipment_months_insert,
    shipment_months_replace,
)

__all__ = [
    "FLAG_OPTIONS",
    "PHASES",
    "ProgressCallback",
    "account_months_refresh",
    "customer_alias_check",
    "customer_alias_create",
    "identifier_value_clean",
    "import_options_clean",
    "imports_dir",
    "shipment_import_create",
    "shipment_import_run",
    "shipment_months_insert",
    "shipment_months_replace",
    "shipment_prospect_create",
]
