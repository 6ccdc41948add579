"""The navigation of every page: the links a user's roles open, computed only when a page
shows them (the login pages and the API never pay for it)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.urls import reverse
from django_tenants.utils import get_public_schema_name

from accounts.models import Role
from accounts.scoping import has_data_role, roles_of


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


class Navigation:
    def __init__(self, request):
        self.request = request

    @cached_property
    def roles(self) -> set[str]:
        return roles_of(getattr(self.request, "user", None))

    @cached_property
    def role_labels(self) -> str:
        return "、".join(Role(role).label for role in sorted(self.roles))

    @cached_property
    def unread(self) -> int:
        """Unread messages in the user's inbox (province domains only: the inbox lives there)."""
        if connection.schema_name == get_public_schema_name():
            return 0
        from notifications.services import unread_count

        return unread_count(getattr(self.request, "user", None))

    @cached_property
    def items(self) -> list[NavItem]:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        if connection.schema_name == get_public_schema_name():
            entries = [("national-home", "各省比较")] if Role.NATIONAL_STAFF in self.roles else []
        else:
            entries = [("home", "工作台")]
            if has_data_role(user):
                entries += [
                    ("web:organization-list", "社会组织台账"),
                    ("web:not-built", "应建未建"),
                    ("web:targets", "全覆盖目标清单"),
                    ("web:weak-and-lax", "软弱涣散排查"),
                    ("web:export", "导出"),
                ]
                if Role.PROVINCIAL_STAFF in self.roles:
                    entries.append(("web:import", "导入"))
                entries += [("processes:process-list", "办理事项"), ("processes:case-list", "案件办理")]
            entries.append(("notifications:inbox", "消息"))
            if self.roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
                entries.append(("web:user-list", "用户管理"))
            if Role.SECURITY_ADMIN in self.roles:
                entries += [("web:token-list", "API令牌"), ("web:lockout-list", "登录锁定")]
        path = self.request.path
        items = []
        for name, label in entries:
            url = reverse(name)
            active = path == url if url == "/" else path.startswith(url)
            items.append(NavItem(url, label, active))
        return items


def navigation(request) -> dict:
    return {"nav": Navigation(request)}
