from django.apps import AppConfig


class EdgeConfig(AppConfig):
    """What every request passes on its way in (text and body checks) and every error on its
    way out (one mapping to a problem or a Chinese error page)."""

    name = "edge"
    verbose_name = "请求边界"
