"""An instructor's quarterly evaluation (004 二 六): committee staff record it on the
instructor's page (their region's instructors only), correct it within the quarter, and the
instructor sees it on their own page; every write is in the audit log."""
import clock
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from registry.models import InstructorEvaluation

from .conftest import logged_in, page_problems


def _quarter():
    today = clock.today()
    return today.year, (today.month - 1) // 3 + 1


def test_city_staff_evaluate_an_instructor_and_the_instructor_sees_it(world, users):
    year, quarter = _quarter()
    i1 = world.instructors["i1"]  # based in 长春市, dispatched to o3
    staff = logged_in("jilin", users["city"])
    page = staff.get(f"/instructors/{i1.pk}/evaluations/")
    assert page.status_code == 200 and page_problems(page.content.decode()) == []
    assert "季度考核" in page.content.decode() and "尚无季度考核记录" in page.content.decode()
    # The organization's page links its instructor to this page, for staff.
    detail = staff.get(f"/organizations/{world.orgs['o3'].uscc}/").content.decode()
    assert f'href="/instructors/{i1.pk}/evaluations/"' in detail

    missing = staff.post(f"/instructors/{i1.pk}/evaluations/", {"year": year, "quarter": quarter, "comment": "x"})
    assert missing.status_code == 400 and 'id="field-result"' in missing.content.decode()
    assert "has-error" in missing.content.decode().split('id="field-result"', 1)[0][-80:]
    saved = staff.post(f"/instructors/{i1.pk}/evaluations/", {"year": year, "quarter": quarter, "result": "basic",
                                                               "comment": "走访次数偏少"}, follow=True).content.decode()
    assert f"已记录指导员i1{year}年第{quarter}季度考核：基本称职" in saved
    staff.post(f"/instructors/{i1.pk}/evaluations/", {"year": year, "quarter": quarter, "result": "competent",
                                                     "comment": "已补齐走访"})
    with schema_context("jilin"):
        evaluation = InstructorEvaluation.objects.get(instructor=i1)  # corrected, not a second row
        assert (evaluation.result, evaluation.comment, evaluation.evaluated_by) == ("competent", "已补齐走访", "u-city")
        assert AuditEntry.objects.filter(action="instructor.evaluate", object_id=str(evaluation.pk)).count() == 2

    home = logged_in("jilin", users["instructor"]).get("/instructor/").content.decode()
    table = home.split('id="evaluation-table"', 1)[1].split("</table>", 1)[0]
    assert f"{year}年第{quarter}季度" in table and "称职" in table and "已补齐走访" in table


def test_a_future_quarter_or_another_citys_instructor_is_refused(world, users):
    year, quarter = _quarter()
    staff = logged_in("jilin", users["city"])
    i1, i2 = world.instructors["i1"], world.instructors["i2"]  # i2: 吉林市
    future = (year + 1, 1)
    refused = staff.post(f"/instructors/{i1.pk}/evaluations/", {"year": future[0], "quarter": future[1], "result": "excellent"})
    assert refused.status_code == 400
    assert staff.get(f"/instructors/{i2.pk}/evaluations/").status_code == 404
    assert staff.post(f"/instructors/{i2.pk}/evaluations/", {"year": year, "quarter": quarter, "result": "excellent"}).status_code == 404
    # Instructors and organizations' users do not evaluate.
    for key in ("instructor", "secretary", "liaison"):
        assert logged_in("jilin", users[key]).get(f"/instructors/{i1.pk}/evaluations/").status_code == 403, key
    with schema_context("jilin"):
        assert not InstructorEvaluation.objects.exists()
