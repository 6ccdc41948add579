"""Form fields that hold the edge's checks for what Django's own do not: JSON typed into a
form (the admin's JSON fields) is checked like a JSON body (``edge.text.walk_json``)."""
from django import forms
from django.core.exceptions import ValidationError

from .text import TextRefused, walk_json


class CheckedJSONField(forms.JSONField):
    """Django's JSONField lets ValueError (a number of 5,000 digits) and RecursionError (deep
    nesting) escape as a 500, and stores NUL in keys, which PostgreSQL's jsonb refuses."""

    def to_python(self, value):
        try:
            converted = super().to_python(value)
        except (ValueError, RecursionError) as error:
            if isinstance(error, ValidationError):
                raise
            raise ValidationError("不是有效的 JSON（数字过长或嵌套过深）", code="invalid") from None
        try:
            walk_json(converted)
        except TextRefused as refused:
            raise ValidationError(f"{refused.field}：{refused.detail}", code=refused.code) from None
        return converted

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except (ValueError, RecursionError):  # shown again as typed, for the user to correct
            return forms.fields.InvalidJSONInput(data)
