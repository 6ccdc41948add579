"""Imports, exports and recomputation: start a background job, watch its progress bar, see
its result (an import's errors by row, an export's file)."""
import csv
import io
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scoping import can_unmask
from imports.templates import SHEETS, template_workbook

from .. import services
from ..forms import ExportForm, ImportConfirmForm, ImportUploadForm
from ..models import Job
from ..selectors.common import whole_province
from ..selectors.jobs import errors_by_row, job_get, job_history
from .common import data_role_required, forbidden

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_FORBIDDEN = "只有省级社会组织党委工作人员可以导入台账（导入按统一社会信用代码更新全省数据）。"


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@data_role_required
def import_page(request):
    if not whole_province(request.user):
        return forbidden(request, IMPORT_FORBIDDEN)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_upload(user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                                         request=request)
        except ValidationError as error:
            form.add_error("file", "；".join(error.messages))
        else:
            return redirect("web:job", pk=job.pk)
    return render(request, "web/jobs/import.html", {
        "form": form, "jobs": job_history(user=request.user, kind=Job.Kind.IMPORT), "sheets": SHEETS,
    }, status=400 if form.errors else 200)


@data_role_required
def import_template(request):
    if not whole_province(request.user):
        return forbidden(request, IMPORT_FORBIDDEN)
    kind = request.GET.get("kind", "")
    if kind not in SHEETS:
        raise Http404("没有这种导入模板")
    return _attachment(template_workbook(kind), f"{SHEETS[kind].title}导入模板.xlsx", XLSX)


@data_role_required
def export_page(request):
    may_unmask = can_unmask(request.user)
    form = ExportForm(request.POST or None, may_unmask=may_unmask)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.export_start(user=request.user, kind=form.cleaned_data["kind"], fmt=form.cleaned_data["fmt"],
                                        unmasked=form.cleaned_data.get("unmasked", False),
                                        reason=form.cleaned_data.get("reason", ""), request=request)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("web:job", pk=job.pk)
    return render(request, "web/jobs/export.html", {
        "form": form, "jobs": job_history(user=request.user, kind=Job.Kind.EXPORT), "unmasked": may_unmask,
    }, status=400 if form.errors else 200)


@require_POST
@data_role_required
def snapshot_recompute(request):
    try:
        job = services.snapshot_start(user=request.user, request=request)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    return redirect("web:job", pk=job.pk)


def _job_context(job: Job) -> dict:
    context = {"job": job, "confirm_form": ImportConfirmForm()}
    report = job.result or job.check_report
    if job.kind == Job.Kind.IMPORT and report:
        context["report"] = report
        context["errors_by_row"] = errors_by_row(report.get("errors", []))
        context["rows_with_errors"] = services.import_rows_with_errors(report)
        context["sheet"] = SHEETS.get(job.params.get("kind"))
    return context


@data_role_required
def job_detail(request, pk):
    job = job_get(user=request.user, pk=pk)
    return render(request, "web/jobs/detail.html", _job_context(job))


@data_role_required
def job_progress(request, pk):
    """The progress bar (polled by htmx while the job moves); the whole result once it stops."""
    job = job_get(user=request.user, pk=pk)
    return render(request, "web/jobs/_status.html", _job_context(job))


@require_POST
@data_role_required
def import_confirm(request, pk):
    job = job_get(user=request.user, pk=pk)
    form = ImportConfirmForm(request.POST)
    form.is_valid()
    try:
        services.import_confirm(user=request.user, job=job, partial=form.cleaned_data.get("partial", False), request=request)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        context = _job_context(job_get(user=request.user, pk=pk))
        context["confirm_error"] = "；".join(error.messages)
        return render(request, "web/jobs/detail.html", context, status=400)
    return redirect("web:job", pk=job.pk)


@data_role_required
def job_errors_csv(request, pk):
    """Every error of an import, one per line (row, column, problem), for fixing the file."""
    job = job_get(user=request.user, pk=pk)
    report = job.result or job.check_report
    if job.kind != Job.Kind.IMPORT or not report:
        raise Http404("这项任务没有错误清单")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["行号", "列", "问题"])
    for error in report.get("errors", []):
        writer.writerow(["" if error.get("row") is None else error["row"], error.get("column", ""), error.get("message", "")])
    return _attachment(buffer.getvalue().encode("utf-8-sig"), f"导入错误清单-{job.pk}.csv", "text/csv; charset=utf-8")


@data_role_required
def job_download(request, pk):
    job = job_get(user=request.user, pk=pk, with_output=True)
    if job.kind != Job.Kind.EXPORT or job.status != Job.Status.DONE or job.output is None:
        raise Http404("没有可下载的文件（导出的文件在首次下载后或24小时后删除，请重新导出）")
    content = bytes(job.output)
    services.export_downloaded(user=request.user, job=job, request=request)
    content_type = XLSX if job.params.get("format") == "xlsx" else "text/csv; charset=utf-8"
    return _attachment(content, job.filename, content_type)
