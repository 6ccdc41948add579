"""The spreadsheet layout of each kind: Chinese headers, what a cell holds, allowed values.

One definition serves the reader (how a cell is read), the exporter (what it writes) and
the downloadable template (the 填写说明 sheet). ``Column.field`` is the key the registry
service reads (``organization_validate``, ``party_organization_upsert``, ``member_validate``),
so an error the service reports on a field is shown under that column's header.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from registry.models import Grade, Member, PartyOrganization, SocialOrganization

INSTRUCTIONS_TITLE = "填写说明"

# What a cell holds. TEXT and CODE accept a number cell (a region code typed as a number);
# ID_NUMBER does not (Excel keeps 15 digits of a number, so the last ones are lost).
TEXT, CODE, ID_NUMBER, INTEGER, DATE, BOOLEAN, CHOICE, LIST = (
    "text", "code", "id_number", "integer", "date", "boolean", "choice", "list",
)
TYPE_NAMES = {
    TEXT: "文本", CODE: "文本（代码）", ID_NUMBER: "文本（18位，请将单元格设为文本格式）", INTEGER: "整数（数字格式）",
    DATE: "日期（日期格式，或文本 YYYY-MM-DD）", BOOLEAN: "是 / 否", CHOICE: "从可选值中选择", LIST: "多个值",
}
TRUE_LABEL, FALSE_LABEL = "是", "否"
LIST_SEPARATOR = "；"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored key, Chinese label); the label is written
    default: str = ""  # what an empty cell means, for the instructions
    note: str = ""
    width: int = 16

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.choices)

    def label_of(self, key: str) -> str:
        return dict(self.choices).get(key, key)

    def instructions(self) -> str:
        parts = []
        if self.choices:
            parts.append("可选值：" + "、".join(self.labels))
        if self.type == BOOLEAN:
            parts.append("填“是”或“否”")
        if self.default:
            parts.append(f"不填视为“{self.default}”")
        if self.note:
            parts.append(self.note)
        return "；".join(parts)


@dataclass(frozen=True)
class Sheet:
    """One import kind: its data sheet's title, its columns, and the column that identifies a row."""

    kind: str
    title: str
    key_field: str
    columns: tuple[Column, ...]
    note: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    def by_field(self, field: str) -> Column | None:
        return next((column for column in self.columns if column.field == field), None)

    @property
    def key_column(self) -> Column:
        return self.by_field(self.key_field)


class UnknownKind(ValueError):
    pass


def _bool(header: str, field: str, note: str = "") -> Column:
    return Column(header, field, BOOLEAN, default=FALSE_LABEL, note=note, width=10)


ORGANIZATIONS = Sheet(
    kind="organizations",
    title="社会组织",
    key_field="uscc",
    note="以统一社会信用代码为准：已有的组织按本行更新（每行是该组织的完整信息，空单元格即清空或取默认值），没有的新增。",
    columns=(
        Column("统一社会信用代码", "uscc", CODE, required=True, note="18位，民政登记的以5开头", width=22),
        Column("名称", "name", TEXT, required=True, width=30),
        Column("类型", "kind", CHOICE, required=True, choices=tuple(SocialOrganization.Kind.choices)),
        Column("登记层级", "registration_level", CHOICE, required=True, choices=tuple(SocialOrganization.Level.choices)),
        Column("所在区划代码", "region_code", CODE, required=True, note="6位行政区划代码，须是本省已有的区划，如220100"),
        Column("登记管理机关", "registration_authority", TEXT, width=20),
        Column("业务主管单位", "business_supervisor", TEXT, note="名称；没有的自动新增", width=20),
        Column("行业党委", "industry_committee", TEXT, note="名称；没有的自动新增", width=20),
        Column("行业", "industry", TEXT),
        Column("从业人员数", "employees", INTEGER, default="0", note="不小于0的整数", width=10),
        Column("登记日期", "registered_on", DATE, note="不晚于今天", width=12),
        Column("状态", "status", CHOICE, choices=tuple(SocialOrganization.Status.choices), default="正常", width=10),
        _bool("党建入章", "charter_clause", "章程已写入党建工作内容"),
        _bool("已脱钩", "decoupled"),
        _bool("民办学校", "is_school"),
        _bool("民办医院", "is_hospital"),
        _bool("党建工作站覆盖", "has_work_station"),
        Column("未建党组织的正当理由", "accepted_reason_for_no_party_org", TEXT, width=24),
        Column("等级限制例外说明", "grade_cap_exception", TEXT, width=24),
        Column("评估等级", "evaluation_grade", CHOICE, choices=tuple(Grade.choices), width=10,
               note="与评估日期一起填写；与台账现有等级不同时新增一条评估记录，高于本省规则上限的照录并标记，不会被改低"),
        Column("评估日期", "evaluation_grade_on", DATE, width=12, note="不晚于今天"),
    ),
)

