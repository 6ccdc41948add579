"""Logins, failed logins, lockouts and logouts go to the audit log of the schema the
request came to (the province's, or the national one). Connected in AccountsConfig.ready."""
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import audit_record


def _path(request) -> str:
    return getattr(request, "path", "") or ""


SESSION_STARTED = "accounts_session_started"


@receiver(user_logged_in, dispatch_uid="accounts.session_started")
def session_started(sender, request, user, **kwargs):
    """When the session began: it ends SESSION_ABSOLUTE_AGE later (accounts.middleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_STARTED] = int(time.time())


@receiver(user_logged_in, dispatch_uid="accounts.audit.login")
def audit_login(sender, request, user, **kwargs):
    audit_record(action="login", request=request, actor=user.get_username(), object_type="auth.User",
                 object_id=user.pk, changes={"path": _path(request)})


@receiver(user_login_failed, dispatch_uid="accounts.audit.login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    audit_record(action="login.failed", request=request, actor=username or "anonymous",
                 changes={"path": _path(request), "stage": kwargs.get("stage", "password")}, success=False)


@receiver(user_locked_out, dispatch_uid="accounts.audit.locked_out")
def audit_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(action="login.locked_out", request=request, actor=str(username or "anonymous")[:150],
                 changes={"path": _path(request)}, success=False)


@receiver(user_logged_out, dispatch_uid="accounts.audit.logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    audit_record(action="logout", request=request, actor=user.get_username(), object_type="auth.User", object_id=user.pk)
