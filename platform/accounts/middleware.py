"""Two middlewares: the account checks after login, and the security headers."""
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .scoping import requires_second_factor
from .services import must_change_password
from .signals import SESSION_STARTED

# Reachable before the password change and the second factor (everything else is not).
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/static/", "/healthz")


def session_expired(request) -> bool:
    """Past SESSION_ABSOLUTE_AGE since its login, however busy (a session without its start,
    from before this rule, counts as expired: fail closed)."""
    started = request.session.get(SESSION_STARTED)
    return not isinstance(started, int) or time.time() - started > settings.SESSION_ABSOLUTE_AGE


class AccountSecurityMiddleware:
    """A session ends SESSION_ABSOLUTE_AGE after its login (log in again). A logged-in user
    first changes a one-time password, then (administrators, provincial staff, national users,
    anyone allowed to unmask) passes the TOTP second factor; until then every other page sends
    them there (an API call gets 403). Placed after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and session_expired(request):
            auth.logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "会话已超过最长时限，请重新登录"}, status=401)
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path(), 'expired': '1'})}")
        if user is not None and user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            step = self._pending_step(user)
            if step is not None and request.path != reverse(step):
                if request.path.startswith("/api/"):
                    from edge.errors import error_response

                    return error_response(request, status=403, code="account_step_pending",
                                          detail="请先在网页上完成密码修改或双因素认证")
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _pending_step(user) -> str | None:
        if must_change_password(user):
            return "accounts:password-change"
        if requires_second_factor(user) and not user.is_verified():
            from django_otp import user_has_device

            return "accounts:otp-verify" if user_has_device(user) else "accounts:otp-setup"
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django has no
    built-in CSP; SecurityMiddleware sends nosniff, Referrer-Policy and COOP)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", {})
        self.csp = "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
