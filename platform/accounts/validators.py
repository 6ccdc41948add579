"""Password rules (``AUTH_PASSWORD_VALIDATORS``), each with a Chinese message:

- at least three of the four character classes (length is checked by Django's
  MinimumLengthValidator, 8 characters, in settings);
- not trivially patterned: keyboard runs, sequences, repeats, dates, common words and
  names with digits added, the user's own name (zxcvbn's estimate of the guesses needed,
  the well-kept port of Dropbox's estimator, rather than a hand-written list of patterns);
- none of the user's last ``PASSWORD_HISTORY_COUNT`` passwords (``models.PasswordHistory``).
"""
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("特殊字符", lambda c: not c.isalnum() and not c.isspace()),
)


def character_classes(password: str) -> int:
    return sum(1 for _, test in CLASSES if any(test(c) for c in password))


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、特殊字符中的至少{self.min_classes}类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、特殊字符中的至少{self.min_classes}类。"


# Words anyone guessing a password of this platform tries first.
PLATFORM_WORDS = ("dangjian", "shehuizuzhi", "partybuild", "dangwei", "zuzhibu", "admin", "password", "mima")


class PatternValidator:
    """Refuses a password whose estimated number of guesses is below 10^(2 × min_score + 2)
    (zxcvbn score ``min_score``, 3 by default: about 10^8 guesses)."""

    MESSAGE = "密码过于简单或有规律（如键盘上相邻的键、连续或重复的字符、常见单词或姓名加数字、日期、用户名），请换一个更难猜的密码。"

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def validate(self, password, user=None):
        from zxcvbn import zxcvbn

        inputs = list(PLATFORM_WORDS)
        if user is not None:
            inputs += [str(getattr(user, name, "") or "") for name in ("username", "first_name", "last_name", "email")]
        # zxcvbn refuses inputs longer than 72 characters (a ValueError, a 500 on the password
        # forms): the first 72 decide the estimate.
        if zxcvbn(password[:72], user_inputs=[value for value in inputs if value])["score"] < self.min_score:
            raise ValidationError(self.MESSAGE, code="password_patterned")

    def get_help_text(self):
        return "密码不能有明显的规律（键盘顺序、连续或重复的字符、常见单词加数字、日期、用户名）。"


class PasswordHistoryValidator:
    """Refuses the current password and the last ``count`` ones; records each new one."""

    def __init__(self, count: int | None = None):
        self.count = count

    @property
    def history_count(self) -> int:
        return self.count or settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        recent = list(PasswordHistory.objects.filter(user_id=user.pk).order_by("-id")
                      .values_list("password", flat=True)[:self.history_count])
        if user.password:
            recent.append(user.password)
        if any(check_password(password, encoded) for encoded in recent if encoded):
            raise ValidationError(f"新密码不能与最近{self.history_count}次使用过的密码相同。", code="password_reused")

    def password_changed(self, password, user=None):
        """Called by Django whenever a password is saved (``AbstractBaseUser.save``)."""
        if user is None or user.pk is None or not user.password:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        stale = PasswordHistory.objects.filter(user_id=user.pk).order_by("-id").values_list("id", flat=True)[self.history_count:]
        PasswordHistory.objects.filter(id__in=list(stale)).delete()

    def get_help_text(self):
        return f"新密码不能与最近{self.history_count}次使用过的密码相同。"
