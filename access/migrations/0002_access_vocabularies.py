"""The fixed vocabularies of access: EOSC's forms of access and SME-oriented business models."""

from django.db import migrations

from access.vocabularies import ensure_vocabularies


def create_vocabularies(apps, schema_editor):
    ensure_vocabularies(apps.get_model("access", "AccessForm"), apps.get_model("access", "BusinessModel"))


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [migrations.RunPython(create_vocabularies, migrations.RunPython.noop)]
