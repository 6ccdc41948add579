"""Login, logout, password and second-factor pages, on every domain (province and national)."""
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("2fa/setup/", views.otp_setup, name="otp-setup"),
    path("2fa/verify/", views.otp_verify, name="otp-verify"),
]

# Province domains only (the national domain holds no member).
province_urlpatterns = urlpatterns + [
    path("members/<int:pk>/unmask/", views.member_unmask_view, name="member-unmask"),
]
