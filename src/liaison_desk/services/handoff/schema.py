"""The handoff exchange: every sheet, its columns, who owns each field, and how a stored value is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from liaison_desk.models import enums as E
from liaison_desk.privacy import mask_text
from liaison_desk.services.validate import mask_name
from liaison_desk.text import fmt_date

FORMAT_VERSION = 1
INFO_SHEET = "说明"
STATS_SHEET = "统计"
CHOICES_SHEET = "下拉选项"
ID_HEADER = "编号"
VERSION_HEADER = "版本"
TOWNSHIP, STATION = "township", "station"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Col:
    """One column: header, model field (None for an export-only summary), kind and who owns it.

    kind: text, date, time, stamp (UTC timestamp as ISO text), int, bool, id, ref:<table>, agency
    (an agency shown by name), or an enums.Labeled class (shown by label, a dropdown).
    """

    header: str
    field: str | None
    kind: Any = "text"
    width: int = 14
    owner: str = STATION
    hidden: bool = False
    mask: Callable[[str], str] | None = None
    derived: str = ""  # name of an export-only summary (see services/handoff/export.py)

    @property
    def key(self) -> str:
        """The model field of a stored column (every column but an export-only summary has one)."""
        assert self.field is not None, self.header
        return self.field

    @property
    def is_ref(self) -> bool:
        """A reference to another row's id."""
        return isinstance(self.kind, str) and self.kind.startswith("ref:")

    @property
    def is_enum(self) -> bool:
        return isinstance(self.kind, type) and issubclass(self.kind, E.Labeled)

    def choices(self) -> list[str] | None:
        if self.is_enum:
            return list(self.kind.labels())
        if self.kind == "bool":
            return [YES, NO]
        return None


@dataclass(frozen=True)
class SheetSpec:
    """One data sheet: the table it carries, its columns, and whether the township may add rows."""

    name: str
    table: str
    title: str
    cols: tuple[Col, ...]
    date_field: str | None = None  # period filter for root tables
    parent: tuple[str, str] | None = None  # (fk field, parent table): rows follow their parent
    township_adds: bool = False
    summary: str = ""  # one line for docs/handoff-format.md
    extra: tuple[Col, ...] = field(default=())
    optional: bool = False  # added after the first format: a workbook without the sheet is read as empty

    @property
    def columns(self) -> tuple[Col, ...]:
        """The columns a reader sees, then at the far right the hidden ones: internal references, the id,
        version and timestamps (still read back on import; the name column comes first, frozen)."""
        # A reference stays visible only where the township adds rows, which must say whose they are; it then
        # comes after the printed columns (see `printed`), so it is on screen but never on paper.
        def internal(c: Col) -> bool:
            return c.hidden or (c.is_ref and not self.township_adds)

        shown = tuple(c for c in self.cols if not internal(c) and not c.is_ref)
        typed = tuple(c for c in self.cols if not internal(c) and c.is_ref)
        kept = tuple(replace(c, hidden=True) for c in self.cols if internal(c))
        return (*shown, *typed, *kept, Col(ID_HEADER, "id", "id", 38, hidden=True),
                Col(VERSION_HEADER, "version", "int", 6, hidden=True),
                Col("创建时间", "created_at", "stamp", 26, hidden=True),
                Col("修改时间", "updated_at", "stamp", 26, hidden=True))

    @property
    def printed(self) -> int:
        """How many leading columns go on paper: the shown ones, not references or hidden bookkeeping."""
        return sum(1 for c in self.cols if not c.hidden and not c.is_ref)

    def owned_by_township(self) -> set[str]:
        return {c.field for c in self.cols if c.field and c.owner == TOWNSHIP}


def C(header: str, field: str | None, kind: Any = "text", width: int = 14, **kw: Any) -> Col:  # noqa: N802
    return Col(header, field, kind, width, **kw)


def T(header: str, field: str, kind: Any = "text", width: int = 14, **kw: Any) -> Col:  # noqa: N802
    """A township-owned column."""
    return Col(header, field, kind, width, owner=TOWNSHIP, **kw)


