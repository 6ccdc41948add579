"""Login, sessions, lockout, the second factor, and the security headers of every response."""
from .environment import env

# --- login, sessions, lockout, second factor (accounts) ------------------------------
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

AUTHENTICATION_BACKENDS = [
    # First: refuses every login path (web, admin, any authenticate() call) while the account is locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admin permissions come from roles (accounts.admin_site.ADMIN_POLICY).
    "accounts.admin_site.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.PatternValidator", "OPTIONS": {"min_score": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator"},
]
# A new password may not be one of the last N (accounts.models.PasswordHistory).
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)

# Idle sessions end after 30 minutes: every request pushes the expiry 30 minutes on.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# However busy, a session ends this long after its login (accounts.middleware): log in again.
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE_HOURS", default=12) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# 5 failed logins lock the account for 30 minutes; 30 from one client address (over any
# usernames: password spraying) lock that address (accounts/lockout.py: a committee's staff
# share an office's address, so its limit is higher). The attempts live in the schema of the
# domain the login came to, so a lockout holds in one province only. The security
# administrator releases one on the page 登录锁定 (/security/lockouts/).
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=30)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
# The client address axes counts: REMOTE_ADDR here; behind N reverse proxies, set
# TRUSTED_PROXY_COUNT=N so that it is the first address X-Forwarded-For names before them
# (else every login would come from the proxy and spraying from anywhere would lock everyone).
if env.int("TRUSTED_PROXY_COUNT", default=0):
    AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "社会组织党建工作平台"
# No django-otp delay after a wrong code (its default doubles from 1 s per failure and refuses
# even a correct code typed right after a typo): failures of the second factor count towards
# axes' lockout of the username (5, with the password's), which is the brute-force limit.
OTP_TOTP_THROTTLE_FACTOR = 0

# --- security headers on every response ----------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# accounts.middleware.SecurityHeadersMiddleware sends these (Django has no built-in CSP).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # the Django admin still has style attributes
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
