"""The demand letter key goes once 0003 has moved it into the generic target."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_notification_generic_target'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='letter',
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['target_type', 'target_id'], name='notif_target'),
        ),
    ]
