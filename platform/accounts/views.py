"""Login, logout, first-login password change, TOTP set-up and verification, unmasking.

Pages are plain (they extend templates/base.html); the web UI restyles them later.
"""
import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_record

from .forms import LoginForm
from .scoping import can_unmask, members_for
from .services import UNMASK_REASON_MIN_LENGTH, UNMASKABLE_FIELDS, member_unmask, password_changed


def _next_url(request, default="/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Also the forced first-login change of a one-time password."""

    template_name = "accounts/password_change.html"
    success_url = "/"

    def get_context_data(self, **kwargs):
        from .services import must_change_password

        # Forced (a one-time password set by someone else) or the user's own choice: the page says which.
        return {**super().get_context_data(**kwargs), "forced": must_change_password(self.request.user)}

    def form_valid(self, form):
        super().form_valid(form)  # saves the password, keeps the session
        password_changed(user=form.user, request=self.request)
        messages.success(self.request, "密码已修改，下次登录请使用新密码。")
        return redirect(_next_url(self.request))


def _locked_out(request, username: str):
    """5 failures, wherever they came from (password or TOTP), lock the account."""
    return AxesProxyHandler.is_locked(request, {"username": username})


def _otp_failed(request, user):
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request, stage="otp")
    if _locked_out(request, user.get_username()):
        auth.logout(request)
        return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=settings.AXES_HTTP_RESPONSE_CODE)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """First TOTP device of a user who needs one: scan the QR code, type the code shown."""
    user = request.user
    if user_has_device(user):
        return redirect(f"{reverse('accounts:otp-verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="默认验证器", confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token((request.POST.get("otp_token") or "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(action="otp.setup", request=request, object_type="auth.User", object_id=user.pk)
            return redirect(_next_url(request))
        locked = _otp_failed(request, user)
        if locked is not None:
            return locked
        error = "验证码不正确，请重新输入。"
    qr_svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return render(request, "accounts/otp_setup.html", {
        "qr_svg": qr_svg, "secret": base64.b32encode(device.bin_key).decode(), "error": error, "next": _next_url(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second factor after the password: the 6-digit code of the user's authenticator."""
    user = request.user
    if not user_has_device(user):
        return redirect(f"{reverse('accounts:otp-setup')}?{urlencode({'next': _next_url(request)})}")
    error = ""
    if request.method == "POST":
        if _locked_out(request, user.get_username()):
            auth.logout(request)
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=settings.AXES_HTTP_RESPONSE_CODE)
        device = match_token(user, (request.POST.get("otp_token") or "").strip())
        if device is not None:
            otp_login(request, device)
            audit_record(action="login.otp", request=request, object_type="auth.User", object_id=user.pk)
            return redirect(_next_url(request))
        locked = _otp_failed(request, user)
        if locked is not None:
            return locked
        error = "验证码不正确，请重新输入。"
    return render(request, "accounts/otp_verify.html", {"error": error, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def member_unmask_view(request, pk: int):
    """See one member's full ID or phone number: needs the permission and a typed reason."""
    member = get_object_or_404(members_for(request.user), pk=pk)
    context = {"member": member, "fields": UNMASKABLE_FIELDS, "min_length": UNMASK_REASON_MIN_LENGTH,
               "allowed": can_unmask(request.user)}
    if request.method == "POST":
        field = request.POST.get("field", "")
        try:
            context["value"] = member_unmask(user=request.user, member=member, field=field,
                                             reason=request.POST.get("reason", ""), request=request)
            context["field_label"] = UNMASKABLE_FIELDS[field]
        except PermissionDenied as error:
            return render(request, "accounts/member_unmask.html", {**context, "error": str(error)}, status=403)
        except ValidationError as error:
            context["error"] = "；".join(error.messages)
    return render(request, "accounts/member_unmask.html", context)
