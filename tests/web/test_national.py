"""The national comparison: the provinces side by side on the shared definitions, small cells
shown as suppressed (never their value), the same in the table, the charts and the CSV."""
import csv
import datetime as dt
import io
import json

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from indicators.selectors import INDICATORS
from national.models import NationalSnapshot
from tenants.models import Province

from .conftest import logged_in, make_user, page_problems

DAY = dt.date(2031, 3, 31)


def national_counts(**overrides) -> dict:
    counts = {name: 100 for name in INDICATORS}
    counts.update(in_scope=1000, organizational_coverage=310, work_coverage=420, with_party_org=330, eligible=120,
                  eligible_not_built=40, target_orgs=60, target_orgs_without_party_org=20, weak_and_lax=12,
                  renewal_overdue=25, three_meetings_compliant=200, training_compliant=150, grade_above_cap=9, zombies=30)
    counts.update(overrides)
    return counts


def snapshots(day=DAY, **per_province):
    """One province row per province on ``day``; ``per_province[code]`` overrides its counts."""
    for code in ("jilin", "guangdong", "anhui"):
        NationalSnapshot.objects.create(province=Province.objects.get(code=code), taken_on=day, grouping="province",
                                        group_key="all", group_label="全省", rules=f"province_rules.{code}",
                                        counts=national_counts(**per_province.get(code, {})))


@pytest.fixture
def national(db):
    with schema_context("public"):
        return make_user("web-national-viewer", Role.NATIONAL_STAFF)


def test_three_provinces_compared_with_suppressed_cells(national):
    with schema_context("public"):
        snapshots(jilin={"grade_above_cap": 3}, anhui={"training_compliant": None})
        snapshots(day=DAY - dt.timedelta(days=31), guangdong={"organizational_coverage": 250})
    client = logged_in("public", national)
    response = client.get("/compare/")
    html = response.content.decode()
    assert response.status_code == 200 and page_problems(html) == []
    table = html.split('id="comparison-table"', 1)[1].split("</table>", 1)[0]
    assert all(name in table for name in ("吉林省", "广东省", "安徽省"))
    assert table.count("<tr>") == 4  # the header and three provinces
    assert "—（数据过少不公开）" in table  # Jilin's 3 grades above the cap
    assert ">3<" not in table.split("吉林省", 1)[1].split("</tr>", 1)[0]
    assert "31.0%" in table and "—（不适用）" in table  # Anhui's training is not measured
    data = json.loads(html.split('id="national-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["bars"]["labels"] == ["吉林省", "安徽省", "广东省"] and data["bars"]["series"][0]["values"] == [31.0, 31.0, 31.0]
    trend = {series["name"]: series["values"] for series in data["trend"]["series"]}
    assert data["trend"]["dates"] == [(DAY - dt.timedelta(days=31)).isoformat(), DAY.isoformat()]
    assert trend["广东省"] == [25.0, 31.0]


def test_the_csv_has_every_indicator_and_keeps_suppression(national):
    with schema_context("public"):
        snapshots(jilin={"grade_above_cap": 3})
    response = logged_in("public", national).get("/compare.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, jilin = rows[0], rows[1]
    assert header[:4] == ["省份", "分组方式", "分组", "统计日期"] and "党的组织覆盖率" in header and len(rows) == 4
    assert jilin[0] == "吉林省" and jilin[header.index("评估等级超出规则上限")] == "数据过少不公开"
    assert jilin[header.index("党的组织覆盖率")] == "0.3100"


def test_groupings_and_rates_can_be_chosen(national):
    with schema_context("public"):
        for code in ("jilin", "guangdong", "anhui"):
            province = Province.objects.get(code=code)
            for key, label, scope in (("social_group", "社会团体", 600), ("foundation", "基金会", 400)):
                NationalSnapshot.objects.create(province=province, taken_on=DAY, grouping="kind", group_key=key,
                                                group_label=label, counts=national_counts(in_scope=scope))
    html = logged_in("public", national).get("/compare/?grouping=kind&rate=work_coverage_rate").content.decode()
    assert "社会团体" in html and "基金会" in html and "党的工作覆盖率" in html
    data = json.loads(html.split('id="national-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert set(data["bars"]["labels"]) == {"社会团体", "基金会"}
    assert [s["name"] for s in data["bars"]["series"]] == ["吉林省", "安徽省", "广东省"]  # by region code


def test_only_national_users_compare(db):
    with schema_context("public"):
        admin = make_user("web-national-sysadmin", Role.SYSTEM_ADMIN)
    assert logged_in("public", admin).get("/compare/").status_code == 403
    assert logged_in("public", admin).get("/compare.csv").status_code == 403


def test_a_figure_measured_differently_between_provinces_says_how_each_measures_it(national):
    """Read from each province's rules: Guangdong screens weak-and-lax automatically (003 四),
    Jilin and Anhui have it designated; the caps and the counted members differ too."""
    with schema_context("public"):
        snapshots()
    html = logged_in("public", national).get("/compare/").content.decode()
    head = html.split('id="comparison-table"', 1)[1].split("</thead>", 1)[0]
    assert '软弱涣散<a class="note-mark" href="#note-weak_and_lax"' in head
    assert '等级超上限<a class="note-mark" href="#note-grade_above_cap"' in head
    assert 'href="#note-renewal_overdue"' not in head  # the same term everywhere: comparable
    notes = html.split('id="comparability"', 1)[1].split("</div>", 1)[0]
    weak = notes.split('id="note-weak_and_lax"', 1)[1].split("</dd>", 1)[0]
    assert "<strong>广东省</strong>：先按班子配备不齐、党组织活动不经常、联合党支部覆盖单位过多自动排查预警，工作人员确认后认定" in weak
    assert "<strong>吉林省</strong>：由上级党组织认定，不自动排查" in weak and "<strong>安徽省</strong>：由上级党组织认定" in weak
    caps = notes.split('id="note-grade_above_cap"', 1)[1].split("</dd>", 1)[0]
    assert "应建未建的最高2A" in caps and "广东省</strong>：不限制评估等级" in caps


def test_one_province_alone_has_nothing_to_compare(national):
    with schema_context("public"):
        NationalSnapshot.objects.create(province=Province.objects.get(code="jilin"), taken_on=DAY, grouping="province",
                                        group_key="all", group_label="全省", rules="province_rules.jilin",
                                        counts=national_counts())
    html = logged_in("public", national).get("/compare/").content.decode()
    assert 'id="comparability"' not in html and "note-mark" not in html
