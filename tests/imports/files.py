"""Spreadsheets built in the tests: valid rows for each kind and the ways to make them hostile."""
from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook

from imports.templates import sheet_for
from tests.registry.factories import make_id_number, make_uscc

ORG_HEADERS = sheet_for("organizations").headers
PARTY_HEADERS = sheet_for("party_organizations").headers
MEMBER_HEADERS = sheet_for("members").headers


def org_row(**values) -> dict:
    """One organization row by Chinese header, valid in Jilin."""
    row = {
        "统一社会信用代码": make_uscc(), "名称": "长春市测试协会", "类型": "社会团体", "登记层级": "市级",
        "所在区划代码": "220100", "登记管理机关": "长春市民政局", "业务主管单位": "长春市商务局", "行业党委": "",
        "行业": "商贸", "从业人员数": 12, "登记日期": dt.date(2015, 3, 1), "状态": "正常", "党建入章": "是",
        "已脱钩": "否", "民办学校": "否", "民办医院": "否", "党建工作站覆盖": "否", "未建党组织的正当理由": "",
        "等级限制例外说明": "", "评估等级": "", "评估日期": None,
    }
    row.update(values)
    return row


def member_row(**values) -> dict:
    row = {"姓名": "张三", "公民身份号码": make_id_number(), "联系电话": "13912345678", "党员类别": "正式党员",
           "入党日期": dt.date(2005, 7, 1), "所在社会组织统一社会信用代码": "", "所在党组织": "",
           "组织关系": "在本组织党组织", "在组织中的身份": "专职工作人员"}
    row.update(values)
    return row


def party_row(**values) -> dict:
    row = {"名称": "长春市某协会党支部", "层级": "党支部", "组建形式": "单独组建", "所在区划代码": "220100",
           "覆盖的社会组织": "", "上级党组织": "", "成立日期": dt.date(2018, 6, 1), "任期（年）": 3,
           "最近换届日期": dt.date(2021, 6, 1), "软弱涣散": "否"}
    row.update(values)
    return row


def workbook(headers, rows: list[dict]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    return book


def xlsx_bytes(headers, rows: list[dict], change=None) -> io.BytesIO:
    """An .xlsx of ``rows``; ``change(workbook)`` makes it hostile before saving."""
    book = workbook(headers, rows)
    if change is not None:
        change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def csv_bytes(headers, rows: list[dict], encoding: str = "utf-8") -> io.BytesIO:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row[h].isoformat() if isinstance(row.get(h), dt.date)
                         else row[h] for h in headers])
    return io.BytesIO(text.getvalue().encode(encoding))