PARTY_ORGANIZATIONS = Sheet(
    kind="party_organizations",
    title="党组织",
    key_field="name",
    note="以党组织名称为准：已有的按本行更新，没有的新增。上级党组织须已在台账中或在本文件中（顺序不限）。",
    columns=(
        Column("名称", "name", TEXT, required=True, width=30),
        Column("层级", "level", CHOICE, choices=tuple(PartyOrganization.Level.choices), default="党支部", width=10),
        Column("组建形式", "form", CHOICE, choices=tuple(PartyOrganization.Form.choices), default="单独组建",
               note="须是本省规则允许的形式"),
        Column("所在区划代码", "region_code", CODE, required=True, note="6位行政区划代码，须是本省已有的区划"),
        Column("覆盖的社会组织", "covered_usccs", LIST, width=40,
               note="所覆盖社会组织的统一社会信用代码，多个用“；”“;”或“,”分隔；须已在台账中。单独组建的只能填一个"),
        Column("上级党组织", "parent_name", TEXT, note="上级党组织的名称", width=24),
        Column("成立日期", "founded_on", DATE, width=12),
        Column("任期（年）", "term_years", INTEGER, default="3", note="1至5的整数", width=10),
        Column("最近换届日期", "last_election_on", DATE, width=12),
        _bool("软弱涣散", "weak_and_lax"),
    ),
)

MEMBERS = Sheet(
    kind="members",
    title="党员",
    key_field="id_number",
    note="以公民身份号码为准：已有的党员按本行更新，没有的新增。脱敏的号码（含*）不能导入。",
    columns=(
        Column("姓名", "name", TEXT, required=True, width=12),
        Column("公民身份号码", "id_number", ID_NUMBER, required=True, width=22,
               note="18位完整号码，不接受脱敏号码（含*）；性别和出生日期由号码得出"),
        Column("联系电话", "phone", CODE, note="手机11位，或带区号的固定电话，如0431-88886666；不接受脱敏号码（含*）", width=16),
        Column("党员类别", "status", CHOICE, choices=tuple(Member.Status.choices), default="正式党员", width=10),
        Column("入党日期", "joined_on", DATE, width=12),
        Column("所在社会组织统一社会信用代码", "organization_uscc", CODE, note="须已在台账中", width=22),
        Column("所在党组织", "party_organization", TEXT, note="党组织名称，须已在台账中", width=24),
        Column("组织关系", "relation", CHOICE, choices=tuple(Member.Relation.choices), default="在本组织党组织", width=18),
        Column("在组织中的身份", "role", CHOICE, choices=tuple(Member.Role.choices), default="其他从业人员", width=14),
    ),
)

SHEETS = {sheet.kind: sheet for sheet in (ORGANIZATIONS, PARTY_ORGANIZATIONS, MEMBERS)}
KIND_NAMES = {kind: sheet.title for kind, sheet in SHEETS.items()}


def sheet_for(kind: str) -> Sheet:
    try:
        return SHEETS[kind]
    except KeyError:
        known = "、".join(f"{k}（{s.title}）" for k, s in SHEETS.items())
        raise UnknownKind(f"未知的导入类别“{kind}”，应为：{known}") from None


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


def header_layout(worksheet, sheet: Sheet) -> None:
    """Column widths of a data sheet (call before writing rows in write-only mode)."""
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width


def instructions_sheet(workbook: Workbook, sheet: Sheet) -> None:
    """The 填写说明 sheet: one row per column, what it holds and its allowed values.
    Works on a normal and on a write-only workbook (the exporter's)."""
    notes = workbook.create_sheet(INSTRUCTIONS_TITLE)
    for letter, width in zip("ABCD", (26, 8, 30, 80)):
        notes.column_dimensions[letter].width = width
    notes.append([f"{sheet.title}导入说明：只读取第一个工作表“{sheet.title}”，第1行为表头，从第2行起每行一条。{sheet.note}"])
    notes.append(["不接受：公式、合并单元格、隐藏的工作表、以数字存储的日期、以文本存储的数字、文件内重复的"
                  f"{sheet.key_column.header}。有任何一行错误时默认不写入任何数据，可选择只导入正确的行。"])
    notes.append([])
    notes.append(["列名", "必填", "格式", "说明与可选值"])
    for column in sheet.columns:
        notes.append([column.header, "是" if column.required else "", TYPE_NAMES[column.type], column.instructions()])


def template_workbook(kind: str) -> bytes:
    """An empty .xlsx to fill in: the headers, text-formatted code columns, drop-down lists for
    choice and 是/否 columns, and a second sheet 填写说明."""
    sheet = sheet_for(kind)
    workbook = Workbook()
    data = workbook.active
    data.title = sheet.title
    data.append(list(sheet.headers))
    data.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        data.column_dimensions[letter].width = column.width
        if column.type in (CODE, ID_NUMBER, TEXT, LIST):
            data.column_dimensions[letter].number_format = TEXT_FORMAT
        elif column.type == DATE:
            data.column_dimensions[letter].number_format = DATE_FORMAT
        labels = column.labels if column.type == CHOICE else (TRUE_LABEL, FALSE_LABEL) if column.type == BOOLEAN else ()
        if labels:
            validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                        showErrorMessage=True, errorTitle="无效的值", error="请从下拉列表中选择")
            validation.add(f"{letter}2:{letter}10000")
            data.add_data_validation(validation)
    instructions_sheet(workbook, sheet)
    for cell in workbook[INSTRUCTIONS_TITLE][4]:
        cell.font = HEADER_FONT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
