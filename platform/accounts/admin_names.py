"""Chinese names for the admin pages of django-axes and django-otp, which ship no zh-Hans
translation: their apps, models and fields are renamed once, when the apps are ready."""
from __future__ import annotations

from django.apps import apps

APPS = {"axes": "登录安全记录", "otp_totp": "动态口令（第二因素）", "auth": "用户", "sessions": "会话"}
MODELS = {
    "axes.accessattempt": ("登录失败记录", "登录失败记录"),
    "axes.accesslog": ("登录日志", "登录日志"),
    "axes.accessfailurelog": ("登录失败日志", "登录失败日志"),
    "axes.accessattemptexpiration": ("锁定到期时间", "锁定到期时间"),
    "otp_totp.totpdevice": ("动态口令设备", "动态口令设备"),
}
FIELDS = {
    "axes": {
        "user_agent": "浏览器标识", "ip_address": "IP地址", "username": "用户名", "http_accept": "HTTP Accept",
        "path_info": "路径", "attempt_time": "尝试时间", "locked_out": "已锁定", "get_data": "GET 数据",
        "post_data": "POST 数据", "failures_since_start": "失败次数", "expires_at": "到期时间", "logout_time": "退出时间",
        "session_hash": "会话摘要（SHA-256）", "access_attempt": "登录失败记录",
    },
    "otp_totp": {
        "user": "用户", "name": "名称", "confirmed": "已确认", "key": "密钥", "step": "步长（秒）", "t0": "起始时间",
        "digits": "位数", "tolerance": "容差", "drift": "时钟偏差", "last_t": "最近时间步", "created_at": "创建时间",
        "last_used_at": "最近使用", "throttling_failure_timestamp": "最近失败时间", "throttling_failure_count": "连续失败次数",
    },
}


def name_admin_models_in_chinese() -> None:
    for label, verbose_name in APPS.items():
        try:
            apps.get_app_config(label).verbose_name = verbose_name
        except LookupError:
            pass
    for label, (singular, plural) in MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural
        for field in model._meta.get_fields():
            name = FIELDS.get(model._meta.app_label, {}).get(field.name)
            if name and hasattr(field, "verbose_name"):
                field.verbose_name = name
