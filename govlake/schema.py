"""The output contract of ../shared/docs/SCHEMA.md as Python constants.

This module is the single source of truth for partition keys, table names and the
table labels → codes mapping. Parsers, marts, checks and tests import from here;
nothing else spells a code or a canonical label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# ---------------------------------------------------------------- partitions

FIRST_YEAR = 2008


def last_year(today: date | None = None) -> int:
    """The newest year partition: the last year that has ended (its reports are due now)."""
    return (today or date.today()).year - 1

# (key, official name, GB/T 2260 two-digit code, short names used in text)
PROVINCES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("beijing", "北京市", "11", ("北京",)),
    ("tianjin", "天津市", "12", ("天津",)),
    ("hebei", "河北省", "13", ("河北",)),
    ("shanxi", "山西省", "14", ("山西",)),
    ("neimenggu", "内蒙古自治区", "15", ("内蒙古",)),
    ("liaoning", "辽宁省", "21", ("辽宁",)),
    ("jilin", "吉林省", "22", ("吉林",)),
    ("heilongjiang", "黑龙江省", "23", ("黑龙江",)),
    ("shanghai", "上海市", "31", ("上海",)),
    ("jiangsu", "江苏省", "32", ("江苏",)),
    ("zhejiang", "浙江省", "33", ("浙江",)),
    ("anhui", "安徽省", "34", ("安徽",)),
    ("fujian", "福建省", "35", ("福建",)),
    ("jiangxi", "江西省", "36", ("江西",)),
    ("shandong", "山东省", "37", ("山东",)),
    ("henan", "河南省", "41", ("河南",)),
    ("hubei", "湖北省", "42", ("湖北",)),
    ("hunan", "湖南省", "43", ("湖南",)),
    ("guangdong", "广东省", "44", ("广东",)),
    ("guangxi", "广西壮族自治区", "45", ("广西",)),
    ("hainan", "海南省", "46", ("海南",)),
    ("chongqing", "重庆市", "50", ("重庆",)),
    ("sichuan", "四川省", "51", ("四川",)),
    ("guizhou", "贵州省", "52", ("贵州",)),
    ("yunnan", "云南省", "53", ("云南",)),
    ("xizang", "西藏自治区", "54", ("西藏",)),
    ("shaanxi", "陕西省", "61", ("陕西",)),
    ("gansu", "甘肃省", "62", ("甘肃",)),
    ("qinghai", "青海省", "63", ("青海",)),
    ("ningxia", "宁夏回族自治区", "64", ("宁夏",)),
    ("xinjiang", "新疆维吾尔自治区", "65", ("新疆",)),
)
CENTRAL = "central"
UNKNOWN = "unknown"
PROVINCE_KEYS: tuple[str, ...] = tuple(p[0] for p in PROVINCES) + (CENTRAL, UNKNOWN)
PROVINCE_NAME: dict[str, str] = {p[0]: p[1] for p in PROVINCES} | {
    CENTRAL: "国务院部门",
    UNKNOWN: "未知",
}
PROVINCE_CODE: dict[str, str] = {p[0]: p[2] for p in PROVINCES}
PROVINCE_BY_CODE: dict[str, str] = {p[2]: p[0] for p in PROVINCES}

# ---------------------------------------------------------------- tables

FACT_TABLES = ("reports", "applications", "review_litigation", "active_disclosure",
               "legacy_indicators", "quality_checks")
MART_TABLES = ("mart_province_year", "mart_unit_year", "mart_missing_reports")

FORMATS = ("2019", "2021", "legacy")
PARSE_STATUSES = ("ok", "partial", "failed")
ADMIN_LEVELS = ("province", "prefecture", "county", "township", "department")

# ---------------------------------------------------------------- section 三


@dataclass(frozen=True)
class RowCode:
    """One row of the applications matrix: its code, canonical label and group."""

    code: str
    label: str          # canonical wording of the 2019/2021 template
    group: str          # which （N） block the row belongs to
    leaf: bool          # counted in the sum that must equal results_total


APPLICANTS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_org", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_CODES: tuple[str, ...] = tuple(a[0] for a in APPLICANTS)
ORG_APPLICANTS: tuple[str, ...] = APPLICANT_CODES[1:6]

APPLICATION_ROWS: tuple[RowCode, ...] = (
    RowCode("new_received", "本年新收政府信息公开申请数量", "intake", False),
    RowCode("carried_over", "上年结转政府信息公开申请数量", "intake", False),
    RowCode("granted", "予以公开", "granted", True),
    RowCode("partially_granted", "部分公开", "partially_granted", True),
    RowCode("denied_state_secret", "属于国家秘密", "denied", True),
    RowCode("denied_prohibited_by_law", "其他法律行政法规禁止公开", "denied", True),
    RowCode("denied_three_safety_one_stability", "危及“三安全一稳定”", "denied", True),
    RowCode("denied_third_party_rights", "保护第三方合法权益", "denied", True),
    RowCode("denied_internal_affairs", "属于三类内部事务信息", "denied", True),
    RowCode("denied_process_info", "属于四类过程性信息", "denied", True),
    RowCode("denied_enforcement_files", "属于行政执法案卷", "denied", True),
    RowCode("denied_administrative_query", "属于行政查询事项", "denied", True),
    RowCode("unavailable_not_held", "本机关不掌握相关政府信息", "unavailable", True),
    RowCode("unavailable_needs_creation", "没有现成信息需要另行制作", "unavailable", True),
    RowCode("unavailable_unclear", "补正后申请内容仍不明确", "unavailable", True),
    RowCode("not_processed_petition", "信访举报投诉类申请", "not_processed", True),
    RowCode("not_processed_duplicate", "重复申请", "not_processed", True),
    RowCode("not_processed_publication", "要求提供公开出版物", "not_processed", True),
    RowCode("not_processed_excessive", "无正当理由大量反复申请", "not_processed", True),
    RowCode("not_processed_confirmation", "要求行政机关确认或重新出具已获取信息", "not_processed", True),
    RowCode("other", "其他处理", "other", True),
    RowCode("other_overdue_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other", False),
    RowCode("other_overdue_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other", False),
    RowCode("other_misc", "其他", "other", False),
    RowCode("results_total", "总计", "total", False),
    RowCode("carried_forward", "结转下年度继续办理", "outflow", False),
)
APPLICATION_ROW_CODES: tuple[str, ...] = tuple(r.code for r in APPLICATION_ROWS)
LEAF_RESULT_ROWS: tuple[str, ...] = tuple(r.code for r in APPLICATION_ROWS if r.leaf)
OTHER_SUBROWS: tuple[str, ...] = ("other_overdue_correction", "other_overdue_fee", "other_misc")

# ---------------------------------------------------------------- section 四

PROCEEDINGS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
    ("litigation", "行政诉讼"),
)
PROCEEDING_CODES: tuple[str, ...] = tuple(p[0] for p in PROCEEDINGS)
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
OUTCOME_CODES: tuple[str, ...] = tuple(o[0] for o in OUTCOMES)
# The 15 numbers of section 四 in reading order.
REVIEW_LITIGATION_ORDER: tuple[tuple[str, str], ...] = tuple(
    (proc, out) for proc in PROCEEDING_CODES[:3] for out in OUTCOME_CODES
)

# ---------------------------------------------------------------- section 二

DISCLOSURE_ITEMS: tuple[tuple[str, str], ...] = (
    ("rules", "规章"),
    ("normative_docs", "规范性文件"),
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("penalty", "行政处罚"),
    ("enforcement", "行政强制"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府集中采购"),
)
DISCLOSURE_ITEM_CODES: tuple[str, ...] = tuple(i[0] for i in DISCLOSURE_ITEMS)
DISCLOSURE_MEASURES: tuple[tuple[str, str], ...] = (
    ("issued", "本年新制作数量"),
    ("published", "本年新公开数量"),
    ("total_public", "对外公开总数量"),
    ("repealed", "本年废止件数"),
    ("in_force", "现行有效件数"),
    ("prior_year_items", "上一年项目数量"),
    ("change", "本年增/减"),
    ("decisions", "处理决定数量"),
    ("projects", "采购项目数量"),
    ("amount_wan_yuan", "金额"),
)
DISCLOSURE_MEASURE_CODES: tuple[str, ...] = tuple(m[0] for m in DISCLOSURE_MEASURES)

# ---------------------------------------------------------------- parser aliases
# Key phrases (Simplified, spaces removed, numbering such as （一）/1./一、 stripped)
# that identify a table label wherever it stands in the cell stream. The parser
# checks them in order and the first hit wins, so the more specific phrases come
# first (部分公开 before 予以公开, the 其他处理 sub-rows before 其他处理).

APPLICATION_ROW_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new_received", ("本年新收", "新收政府信息公开申请", "本年收到")),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年", "下年度继续办理")),
    ("other_overdue_correction", ("逾期不补正",)),
    ("other_overdue_fee", ("缴纳费用", "收费通知")),
    ("partially_granted", ("部分公开",)),
    ("granted", ("予以公开",)),
    ("denied_state_secret", ("国家秘密",)),
    ("denied_prohibited_by_law", ("禁止公开",)),
    ("denied_three_safety_one_stability", ("三安全", "一稳定")),
    ("denied_third_party_rights", ("第三方",)),
    ("denied_internal_affairs", ("内部事务",)),
    ("denied_process_info", ("过程性",)),
    ("denied_enforcement_files", ("执法案卷",)),
    ("denied_administrative_query", ("查询事项",)),
    ("unavailable_not_held", ("不掌握",)),
    ("unavailable_needs_creation", ("另行制作",)),
    ("unavailable_unclear", ("不明确",)),
    ("not_processed_petition", ("信访", "举报投诉")),
    ("not_processed_duplicate", ("重复申请",)),
    ("not_processed_publication", ("出版物",)),
    ("not_processed_excessive", ("大量反复",)),
    ("not_processed_confirmation", ("重新出具", "确认或")),
    ("other", ("其他处理",)),
)
# Labels that only count when they stand alone (after numbering is stripped) and
# only inside the right block: 其他 under （六）其他处理, 总计 after the result rows.
APPLICATION_EXACT_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other_misc", ("其他", "其它", "其他情形")),
    ("results_total", ("总计", "合计")),
)

DISCLOSURE_ITEM_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other_services", ("其他对外管理服务", "对外管理服务")),
    # 规范性档案: a mirror's Taiwan-phrase rendering (OpenCC s2twp turns 文件 into 檔案)
    ("normative_docs", ("规范性文件", "规范性档案")),
    ("rules", ("规章",)),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
)
DISCLOSURE_MEASURE_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # 本年发件: one CMS's rendering of the 2021 header drops 制 (and 数): 本年发件 | 本年废止件数 |
    # 现行有效件, seen on real pages of two provinces (新疆 乌尔禾区, 陕西 宁强县)
    ("issued", ("本年新制作", "本年制发", "新制作", "本年发件")),
    ("published", ("本年新公开", "新公开")),
    ("total_public", ("对外公开总", "公开总数")),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效",)),
    ("prior_year_items", ("上一年项目", "上年项目")),
    ("change", ("增/减", "增减", "增(减)", "增/(减)")),
    ("projects", ("采购项目",)),
    ("decisions", ("处理决定",)),
    ("amount_wan_yuan", ("金额",)),
)
# Unit a measure is counted in when the cell does not say.
DISCLOSURE_MEASURE_UNITS: dict[str, str] = {
    "issued": "件", "published": "件", "total_public": "件", "repealed": "件",
    "in_force": "件", "prior_year_items": "项", "change": "项", "decisions": "件",
    "projects": "项", "amount_wan_yuan": "万元",
}

# Format detection from labels (not from the year).
FORMAT_2021_MARKERS: tuple[str, ...] = ("本年制发", "本年废止", "现行有效", "逾期不补正", "缴纳费用")
FORMAT_2019_MARKERS: tuple[str, ...] = ("本年新制作", "本年新公开", "对外公开总数", "上一年项目数量", "采购项目数量")
OTHER_SUBROW_2021: tuple[str, ...] = ("other_overdue_correction", "other_overdue_fee")

# Legacy 附表 indicator names → the code they answer ("table.row_or_proceeding.column").
# Regexes run on the indicator name with 其中:/numbering stripped.
LEGACY_INDICATOR_CODES: tuple[tuple[str, str], ...] = (
    (r"^(?:受理|收到)(?:政府信息公开|依申请公开|公开)?申请(?:总)?(?:数|件数|总数)|^申请(?:总)?数$",
     "applications.new_received.total"),
    (r"^同意部分公开", "applications.partially_granted.total"),
    (r"^(?:同意公开|予以公开)", "applications.granted.total"),
    (r"行政复议", "review_litigation.review.total"),
    (r"行政诉讼", "review_litigation.litigation.total"),
)
# Column headers of a legacy 附表: which ones hold the year's figure, which the
# cumulative one (历年累计, since 2008-05-01), which the unit.
LEGACY_HEADER_UNIT: tuple[str, ...] = ("单位", "计量单位")
LEGACY_HEADER_CUMULATIVE: tuple[str, ...] = ("历年累计", "累计")
LEGACY_HEADER_YEAR_PATTERN = r"^(?:\d{4}年度?|本年度?|数量|数值|本年数|当年)$"
