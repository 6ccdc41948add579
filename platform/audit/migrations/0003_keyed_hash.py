"""Room for the versioned hash (``audit.chain``): ``hmac-sha256:<key id>:<64 hex>``. Widening a
varchar rewrites no row, so the append-only trigger is not involved; existing entries keep
their plain SHA-256 hash and still verify."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [
        migrations.AlterField("auditentry", "prev_hash", models.CharField(max_length=100, verbose_name="上一条哈希")),
        migrations.AlterField("auditentry", "hash", models.CharField(max_length=100, unique=True, verbose_name="哈希")),
    ]
