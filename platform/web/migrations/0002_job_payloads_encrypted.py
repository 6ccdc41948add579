"""Jobs' uploaded files, reports and exported files encrypted at rest (``privacy.fields``).

The two reports change from jsonb to text (their ciphertext); the files stay bytea. Rows
written before are encrypted in place, and decrypted back on the way down."""
from django.db import migrations, models

import privacy.fields

PAYLOADS = ("upload", "output")
REPORTS = ("check_report", "result")


def _rows(schema_editor, columns):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(columns)} FROM web_job")
        return cursor.fetchall()


def encrypt_existing(apps, schema_editor):
    from privacy import crypto

    with schema_editor.connection.cursor() as cursor:
        for job_id, upload, output, check_report, result in _rows(schema_editor, PAYLOADS + REPORTS):
            cursor.execute(
                "UPDATE web_job SET upload = %s, output = %s, check_report = %s, result = %s WHERE id = %s",
                [None if upload is None else crypto.encrypt_bytes(bytes(upload)),
                 None if output is None else crypto.encrypt_bytes(bytes(output)),
                 None if check_report is None else crypto.encrypt(check_report),
                 None if result is None else crypto.encrypt(result), job_id],
            )


def decrypt_existing(apps, schema_editor):
    from privacy import crypto

    with schema_editor.connection.cursor() as cursor:
        for job_id, upload, output, check_report, result in _rows(schema_editor, PAYLOADS + REPORTS):
            cursor.execute(
                "UPDATE web_job SET upload = %s, output = %s, check_report = %s, result = %s WHERE id = %s",
                [None if upload is None else crypto.decrypt_bytes(bytes(upload)),
                 None if output is None else crypto.decrypt_bytes(bytes(output)),
                 None if check_report is None else crypto.decrypt(check_report),
                 None if result is None else crypto.decrypt(result), job_id],
            )


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
