"""Hostile and unusual files: each is refused with a clear Chinese error, and nothing is written."""
import datetime as dt
import io
import zipfile

import pytest
from django_tenants.utils import schema_context

from imports.services import registry_import
from province_rules.registry import rules_for
from registry.models import Member, PartyOrganization, SocialOrganization, Supervisor
from tests.imports.files import (
    MEMBER_HEADERS, ORG_HEADERS, PARTY_HEADERS, csv_bytes, member_row, org_row, party_row, xlsx_bytes,
)
from tests.registry.factories import make_uscc
from tests.helpers import SYSTEM, rules_today


def counts():
    return (SocialOrganization.objects.count(), Supervisor.objects.count(), PartyOrganization.objects.count(),
            Member.objects.count())


def import_orgs(file_obj, filename="社会组织.xlsx", partial=False, kind="organizations"):
    return registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind=kind, file_obj=file_obj, filename=filename, partial=partial)


def assert_refused(result, *expected):
    """Refused as a whole, nothing written, and each (row, column, words) among the errors."""
    assert result.refused and not result.written and not result.ok
    assert result.created == result.updated == result.unchanged == 0
    for row, column, words in expected:
        assert any(e.row == row and e.column == column and words in e.message for e in result.errors), result.errors


# --- hostile cells -----------------------------------------------------------------------

@pytest.mark.parametrize("partial", [False, True])
def test_a_formula_refuses_the_whole_file_even_in_partial_mode(jilin, partial):
    def add_formula(book):
        book.active["J3"] = "=SUM(1,2)"  # 从业人员数 of the second data row

    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(), org_row(), org_row()], change=add_formula), partial=partial)
        assert_refused(result, (3, "从业人员数", "单元格含有公式“=SUM(1,2)”"))
        assert counts() == before


def test_a_formula_in_a_text_column_and_in_a_csv_is_refused(jilin):
    with schema_context("jilin"):
        before = counts()
        hostile_name = org_row(名称='=HYPERLINK("http://evil.example","点击")')
        assert_refused(import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(), hostile_name])), (3, "名称", "不接受公式"))
        assert_refused(import_orgs(csv_bytes(ORG_HEADERS, [hostile_name]), filename="a.csv"), (2, "名称", "不接受公式"))
        assert counts() == before


def test_a_date_stored_as_a_number_is_refused(jilin):
    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(), org_row(登记日期=42005)]))
        assert_refused(result, (3, "登记日期", "日期以数字形式存储（42005）"))
        csv_result = import_orgs(csv_bytes(ORG_HEADERS, [org_row(登记日期="42005")]), filename="a.csv")
        assert_refused(csv_result, (2, "登记日期", "日期以数字形式存储"))
        assert counts() == before


def test_a_number_stored_as_text_is_refused(jilin):
    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(), org_row(), org_row(从业人员数="35")]))
        assert_refused(result, (4, "从业人员数", "数字以文本形式存储（“35”）"))
        assert counts() == before


def test_merged_cells_are_refused(jilin):
    def merge(book):
        book.active.merge_cells("F2:F3")

    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(), org_row()], change=merge))
        assert_refused(result, (None, "", "含有合并单元格"))
        assert counts() == before


def test_a_hidden_sheet_is_refused(jilin):
    def hide(book):
        secret = book.create_sheet("备用")
        secret.append(["悄悄藏着的数据"])
        secret.sheet_state = "hidden"

    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row()], change=hide))
        assert_refused(result, (None, "", "隐藏的工作表：备用"))
        assert counts() == before


@pytest.mark.parametrize("partial", [False, True])
def test_a_uscc_twice_in_the_file_is_refused(jilin, partial):
    with schema_context("jilin"):
        before = counts()
        uscc = make_uscc()
        rows = [org_row(统一社会信用代码=uscc), org_row(), org_row(统一社会信用代码=uscc.lower(), 名称="另一个名称")]
        result = import_orgs(xlsx_bytes(ORG_HEADERS, rows), partial=partial)
        assert_refused(result, (4, "统一社会信用代码", "在文件中重复（与第2行相同）"))
        assert counts() == before


