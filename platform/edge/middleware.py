"""The edge of every request, first in MIDDLEWARE.

On the way in, before anything reads the request: a chunked body (no Content-Length) is
refused with 411 (Django would read it as empty); the path, the query string and the form
fields (and uploaded files' names) pass ``edge.text`` (NUL, lone surrogates, control
characters, length), a refusal being a 400 naming the field. JSON bodies are checked by the
API's parser (``api.parsers``), spreadsheet cells by the import readers.

On the way out: answers of the product's pages and API carry ``Cache-Control: no-store``
(they may hold personal data; a shared or browser cache must not keep them) unless the view
chose a cache policy itself. Static files are served before this by WhiteNoise.
"""
from __future__ import annotations

from .errors import error_response, exception_response
from .text import TextRefused, check_pairs, check_text

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_PATH_LENGTH = 2000


class EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response

    def refusal(self, request):
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower() and not meta.get("CONTENT_LENGTH"):
            return error_response(request, status=411, code="length_required",
                                  detail="请求须带 Content-Length 头（不接受分块传输的请求体）")
        try:
            check_text(request.path_info, "path", max_length=MAX_PATH_LENGTH)
            check_pairs(request.GET.lists())
            if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_type in FORM_TYPES:
                check_pairs(request.POST.lists())
                for name, files in request.FILES.lists():
                    check_pairs([(name, [upload.name or "" for upload in files])])
        except TextRefused as refused:
            return exception_response(request, refused, status=400)
        return None
