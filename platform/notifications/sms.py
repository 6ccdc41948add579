"""SMS behind one small interface: a gateway is a class with ``send(phone, text)``, named by
``settings.SMS_GATEWAY``. ``RecordingGateway`` (development, tests) keeps each message in
the province's ``SmsMessage`` table with the number masked; ``NoGateway`` drops messages
(production until a real gateway is configured). A real gateway subclasses ``SmsGateway``."""
from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from privacy.masking import mask_phone

logger = logging.getLogger(__name__)


class SmsGateway:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class RecordingGateway(SmsGateway):
    def send(self, phone: str, text: str) -> None:
        from .models import SmsMessage

        SmsMessage.objects.create(phone_masked=mask_phone(phone), text=text[:500])


class NoGateway(SmsGateway):
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS not sent: no gateway configured (SMS_GATEWAY)")


def gateway() -> SmsGateway:
    return import_string(settings.SMS_GATEWAY)()
