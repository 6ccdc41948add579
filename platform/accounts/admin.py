"""Admin pages of the system administrator (users) and security administrator (roles,
unmask permission). Every write goes through accounts.services and is audited."""
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from audit.services import audit_record

from .models import AccountProfile, RoleAssignment
from .services import one_time_password, role_assign, role_revoke, role_validate, unmask_permission_set, user_password_reset

User = get_user_model()

for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class UserAddForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "email")


@admin.register(User)
class AccountUserAdmin(UserAdmin):
    """Users without superuser, groups or permissions: roles are the security administrator's."""

    add_form = UserAddForm
    add_fieldsets = ((None, {"fields": ("username", "first_name", "email")}),)
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "first_name", "email", "is_active", "last_login")
    list_filter = ("is_active",)
    filter_horizontal = ()
    actions = ["reset_password"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit_record(action="user.change", request=request, object_type="auth.User", object_id=obj.pk,
                         changes={"username": obj.get_username(), "fields": form.changed_data})
            return
        password = one_time_password()
        obj.set_password(password)
        super().save_model(request, obj, form, change)
        AccountProfile.objects.create(user=obj, must_change_password=True)
        audit_record(action="user.create", request=request, object_type="auth.User", object_id=obj.pk,
                     changes={"username": obj.get_username()})
        messages.warning(request, f"用户 {obj.get_username()} 的一次性密码（只显示这一次）：{password}")

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("请使用“重置密码”操作：新密码为一次性密码，用户首次登录时须修改")

    @admin.action(description="重置密码（生成一次性密码）", permissions=["change"])
    def reset_password(self, request, queryset):
        for user in queryset:
            password = user_password_reset(actor=request.user, user=user, request=request)
            messages.warning(request, f"用户 {user.get_username()} 的一次性密码（只显示这一次）：{password}")


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "region", "supervisor", "organization", "instructor")

    def clean(self):
        data = super().clean()
        if data.get("user") is not None and data.get("role"):
            try:
                role_validate(user=data["user"], role=data["role"], region=data.get("region"),
                              supervisor=data.get("supervisor"), organization=data.get("organization"),
                              instructor=data.get("instructor"))
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ("user", "role", "region", "supervisor", "organization", "instructor", "granted_by", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "region", "supervisor", "organization", "instructor")

    def has_change_permission(self, request, obj=None):
        return False  # revoke and grant anew, so that both are audited

    def save_model(self, request, obj, form, change):
        try:
            assignment = role_assign(actor=request.user, user=obj.user, role=obj.role, region=obj.region,
                                     supervisor=obj.supervisor, organization=obj.organization,
                                     instructor=obj.instructor, request=request)
        except (PermissionDenied, ValidationError) as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = obj.id = assignment.pk

    def delete_model(self, request, obj):
        role_revoke(actor=request.user, assignment=obj, request=request)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            role_revoke(actor=request.user, assignment=assignment, request=request)


@admin.register(AccountProfile)
class AccountProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "must_change_password", "unmask_allowed", "unmask_changed_by", "unmask_changed_at")
    list_filter = ("unmask_allowed", "must_change_password")
    fields = ("user", "must_change_password", "unmask_allowed", "unmask_changed_by", "unmask_changed_at")
    readonly_fields = ("user", "must_change_password", "unmask_changed_by", "unmask_changed_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "unmask_allowed" in form.changed_data:
            try:
                unmask_permission_set(actor=request.user, user=obj.user, allowed=obj.unmask_allowed, request=request)
            except (PermissionDenied, ValidationError) as error:
                raise PermissionDenied(str(error)) from error
