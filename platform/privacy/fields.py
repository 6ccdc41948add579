"""Model fields that keep personal data encrypted at rest."""
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Holds a clear string in Python and its AES-GCM ciphertext in the database.

    Not searchable: keep a keyed digest beside it (see ``crypto.keyed_digest``) to look up.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)


class EncryptedBinaryField(models.BinaryField):
    """Bytes in Python (a file a user uploaded or exported), AES-GCM sealed in the database."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.decrypt_bytes(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return value
        return super().get_db_prep_value(crypto.encrypt_bytes(bytes(value)), connection, prepared)


class EncryptedJSONField(models.TextField):
    """JSON in Python (a job's check report or result), its AES-GCM ciphertext in the
    database. Not queryable by content, by design."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return json.loads(crypto.decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return value
        return crypto.encrypt(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)