STATION_COL = C("联络站编号", "station_id", "ref:station", 38, hidden=True)

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("代表名册", "deputy", "人大代表名册", (
        T("姓名", "name", width=10), T("性别", "gender", E.Gender, 6), T("民族", "ethnicity", width=8),
        T("出生日期", "birth_date", "date", 12), T("政治面貌", "political", width=10),
        T("文化程度", "education", width=10), T("工作单位", "work_unit", width=26), T("职务", "post", width=14),
        T("联系电话", "phone", width=14, mask=mask_text), T("身份证号", "id_number", width=20, mask=mask_text),
        T("住址", "address", width=16), T("选区", "constituency", width=10),
        T("状态", "status", E.DeputyStatus, 8), T("状态日期", "status_date", "date", 12),
        T("政协委员", "is_cppcc", "bool", 8), C("代表层级", None, width=18, derived="deputy_levels"),
        C("备注", "notes", width=20), C("排序", "sort_order", "int", 6, hidden=True),
        C("姓名拼音", "name_pinyin", hidden=True), C("姓名简拼", "name_initials", hidden=True),
        C("照片", "photo", hidden=True), STATION_COL),
        township_adds=True, summary="每位代表一行；乡镇可修改代表信息、新增代表（编号留空）"),
    SheetSpec("接待安排", "receptionsession", "接待选民安排", (
        C("接待日期", "day", "date", 12), C("开始时间", "start_time", "time", 9), C("结束时间", "end_time", "time", 9),
        C("接待形式", "kind", E.SessionKind, 11), C("地点", "venue", width=24), C("主题", "theme", width=24),
        C("公告日期", "notice_date", "date", 12), C("张贴地点", "notice_places", width=20),
        C("状态", "status", E.SessionStatus, 8),
        C("接待代表", None, width=22, derived="session_deputies"), C("备注", "notes", width=16), STATION_COL),
        date_field="day", summary="每次接待一行（本站填写）"),
    SheetSpec("来访登记", "visit", "人大代表接待选民来访登记簿", (
        C("来访日期", "visited_on", "date", 12), C("时间", "visited_time", "time", 7),
        C("来访方式", "channel", E.Channel, 11), C("接待安排编号", "session_id", "ref:receptionsession", 38, hidden=True),
        C("来访人", "visitor_name", width=10, mask=mask_name), C("性别", "visitor_gender", E.Gender, 6),
        C("联系电话", "visitor_phone", width=14, mask=mask_text), C("住址或单位", "visitor_address", width=18),
        C("村（社区）", "village", width=10), C("人次", "headcount", "int", 6), C("集体访", "is_group", "bool", 7),
        C("类别", "category", width=10), C("反映问题", "content", width=36), C("诉求", "request", width=24),
        C("接待代表", None, width=16, derived="visit_deputies"),
        C("协助代表编号", "assisting_deputy_id", "ref:deputy", 38, hidden=True),
        C("处理方式", "handling", E.Handling, 12), C("依法途径类别", "exclusion", E.Exclusion, 14),
        C("处理情况", "handling_note", width=30), C("转交对象", "followup_to", width=16),
        C("转交反馈日期", "followup_on", "date", 12), C("转交反馈结果", "followup_result", width=24),
        C("重复来访编号", "repeat_of_id", "ref:visit", 38, hidden=True),
        C("意见建议编号", "suggestion_id", "ref:suggestion", 38, hidden=True), C("登记人", "recorded_by", width=8),
        STATION_COL),
        date_field="visited_on", summary="每条来访、来信、来电一行（本站填写）"),
    SheetSpec("意见建议", "suggestion", "意见建议办理情况登记", (
        C("类型", "kind", E.SuggestionKind, 12), C("年度", "year", "int", 6), C("序号", "seq", "int", 6),
        C("建议编号", "number", width=14), C("标题", "title", width=26), C("内容", "content", width=36),
        C("类别", "category", width=10), C("选民姓名", "citizen_name", width=10, mask=mask_name),
        C("选民电话", "citizen_phone", width=14, mask=mask_text), C("选民住址", "citizen_address", width=14),
        C("当前步骤", "step", E.Step, 8), C("登记日期", "registered_on", "date", 12),
        T("交办日期", "assigned_on", "date", 12), T("办理期限", "deadline", "date", 12),
        C("承办单位", None, width=20, derived="suggestion_agencies"),
        T("回复日期", "reply_on", "date", 12), T("回复内容", "reply_text", width=36),
        T("回复结果", "reply_result", E.ReplyResult, 16), C("反馈日期", "feedback_on", "date", 12),
        C("反馈方式", "feedback_method", width=8), T("满意度", "satisfaction", E.Satisfaction, 10),
        C("归档日期", "archived_on", "date", 12), C("办理过程", None, width=50, derived="timeline"),
        C("合并到", "merged_into_id", "ref:suggestion", 38, hidden=True), C("备注", "notes", width=16), STATION_COL),
        date_field="registered_on", summary="每条意见建议一行；乡镇填写交办日期、办理期限、回复日期、回复内容、回复结果、满意度"),
    SheetSpec("活动记录", "activity", "人大代表活动情况记录簿", (
        C("活动日期", "day", "date", 12), C("活动类型", "kind", E.ActivityKind, 10), C("活动名称", "title", width=24),
        C("活动内容", "content", width=36), C("地点", "place", width=12), C("群众参与人次", "citizen_count", "int", 8),
        C("参加代表", None, width=24, derived="activity_deputies"),
        C("代表小组编号", "group_id", "ref:deputygroup", 38, hidden=True),
        C("接待安排编号", "session_id", "ref:receptionsession", 38, hidden=True),
        C("记录人", "recorder", width=8), C("件数", "quantity", "int", 6),
        C("述职代表编号", "reporter_id", "ref:deputy", 38, hidden=True),
        C("测评满意", "rated_satisfied", "int", 8), C("测评基本满意", "rated_basic", "int", 8),
        C("测评不满意", "rated_unsatisfied", "int", 8),
        C("人大组成人员编号", "member_id", "ref:congressmember", 38, hidden=True),
        C("备注", "notes", width=16), STATION_COL),
        date_field="day", summary="每次活动一行（本站填写）；述职的测评、联系代表的人大组成人员也在这里"),
    SheetSpec("承办单位", "agency", "承办单位名单", (
        T("单位名称", "name", width=26), T("单位类别", "kind", E.AgencyKind, 24), T("联系人", "contact_person", width=10),
        T("联系电话", "phone", width=14), T("地址", "address", width=20), T("启用", "active", "bool", 6),
        T("备注", "notes", width=16)),
        township_adds=True, summary="乡镇维护的承办单位名单，可修改、可新增（编号留空）"),
    SheetSpec("建议承办", "suggestionagency", "意见建议承办单位", (
        C("意见建议编号", "suggestion_id", "ref:suggestion", 38), C("建议标题", None, width=24, derived="suggestion_title"),
        T("承办单位", "agency_id", "agency", 26), T("承办方式", "role", E.AgencyRole, 8),
        T("交办日期", "assigned_on", "date", 12), T("退回日期", "returned_on", "date", 12),
        T("退回理由", "return_reason", width=24)),
        parent=("suggestion_id", "suggestion"), township_adds=True,
        summary="意见建议的主办、协办单位；乡镇可改承办单位、登记退回，可新增协办单位"),
    SheetSpec("办理过程", "suggestionevent", "意见建议办理过程", (
        C("意见建议编号", "suggestion_id", "ref:suggestion", 38), C("事项", "kind", E.EventKind, 10),
        C("步骤", "step", E.Step, 8), C("日期", "happened_on", "date", 12), C("记录时间", "recorded_at", "stamp", 26),
        C("经办人", "operator", width=8), C("办理人（单位）", "actor", width=18), C("说明", "note", width=30),
        C("承办单位", "agency_id", "agency", 24),
        C("新期限", "new_deadline", "date", 12), C("结果", "result", "result", 12)),
        parent=("suggestion_id", "suggestion"), summary="意见建议的时间线（本站填写）"),
    SheetSpec("代表层级", "deputylevel", "代表层级及届次", (
        C("代表编号", "deputy_id", "ref:deputy", 38), C("代表姓名", None, width=10, derived="deputy_name"),
        T("层级", "level", E.Level, 10), T("届次", "term", width=12), T("起始日期", "start_date", "date", 12),
        T("终止日期", "end_date", "date", 12)),
        parent=("deputy_id", "deputy"), township_adds=True, summary="代表在哪一级人大任职及届次；乡镇可改、可新增"),
    SheetSpec("状态变动", "statuschange", "代表状态变动", (
        C("代表编号", "deputy_id", "ref:deputy", 38), C("代表姓名", None, width=10, derived="deputy_name"),
        T("状态", "status", E.DeputyStatus, 8), T("变动日期", "changed_on", "date", 12), T("原因", "reason", width=24)),
        parent=("deputy_id", "deputy"), township_adds=True, summary="在任、离任、暂停的记录；乡镇可新增"),
    SheetSpec("代表小组", "deputygroup", "代表小组", (
        C("小组名称", "name", width=20), C("备注", "notes", width=20), STATION_COL), summary="代表小组（本站填写）"),
    SheetSpec("小组成员", "groupmember", "代表小组成员", (
        C("小组编号", "group_id", "ref:deputygroup", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name"), C("职务", "role", E.GroupRole, 8)),
        parent=("group_id", "deputygroup"), summary="小组的组长、副组长、成员（本站填写）"),
    SheetSpec("不能接待日期", "unavailability", "代表不能接待的日期", (
        C("代表编号", "deputy_id", "ref:deputy", 38), C("代表姓名", None, width=10, derived="deputy_name"),
        C("起始日期", "start", "date", 12), C("终止日期", "end", "date", 12), C("原因", "reason", width=20)),
        parent=("deputy_id", "deputy"), summary="排班时避开的日期（本站填写）"),
    SheetSpec("接待代表", "sessiondeputy", "每次接待的代表", (
        C("接待安排编号", "session_id", "ref:receptionsession", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name"), C("出席情况", "attendance", E.Attendance, 8),
        C("请假原因", "leave_reason", width=16)),
        parent=("session_id", "receptionsession"), summary="接待安排的代表及出席情况（本站填写）"),
    SheetSpec("应邀人员", "sessionofficial", "应邀到场答复的人员", (
        C("接待安排编号", "session_id", "ref:receptionsession", 38), C("姓名", "name", width=10),
        C("单位", "unit", width=24), C("职务", "post", width=14)),
        parent=("session_id", "receptionsession"), summary="应邀到场的部门负责人（本站填写）"),
    SheetSpec("来访接待代表", "visitdeputy", "接待来访的代表", (
        C("来访登记编号", "visit_id", "ref:visit", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name")),
        parent=("visit_id", "visit"), summary="每条来访由哪些代表接待（本站填写）"),
    SheetSpec("建议提出代表", "suggestiondeputy", "提出建议的代表", (
        C("意见建议编号", "suggestion_id", "ref:suggestion", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name"), C("领衔", "is_lead", "bool", 6)),
        parent=("suggestion_id", "suggestion"), summary="人大代表建议的领衔、附议代表（本站填写）"),
    SheetSpec("活动考勤", "activityattendance", "代表活动考勤", (
        C("活动编号", "activity_id", "ref:activity", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name"), C("考勤", "status", E.Attendance, 8),
        C("请假事由", "leave_reason", width=16)),
        parent=("activity_id", "activity"), summary="代表参加活动的出席、请假、缺席（本站填写）"),
    SheetSpec("人大组成人员", "congressmember", "人大组成人员及联系点", (
        C("姓名", "name", width=10), C("职务", "post", width=14), C("联系点", "contact_point", width=24),
        C("在职", "active", "bool", 6), C("排序", "sort_order", "int", 6, hidden=True), STATION_COL),
        summary="每月联系代表的人大组成人员及其联系点（本站填写）", optional=True),
    SheetSpec("联系点代表", "memberdeputy", "人大组成人员联系的代表", (
        C("人大组成人员编号", "member_id", "ref:congressmember", 38), C("代表编号", "deputy_id", "ref:deputy", 38),
        C("代表姓名", None, width=10, derived="deputy_name")),
        parent=("member_id", "congressmember"), summary="人大组成人员联系点上的代表（本站填写）", optional=True),
    SheetSpec("考核评分规则", "scorerule", "年度考核评分规则", (
        T("考核项目", "item", width=30), T("评分对象", "unit", E.ScoreUnit, 10), T("计分依据", "basis", E.ScoreBasis, 18),
        T("基准数量", "base_count", "int", 8), T("基准分", "base_points", "float", 8),
        T("每多一项加分", "step_more", "float", 10), T("每少一项减分", "step_fewer", "float", 10),
        T("最高分", "cap", "float", 8), T("排序", "sort_order", "int", 6)),
        township_adds=True, summary="年度考核评分规则；乡镇可统一修改、新增（编号留空）后发回各站", optional=True),
    SheetSpec("联络站", "station", "联络站基本情况", (
        C("名称", "name", width=24), C("乡镇", "township", width=10), C("县（区）", "county", width=10),
        C("活动场所", "venue", width=24), C("地址", "address", width=24), C("如何到达", "directions", width=30),
        C("站长", "master", width=8), C("副站长", "deputy_master", width=8), C("联络员", "liaison_officer", width=8),
        C("联系电话", "phone", width=14), C("接待日（星期几）", "reception_weekday", "int", 8),
        C("备注", "notes", width=16)), summary="联络站基本情况（本站填写）"),
    SheetSpec("来访类别", "category", "来访类别", (
        C("类别名称", "name", width=14), C("排序", "sort_order", "int", 6), C("启用", "active", "bool", 6)),
        summary="来访登记可选的类别（本站填写）"),
    SheetSpec("节假日", "holiday", "法定节假日和调休", (
        C("日期", "day", "date", 12), C("休或班", "kind", E.DayKind, 8), C("名称", "name", width=10),
        C("来源", "source", width=20)), summary="计算工作日用的节假日表（本站填写）"),
    SheetSpec("附件目录", "attachment", "附件目录", (
        C("所属表", "owner_table", width=12), C("所属记录编号", "owner_id", "id", 38), C("文件", "path", width=30),
        C("原文件名", "original_name", width=20), C("说明", "note", width=20)),
        summary="附件的目录（文件本身不随台账交换）"),
)

MAIN_SHEETS = ("代表名册", "接待安排", "来访登记", "意见建议", "活动记录")
BY_NAME = {s.name: s for s in SHEETS}
BY_TABLE = {s.table: s for s in SHEETS}
DERIVED_HEADERS = {c.header for s in SHEETS for c in s.cols if c.derived}


# Cell conversions -------------------------------------------------------------------------------
def _result_label(code: str) -> str:
    for cls in (E.ReplyResult, E.Satisfaction):
        if code in cls._value2member_map_:
            return cls(code).label
    return code


def identity(value: Any) -> Any:
    return value


def exporter(col: Col) -> Callable[[Any], Any]:
    """A function turning a stored value into what the cell shows."""
    kind = col.kind
    if col.is_enum:
        label_of: Callable[[Any], Any] = kind.label_of
        return label_of
    if kind == "bool":
        return lambda v: YES if v else NO
    if kind == "time":
        return lambda v: f"{v.hour:02d}:{v.minute:02d}" + (f":{v.second:02d}" if v and v.second else "") if v else None
    if kind == "stamp":
        return lambda v: v.isoformat() if v else None
    if kind == "result":
        return _result_label
    return identity


def same(col: Col, stored: Any, incoming: Any) -> bool:
    """Whether the workbook value equals the stored one (a masked cell equals its unmasked value)."""
    a = "" if stored is None else stored
    b = "" if incoming is None else incoming
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.strip(), b.strip()
        if a and b != a and b == (col.mask or mask_text)(a):  # masked export: numbers in free text too
            return True
    if isinstance(a, datetime) and isinstance(b, datetime):
        return (a if a.tzinfo else a.replace(tzinfo=UTC)) == (b if b.tzinfo else b.replace(tzinfo=UTC))
    equal: bool = a == b
    return equal


def is_date_kind(col: Col) -> bool:
    return bool(col.kind == "date")


def period_label(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "全部记录"
    return f"{fmt_date(start) if start else '最早'} 至 {fmt_date(end) if end else '最近'}"


# --- impossible dates (refused on import, each naming its cell) -------------------------------------------
EARLIEST_DATE = date(1900, 1, 1)
# Dates of something that has happened: never after the day of the import.
PAST_DATES = frozenset({
    ("deputy", "birth_date"), ("deputy", "status_date"), ("visit", "visited_on"), ("suggestion", "registered_on"),
    ("suggestion", "assigned_on"), ("suggestion", "reply_on"), ("suggestion", "feedback_on"),
    ("suggestion", "archived_on"), ("suggestionagency", "assigned_on"), ("suggestionagency", "returned_on"),
    ("suggestionevent", "happened_on"), ("statuschange", "changed_on"),
})
# Every other date is a plan: at most a year ahead, except a term's dates and the official holidays.
YEARS_AHEAD = {("deputylevel", "start_date"): 10, ("deputylevel", "end_date"): 10, ("holiday", "day"): 2}
# Within a row: (earlier, later) — the later one may not come before the earlier one. A reply's date is
# checked by LifecycleService (not before the matter's last step), with the window's own message.
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "suggestion": (("registered_on", "assigned_on"), ("reply_on", "feedback_on"), ("registered_on", "archived_on")),
    "suggestionagency": (("assigned_on", "returned_on"),),
    "deputylevel": (("start_date", "end_date"),),
    "unavailability": (("start", "end"),),
}


def date_problem(table: str, field: str, day: date, today: date) -> str | None:
    """Why `day` cannot stand in column `field` of `table` (Chinese), or None."""
    if day < EARLIEST_DATE:
        return f"{fmt_date(day)}早于 1900 年，请核对年份"
    if (table, field) in PAST_DATES:
        if day > today:
            return f"{fmt_date(day)}晚于今天（{fmt_date(today)}），这一列不能填将来的日期，请核对年份"
        return None
    years = YEARS_AHEAD.get((table, field), 1)
    try:
        limit = today.replace(year=today.year + years)
    except ValueError:  # 2月29日
        limit = today.replace(year=today.year + years, day=28)
    if day > limit:
        return f"{fmt_date(day)}比今天（{fmt_date(today)}）晚 {years} 年以上，请核对年份"
    return None
