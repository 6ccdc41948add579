"""Model fields that keep personal data encrypted at rest."""
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
