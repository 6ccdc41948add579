"""OpenAPI details drf-spectacular cannot infer: the bearer-token scheme and the problem
responses every operation may give (added in one place, by a post-processing hook)."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers

from .problems import PROBLEM_MEDIA_TYPE, TITLES


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer", "bearerFormat": "pbt_<前缀>_<密钥>",
            "description": "本省的 API 令牌：`python manage.py issue_api_token <省份> <名称> --scopes read,write`",
        }


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="出错字段的路径，如 uscc、organization.members[0].status；$ 表示整个请求体")
    code = serializers.CharField()
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="问题类型 URI，如 urn:partybuild:problem:validation_error")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    code = serializers.CharField(help_text="机器可读的错误代码")
    errors = FieldErrorSerializer(many=True, required=False, help_text="校验错误：每个出错字段一项")


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _problem_schema() -> dict:
    return {
        "type": "object",
        "description": "RFC 9457 problem details",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "code": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "detail": {"type": "string"}},
                    "required": ["field", "code", "detail"],
                },
            },
        },
        "required": ["type", "title", "status", "detail", "instance", "code"],
    }


def _statuses_for(method: str, operation: dict, path: str) -> list[int]:
    statuses = [400, 401, 403, 404, 405, 406, 429, 500, 503]
    if method in ("post", "put", "patch"):
        statuses += [411, 413, 415]
    if method == "post":
        statuses.append(422)
    return statuses


# The real bounds of parameters the generated schema leaves open.
ID_BOUNDS = {"minimum": 1, "maximum": 2**63 - 1}  # BigAutoField
CURSOR_MAX_LENGTH = 1000  # api.pagination.Cursor refuses longer ones
IDEMPOTENCY_KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]{1,255}$"}


def _bound_parameters(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.setdefault("schema", {})
        if parameter["in"] == "path" and parameter["name"] == "id" and schema.get("type") == "integer":
            schema.update(ID_BOUNDS)
        elif parameter["in"] == "query" and parameter["name"] == "cursor":
            schema["maxLength"] = CURSOR_MAX_LENGTH
        elif parameter["in"] == "header" and parameter["name"] == "Idempotency-Key":
            parameter["schema"] = dict(IDEMPOTENCY_KEY_SCHEMA)


DATE_BOUNDS = "YYYY-MM-DD，0001-01-01 至 9999-12-31（各字段另有的限制，如不晚于今天，见错误信息）"


def _bound_dates(components: dict) -> None:
    """OpenAPI 3.0 has no minimum for a date string: its bounds go into the description."""
    for schema in components.values():
        for prop in schema.get("properties", {}).values():
            if prop.get("format") == "date" and not prop.get("readOnly") and DATE_BOUNDS not in prop.get("description", ""):
                prop["description"] = f"{prop['description']}；{DATE_BOUNDS}" if prop.get("description") else DATE_BOUNDS


def add_problem_responses(result, generator, request, public):
    """Every operation: the problem responses it may give, as application/problem+json, and
    the real bounds of ids, cursors, dates and Idempotency-Key."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Problem", _problem_schema())
    _bound_dates(components)
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _bound_parameters(operation)
            responses = operation["responses"]
            for status, response in list(responses.items()):
                content = response.get("content")
                if str(status).startswith(("4", "5")) and content and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
            for status in _statuses_for(method, operation, path):
                responses.setdefault(str(status), {
                    "description": TITLES.get(status, "错误"),
                    "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
                })
            if "429" in responses:
                responses["429"].setdefault("headers", {"Retry-After": {"schema": {"type": "integer"}, "description": "重试前等待的秒数"}})
    return result
