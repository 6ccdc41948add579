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

# Pages reached from the dashboard's figures: its menu item is the active one there.
UNDER_THE_DASHBOARD = ("/lists/", "/reports/")
# A case's pages: an organization's menu item for its applications is the active one there.
UNDER_APPLICATIONS = ("/cases/",)
OWN_ORGANIZATION_ROLES = frozenset({Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON})


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
    def organization_menu(self) -> bool:
        """The menu is an organization's own pages (a secretary or liaison): pages then need
        no second row of tabs for them."""
        return bool(self.roles) and self.roles <= OWN_ORGANIZATION_ROLES

    @cached_property
    def items(self) -> list[NavItem]:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        if connection.schema_name == get_public_schema_name():
            entries = [("national-home", "各省比较")] if Role.NATIONAL_STAFF in self.roles else []
        elif self.roles and self.roles <= OWN_ORGANIZATION_ROLES:
            entries = self._organization_entries(user)
        elif self.roles and self.roles <= {Role.INSTRUCTOR}:
            entries = [("web:instructor-home", "我的派驻"), ("web:work-log-create", "记录走访")]
        else:
            entries = [("home", "工作台")]
            if has_data_role(user):
                entries += [
                    ("web:organization-list", "社会组织台账"),
                    ("web:not-built", "应建未建"),
                    ("web:targets", "全覆盖目标清单"),
                    ("web:weak-and-lax", "软弱涣散排查"),
                ]
                if self.roles & {Role.PROVINCIAL_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF}:
                    entries.append(("web:reviews", "年报审核"))
                if Role.INSTRUCTOR in self.roles:
                    entries.append(("web:instructor-home", "我的派驻"))
                entries.append(("web:export", "导出"))
                if Role.PROVINCIAL_STAFF in self.roles:
                    entries.append(("web:import", "导入"))
                rules = getattr(self.request, "rules", None)
                entries += [("processes:plan", plan.name, [plan.code]) for plan in (rules.plans() if rules is not None else ())]
                entries += [("processes:process-list", "办理事项"), ("processes:case-list", "案件办理"),
                            ("web:dispatch-outcomes", "指导员派驻")]
                if rules is not None and rules.proposals():
                    entries.append(("web:rule-proposals", "规则建议"))
                entries += [("web:yearly-targets", "年度目标"), ("web:grade-cap-exceptions", "等级限制例外")]
            entries.append(("notifications:inbox", "消息"))
            if self.roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}:
                entries.append(("web:user-list", "用户管理"))
            if Role.SECURITY_ADMIN in self.roles:
                entries += [("web:token-list", "API令牌"), ("web:lockout-list", "登录锁定")]
        path = self.request.path
        items = []
        for entry in entries:
            name, label = entry[:2]
            url = reverse(name, args=entry[2]) if len(entry) > 2 else reverse(name)
            items.append(NavItem(url, label, False))
        # The active item: the longest URL the path starts with ("/" only for itself).
        matches = [item.url for item in items if (path == item.url if item.url == "/" else path.startswith(item.url))]
        if not matches and path.startswith(UNDER_APPLICATIONS):
            matches = [item.url for item in items if item.url.endswith("/applications/")]  # a case's page
        if not matches and path.startswith(UNDER_THE_DASHBOARD):
            matches = [item.url for item in items if item.url == "/"]  # the lists behind its figures
        best = max(matches, key=len, default=None)
        return [NavItem(item.url, item.label, item.url == best) for item in items]

    def _organization_entries(self, user) -> list[tuple]:
        """A secretary's or liaison's menu: their organization's pages (the first one's)."""
        from web.views.common import own_organizations

        organizations = own_organizations(user)
        if not organizations:
            return [("home", "工作台")]
        uscc = (organizations[0].uscc,)
        return [("web:organization-home", "本组织", uscc), ("web:members", "党员", uscc),
                ("web:activities", "组织生活", uscc), ("web:submissions", "年报与年检", uscc),
                ("web:applications", "申请与办理", uscc),
                ("web:organization-detail", "规则评估", uscc)]


def navigation(request) -> dict:
    return {"nav": Navigation(request)}
