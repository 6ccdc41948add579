from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from . import signals  # noqa: F401  (audit of logins, logouts and lockouts)
        from .admin_names import name_admin_models_in_chinese

        name_admin_models_in_chinese()


class AccountsAdminConfig(admin_apps.AdminConfig):
    """The Django admin with a site that applies the roles (see ``accounts.admin_site``)."""

    default = False
    default_site = "accounts.admin_site.RoleAdminSite"
