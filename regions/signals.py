"""What the regions app tells the apps built on it (it imports neither of them): sent by its services
inside the write's transaction."""

from django.dispatch import Signal

# A region was added or changed: `region`, `stored_slug` (None for a new region), `user`.
region_saved = Signal()
# A region is about to be deleted: `region`.
region_deleted = Signal()
