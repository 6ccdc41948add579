"""JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE (Django only checks that for form bodies),
nested at most ``edge.text.JSON_MAX_DEPTH`` deep, every string value and key checked at the
edge (``edge.text``: NUL, lone surrogates, control characters, length), each refusal a 400
naming the field."""
import codecs

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

from edge.text import JSON_MAX_DEPTH, TextRefused, walk_json

from .problems import RequestTooLarge


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = parser_context.get("request")
        if limit is not None and request is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestTooLarge()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise TextRefused("$", "too_deep", f"JSON 嵌套超过{JSON_MAX_DEPTH}层") from None
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError included
            raise ParseError(f"JSON parse error - {str(error)[:200]}") from None
        walk_json(data)
        return data
