"""The audit log in the admin: read only, for the audit administrator (accounts.admin_site)."""
from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "actor_kind", "action", "object_type", "object_id", "ip", "success")
    list_filter = ("action", "success", "actor_kind")
    search_fields = ("actor", "action", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
