from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bench_deploy", "0001_initial")]
    operations = [migrations.AddField(model_name="deployprobe", name="note", field=models.CharField(max_length=20, null=True))]
