"""The lists behind the dashboard's figures, filterable, and their export (.xlsx, .csv) with
exactly the rows the filters select."""
from __future__ import annotations

import csv
import io

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render

import clock
from accounts.actors import Actor
from audit.services import audit_record
from imports.exporters import neutralize
from registry.models import SocialOrganization

from ..selectors.lists import COLUMNS, LISTS, area_level, counts_by_area, drill_list, export_rows, region_choices
from .common import data_role_required, page_of

EXPORT_LIMIT = 100_000


class ListFilters(forms.Form):
    q = forms.CharField(label="名称或统一社会信用代码", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "名称中的字或代码的一部分"}))
    region = forms.ChoiceField(label="所在区划", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *SocialOrganization.Kind.choices])
    registration_level = forms.ChoiceField(label="登记层级", required=False,
                                           choices=[("", "全部层级"), *SocialOrganization.Level.choices])

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部区划"), *regions]

    def filters(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}


def _list(request, key):
    if key not in LISTS:
        raise Http404
    form = ListFilters(request.GET or None, regions=region_choices(user=request.user))
    filters = form.filters() if request.GET else {}
    as_of = clock.today()
    return form, filters, as_of, drill_list(user=request.user, rules=request.rules, key=key, as_of=as_of, filters=filters)


@data_role_required
def drill_list_page(request, key):
    form, filters, as_of, organizations = _list(request, key)
    page = page_of(request, organizations)
    return render(request, "web/lists/list.html", {
        "drill": LISTS[key], "lists": LISTS.values(), "form": form, "page": page, "rows": zip(page, export_rows(page)),
        "as_of": as_of, "areas": counts_by_area(organizations.order_by(), level=area_level(request.user)),
        "area_label": "市（州）" if area_level(request.user) == "city" else "县（市、区）",
        "query": request.GET.urlencode(),
    })


@data_role_required
def drill_list_export(request, key, fmt):
    form, filters, as_of, organizations = _list(request, key)
    rows = export_rows(organizations[:EXPORT_LIMIT])
    drill = LISTS[key]
    filename = f"{drill.title}-{as_of:%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([title for _, title in COLUMNS])
        for row in rows:
            writer.writerow("" if v is None else (v.isoformat() if hasattr(v, "isoformat") else neutralize(v)) for v in row)
        body, content_type = buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = _xlsx(drill.title, rows, filters=_described(form, filters), as_of=as_of)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    audit_record(action="list.export", actor=Actor.for_user(request.user), object_type="list", object_id=key,
                 changes={"format": fmt, "rows": len(rows), "filters": filters})
    response = HttpResponse(body, content_type=content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _described(form, filters) -> str:
    parts = []
    for name, value in filters.items():
        field = form.fields[name]
        label = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        parts.append(f"{field.label}：{str(label).strip()}")
    return "；".join(parts) or "无"


def _xlsx(title: str, rows, *, filters: str, as_of) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header = []
    for _, name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([neutralize(v) if isinstance(v, str) else v for v in row])
    about = workbook.create_sheet("说明")
    about.append(["清单", title])
    about.append(["统计日期", as_of.isoformat()])
    about.append(["筛选条件", filters])
    about.append(["行数", len(rows)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
