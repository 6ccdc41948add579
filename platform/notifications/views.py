"""The inbox: a user's messages, newest first, and marking them read."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.actors import Actor
from web.views.common import page_of

from .models import Notification
from .services import notifications_mark_read


@login_required
def inbox(request):
    messages = Notification.objects.filter(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return render(request, "notifications/inbox.html", {"page": page_of(request, messages), "unread_only": unread_only})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    notifications_mark_read(actor=Actor.from_request(request), ids=[int(i) for i in ids if i.isdigit()] or None)
    return redirect(request.POST.get("next") or "notifications:inbox")
