"""Jobs' uploaded files, reports and exported files encrypted at rest (``privacy.fields``).

The two reports change from jsonb to text (their ciphertext); the files stay bytea. Rows
written before are encrypted in place, and decrypted back on the way down."""
from django.db import migrations, models

import privacy.fields

def _transform(schema_editor, on_bytes, on_text):
    """Rewrite every job's two files with ``on_bytes`` and its two reports with ``on_text``."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, upload, output, check_report, result FROM web_job")
        for job_id, upload, output, check_report, result in cursor.fetchall():
            cursor.execute(
                "UPDATE web_job SET upload = %s, output = %s, check_report = %s, result = %s WHERE id = %s",
                [None if upload is None else on_bytes(bytes(upload)), None if output is None else on_bytes(bytes(output)),
                 None if check_report is None else on_text(check_report), None if result is None else on_text(result),
                 job_id],
            )


def encrypt_existing(apps, schema_editor):
    from privacy import crypto

    _transform(schema_editor, crypto.encrypt_bytes, crypto.encrypt)


def decrypt_existing(apps, schema_editor):
    from privacy import crypto

    _transform(schema_editor, crypto.decrypt_bytes, crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial")]

    operations = [
        migrations.AddField("job", "payload_deleted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="个人数据删除时间")),
        migrations.AlterField("job", "check_report", privacy.fields.EncryptedJSONField(blank=True, null=True, verbose_name="检查结果")),
        migrations.AlterField("job", "result", privacy.fields.EncryptedJSONField(blank=True, null=True, verbose_name="结果")),
        migrations.AlterField("job", "upload", privacy.fields.EncryptedBinaryField(blank=True, null=True, verbose_name="上传的文件")),
        migrations.AlterField("job", "output", privacy.fields.EncryptedBinaryField(blank=True, null=True, verbose_name="导出的文件")),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
