"""Cursor pagination: stable under inserts, with a page size the client may lower or raise
up to API_MAX_PAGE_SIZE."""
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from edge.text import text_problem

from .schema import CURSOR_MAX_LENGTH
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size_query_param = "page_size"
    cursor_query_description = "上一页响应中 next / previous 链接给出的游标"
    page_size_query_description = "每页条数"
    ordering = "-id"

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
            except ValueError:
                size = 0
            if not 1 <= size <= self.max_page_size:
                raise ValidationError({self.page_size_query_param: [f"每页条数应为1至{self.max_page_size}之间的整数"]})
            return size
        return self.page_size

    def decode_cursor(self, request):
        invalid = ValidationError({self.cursor_query_param: ["游标无效，请使用上一页响应中给出的链接"]})
        if len(request.query_params.get(self.cursor_query_param, "")) > CURSOR_MAX_LENGTH:
            raise invalid
        try:
            cursor = super().decode_cursor(request)
        except Exception:
            raise invalid from None
        if cursor is not None and cursor.position is not None and text_problem(str(cursor.position), max_length=500):
            raise invalid  # a forged position the database cannot compare (NUL …)
        return cursor

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):  # a forged position of the wrong type for the ordering
            raise ValidationError({self.cursor_query_param: ["游标无效，请使用上一页响应中给出的链接"]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE}
        return parameters
