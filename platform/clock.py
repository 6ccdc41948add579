"""The one "today" of the product: the date in Asia/Shanghai (settings.TIME_ZONE).

Every date the product compares with "now" (a date not later than today, this year's
requirements, a deadline) comes from here; the standard library's ``date.today`` is the server's local
date and would disagree with it for eight hours a day on a UTC server.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
