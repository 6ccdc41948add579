"""Reads of regions."""
from django.shortcuts import get_object_or_404

from .models import Region


def region_get(*, code: str) -> Region:
    """The region with this code in the current province; 404 when the province has none."""
    return get_object_or_404(Region.objects.select_related("parent"), code=code)


def region_children(*, region: Region):
    return region.children.order_by("code")
