"""The security administrator's pages besides users and roles: API tokens (list, issue with
the token shown once, revoke) and login lockouts (see and release). Writes go through
``api.services`` and ``accounts.lockout`` (audited there)."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.actors import Actor
from accounts.lockout import lockout_release, lockouts_list
from accounts.models import Role
from api.models import ApiToken
from api.services import api_token_issue, api_token_revoke

from ..forms import TokenIssueForm
from .common import roles_required

SECURITY_ONLY = "此页面只向安全管理员开放。"


def _tokens_page(request, form, status=200):
    tokens = ApiToken.objects.order_by("revoked_at", "-created")
    return render(request, "web/security/tokens.html", {"tokens": tokens, "form": form}, status=status)


@never_cache
@roles_required(Role.SECURITY_ADMIN, message=SECURITY_ONLY)
def token_list(request):
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_issue(name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                                     expires_in_days=form.cleaned_data["expires_in_days"],
                                     actor=Actor.from_request(request), request=request)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return render(request, "web/security/token_issued.html", {"token": issued.token, "secret": issued.secret})
    return _tokens_page(request, form, status=400 if form.errors else 200)


@require_POST
@roles_required(Role.SECURITY_ADMIN, message=SECURITY_ONLY)
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if not token.is_revoked:
        api_token_revoke(name_or_prefix=token.prefix, actor=Actor.from_request(request), request=request)
    return redirect("web:token-list")


@never_cache
@roles_required(Role.SECURITY_ADMIN, message=SECURITY_ONLY)
def lockout_list(request):
    return render(request, "web/security/lockouts.html", {"lockouts": lockouts_list(), "released": request.GET.get("released")})


@require_POST
@roles_required(Role.SECURITY_ADMIN, message=SECURITY_ONLY)
def lockout_release_view(request):
    kind, value = request.POST.get("kind", ""), (request.POST.get("value") or "")[:255]
    try:
        lockout_release(actor=request.user, kind=kind, value=value, request=request)
    except (PermissionDenied, ValidationError) as error:
        return render(request, "web/security/lockouts.html", {
            "lockouts": lockouts_list(), "error": "；".join(getattr(error, "messages", [str(error)])),
        }, status=400)
    return redirect(f"{reverse('web:lockout-list')}?released={kind}")