def test_a_duplicated_uscc_hides_no_other_problem_of_the_file(jilin):
    with schema_context("jilin"):
        before = counts()
        uscc = make_uscc()
        rows = [org_row(统一社会信用代码=uscc), org_row(所在区划代码="999999"), org_row(统一社会信用代码=uscc),
                org_row(类型="不存在的类型"), org_row(统一社会信用代码="123")]
        result = import_orgs(xlsx_bytes(ORG_HEADERS, rows))
        assert_refused(result, (4, "统一社会信用代码", "在文件中重复（与第2行相同）"), (3, "所在区划代码", "999999"),
                       (5, "类型", "不存在的类型"), (6, "统一社会信用代码", ""))
        assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)  # by row, as the page lists them
        assert "被拒绝" in result.summary() and f"发现{len(result.errors)}处问题" in result.summary()
        assert counts() == before


def test_an_id_number_or_party_org_name_twice_in_the_file_is_refused(jilin):
    with schema_context("jilin"):
        before = counts()
        member = member_row()
        result = import_orgs(xlsx_bytes(MEMBER_HEADERS, [member, member_row(), dict(member, 姓名="李四")]), kind="members")
        assert_refused(result, (4, "公民身份号码", "在文件中重复（与第2行相同）"))
        party = party_row(名称="长春市第一联合党支部", 组建形式="联合组建")
        result = import_orgs(xlsx_bytes(PARTY_HEADERS, [party, party]), kind="party_organizations")
        assert_refused(result, (3, "名称", "在文件中重复（与第2行相同）"))
        assert counts() == before


# --- zip bombs, sizes, and files that are not what they say ----------------------------

def test_a_zip_bomb_is_refused_before_anything_is_unpacked(jilin):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))  # 50 MB of zeros, ~50 KB packed
    bomb.seek(0)
    with schema_context("jilin"):
        before = counts()
        assert_refused(import_orgs(bomb), (None, "", "疑似压缩炸弹"))
        assert counts() == before


def test_a_file_unpacking_past_the_size_limit_is_refused(jilin, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20_000
    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row() for _ in range(200)]))
        assert_refused(result, (None, "", "解压后共"))
        assert "超过上限" in result.errors[0].message
        assert counts() == before


def test_an_oversized_sheet_is_refused(jilin, settings):
    settings.IMPORT_MAX_ROWS = 3
    with schema_context("jilin"):
        before = counts()
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row() for _ in range(4)]))
        assert_refused(result, (5, "", "文件超过3行数据的上限"))
        csv_result = import_orgs(csv_bytes(ORG_HEADERS, [org_row() for _ in range(4)]), filename="a.csv")
        assert_refused(csv_result, (5, "", "文件超过3行数据的上限"))
        assert counts() == before


def test_a_sheet_whose_dimension_understates_its_rows_is_still_limited(jilin, settings):
    settings.IMPORT_MAX_ROWS = 3

    def understate(book):
        book.active.calculate_dimension = lambda: "A1:U2"  # what a careless generator writes

    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row() for _ in range(5)], change=understate))
        assert_refused(result, (5, "", "文件超过3行数据的上限"))
        assert SocialOrganization.objects.count() == 0


def test_too_many_columns_are_refused(jilin, settings):
    settings.IMPORT_MAX_COLUMNS = 25
    with schema_context("jilin"):
        headers = list(ORG_HEADERS) + [f"备注{i}" for i in range(10)]
        assert_refused(import_orgs(xlsx_bytes(headers, [org_row()])), (1, "", "工作表超过25列的上限（Z1）"))
        assert_refused(import_orgs(csv_bytes(headers, [org_row()]), filename="a.csv"), (1, "", "超过上限25列"))


