import pytest
from django_tenants.utils import schema_context

from tenants.tasks import current_schema, fail_on_purpose

pytestmark = pytest.mark.worker


def test_a_task_queued_in_jilin_runs_in_jilins_schema_in_a_real_worker(celery_worker_process):
    with schema_context("jilin"):
        result = current_schema.delay()
    assert result.get(timeout=30) == "jilin"
    with schema_context("anhui"):
        assert current_schema.delay().get(timeout=30) == "anhui"


def test_a_failing_task_names_the_schema_it_ran_in(celery_worker_process):
    with schema_context("guangdong"):
        result = fail_on_purpose.delay("boom")
    with pytest.raises(RuntimeError, match="boom"):
        result.get(timeout=30)
    assert "failed in schema guangdong" in result.traceback
