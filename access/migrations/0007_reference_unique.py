import access.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("access", "0006_route_earlier_requests")]

    operations = [
        migrations.AlterField(
            model_name='accessrequest',
            name='reference',
            field=models.CharField(default=access.models.new_reference, editable=False, max_length=20, unique=True, verbose_name='reference'),
        ),
        migrations.AlterField(
            model_name='historicalaccessrequest',
            name='reference',
            field=models.CharField(db_index=True, default=access.models.new_reference, editable=False, max_length=20, verbose_name='reference'),
        ),
    ]
