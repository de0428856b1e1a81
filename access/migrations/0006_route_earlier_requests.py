import secrets

from django.db import migrations

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32, as access.models


def route_earlier_requests(apps, schema_editor):
    """Requests sent before routing existed: a reference (on their history rows too), their
    infrastructure's region, and the event of their arrival (so the indicators count them)."""
    AccessRequest = apps.get_model("access", "AccessRequest")
    AccessRequestEvent = apps.get_model("access", "AccessRequestEvent")
    HistoricalAccessRequest = apps.get_model("access", "HistoricalAccessRequest")
    references = {}
    for request in AccessRequest.objects.select_related("infrastructure"):
        request.reference = references[request.pk] = new_reference()
        request.save(update_fields=["reference"])
        request.regions.add(request.infrastructure.region_id)
        AccessRequestEvent.objects.create(
            access_request=request, status="new", created_at=request.created_at
        )
        if request.status != "new":
            AccessRequestEvent.objects.create(
                access_request=request, from_status="new", status=request.status,
                created_at=request.updated_at,
            )
    for row in HistoricalAccessRequest.objects.filter(reference__isnull=True):
        row.reference = references.get(row.id) or new_reference()  # a deleted request's rows too
        row.save(update_fields=["reference"])


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"RII-{code[:4]}-{code[4:]}"


class Migration(migrations.Migration):
    # Its own migration: on PostgreSQL, rows written here must be committed before the next
    # migration alters their table.
    dependencies = [("access", "0005_access_requests_routed")]

    operations = [migrations.RunPython(route_earlier_requests, migrations.RunPython.noop)]
