"""bulksql: the bulk INSERT and UPDATE of the import path write what the instances hold."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

import bulksql
from regions.models import Region
from registry.models import SocialOrganization
from tests.registry.factories import make_uscc

AWKWARD = ("制表\t符", "换\n行", "回\r车", "反\\斜杠\\N", "普通名称", "'引号'")


def test_a_model_of_plain_fields_goes_in_by_copy_and_reads_back_as_given(jilin):
    with schema_context("jilin"):
        region = Region.objects.get(code="220100")
        rows = [SocialOrganization(uscc=make_uscc("220100", serial=9000 + index), name=name, kind="social_group",
                                   registration_level="city", region=region, employees=index * 7,
                                   registered_on=dt.date(2001, 2, 3 + index) if index % 2 else None,
                                   is_school=bool(index % 2), industry=name)
                for index, name in enumerate(AWKWARD)]
        with CaptureQueriesContext(connection) as queries:
            bulksql.bulk_insert(SocialOrganization, rows)
        assert not any(query["sql"].startswith("INSERT") for query in queries.captured_queries)  # COPY, not INSERT
        assert all(row.pk for row in rows) and len({row.pk for row in rows}) == len(rows)
        stored = {o.pk: o for o in SocialOrganization.objects.filter(pk__in=[row.pk for row in rows])}
        for row in rows:
            again = stored[row.pk]
            assert (again.uscc, again.name, again.industry, again.employees, again.registered_on, again.is_school,
                    again.region_id, again.business_supervisor_id) == (
                row.uscc, row.name, row.industry, row.employees, row.registered_on, row.is_school, region.pk, None)
            assert (again.created, again.updated) == (rows[0].created, rows[0].updated)  # one timestamp per field and statement
        # the table's sequence moved past them: the next row created the ordinary way gets a new key
        later = SocialOrganization.objects.create(uscc=make_uscc("220100", serial=9100), name="后来", kind="social_group",
                                                  registration_level="city", region=region)
        assert later.pk > max(row.pk for row in rows)


def test_bulk_update_writes_only_the_named_fields(jilin):
    with schema_context("jilin"):
        region = Region.objects.get(code="220100")
        rows = bulksql.bulk_insert(SocialOrganization, [
            SocialOrganization(uscc=make_uscc("220100", serial=9200 + index), name=f"组织{index}", kind="social_group",
                               registration_level="city", region=region) for index in range(3)])
        for row in rows:
            row.name, row.employees = row.name + "\t改", 99
        bulksql.bulk_update(SocialOrganization, rows, ["name", "updated"])
        stored = list(SocialOrganization.objects.filter(pk__in=[row.pk for row in rows]).order_by("pk"))
        assert [o.name for o in stored] == [f"组织{index}\t改" for index in range(3)]
        assert [o.employees for o in stored] == [0, 0, 0]  # not named: unchanged
