import secrets

from django.db import migrations

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32, as access.services


def route_earlier_requests(apps, schema_editor):
    """Requests sent before routing existed: a reference, their infrastructure's region, and the
    event of their arrival (so the indicators count them)."""
    AccessRequest = apps.get_model("access", "AccessRequest")
    AccessRequestEvent = apps.get_model("access", "AccessRequestEvent")
    for request in AccessRequest.objects.select_related("infrastructure"):
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        request.reference = f"RII-{code[:4]}-{code[4:]}"
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


class Migration(migrations.Migration):
    # Its own migration: on PostgreSQL, rows written here must be committed before the next
    # migration alters their table.
    dependencies = [("access", "0005_access_requests_routed")]

    operations = [migrations.RunPython(route_earlier_requests, migrations.RunPython.noop)]
