"""The test world of tests/accounts (a small Jilin registry, a user per role) and helpers to
check what every page must have: lang="zh-Hans", a title, a label on every form field and
no inline script (the Content-Security-Policy allows scripts from files only)."""
from __future__ import annotations

from html.parser import HTMLParser

from tests.accounts.conftest import PASSWORD, current_totp, logged_in, make_user, totp_device, world, users  # noqa: F401

__all__ = ["PASSWORD", "current_totp", "logged_in", "make_user", "totp_device", "page_problems"]


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = ""
        self.in_title = False
        self.labels: set[str] = set()
        self.fields: list[dict] = []
        self.inline_scripts = 0
        self.label_depth = 0
        self.in_script = False
        self.script_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labels.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if attrs.get("type") not in ("hidden", "submit", "button", "reset"):
                self.fields.append({**attrs, "_wrapped": self.label_depth > 0})
        elif tag == "script":
            if not attrs.get("src") and attrs.get("type") != "application/json":
                self.inline_scripts += 1
        for name in attrs:
            if name.startswith("on"):
                self.inline_scripts += 1  # an inline event handler is an inline script too

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "label":
            self.label_depth -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def page_problems(html: str) -> list[str]:
    """What the page lacks of the rules every page follows (empty when it has them all)."""
    parser = _PageParser()
    parser.feed(html)
    problems = []
    if parser.lang != "zh-Hans":
        problems.append(f'lang is {parser.lang!r}, not "zh-Hans"')
    if not parser.title.strip():
        problems.append("no title")
    for field in parser.fields:
        if not (field.get("id") in parser.labels or field.get("aria-label") or field["_wrapped"]):
            problems.append(f"field without a label: {field.get('name') or field.get('id')}")
    if parser.inline_scripts:
        problems.append(f"{parser.inline_scripts} inline script(s)")
    return problems
