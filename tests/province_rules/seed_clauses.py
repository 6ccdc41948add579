"""Checks that a cited clause exists in the seed text (``../shared/seeds`` beside the repository, or $SEEDS_DIR).

A clause is ``<seed file number> <clause>``: ``002 第九条(三)``, ``002 第九条(一)①``,
``002 第十四条至第十九条``, ``000 (五)``, ``001 四(一)``, ``003 五``, ``004 一(七)``, ``004 二 四``.
Citations of sources outside the seeds are accepted when they name a known general rule.
"""
import os
import re
from functools import cache
from pathlib import Path

# shared/ lies beside the repository (the checkout here, and CI's fresh clone alike).
SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
GENERAL_SOURCES = ("中办发〔2015〕51号", "党章 第三十条", "支部工作条例 第十一条", "支部工作条例 第十二条", "支部工作条例 第十三条",
                   "支部工作条例 第十九条")
NUM = "[一二三四五六七八九十]+"
# A clause reference inside a reason text, e.g. "（002 第十九条）" or "（001 三(二)至(六)）".
CLAUSE_IN_TEXT = re.compile(
    rf"\b(00[0-4]) ((?:第{NUM}条(?:至第{NUM}条)?|{NUM}|\({NUM}\))(?:\({NUM}\)(?:至\({NUM}\))?)?[①②③④]?(?: {NUM}(?!、))?)")


def seeds_available() -> bool:
    return SEEDS_DIR.is_dir()


@cache
def seed_text(number: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def _has_item(segment: str, item: str) -> bool:
    """``(三)`` in either width."""
    inner = item.strip("()")
    return f"（{inner}）" in segment or f"({inner})" in segment


def _segment(text: str, start_pattern: str, next_pattern: str) -> str | None:
    match = re.search(start_pattern, text, re.M)
    if not match:
        return None
    rest = text[match.end():]
    following = re.search(next_pattern, rest, re.M)
    return rest[: following.start()] if following else rest


def _items_ok(segment: str | None, items: list[str]) -> bool:
    return segment is not None and all(_has_item(segment, item) for item in items)


def clause_exists(clause: str) -> bool:
    if clause in GENERAL_SOURCES:
        return True
    number, _, rest = clause.partition(" ")
    if number not in ("000", "001", "002", "003", "004") or not rest:
        return False
    text = seed_text(number)
    items = re.findall(rf"\({NUM}\)", rest)
    head = re.sub(rf"\({NUM}\)|至|[①②③④]", " ", rest).split()
    circled = re.findall("[①②③④]", rest)
    if number == "002":
        articles = [word for word in head if re.fullmatch(f"第{NUM}条", word)]
        if not articles or len(articles) != len(head):
            return False
        for article in articles:
            segment = _segment(text, rf"^{article}", rf"^第{NUM}条")
            if segment is None:
                return False
        segment = _segment(text, rf"^{articles[0]}", rf"^第{NUM}条")
        if items and not _has_item(segment, items[0]):
            return False
        if circled:
            inside = segment.split(f"（{items[0].strip('()')}）", 1)[1] if items else segment
            return all(mark in inside for mark in circled)
        return True
    if number == "000":
        return not head and _items_ok(text, items)
    if number == "001":
        if len(head) != 1:
            return False
        # 001 numbers two sections 三 (创建形式, 创建办法): any section of that number will do.
        starts = [m.end() for m in re.finditer(rf"^\s*{head[0]}、", text, re.M)]
        return any(_items_ok(_segment(text[start:], "^", rf"^\s*{NUM}、"), items) for start in starts)
    if number == "003":
        return len(head) == 1 and not items and re.search(rf"^\s*{head[0]}、", text, re.M) is not None
    # 004: the 2017 work report, part 一 (work done, items (一)–(八)) and part 二 (next steps, "一是"…"七是").
    report = text[text.index("2017 年度工作报告"):]
    part_one, part_two = report.split("二、存在的问题", 1)
    part = {"一": part_one, "二": part_two}.get(head[0]) if head else None
    if part is None or not _items_ok(part, items):
        return False
    return all(f"{step}是" in part for step in head[1:]) and len(head) <= 2
