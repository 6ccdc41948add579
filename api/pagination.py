"""Cursor pagination: stable under inserts, with a page size the client may lower or raise
up to API_MAX_PAGE_SIZE, on any ordering the list allows.

DRF's CursorPagination keeps the position of the first ordering field only and an offset
among the rows that share it, capped at 1,000 (encode/django-rest-framework#7887): ordered by
a field many rows share (``ordering=-employees``: thousands of organizations with 0 employees)
a walk through the pages repeats and skips rows. Here the ordering always ends with a unique
field (``cursor_tiebreak``, the primary key unless the view names another) and the cursor's
position holds the values of every ordering field: a keyset, so each position is one row and
the next page starts right after it, whatever the ties."""
import datetime as dt
import json

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, _reverse_ordering

from edge.text import text_problem

from .schema import CURSOR_MAX_LENGTH

INVALID_CURSOR = "游标无效，请使用上一页响应中给出的链接"


def _position_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()  # microseconds kept: DjangoJSONEncoder would cut them to milliseconds
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _after(ordering: tuple[str, ...], values: list) -> Q:
    """Rows after the position ``values`` in ``ordering`` (PostgreSQL's order: NULLs last
    ascending, first descending): (f1 after v1) or (f1 = v1 and f2 after v2) or …"""
    condition, equal = Q(pk__in=[]), Q()
    for order, value in zip(ordering, values):
        name = order.lstrip("-")
        descending = order.startswith("-")
        if value is None:
            after = Q(**{f"{name}__isnull": False}) if descending else Q(pk__in=[])
            same = Q(**{f"{name}__isnull": True})
        else:
            after = Q(**{f"{name}__lt": value}) if descending else (Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True}))
            same = Q(**{name: value})
        condition |= equal & after
        equal &= same
    return condition


class Cursor(CursorPagination):
    """A view may set ``cursor_tiebreak`` (a unique, non-null field its rows carry)."""

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

    def get_ordering(self, request, queryset, view):
        ordering = tuple(super().get_ordering(request, queryset, view))
        tiebreak = getattr(view, "cursor_tiebreak", "id")
        if not any(order.lstrip("-") in (tiebreak, "pk") for order in ordering):
            ordering += (tiebreak,)
        return ordering

    def _get_position_from_instance(self, instance, ordering):
        get = instance.__getitem__ if isinstance(instance, dict) else lambda name: getattr(instance, name)
        values = [_position_value(get(order.lstrip("-"))) for order in ordering]
        return json.dumps(values, ensure_ascii=True, separators=(",", ":"))

    def _position_values(self, position: str) -> list:
        invalid = ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        try:
            values = json.loads(position)
        except ValueError:
            raise invalid from None
        if not isinstance(values, list) or len(values) != len(self.ordering) or any(
                isinstance(value, (list, dict, float)) for value in values):
            raise invalid  # a cursor of another ordering, or forged
        return values

    def decode_cursor(self, request):
        invalid = ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
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
            return self._paginate(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):  # a forged position of the wrong type for the ordering
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def _paginate(self, queryset, request, view):
        """DRF's paginate_queryset with the keyset filter in place of its first-field one."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        offset, reverse, current_position = self.cursor if self.cursor is not None else (0, False, None)
        ordering = _reverse_ordering(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        if current_position is not None:
            queryset = queryset.filter(_after(ordering, self._position_values(current_position)))
        results = list(queryset[offset:offset + self.page_size + 1])
        self.page = results[:self.page_size]
        following_position = (self._get_position_from_instance(results[-1], self.ordering)
                              if len(results) > len(self.page) else None)
        if reverse:
            self.page.reverse()
            self.has_next = current_position is not None or offset > 0
            self.has_previous = following_position is not None
            self.next_position, self.previous_position = current_position, following_position
        else:
            self.has_next = following_position is not None
            self.has_previous = current_position is not None or offset > 0
            self.next_position, self.previous_position = following_position, current_position
        if (self.has_previous or self.has_next) and self.template is not None:
            self.display_page_controls = True
        return self.page

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE}
        return parameters
