"""Small helpers the registry services share."""
from __future__ import annotations

from django.core.exceptions import ValidationError


class FieldErrors:
    """Collects errors per field so that one call reports every bad field at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, field: str, func, *args):
        """Run a validator; record its message under ``field``; return its value or None."""
        try:
            return func(*args)
        except ValidationError as error:
            for message in error.messages:
                self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def choice(errors: FieldErrors, field: str, value, choices) -> str | None:
    """The value if it is one of the model's choices; otherwise an error naming the choices."""
    values = dict(choices)
    if value in values:
        return value
    # Accept the Chinese label too (spreadsheets carry labels).
    for key, label in values.items():
        if value == label:
            return key
    errors.add(field, f"“{value}”不是有效选项，应为：{'、'.join(str(label) for label in values.values())}")
    return None


def region_by_code(errors: FieldErrors, field: str, code):
    from regions.models import Region

    region = Region.objects.filter(code=str(code or "").strip()).first()
    if region is None:
        errors.add(field, f"本省没有行政区划代码“{code}”")
    return region
