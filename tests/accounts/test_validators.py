"""Password rules beyond the character classes: no trivial pattern, none of the last five."""
import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from accounts.services import one_time_password
from tests.conftest import province_client

from .conftest import PASSWORD, make_user


def _accepted(password, user=None) -> bool:
    try:
        validate_password(password, user)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("password", [
    "Aa123456!", "Password1!", "P@ssw0rd2024", "Qwer1234!", "Abcd1234!", "1qaz@WSX", "Asdf!2345", "Aaaa1111!",
    "Dangjian2024!", "Admin@123", "Tr0ub4dour&3",
])
def test_trivially_patterned_passwords_are_refused(password):
    assert not _accepted(password)


@pytest.mark.parametrize("password", [PASSWORD, "Mine-own-Pass9", "Xk7#mQ2v!pL9", "河畔-Tea-Lamp-42"])
def test_passwords_without_an_obvious_pattern_are_accepted(password):
    assert _accepted(password)


@pytest.mark.parametrize("password", ["9" * 73, "9" * 5000, "Xk7#mQ2v!pL9" * 100])
def test_a_long_password_is_judged_not_a_crash(password):
    """zxcvbn raises ValueError past 72 characters: the password forms answered 500."""
    assert _accepted(password) is (password[0] == "X")


def test_one_time_passwords_pass_the_rules():
    assert all(_accepted(one_time_password()) for _ in range(20))


def test_a_password_made_of_the_username_is_refused(world):
    with schema_context("jilin"):
        user = make_user("zhaoliying", None)
        assert not _accepted("Zhaoliying2024!", user)


def test_none_of_the_last_five_passwords_may_be_used_again(world):
    passwords = [f"Grün-Tisch-{n}-Lampe#{n * 7}" for n in range(1, 8)]
    with schema_context("jilin"):
        user = make_user("history-user", None)
        for password in passwords[:6]:
            assert _accepted(password, user)
            user.set_password(password)
            user.save()
        assert not _accepted(passwords[5], user)  # the current one
        for password in passwords[1:5]:
            assert not _accepted(password, user), password
        assert _accepted(passwords[0], user)  # the sixth last: allowed again
        assert _accepted(passwords[6], user)


def test_the_password_change_page_refuses_a_recent_password(world):
    with schema_context("jilin"):
        user = make_user("changer", None)
    client = province_client("jilin")
    assert client.post("/accounts/login/", {"username": "changer", "password": PASSWORD}).status_code == 302
    response = client.post("/accounts/password/change/",
                           {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 200 and "最近5次" in response.content.decode()
    patterned = client.post("/accounts/password/change/",
                            {"old_password": PASSWORD, "new_password1": "Qwer1234!", "new_password2": "Qwer1234!"})
    assert patterned.status_code == 200 and "有规律" in patterned.content.decode()
