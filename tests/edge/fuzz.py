"""A hostile-input fuzzer of every write endpoint of the province API (from its OpenAPI
schema) and of every web form (found by crawling the pages as users of several roles).

Every field in turn, and at ``level="long"`` random sets of fields at once, gets each hostile
value: NUL, a lone surrogate, control characters, a 1 MB string, a 5,000-digit number (as a
JSON number and as text), deep nesting; whole bodies are hostile too (deeply nested, a bare
huge number, invalid UTF-8). The only verdict is the status: no answer may be a 5xx.
Requests go through Django's test client on the real PostgreSQL schemas.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

MEGABYTE = "x" * (1024 * 1024 - 200)  # just under DATA_UPLOAD_MAX_MEMORY_SIZE / 2 as a whole body
DIGITS = "9" * 5000
# Values written into a JSON body (raw JSON text, so that numbers and escapes are exact).
JSON_HOSTILE = {
    "nul": '"a\\u0000b"',
    "surrogate": '"x\\ud800y"',
    "control": '"bell\\u0007"',
    "megabyte": json.dumps(MEGABYTE),
    "digits_number": DIGITS,
    "digits_text": json.dumps(DIGITS),
    "float_overflow": "1e999999",
    "negative_digits": "-" + DIGITS,
    "deep": "[" * 200 + "]" * 200,
    "object_deep": '{"a":' * 100 + "1" + "}" * 100,
    "nul_key": '{"k\\u0000": true}',
    "wrong_type": '{"x": [1, "2", null]}',
}
WHOLE_BODIES = {
    "deep_body": "[" * 100_000 + "]" * 100_000,
    "number_body": DIGITS,
    "surrogate_body": '"\\udfff"',
    "empty_body": "",
    "not_json": "{'a': 1}",
}
FORM_HOSTILE = {
    "nul": "a\x00b",
    "control": "bell\x07",
    "megabyte": MEGABYTE,
    "digits": DIGITS,
    "negative_digits": "-" + DIGITS,
    "bad_date": "99999-99-99",
    "html": "<script>alert(1)</script>",
}


@dataclass
class Report:
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    by_status: dict = field(default_factory=dict)
    forms: int = 0
    operations: int = 0

    def record(self, label: str, response) -> None:
        self.requests += 1
        self.by_status[response.status_code] = self.by_status.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            self.server_errors.append(f"{label}: {response.status_code} {response.content[:300]!r}")

    def summary(self) -> str:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(self.by_status.items()))
        return (f"{self.requests} hostile requests to {self.operations} API write operations and {self.forms} web forms; "
                f"{len(self.server_errors)} server errors; statuses {statuses}")


# --- the API ------------------------------------------------------------------------------

def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _valid_value(schema: dict, name: str, node: dict, known: dict):
    node = _resolve(schema, node)
    if name in known:
        return known[name]
    if "enum" in node:
        return node["enum"][0]
    if "allOf" in node:
        return _valid_value(schema, name, node["allOf"][0], known)
    kind = node.get("type")
    if node.get("format") == "date":
        return "2024-01-15"
    if kind == "integer":
        return max(node.get("minimum", 1), 1) if node.get("minimum", 1) <= 2024 else node["minimum"]
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {name_: _valid_value(schema, name_, sub, known) for name_, sub in node.get("properties", {}).items()
                if name_ in node.get("required", [])}
    return "测试"


def write_operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("post", "put", "patch"):
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            yield path, method, _resolve(schema, body) if body else {"properties": {}}


def fuzz_api(client, schema: dict, known: dict, report: Report, *, level: str, rng: random.Random) -> None:
    for path, method, body_schema in write_operations(schema):
        report.operations += 1
        url = path.replace("{id}", str(known["ids"].get(path.split("/")[3], 1))).replace("{uscc}", known["uscc"]).replace(
            "{key}", known["party_org_name"])
        properties = body_schema.get("properties", {})
        base = {name: _valid_value(schema, name, node, known) for name, node in properties.items()}
        names = list(properties) or ["$"]
        cases = []
        for index, (label, raw) in enumerate(JSON_HOSTILE.items()):
            targets = names if level == "long" else [names[index % len(names)]]
            cases += [([target], label, raw) for target in targets]
        if level == "long":
            for _ in range(40):
                chosen = rng.sample(names, k=min(len(names), rng.randint(2, 4)))
                label, raw = rng.choice(list(JSON_HOSTILE.items()))
                cases.append((chosen, label, raw))
        for targets, label, raw in cases:
            parts = {name: json.dumps(value, ensure_ascii=False) for name, value in base.items()}
            for target in targets:
                parts[target] = raw
            text = "{" + ",".join(f"{json.dumps(name)}:{value}" for name, value in parts.items()) + "}"
            response = getattr(client, method)(url, data=text.encode("utf-8"), content_type="application/json",
                                               HTTP_IDEMPOTENCY_KEY=f"fuzz-{report.requests}" if method == "post" else None)
            report.record(f"{method.upper()} {path} {targets}={label}", response)
        for label, raw in WHOLE_BODIES.items():
            response = getattr(client, method)(url, data=raw.encode("utf-8"), content_type="application/json")
            report.record(f"{method.upper()} {path} body={label}", response)
        response = getattr(client, method)(url, data=b'{"a": "\xff\xfe"}', content_type="application/json")
        report.record(f"{method.upper()} {path} body=invalid_utf8", response)
        for header_value in ("\x01" * 10, "k" * 300, "ключ"):
            if method == "post":
                response = client.post(url, data=json.dumps(base), content_type="application/json",
                                       HTTP_IDEMPOTENCY_KEY=header_value)
                report.record(f"POST {path} Idempotency-Key={header_value[:10]!r}", response)


# --- the web forms ------------------------------------------------------------------------

class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                          "fields": {}, "files": [], "enctype": attrs.get("enctype", "")}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._form["files"].append(attrs["name"])
            elif kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], "")
            elif kind not in ("submit", "button", "image", "reset"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
            if tag == "select":
                self._select = attrs["name"]
        elif tag == "option" and self._select and self._form is not None:
            if not self._form["fields"].get(self._select) and attrs.get("value"):
                self._form["fields"][self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


SKIP_ACTIONS = ("/accounts/logout/",)


def crawl(client, start: list[str], *, max_pages: int) -> tuple[list[dict], int]:
    """Forms found on the pages reachable from ``start`` (same host, GET links only)."""
    seen, queue, forms = set(), list(start), []
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for form in parser.forms:
            form["page"] = url
            form["url"] = urljoin(url, form["action"]) if form["action"] else url
            if not form["url"].startswith(SKIP_ACTIONS):
                forms.append(form)
        for link in parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(("/static/", "/accounts/logout")):
                continue
            if any(word in parts.path for word in ("download", "errors.csv", "delete", "export")):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    unique = {(form["method"], urlsplit(form["url"]).path, tuple(sorted(form["fields"])), tuple(form["files"])): form
              for form in forms}
    return list(unique.values()), len(seen)


def fuzz_forms(make_client, forms: list[dict], report: Report, *, level: str, rng: random.Random) -> None:
    for form in forms:
        report.forms += 1
        names = list(form["fields"]) + list(form["files"]) or ["q"]
        cases = []
        for index, (label, value) in enumerate(FORM_HOSTILE.items()):
            targets = names if level == "long" else [names[index % len(names)]]
            cases += [([target], label, value) for target in targets]
        if level == "long":
            for _ in range(5):
                label, value = rng.choice(list(FORM_HOSTILE.items()))
                cases.append((rng.sample(names, k=min(len(names), 3)), label, value))
        for targets, label, value in cases:
            client = make_client()  # a fresh session: a form that logs out or changes a password harms nothing else
            data = {name: field_value for name, field_value in form["fields"].items() if name != "csrfmiddlewaretoken"}
            for target in targets:
                if target in form["files"]:
                    data[target] = SimpleUploadedFile(f"{value[:50]}.xlsx", value.encode("utf-8", "surrogatepass")[:4096])
                else:
                    data[target] = value
            for name in form["files"]:
                data.setdefault(name, SimpleUploadedFile("空.csv", b"a,b\n1,2\n"))
            if form["method"] == "post":
                response = client.post(form["url"], data)
            else:
                response = client.get(form["url"], {k: v for k, v in data.items() if isinstance(v, str)})
            report.record(f"{form['method'].upper()} {form['url']} (form on {form['page']}) {targets}={label}", response)
