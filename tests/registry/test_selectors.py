"""Registry reads: a selector narrows the queryset it is given and never picks rows itself."""
import inspect

import pytest
from django_tenants.utils import schema_context

from registry.selectors import organization_list

from .factories import make_uscc


def test_organization_list_needs_the_scoped_queryset_to_read_from():
    parameter = inspect.signature(organization_list).parameters["queryset"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        organization_list(filters={})  # no unscoped read by default


def test_organization_list_filters_within_the_queryset_only(jilin):
    from regions.models import Region
    from registry.models import SocialOrganization

    with schema_context("jilin"):
        made = {
            code: SocialOrganization.objects.create(uscc=make_uscc(region_code=code), name=f"选择器测试{code}",
                                                    kind="social_group", registration_level="city",
                                                    region=Region.objects.get(code=code))
            for code in ("220100", "220200")
        }
        jilin_city = SocialOrganization.objects.filter(region__code="220200")
        assert list(organization_list(queryset=jilin_city, filters={"region": "220100"})) == []
        assert list(organization_list(queryset=jilin_city, filters={"region": "220000"})) == [made["220200"]]
        everything = SocialOrganization.objects.filter(name__startswith="选择器测试")
        assert set(organization_list(queryset=everything, filters={"region": "220100"})) == {made["220100"]}