@pytest.mark.parametrize("filename, content, words", [
    ("社会组织.xlsx", "统一社会信用代码,名称\n".encode("utf-8"), "不是有效的Excel工作簿（不是zip格式）"),
    ("社会组织.xlsx", None, "缺少[Content_Types].xml"),
    ("社会组织.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "含有二进制数据"),
    ("社会组织.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持的文件类型“.xls”"),
])
def test_a_file_that_is_not_what_its_extension_says_is_refused(jilin, filename, content, words):
    if content is None:  # a zip, but not an Office document
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        content = buffer.getvalue()
    with schema_context("jilin"):
        before = counts()
        assert_refused(import_orgs(io.BytesIO(content), filename=filename), (None, "", words))
        assert counts() == before


def test_an_xlsx_with_an_xml_entity_bomb_is_refused(jilin):
    buffer = xlsx_bytes(ORG_HEADERS, [org_row()])
    source = zipfile.ZipFile(buffer)
    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                body = data.split(b"?>", 1)[-1]  # without its XML declaration, if any
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + body
            archive.writestr(item, data)
    hostile.seek(0)
    with schema_context("jilin"):
        assert_refused(import_orgs(hostile), (None, "", "xl/workbook.xml无法解析"))
        assert SocialOrganization.objects.count() == 0


# --- headers ----------------------------------------------------------------------------

def test_missing_and_unknown_columns_are_refused_naming_them(jilin):
    headers = [h for h in ORG_HEADERS if h not in ("登记层级", "状态")] + ["统一信用代码"]
    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(headers, [org_row()]))
        assert_refused(result, (1, "统一信用代码", "无法识别的列“统一信用代码”"), (1, "", "缺少列：登记层级、状态"))


def test_columns_in_another_order_and_blank_rows_are_fine(jilin):
    headers = list(reversed(ORG_HEADERS))
    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(headers, [org_row(), {}, org_row()]))
        assert result.ok and result.created == 2 and result.rows == 2


# --- CSV encodings --------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_bom_and_gbk_is_read_alike(jilin, encoding):
    rows = [org_row(名称="长春市物流协会", 登记日期="2015-03-01", 业务主管单位="长春市商务局"),
            org_row(名称="吉林省民办教育协会", 类型="民办非企业单位", 登记层级="省级", 所在区划代码="220000", 民办学校="是")]
    with schema_context("jilin"):
        result = import_orgs(csv_bytes(ORG_HEADERS, rows, encoding=encoding), filename=f"社会组织-{encoding}.csv")
        assert result.ok and result.created == 2, result.errors
        school = SocialOrganization.objects.get(name="吉林省民办教育协会")
        assert school.kind == "private_non_enterprise" and school.is_school and school.region.code == "220000"
        logistics = SocialOrganization.objects.get(name="长春市物流协会")
        assert logistics.registered_on == dt.date(2015, 3, 1)
        assert logistics.business_supervisor.name == "长春市商务局"


def test_an_undecodable_csv_is_refused(jilin):
    with schema_context("jilin"):
        result = import_orgs(io.BytesIO("统一社会信用代码".encode("utf-16-le")[:-1] + b"\xff\xfe\x81"), filename="a.csv")
        assert result.refused


# --- cells that are wrong but not hostile: a row error ---------------------------------

def test_wrong_cells_are_row_errors_in_chinese(jilin):
    rows = [org_row(从业人员数=12.5, 登记日期="2015-02-30", 党建入章="对", 类型=None)]
    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(ORG_HEADERS, rows))
        assert not result.refused and not result.written
        messages = {(e.row, e.column): e.message for e in result.errors}
        assert messages == {
            (2, "类型"): "不能为空",
            (2, "从业人员数"): "应为整数，实际为12.5",
            (2, "登记日期"): "日期“2015-02-30”不存在",
            (2, "党建入章"): "应为“是”或“否”，实际为“对”",
        }
        assert result.errors[0].to_dict() == {"row": 2, "column": "类型", "message": "不能为空"}
        assert str(result.errors[0]) == "第2行“类型”：不能为空"


