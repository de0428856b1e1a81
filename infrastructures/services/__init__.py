"""Every curated write of the infrastructures app, and the services that start its background jobs.

Doors import this package (`from infrastructures import services`); the code lives in `entries.py`
(infrastructures, the rows that belong to them, organisations, themes) and `jobs.py` (imports and
exports as background jobs).
"""

from infrastructures.services.entries import (
    ALLOWED_TRANSITIONS,
    NESTED_FIELDS,
    RELATION_FIELDS,
    curated_delete,
    dependent_delete,
    dependent_save,
    equipment_save,
    funding_record_save,
    infrastructure_create,
    infrastructure_mark_reviewed,
    infrastructure_transition,
    infrastructure_update,
    organisation_create,
    organisation_update,
    theme_delete,
    theme_save,
)
from infrastructures.services.jobs import (
    export_start,
    import_confirm,
    import_map,
    import_mapping_delete,
    import_reread,
    import_start,
)
from infrastructures.services.reference import reference_delete, reference_save

__all__ = [
    "ALLOWED_TRANSITIONS",
    "NESTED_FIELDS",
    "RELATION_FIELDS",
    "curated_delete",
    "dependent_delete",
    "dependent_save",
    "equipment_save",
    "export_start",
    "funding_record_save",
    "import_confirm",
    "import_map",
    "import_mapping_delete",
    "import_reread",
    "import_start",
    "infrastructure_create",
    "infrastructure_mark_reviewed",
    "infrastructure_transition",
    "infrastructure_update",
    "organisation_create",
    "organisation_update",
    "reference_delete",
    "reference_save",
    "theme_delete",
    "theme_save",
]
