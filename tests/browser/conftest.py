"""Browser tests: Debian's chromium driven by Playwright against a live server.

The live server is Django's ``LiveServerThread`` (with the static-files handler, so htmx,
ECharts and the site's own files are served as in production by WhiteNoise) started once
per test process on the session's test database, whose province schemas tests/conftest.py
provisioned. pytest-django's ``live_server`` is not used: it flushes the database between
tests (TRUNCATE), which the append-only audit table refuses and which would drop the
provinces. So a browser test writes its data committed, outside any test transaction
(``committed`` below unblocks the database for the whole test, the server thread included),
with names of its own, and removes it afterwards; audit entries stay (they are append-only).

Hosts: ``jilin.localhost:<port>`` and ``localhost:<port>``; chromium resolves ``*.localhost``
to 127.0.0.1 (and ``--host-resolver-rules`` makes sure of it).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]
VIEWPORT = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}
PASSWORD = "Strong-pass-2024"


def pytest_collection_modifyitems(items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Debian chromium is not installed at {CHROMIUM} (ops/install-system-packages installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server_port(django_db_setup, django_db_blocker):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connection
    from django.test.testcases import LiveServerThread

    # pytest-django creates the test database only when a collected test asks for ``db``
    # (test_province.py has one); without it the committed writes below would go to the
    # real database named in DATABASE_URL. Refuse rather than risk that.
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail("the browser tests need the test database: run them with a test that uses `db` "
                    "(e.g. the whole tests/browser folder)")

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    with django_db_blocker.unblock():
        server.start()
        server.is_ready.wait()
    if server.error:
        raise server.error
    yield server.port
    server.terminate()


@pytest.fixture
def committed(django_db_blocker):
    """The database open for the whole test (committed writes, seen by the server thread)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:6]


@pytest.fixture
def chromium(monkeypatch):
    """Chromium for one test. Playwright's sync API keeps an asyncio loop running in this
    thread while it is started, and Django refuses database calls from a thread with a
    running loop unless told it is safe (it is: the test's own calls are synchronous). One
    browser per test, so that no loop outlives the browser tests. Request it before any
    fixture that writes data (``browser_page`` first), so that those writes and their
    connection belong to the same loop."""
    from playwright.sync_api import sync_playwright

    from django.db import connections

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # With a running loop, Django keeps this thread's connections apart (asgiref's
            # context storage): close the ones the test opened before the loop stops, else
            # they outlive the test and the test database cannot be dropped.
            connections.close_all()


class Page:
    """A page at 1366×768 that records console errors and failed requests of the site."""

    def __init__(self, browser, port: int):
        self.port = port
        self.context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai",
                                           accept_downloads=True)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # The console says only "404"; name the resource so a failure is readable.
        self.page.on("response", lambda response: self.errors.append(f"{response.status} {response.url}")
                     if response.status >= 400 else None)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def goto(self, host: str, path: str = "/"):
        self.page.goto(self.url(host, path))
        self.page.wait_for_load_state("networkidle")

    def login(self, host: str, username: str, *, totp_device=None):
        from tests.accounts.conftest import current_totp

        page = self.page
        page.goto(self.url(host, "/accounts/login/"))
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("networkidle")
        if totp_device is not None:
            page.get_by_label("验证码").fill(current_totp(totp_device))
            page.get_by_role("button", name="验证").click()
            page.wait_for_load_state("networkidle")

    def check(self):
        """What every page must have: lang="zh-Hans", a title, a label on every form field."""
        page = self.page
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
        assert page.title().strip()
        unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea'))
            .filter(f => !['hidden', 'submit', 'button'].includes(f.type))
            .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))
            .map(f => f.name || f.id)""")
        assert unlabelled == [], unlabelled

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def browser_page(chromium, live_server_port):
    page = Page(chromium, live_server_port)
    yield page
    page.close()
    assert page.errors == [], f"console errors: {page.errors}"
