"""Keep the derived search columns in step with the data, whichever door changed it.

The search index is derived data, not domain logic, so it follows changes through signals: the
admin saves many-to-many fields after the object itself, and only m2m_changed sees those.
Fixture loading (raw saves) is left out; `load_seed` rebuilds the index afterwards.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from infrastructures.models import Equipment, Infrastructure, Organisation, Theme
from infrastructures.search import schedule_refresh


@receiver(post_save, sender=Infrastructure)
def index_saved_infrastructure(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh([instance.pk])


@receiver(m2m_changed, sender=Infrastructure.themes.through)
@receiver(m2m_changed, sender=Infrastructure.operators.through)
def index_changed_relations(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Infrastructure):
        schedule_refresh([instance.pk])
    elif pk_set:
        schedule_refresh(pk_set)


@receiver(post_save, sender=Equipment)
@receiver(post_delete, sender=Equipment)
def index_equipment_owner(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh([instance.infrastructure_id])


@receiver(post_save, sender=Organisation)
def index_organisation_infrastructures(sender, instance, raw=False, **kwargs):
    if not raw:
        ids = set(instance.owned_infrastructures.values_list("pk", flat=True))
        ids |= set(instance.operated_infrastructures.values_list("pk", flat=True))
        schedule_refresh(ids)


@receiver(post_save, sender=Theme)
def index_theme_infrastructures(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_refresh(instance.infrastructures.values_list("pk", flat=True))
