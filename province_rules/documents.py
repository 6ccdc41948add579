"""The documents the rules cite, and a clause as users read it.

Code cites ``<seed file> <clause>`` (``002 第十四条``); a page shows the document's title
with the clause (``《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条``) and keeps
the short code as a tooltip. General rules outside the seeds are cited by their short name
(``党章 第三十条``) and shown by their full title.
"""
from __future__ import annotations

import re

# The seeds (/work/shared/seeds/README.md, the first lines of each file).
SEED_TITLES = {
    "000": "2021年吉林省社会组织党建工作要点",
    "001": "关于在省级社会组织中开展党建创新示范基地创建活动工作方案",
    "002": "吉林省加强社会组织党的建设工作实施办法（试行）",
    "003": "省社会组织党委加强党的基层组织建设三年行动计划（2021-2023年）重点行动",
    "004": "省社会组织综合党委2017年度工作报告",
}
# General rules the modules follow where the seeds are silent.
GENERAL_TITLES = {
    "中办发〔2015〕51号": "关于加强社会组织党的建设工作的意见（试行）",
    "党章": "中国共产党章程",
    "支部工作条例": "中国共产党支部工作条例（试行）",
}
PROVINCE_SETTING = "本省设定"


def _chinese_brackets(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")


def clause_title(clause: str) -> str:
    """``002 第十四条`` → ``《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条``;
    ``004 二 四`` → ``《省社会组织综合党委2017年度工作报告》二“四是”``; ``党章 第三十条`` →
    ``《中国共产党章程》第三十条``; ``中办发〔2015〕51号`` → ``《关于加强…（试行）》（中办发〔2015〕51号）``.
    Anything else is returned as it is."""
    if not clause:
        return ""
    if clause in GENERAL_TITLES:
        return f"《{GENERAL_TITLES[clause]}》（{clause}）"
    number, _, rest = clause.partition(" ")
    if number in GENERAL_TITLES:
        return f"《{GENERAL_TITLES[number]}》{rest}"
    if number not in SEED_TITLES:
        return clause
    title = f"《{SEED_TITLES[number]}》"
    if number == "004":
        parts = rest.split(" ")
        if len(parts) == 2:  # part 二, its "四是"
            return f"{title}{_chinese_brackets(parts[0])}“{parts[1]}是”"
    if number == "003" and re.fullmatch(r"[一二三四五六七八九十]+", rest):
        return f"{title}第{rest}项行动"
    return title + _chinese_brackets(rest)


def cited(text: str) -> str:
    """Clause codes inside a reason's text (``（002 第十九条）``) replaced by what users read."""
    pattern = re.compile(r"\b(00[0-4]) ((?:第[一二三四五六七八九十]+条(?:至第[一二三四五六七八九十]+条)?"
                         r"|[一二三四五六七八九十]+|\([一二三四五六七八九十]+\))"
                         r"(?:\([一二三四五六七八九十]+\)(?:至\([一二三四五六七八九十]+\))?)?[①②③④]?"
                         r"(?: [一二三四五六七八九十](?![、是]))?)")
    return pattern.sub(lambda match: clause_title(match.group(0)), text)