def test_dates_as_text_in_common_chinese_forms_are_read(jilin):
    forms = ["2015-03-01", "2015/3/1", "2015.3.1", "2015年3月1日", "20150301"]
    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(登记日期=form) for form in forms]))
        assert result.ok, result.errors
        assert set(SocialOrganization.objects.values_list("registered_on", flat=True)) == {dt.date(2015, 3, 1)}


def test_a_region_code_typed_as_a_number_is_read_as_its_code(jilin):
    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row(所在区划代码=220100)]))
        assert result.ok and SocialOrganization.objects.get().region.code == "220100"


# --- the .xlsx reader itself, on XML as Excel and WPS write it ---------------------------

def rewrite(buffer: io.BytesIO, replacements: dict) -> io.BytesIO:
    """The same package with some parts' XML replaced (by a function of the old bytes)."""
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item.filename, replacements[item.filename](data) if item.filename in replacements else data)
    out.seek(0)
    return out


def test_cells_of_every_kind_are_read_by_their_type():
    from imports.xlsx import CellError, Workbook

    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>纯文本</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふりがな</t></rPh></is></c>'
        '<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c>'
        '<c r="E1"><f>SUM(1,2)</f><v>3</v></c><c r="F1" t="str"><v>公式以外的字符串</v></c>'
        '<c r="H1"><v>12</v></c><c r="I1"><v>12.5</v></c><c r="J1" s="1"><v>45000</v></c></row>'
        '<row r="4"><c r="B4" t="inlineStr"><is><t>第4行</t></is></c></row>'
        '</sheetData></worksheet>'
    ).encode()
    styles_xml = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="31"/></cellXfs></styleSheet>'  # 31: yyyy"年"m"月"d"日", not defined in the file
    ).encode()
    buffer = rewrite(xlsx_bytes(["x"], []), {"xl/worksheets/sheet1.xml": lambda _: sheet_xml,
                                              "xl/styles.xml": lambda _: styles_xml})
    workbook = Workbook(buffer, max_uncompressed=10**8, max_ratio=100)
    rows = list(workbook.rows(max_columns=20))
    workbook.close()
    (first, values), (fourth, values4) = rows
    assert (first, fourth) == (1, 4) and values4 == [None, "第4行"]
    assert values[:6] == ["纯文本", "富文本", True, "#N/A", "=SUM(1,2)", "公式以外的字符串"]
    assert isinstance(values[3], CellError)
    assert values[6] is None and values[7] == 12 and values[8] == 12.5
    assert values[9] == dt.datetime(2023, 3, 15)  # an East-Asian built-in date format is a date


def test_a_wps_style_date_cell_imports_as_a_date_and_an_error_cell_is_a_row_error(jilin):
    buffer = xlsx_bytes(ORG_HEADERS, [org_row(登记日期=dt.date(2016, 8, 8)), org_row(行业="#N/A")])  # an error cell

    def builtin_chinese_date(styles: bytes) -> bytes:  # the date style now uses built-in id 31, as WPS writes it
        return styles.replace(b'numFmtId="14"', b'numFmtId="31"')

    with schema_context("jilin"):
        result = import_orgs(rewrite(buffer, {"xl/styles.xml": builtin_chinese_date}), partial=True)
        assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "行业", "单元格为错误值“#N/A”")]
        assert result.created == 1 and SocialOrganization.objects.get().registered_on == dt.date(2016, 8, 8)


def test_a_stream_that_cannot_seek_is_read(jilin):
    class Upload(io.RawIOBase):  # e.g. a chunked upload handed over as a plain stream
        def __init__(self, data):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            return self.inner.readinto(buffer)

    with schema_context("jilin"):
        result = import_orgs(Upload(xlsx_bytes(ORG_HEADERS, [org_row()]).getvalue()))
        assert result.ok and result.created == 1


