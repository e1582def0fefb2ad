"""The columns of a resident survey sheet (摸排表), with the headers communities use, and
how their words map to our choices."""

from __future__ import annotations

import re

from fugong.community.choices import HealthStatus, Residency
from fugong.construction.importing.reading import Column, compact

COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", ("居民姓名", "人员姓名", "名字", "住户姓名"), required=True),
    Column(
        "id_number",
        "身份证号",
        ("身份证号码", "身份证", "公民身份号码", "证件号码", "身份证件号码", "证件号"),
    ),
    Column(
        "phone",
        "联系电话",
        ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "联系手机"),
    ),
    Column("compound", "小区", ("小区名称", "所在小区", "院落", "小区(院落)")),
    Column("building", "楼栋", ("楼号", "楼栋号", "栋", "幢", "楼", "栋号", "楼幢"), required=True),
    Column("unit", "单元", ("单元号",)),
    Column(
        "room", "房号", ("房间号", "门牌号", "户号", "室", "房屋号", "房号(门牌)"), required=True
    ),
    Column("residency", "居住类型", ("人员类别", "居住性质", "人员类型", "常住/租户", "居住情况")),
    Column(
        "returned_on",
        "返焦时间",
        ("返焦日期", "返回时间", "返回日期", "返乡时间", "抵焦时间", "到焦时间", "返焦时间(日期)"),
    ),
    Column(
        "returned_from",
        "来自",
        (
            "从何地返回",
            "来自何地",
            "返回地",
            "来源地",
            "出发地",
            "从何处来",
            "从何地返焦",
            "来自地区",
        ),
    ),
    Column("health_status", "健康状况", ("身体状况", "健康情况", "身体情况")),
    Column("elderly_alone", "独居老人", ("是否独居老人", "独居")),
    Column("disabled", "残疾人", ("是否残疾", "残疾", "是否残疾人")),
    Column("chronic_illness", "慢性病", ("是否慢性病", "慢病", "基础病", "有无基础病")),
    Column("pregnant", "孕妇", ("是否孕妇", "孕产妇")),
    Column("vulnerable", "特殊人群", ("重点人群", "困难群体", "特殊情况", "重点关注")),
    Column("note", "备注", ("说明", "其他")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
FLAG_KEYS = ("elderly_alone", "disabled", "chronic_illness", "pregnant")

RESIDENCY_WORDS = {
    "常住": Residency.PERMANENT,
    "户籍": Residency.PERMANENT,
    "本地": Residency.PERMANENT,
    "业主": Residency.PERMANENT,
    "自住": Residency.PERMANENT,
    "常住人口": Residency.PERMANENT,
    "租户": Residency.TENANT,
    "租住": Residency.TENANT,
    "租房": Residency.TENANT,
    "暂住": Residency.TENANT,
    "流动": Residency.TENANT,
    "流动人口": Residency.TENANT,
    "租赁": Residency.TENANT,
}
HEALTH_WORDS = {
    "健康": HealthStatus.HEALTHY,
    "正常": HealthStatus.HEALTHY,
    "良好": HealthStatus.HEALTHY,
    "无异常": HealthStatus.HEALTHY,
    "无": HealthStatus.HEALTHY,
    "发热": HealthStatus.SYMPTOMS,
    "发烧": HealthStatus.SYMPTOMS,
    "咳嗽": HealthStatus.SYMPTOMS,
    "有症状": HealthStatus.SYMPTOMS,
    "异常": HealthStatus.SYMPTOMS,
    "医学观察": HealthStatus.OBSERVATION,
    "居家观察": HealthStatus.OBSERVATION,
    "居家隔离": HealthStatus.OBSERVATION,
    "隔离": HealthStatus.OBSERVATION,
    "观察": HealthStatus.OBSERVATION,
    "住院": HealthStatus.HOSPITAL,
    "治愈": HealthStatus.RECOVERED,
    "康复": HealthStatus.RECOVERED,
    "痊愈": HealthStatus.RECOVERED,
}
# Words in a free "特殊人群" cell that set a flag.
VULNERABLE_WORDS = (
    ("独居", "elderly_alone"),
    ("空巢", "elderly_alone"),
    ("残疾", "disabled"),
    ("残障", "disabled"),
    ("慢性病", "chronic_illness"),
    ("慢病", "chronic_illness"),
    ("基础病", "chronic_illness"),
    ("孕", "pregnant"),
    ("留守儿童", "left_behind_child"),
)

_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7",
              "八": "8", "九": "9", "十": "10"}  # fmt: skip
_BUILDING_RE = re.compile(r"^(?:第)?(.+?)(?:号楼|号栋|号幢|栋楼|栋|幢|号|楼|#)?$")


def _digits(text: str) -> str:
    return _CN_DIGITS.get(text, text)


def building_key(value) -> str:
    """ "1号楼", "1栋", "1幢", "1#", "第1栋", 1 → "1"; other names as they are."""
    text = compact(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = _BUILDING_RE.match(text)
    return _digits(match[1]) if match else text


def compound_key(value) -> str:
    text = compact(value)
    return text[:-2] if text.endswith("小区") and len(text) > 2 else text


def unit_key(value) -> str:
    """ "2单元", "二单元", "第2单元", 2 → "2"."""
    text = compact(value)
    if text.startswith("第"):
        text = text[1:]
    if text.endswith("单元"):
        text = text[:-2]
    return _digits(text)


def room_key(value) -> str:
    """ "301室", "301号", "301户" → "301"."""
    text = compact(value)
    for suffix in ("室", "号", "户"):
        if text.endswith(suffix) and len(text) > 1:
            text = text[:-1]
            break
    return text


def word_choice(words: dict, value) -> str | None:
    text = compact(value)
    if text in words:
        return words[text].value
    for choice in {v for v in words.values()}:
        if text.lower() in (choice.value, str(choice.label).lower()):
            return choice.value
    for word, choice in words.items():
        if len(word) > 1 and word in text:
            return choice.value
    return None
