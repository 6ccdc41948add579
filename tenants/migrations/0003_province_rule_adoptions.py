from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0002_province_restored_from'),
    ]

    operations = [
        migrations.AddField(
            model_name='province',
            name='rule_adoptions',
            field=models.JSONField(blank=True, default=list, verbose_name='已采纳的规则建议'),
        ),
    ]
