"""Sending a message: into each user's inbox, by e-mail through Django's mail backend and by
SMS through the configured gateway (``sms``), after the transaction that decided it commits.
And the inbox's own writes: marking messages read."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.actors import Actor

from .models import Contact, Notification
from .sms import gateway

logger = logging.getLogger(__name__)


def absolute_link(link: str) -> str:
    """``link`` (a path on the province's domain) as a full address for e-mail and SMS."""
    if not link or link.startswith("http"):
        return link
    tenant = getattr(connection, "tenant", None)
    domain = ""
    if tenant is not None and hasattr(tenant, "get_primary_domain"):
        primary = tenant.get_primary_domain()
        domain = primary.domain if primary is not None else ""
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT not in ("", "80", "443") else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}{link}" if domain else link


def notify(*, users, kind: str, title: str, body: str, clause: str = "", link: str = "") -> int:
    """Put the message in each user's inbox; e-mail and SMS those who want it. Returns how many
    users were told."""
    users = [user for user in dict.fromkeys(users) if user is not None and user.is_active]
    if not users:
        return 0
    Notification.objects.bulk_create(Notification(user=user, kind=kind, title=title[:200], body=body,
                                                  clause=clause[:200], link=link[:300]) for user in users)
    contacts = {contact.user_id: contact for contact in Contact.objects.filter(user__in=users)}
    full_link = absolute_link(link)
    text = f"{title}\n\n{body}" + (f"\n依据：{clause}" if clause else "") + (f"\n办理：{full_link}" if full_link else "")
    mails = [(title, text, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users
             if user.email and (user.pk not in contacts or contacts[user.pk].email)]
    texts = [(contacts[user.pk].phone, f"【社会组织党建】{title}" + (f" {full_link}" if full_link else ""))
             for user in users if user.pk in contacts and contacts[user.pk].sms and contacts[user.pk].phone]

    def send():
        if mails:
            try:
                send_mass_mail(mails, fail_silently=False)
            except Exception:  # the inbox holds the message; a mail server down must not lose the pass
                logger.exception("reminder e-mail failed: %s", title)
        sms = gateway()
        for phone, message in texts:
            try:
                sms.send(phone, message)
            except Exception:
                logger.exception("reminder SMS failed: %s", title)

    transaction.on_commit(send)
    return len(users)


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, actor: Actor, ids=None) -> int:
    """Mark the actor's own messages read (``ids``: those; None: all). Nobody marks another's."""
    if actor.user is None:
        return 0
    messages = Notification.objects.filter(user=actor.user, read_at__isnull=True)
    if ids is not None:
        messages = messages.filter(pk__in=list(ids))
    return messages.update(read_at=timezone.now())