def test_a_file_full_of_formulas_lists_the_first_ones_and_stops(jilin, settings):
    settings.IMPORT_MAX_HOSTILE_ERRORS = 5

    def formulas(book):
        for row in range(2, 12):
            book.active[f"J{row}"] = f"=ROW()*{row}"

    with schema_context("jilin"):
        result = import_orgs(xlsx_bytes(ORG_HEADERS, [org_row() for _ in range(10)], change=formulas))
        assert result.refused and len(result.errors) == 6
        assert "问题过多，仅列出前5处" in result.errors[0].message  # the note without a row sorts first


def test_a_malformed_sheet_is_refused_not_a_crash(jilin):
    buffer = xlsx_bytes(ORG_HEADERS, [org_row(), org_row()])
    broken = rewrite(buffer, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b'<row r="3"', b'<row r="three"')})
    truncated = rewrite(buffer, {"xl/worksheets/sheet1.xml": lambda xml: xml[: len(xml) // 2]})
    with schema_context("jilin"):
        assert_refused(import_orgs(broken), (None, "", "读取出错"))
        assert_refused(import_orgs(truncated), (None, "", "xl/worksheets/sheet1.xml无法解析"))
        assert SocialOrganization.objects.count() == 0


# --- executable content and text the database cannot hold (issue 13) ---------------------

def with_parts(buffer: io.BytesIO, parts: dict, content_types: str = "") -> io.BytesIO:
    """The same real .xlsx package with extra parts, and extra entries in [Content_Types].xml."""
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml" and content_types:
                data = data.replace(b"</Types>", content_types.encode() + b"</Types>")
            archive.writestr(item.filename, data)
        for name, data in parts.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


VBA_TYPE = '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
MACRO_MAIN = ('<Override PartName="/xl/workbook2.xml" '
              'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>')


@pytest.mark.parametrize("parts, content_types, named", [
    ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"}, VBA_TYPE, "xl/vbaProject.bin"),
    ({"xl/activeX/activeX1.xml": b"<ax/>", "xl/activeX/activeX1.bin": b"\xd0\xcf"}, "", "xl/activeX/activeX1"),
    ({"xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, "", "xl/embeddings/oleObject1.bin"),
    ({"xl/media/setup.exe": b"MZ\x90\x00"}, "", "xl/media/setup.exe"),
    ({"xl/media/helper.dll": b"MZ\x90\x00"}, "", "xl/media/helper.dll"),
    ({}, MACRO_MAIN, "macroEnabled"),
])
def test_a_workbook_carrying_macros_or_programs_is_refused(jilin, parts, content_types, named):
    buffer = with_parts(xlsx_bytes(ORG_HEADERS, [org_row()]), parts, content_types)
    with schema_context("jilin"):
        before = counts()
        assert_refused(import_orgs(buffer), (None, "", "含有宏或可执行内容"))
        assert any(named in e.message for e in import_orgs(with_parts(xlsx_bytes(ORG_HEADERS, [org_row()]), parts,
                                                                       content_types)).errors)
        assert counts() == before


def test_printer_settings_in_a_real_workbook_are_not_executable(jilin):
    buffer = with_parts(xlsx_bytes(ORG_HEADERS, [org_row()]), {"xl/printerSettings/printerSettings1.bin": b"\x00" * 64})
    with schema_context("jilin"):
        result = import_orgs(buffer)
        assert result.ok and result.created == 1, result.errors


@pytest.mark.parametrize("cell, words", [
    ("长春\x01协会", "控制字符"),
    ("长" * 20_000, "文字过长"),
])
def test_a_cell_the_database_cannot_hold_is_a_row_error_naming_the_column(jilin, cell, words):
    with schema_context("jilin"):
        before = counts()
        result = import_orgs(csv_bytes(ORG_HEADERS, [org_row(名称=cell)]), filename="社会组织.csv")
        assert not result.written
        assert any(e.row == 2 and e.column == "名称" and words in e.message for e in result.errors), result.errors
        assert all(len(e.message) < 200 for e in result.errors)
        assert counts() == before
