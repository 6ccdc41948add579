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


# --- organization_facts_bulk: the same facts as organization_facts, in a fixed number of queries ---

@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from tests.demo.fixtures import demo_data

    with demo_data(django_db_blocker, provinces=("jilin", "guangdong")) as counts:
        yield counts


@pytest.mark.parametrize("code", ["jilin", "guangdong"])
def test_bulk_facts_equal_organization_facts_for_every_organization(demo, db, code):
    import datetime as dt

    from registry.models import SocialOrganization
    from registry.selectors import organization_facts, organization_facts_bulk

    as_of = dt.date.today()
    with schema_context(code):
        organizations = list(SocialOrganization.objects.order_by("pk"))
        assert len(organizations) > 20
        bulk = organization_facts_bulk(organizations=SocialOrganization.objects.all(), as_of=as_of)
        assert set(bulk) == {o.pk for o in organizations}
        for organization in organizations:
            assert bulk[organization.pk] == organization_facts(organization=organization, as_of=as_of), organization.pk
        # a page of organizations (instances or ids) gives the same facts
        page = organizations[:20]
        assert organization_facts_bulk(organizations=page, as_of=as_of) == {o.pk: bulk[o.pk] for o in page}
        assert organization_facts_bulk(organizations=[o.pk for o in page], as_of=as_of) == {o.pk: bulk[o.pk] for o in page}


def test_bulk_facts_take_a_fixed_number_of_queries(demo, db):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.models import SocialOrganization
    from registry.selectors import organization_facts_bulk

    with schema_context("jilin"):
        pks = list(SocialOrganization.objects.order_by("pk").values_list("pk", flat=True))
        counted = []
        for some in (pks[:5], pks):
            with CaptureQueriesContext(connection) as queries:
                organization_facts_bulk(organizations=some, as_of=dt.date.today())
            counted.append([q["sql"][:90] for q in queries.captured_queries if not q["sql"].startswith("SET ")])
        assert len(counted[0]) <= 10 and len(counted[1]) <= 10, counted
