import json

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from regions.models import Region
from regions.services import region_create
from tests.conftest import province_client


def test_healthz_names_each_provinces_schema(db):
    for code in ("jilin", "guangdong", "anhui"):
        response = province_client(code).get("/healthz")
        assert response.status_code == 200
        body = json.loads(response.content)
        assert body == {"ok": True, "schema": code, "database": "ok", "broker": "ok", "cache": "ok", "replica": {"state": "off"}}


def test_healthz_on_the_national_domain_uses_the_public_schema(national_client):
    body = json.loads(national_client.get("/healthz").content)
    assert body["schema"] == "public"


def test_healthz_is_503_when_the_broker_is_down(db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = province_client("jilin").get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


def test_national_home_lists_provinces_in_chinese(national_client):
    page = national_client.get("/").content.decode()
    assert 'lang="zh-Hans"' in page
    assert "吉林省" in page and "广东省" in page and "安徽省" in page


def test_province_home_names_the_province_and_its_committee(db):
    page = province_client("anhui").get("/").content.decode()
    assert 'lang="zh-Hans"' in page
    assert "安徽省社会组织综合党委" in page
    assert "安徽省社会组织综合党委" in province_client("anhui").get("/").content.decode()
    assert "广东省社会组织党委" in province_client("guangdong").get("/").content.decode()


def test_unknown_host_is_a_404_not_a_crash(db):
    assert province_client("atlantis").get("/").status_code == 404
    assert province_client("atlantis").get("/healthz").status_code == 404


def _logged_in_client(code):
    client = province_client(code)
    with schema_context(code):
        user = get_user_model().objects.create_user(username="staff-reader", password="x-Strong-pass-1")
        client.force_login(user)
    return client


def test_data_of_one_province_is_invisible_from_another_provinces_domain(db):
    with schema_context("jilin"):
        changchun = Region.objects.get(code="220100")
        region_create(code="220102", name="南关区", parent=changchun)

    jilin_page = _logged_in_client("jilin").get("/regions/220102/")
    assert jilin_page.status_code == 200
    assert "南关区" in jilin_page.content.decode()

    guangdong = _logged_in_client("guangdong")
    assert guangdong.get("/regions/220102/").status_code == 404
    assert guangdong.get("/regions/220100/").status_code == 404
    assert guangdong.get("/regions/440100/").status_code == 200
