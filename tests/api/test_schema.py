"""The OpenAPI schemas are generated from the code, valid, and documented with examples."""
from __future__ import annotations

import json

from drf_spectacular.validation import validate_schema

from .conftest import api_client


def schema_of(domain: str, path: str) -> dict:
    response = api_client(domain).get(path)
    assert response.status_code == 200
    return json.loads(response.content)


def test_both_schemas_validate_against_openapi_3(jilin):
    for domain, path in (("jilin", "/api/v1/schema/?format=json"), ("national", "/api/v1/national/schema/?format=json")):
        validate_schema(schema_of(domain, path))


def test_every_operation_documents_its_problems_and_the_bearer_scheme(jilin):
    schema = schema_of("jilin", "/api/v1/schema/?format=json")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "429"):
                assert "application/problem+json" in operation["responses"][status]["content"], (method, path, status)
            if method == "post":
                assert "422" in operation["responses"]


def test_evaluate_is_documented_with_request_and_response_examples(jilin):
    operation = schema_of("jilin", "/api/v1/schema/?format=json")["paths"]["/api/v1/rules/evaluate"]["post"]
    request_examples = operation["requestBody"]["content"]["application/json"]["examples"]
    assert len(request_examples) >= 2
    answer = next(iter(operation["responses"]["200"]["content"]["application/json"]["examples"].values()))["value"]
    assert answer["decisions"]["max_grade"]["value"] == "2A"
    problem = next(iter(operation["responses"]["400"]["content"]["application/problem+json"]["examples"].values()))["value"]
    assert {error["field"] for error in problem["errors"]} >= {"as_of", "organization.kind"}


def test_the_browsable_reference_is_served_without_a_cdn_or_inline_script(jilin):
    import re

    for domain, path in (("jilin", "/api/v1/docs/"), ("national", "/api/v1/national/docs/")):
        response = api_client(domain).get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "swagger" in html.lower() and "cdn.jsdelivr" not in html
        assert not re.search(r"<script>", html)  # the CSP allows script files from 'self' only
        script = api_client(domain).get(path, {"script": ""})
        assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


def test_province_paths_are_not_served_on_the_national_domain(tokens):
    assert api_client("national", tokens["national"]).get("/api/v1/organizations").status_code == 404
    assert api_client("jilin", tokens["jilin"]).get("/api/v1/national/indicators").status_code == 404


def test_the_schema_gives_the_real_bounds_of_ids_cursors_dates_and_idempotency_keys(jilin):
    schema = json.loads(api_client("jilin").get("/api/v1/schema/?format=json").content)
    parameters = [(path, parameter) for path, methods in schema["paths"].items() for operation in methods.values()
                  if isinstance(operation, dict) for parameter in operation.get("parameters", [])]
    ids = [p["schema"] for _, p in parameters if p["in"] == "path" and p["name"] == "id"]
    assert ids and all(s == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1} for s in ids)
    cursors = [p["schema"] for _, p in parameters if p["name"] == "cursor"]
    assert cursors and all(s["maxLength"] == 1000 for s in cursors)
    keys = [p["schema"] for _, p in parameters if p["name"] == "Idempotency-Key"]
    assert keys and all(s["pattern"] == "^[!-~]{1,255}$" and s["maxLength"] == 255 for s in keys)
    dates = [prop for component in schema["components"]["schemas"].values()
             for prop in component.get("properties", {}).values() if prop.get("format") == "date" and not prop.get("readOnly")]
    assert dates and all("0001-01-01 至 9999-12-31" in prop["description"] for prop in dates)
