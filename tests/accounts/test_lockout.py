"""Login throttling per client address as well as per username (password spraying), and the
security administrator's page to see and release lockouts."""
import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from audit.models import AuditEntry
from tests.conftest import province_client

from .conftest import PASSWORD, logged_in, make_user

SPRAYER, OFFICE, ELSEWHERE = "198.51.100.7", "192.0.2.10", "203.0.113.5"


def _login(username, password, address):
    client = province_client("jilin")
    return client.post("/accounts/login/", {"username": username, "password": password, "next": "/"}, REMOTE_ADDR=address)


@pytest.fixture
def victim(world):
    with schema_context("jilin"):
        return make_user("spray-target", Role.CITY_STAFF, region=world.regions["220100"])


@pytest.fixture
def sprayed(victim, settings):
    """One guess each at many usernames from one address, up to the address's limit."""
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    for n in range(8):
        _login(f"guess-{n}", "Spring2024!", SPRAYER)
    return victim


def test_spraying_one_password_over_many_usernames_locks_the_address(sprayed):
    refused = _login(sprayed.username, PASSWORD, SPRAYER)
    assert refused.status_code == 429
    # The account itself is not locked: from elsewhere its owner logs in.
    assert _login(sprayed.username, PASSWORD, ELSEWHERE).status_code == 302


def test_colleagues_typos_from_one_office_do_not_lock_it(world, victim):
    with schema_context("jilin"):
        for n in range(3):
            make_user(f"colleague-{n}", Role.CITY_STAFF, region=world.regions["220100"])
    for n in range(3):
        for _ in range(4):  # each below the username limit of 5; 12 from the office, below 30
            assert _login(f"colleague-{n}", "typo-Password-1", OFFICE).status_code == 200
    assert _login(victim.username, PASSWORD, OFFICE).status_code == 302


def test_one_valid_login_does_not_clear_an_address_of_its_failures(victim, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    for n in range(3):
        _login(f"guess-{n}", "Spring2024!", SPRAYER)
    assert _login(victim.username, PASSWORD, SPRAYER).status_code == 302
    _login("guess-9", "Spring2024!", SPRAYER)
    assert _login(victim.username, PASSWORD, SPRAYER).status_code == 429


def test_the_security_administrator_sees_and_releases_a_locked_address(sprayed, users):
    page = logged_in("jilin", users["security_admin"]).get("/security/lockouts/")
    html = page.content.decode()
    assert page.status_code == 200 and SPRAYER in html and "已锁定" in html and "来源地址" in html
    client = logged_in("jilin", users["security_admin"])
    response = client.post("/security/lockouts/release/", {"kind": "ip_address", "value": SPRAYER})
    assert response.status_code == 302
    assert _login(sprayed.username, PASSWORD, SPRAYER).status_code == 302
    with schema_context("jilin"):
        entry = AuditEntry.objects.filter(action="login.unlock").order_by("-id").first()
    assert entry.actor == users["security_admin"].username and entry.changes["ip_address"] == SPRAYER


def test_the_security_administrator_releases_a_locked_username(victim, users):
    for _ in range(5):
        _login(victim.username, "wrong-Password-1", SPRAYER)
    assert _login(victim.username, PASSWORD, ELSEWHERE).status_code == 429
    client = logged_in("jilin", users["security_admin"])
    assert victim.username in client.get("/security/lockouts/").content.decode()
    assert client.post("/security/lockouts/release/", {"kind": "username", "value": victim.username}).status_code == 302
    assert _login(victim.username, PASSWORD, ELSEWHERE).status_code == 302


@pytest.mark.parametrize("key", ["system_admin", "audit_admin", "provincial", "city"])
def test_only_the_security_administrator_releases_lockouts(victim, users, key):
    client = logged_in("jilin", users[key])
    assert client.get("/security/lockouts/").status_code == 403
    assert client.post("/security/lockouts/release/", {"kind": "username", "value": victim.username}).status_code == 403
