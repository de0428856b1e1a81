"""Removes what a previous run generated (`generate_catalogue --replace`): the entries and
organisations whose slugs start with the prefix, with everything that hangs off them.

A table at a time, without Django's per-row delete: its collector would load every row to send the
delete signals, and django-simple-history would write a history row for each of half a million
deleted rows. The reference rows (regions, themes, programmes) stay for the next run.
"""

from collections import Counter

from django.db import models, transaction

from infrastructures.generation.building import PREFIX
from infrastructures.models import FundingRecord, Infrastructure, Organisation


class StillReferenced(Exception):
    """Rows that are not generated refer to generated ones, and protect them."""


def generated_entries():
    return Infrastructure.objects.filter(slug__startswith=PREFIX)


def generated_organisations():
    return Organisation.objects.filter(slug__startswith=PREFIX)


def remove_generated():
    """Delete the generated rows; return the ids of the entries removed (for the search index) and the
    rows deleted per model. Refuses, deleting nothing, when other rows still refer to them."""
    entries, organisations = generated_entries(), generated_organisations()
    ids = list(entries.values_list("pk", flat=True))
    deleted = Counter()
    with transaction.atomic():
        # Funding records are part of the generated entries, though they protect them.
        funding = FundingRecord.objects.filter(
            models.Q(infrastructure__in=entries) | models.Q(organisation__in=organisations)
        )
        deleted[str(FundingRecord._meta.verbose_name_plural)] += funding._raw_delete(funding.db)
        _delete(entries, deleted)
        _delete(organisations, deleted)
    return ids, deleted


def _delete(queryset, deleted):
    """Delete these rows after the rows that depend on them, as on_delete says: the rows of CASCADE
    relations and many-to-many links go first; rows that PROTECT them stop everything."""
    model = queryset.model
    for field in model._meta.many_to_many:
        links = field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}__in": queryset})
        links._raw_delete(links.db)
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many:
            through = relation.through.objects.filter(
                **{f"{relation.field.m2m_reverse_field_name()}__in": queryset}
            )
            through._raw_delete(through.db)
            continue
        dependants = related._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.CASCADE:
            _delete(dependants, deleted)
        elif relation.on_delete in (models.PROTECT, models.RESTRICT) and dependants.exists():
            raise StillReferenced(
                f"{dependants.count()} {related._meta.verbose_name_plural} refer to generated "
                f"{model._meta.verbose_name_plural}; delete them first."
            )
        elif relation.on_delete is models.SET_NULL:
            dependants.update(**{relation.field.name: None})
        # DO_NOTHING: the search index (rebuilt by the caller) and history rows.
    deleted[str(model._meta.verbose_name_plural)] += queryset._raw_delete(queryset.db)
