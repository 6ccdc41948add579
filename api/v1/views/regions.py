from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from api.scoping import scoped
from regions.models import Region

from ..filters import RegionFilter
from ..serializers.regions import RegionSerializer


@extend_schema_view(get=extend_schema(summary="本省行政区划", tags=["regions"]))
class RegionListApi(generics.ListAPIView):
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    ordering_fields = ["code"]
    ordering = ["code"]

    def get_queryset(self):
        return scoped(Region.objects.select_related("parent"), self.request)


@extend_schema_view(get=extend_schema(summary="读取一个行政区划", tags=["regions"]))
class RegionDetailApi(generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return get_object_or_404(scoped(Region.objects.select_related("parent"), self.request), code=self.kwargs["code"])
