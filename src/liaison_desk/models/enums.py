"""Every coded value of the domain with its Chinese label, defined once.

The database stores the short English code (`value`); screens, PDFs and workbooks show `label`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

DEFAULT_STATION_NAME = "人大代表联络站"  # shown and printed while the station's own name is not yet set


class Labeled(StrEnum):
    """A StrEnum whose members carry a Chinese label: `Level.COUNTY.label == "县（区）"`."""

    label: str
    short: str

    # `label` has a default only so that a lookup by value, `Level("county")`, type-checks:
    # at run time Enum routes such calls to the value lookup, never to __new__.
    def __new__(cls, value: str, label: str = "", short: str | None = None) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.short = short or label
        return obj

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]

    @classmethod
    def from_label(cls, text: str) -> Self | None:
        """The member whose label, short label or code equals `text` (spaces ignored), else None."""
        t = "".join(str(text).split())
        for m in cls:
            if t in (m.label, m.short, m.value):
                return m
        return None

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """Label for a stored code; unknown codes are shown as they are."""
        if not code:
            return ""
        try:
            return cls(code).label
        except ValueError:
            return code


class Level(Labeled):
    """The level of people's congress a deputy serves at; order = most senior first."""

    NATIONAL = ("national", "全国", "全国")
    PROVINCE = ("province", "省", "省")
    CITY = ("city", "市", "市")
    COUNTY = ("county", "县（区）", "县")
    TOWNSHIP = ("township", "乡镇", "镇")


# Rule 一: how many months between receptions, per level (township monthly … province yearly).
# The national level has no station frequency in the rules; treat it like the province.
RECEPTION_PERIOD_MONTHS: dict[Level, int] = {
    Level.NATIONAL: 12,
    Level.PROVINCE: 12,
    Level.CITY: 6,
    Level.COUNTY: 3,
    Level.TOWNSHIP: 1,
}


class Gender(Labeled):
    MALE = ("m", "男")
    FEMALE = ("f", "女")


class DeputyStatus(Labeled):
    ACTIVE = ("active", "在任")
    LEFT = ("left", "离任")
    SUSPENDED = ("suspended", "暂停")


class GroupRole(Labeled):
    LEADER = ("leader", "组长")
    DEPUTY_LEADER = ("deputy_leader", "副组长")
    MEMBER = ("member", "成员")


class AgencyKind(Labeled):
    """The six kinds of handling agencies of rule 八; the first four are county-level bodies whose label
    starts with the station's county-level word (县、区、市、旗): `label_for(code, "县")` → 县人民法院."""

    CONGRESS = ("congress", "区人大及其常委会", "人大")
    GOVERNMENT = ("government", "区政府及其部门", "政府部门")
    COURT = ("court", "区人民法院", "法院")
    PROCURATORATE = ("procuratorate", "区人民检察院", "检察院")
    ENTRUSTED = ("entrusted", "受委托行使行政职权的单位", "受委托单位")
    TOWNSHIP = ("township", "乡镇人大、政府及其办事机构", "乡镇")

    @classmethod
    def label_for(cls, code: str | None, county_word: str = "区") -> str:
        """The label in the station's county-level word; unknown codes shown as they are."""
        text = cls.label_of(code)
        return county_word + text[1:] if text.startswith("区") and county_word in COUNTY_WORDS else text

    @classmethod
    def labels_for(cls, county_word: str = "区") -> list[str]:
        return [cls.label_for(m.value, county_word) for m in cls]

    @classmethod
    def from_label(cls, text: str) -> Self | None:
        """As Labeled.from_label, accepting the label in any region word (县人民法院 or 区人民法院)."""
        t = "".join(str(text).split())
        for word in COUNTY_WORDS:
            if t.startswith(word):
                hit = super().from_label("区" + t[len(word):])
                if hit is not None:
                    return hit
        return super().from_label(t)



class CountyWord(Labeled):
    """What the station's county-level area is called (县、区、县级市、旗): the word in 县人大代表, 区人民政府."""

    COUNTY = ("county", "县")
    DISTRICT = ("district", "区")
    CITY = ("city", "市")
    BANNER = ("banner", "旗")


class ProvinceWord(Labeled):
    """What the province-level area is called; `short` is the word used in labels (直辖市 → 市人大代表)."""

    PROVINCE = ("province", "省", "省")
    REGION = ("region", "自治区", "自治区")
    MUNICIPALITY = ("municipality", "直辖市", "市")


# The words a county-level area is called by (本站信息's 县级称谓): 县人民法院, 区人民法院, 市人民法院, 旗人民法院.
COUNTY_WORDS = tuple(CountyWord.labels())


class SessionKind(Labeled):
    REGULAR = ("regular", "定期接待")
    MOBILE = ("mobile", "流动接待")
    THEMED = ("themed", "专题接待")
    HEARING = ("hearing", "民情沟通会")


class SessionStatus(Labeled):
    PLANNED = ("planned", "计划")
    ANNOUNCED = ("announced", "已公告")
    DONE = ("done", "已完成")
    CANCELLED = ("cancelled", "已取消")


class Channel(Labeled):
    """How a visit reached the station."""

    RECEPTION_DAY = ("reception", "接待日来访")
    WALK_IN = ("walk_in", "平时来访")
    LETTER = ("letter", "来信")
    CALL = ("call", "来电")
    MAILBOX = ("mailbox", "联系信箱")
    ONLINE = ("online", "网上留言")


class Handling(Labeled):
    ON_THE_SPOT = ("answered", "当场答复")
    TO_SUGGESTION = ("suggestion", "转为意见建议")
    LAWFUL_CHANNEL = ("lawful", "告知依法途径")
    OTHER = ("other", "其他")


class Exclusion(Labeled):
    """Rule 九: matters deputies redirect to lawful channels instead of taking up."""

    LITIGATION = ("litigation", "诉讼")
    RECONSIDERATION = ("reconsideration", "行政复议")
    ARBITRATION = ("arbitration", "仲裁")
    PETITION = ("petition", "申诉、检举、控告国家机关工作人员", "申诉检举控告")
    PRIVATE = ("private", "个人私事")


class SuggestionKind(Labeled):
    DEPUTY = ("deputy", "人大代表建议", "代表建议")
    CITIZEN = ("citizen", "选民意见转办", "选民意见")


class Step(Labeled):
    """Rule 四: the eight steps of a reception; a suggestion carries steps 梳理 … 归档."""

    PUBLISH = ("publish", "公布")
    RECEIVE = ("receive", "接待")
    SORT = ("sort", "梳理")
    ASSIGN = ("assign", "交办")
    SUPERVISE = ("supervise", "督办")
    REPLY = ("reply", "回复")
    FEEDBACK = ("feedback", "反馈")
    ARCHIVE = ("archive", "归档")


DEADLINE_STEPS = (Step.ASSIGN, Step.SUPERVISE)  # the agency's deadline runs in these steps
DUE_SOON_WORKING_DAYS = 5  # a deadline this many working days ahead or nearer is 即将到期


class DeadlineState(Labeled):
    """Where a suggestion in 交办/督办 stands against its deadline (None: in time, or not tracked)."""

    OVERDUE = ("overdue", "已超期")
    DUE_SOON = ("due_soon", f"{DUE_SOON_WORKING_DAYS}个工作日内到期")


class EventKind(Labeled):
    """What a timeline entry of a suggestion records."""

    CREATED = ("created", "登记")
    SORTED = ("sorted", "梳理")
    MERGED = ("merged", "合并")
    ASSIGNED = ("assigned", "交办")
    RETURNED = ("returned", "退回（不属于职责范围）", "退回")
    REASSIGNED = ("reassigned", "重新交办")
    URGED = ("urged", "督办")
    EXTENDED = ("extended", "延期")
    REPLIED = ("replied", "回复")
    FEEDBACK = ("feedback", "反馈")
    REOPENED = ("reopened", "重新办理")
    ARCHIVED = ("archived", "归档")
    UNARCHIVED = ("unarchived", "撤销归档")
    NOTE = ("note", "备注")


class ReplyResult(Labeled):
    SOLVED = ("solved", "已解决")
    SOLVING = ("solving", "正在解决")
    PLANNED = ("planned", "列入计划解决")
    CANNOT = ("cannot", "因条件限制暂不能解决")
    REFERENCE = ("reference", "留作参考")


class Satisfaction(Labeled):
    SATISFIED = ("satisfied", "满意")
    BASIC = ("basic", "基本满意")
    UNSATISFIED = ("unsatisfied", "不满意")


class AgencyRole(Labeled):
    LEAD = ("lead", "主办")
    CO = ("co", "协办")


class ActivityKind(Labeled):
    """Kinds of entries in 《人大代表活动情况记录簿》; the last four feed the yearly score sheet."""

    INSPECTION = ("inspection", "视察")
    SURVEY = ("survey", "调研")
    LAW_CHECK = ("law_check", "执法检查")
    APPRAISAL = ("appraisal", "评议")
    TRAINING = ("training", "学习培训")
    GROUP = ("group", "小组活动")
    REPORT = ("report", "述职")
    CONTACT = ("contact", "联系代表")
    RECEPTION = ("reception", "接待选民")
    OTHER = ("other", "其他")
    CONGRESS = ("congress", "人代会")
    PRESIDIUM = ("presidium", "主席团会议")
    SPEECH = ("speech", "审议发言")
    WRITTEN = ("written", "书面意见建议")


class ScoreUnit(Labeled):
    """Whom a score rule scores: each deputy group (the seed's sheet) or each deputy."""

    GROUP = ("group", "代表小组")
    DEPUTY = ("deputy", "代表")


class ScoreBasis(Labeled):
    """What a score rule counts in the year's records (per group: over the group's deputies)."""

    CONGRESS_ABSENT = ("congress_absent", "人代会未出席人次")
    WRITTEN_ITEMS = ("written_items", "书面意见建议件数")
    SPEAKERS = ("speakers", "审议发言人数")
    PRESIDIUM_ABSENT = ("presidium_absent", "主席团会议未出席人次")
    GROUP_ACTIVITIES = ("group_activities", "小组活动次数")
    RECEPTIONS = ("receptions", "接待选民人次")
    REPORTS = ("reports", "述职人次")
    ACTIVITIES = ("activities", "参加活动人次")


class Attendance(Labeled):
    PRESENT = ("present", "出席")
    LEAVE = ("leave", "请假")
    ABSENT = ("absent", "缺席")


class DayKind(Labeled):
    """An entry of the holiday table: a day off, or a make-up workday (调休上班)."""

    HOLIDAY = ("off", "休")
    WORKDAY = ("work", "班")


class AuditAction(Labeled):
    CREATE = ("create", "新增")
    UPDATE = ("update", "修改")
    DELETE = ("delete", "删除")
    STEP = ("step", "办理步骤")
    IMPORT = ("import", "导入")
    EXPORT = ("export", "导出")
    BACKUP = ("backup", "备份")
    RESTORE = ("restore", "恢复")
    PRINT = ("print", "打印")
    MERGE = ("merge", "合并")


# The editable default list of visit categories (来访类别).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "城乡建设", "交通出行", "教育", "医疗卫生", "社会保障", "生态环境",
    "农业农村", "劳动就业", "社会治安", "民政救助", "土地房屋", "其他",
)

# Standard guidance text per exclusion type (rule 九); the clerk may edit it per visit.
EXCLUSION_GUIDANCE: dict[Exclusion, str] = {
    Exclusion.LITIGATION: "该事项属于诉讼范围，已告知来访人可依法向人民法院提起诉讼，或通过法律援助中心寻求帮助。",
    Exclusion.RECONSIDERATION: "该事项属于行政复议范围，已告知来访人可依法向有管辖权的行政复议机关申请行政复议。",
    Exclusion.ARBITRATION: "该事项属于仲裁范围，已告知来访人可依法向劳动人事争议仲裁委员会或仲裁机构申请仲裁。",
    Exclusion.PETITION: "该事项属于对国家机关工作人员的申诉、检举、控告，已告知来访人可向纪检监察机关或有关国家机关依法反映。",
    Exclusion.PRIVATE: "该事项属于个人私事，不属于代表意见建议范围，已向来访人说明并告知可通过相关渠道自行解决。",
}


class PeriodState(Labeled):
    """Rule 一 for one level and period at a station (the station's duty); short = the grid's symbol."""

    HELD = ("held", "已接待", "✓")
    BEHIND = ("behind", "未接待", "⚠")
    DUE = ("due", "待接待", "·")
    NOT_OWED = ("not_owed", "不需安排", "–")


# Rule 一 in words, per period length in months.
FREQUENCY_LABELS: dict[int, str] = {12: "每年一次", 6: "每半年一次", 3: "每季度一次", 1: "每月一次"}

# The period a frequency is counted in, per period length in months.
PERIOD_NAMES: dict[int, str] = {12: "年", 6: "半年", 3: "季度", 1: "月"}


# What kind of record an 操作日志 entry is about, by table name (tables not listed show as they are).
TABLE_LABELS: dict[str, str] = {
    "deputy": "代表", "deputygroup": "代表小组", "station": "联络站", "agency": "承办单位",
    "receptionsession": "接待安排", "visit": "来访登记", "suggestion": "意见建议", "activity": "代表活动",
    "attachment": "附件", "category": "来访类别", "setting": "设置", "holiday": "节假日",
    "database": "数据库", "handoff": "报送台账", "auditentry": "操作日志", "exchangelog": "月度台账",
    "deputylevel": "代表层级", "suggestionevent": "办理过程", "sessiondeputy": "接待代表",
    "unavailability": "代表不能参加日期", "suggestionagency": "承办单位", "congressmember": "人大组成人员",
    "memberdeputy": "联系点代表", "scorerule": "考核评分规则", "activityattendance": "活动出席",
    "groupmember": "小组成员", "statuschange": "代表状态变更", "sessionofficial": "接待工作人员",
    "suggestiondeputy": "提出建议的代表", "visitdeputy": "接待代表",
}

# The 操作日志 shows what changed as 「字段：旧 → 新」; these are the words for every stored field name
# (and for the counts an import records). A field missing here would show its English name: a test
# walks every table's columns.
FIELD_LABELS: dict[str, str] = {
    # shared
    "name": "名称", "phone": "联系电话", "address": "地址", "notes": "备注", "station_id": "联络站",
    "status": "状态", "kind": "类别", "category": "类别", "sort_order": "排序", "active": "在用",
    "year": "年度", "day": "日期", "source": "来源", "operator": "操作员", "note": "说明", "result": "结果",
    # deputy
    "name_pinyin": "姓名拼音", "name_initials": "拼音首字母", "gender": "性别", "ethnicity": "民族",
    "birth_date": "出生日期", "political": "政治面貌", "education": "学历", "work_unit": "工作单位",
    "post": "职务", "id_number": "身份证号", "constituency": "选区", "status_date": "状态变更日期",
    "is_cppcc": "兼任政协委员", "photo": "照片", "deputy_id": "代表", "level": "代表层级", "term": "届次",
    "start_date": "起始日期", "end_date": "终止日期", "group_id": "代表小组", "role": "职务",
    # visit
    "visited_on": "来访日期", "visited_time": "来访时间", "channel": "来访方式", "session_id": "接待安排",
    "visitor_name": "来访人姓名", "visitor_gender": "来访人性别", "visitor_phone": "来访人电话",
    "visitor_address": "来访人住址", "village": "村（社区）", "headcount": "人数", "is_group": "集体来访",
    "content": "反映问题", "request": "诉求", "assisting_deputy_id": "接待代表", "handling": "处理方式",
    "exclusion": "不属于代表建议的类型", "handling_note": "处理情况", "repeat_of_id": "重复反映",
    "suggestion_id": "转为意见建议", "recorded_by": "登记人", "followup_to": "转交对象", "followup_on": "反馈日期",
    "followup_result": "反馈结果",
    # suggestion
    "seq": "序号", "number": "编号", "title": "标题", "citizen_name": "群众姓名", "citizen_phone": "群众电话",
    "citizen_address": "群众住址", "step": "办理环节", "registered_on": "登记日期", "assigned_on": "交办日期",
    "deadline": "办理期限", "reply_on": "答复日期", "reply_text": "答复内容", "reply_result": "办理结果",
    "feedback_on": "反馈日期", "feedback_method": "反馈方式", "satisfaction": "满意度", "archived_on": "归档日期",
    "merged_into_id": "并入", "happened_on": "日期", "recorded_at": "记录时间", "agency_id": "承办单位",
    "new_deadline": "新的办理期限", "actor": "办理人（单位）",
    # reception session, activity
    "start_time": "开始时间", "end_time": "结束时间", "venue": "地点", "theme": "主题", "notice_date": "公告日期",
    "place": "地点", "citizen_count": "群众人数", "recorder": "记录人", "quantity": "件数", "reporter_id": "述职代表",
    "rated_satisfied": "测评满意", "rated_basic": "测评基本满意", "rated_unsatisfied": "测评不满意",
    "member_id": "人大组成人员", "contact_point": "联系点", "item": "考核项目", "unit": "考核对象", "basis": "计分依据",
    "base_count": "基准数", "base_points": "基准分", "step_more": "每多一次加分", "step_fewer": "每少一次减分",
    "cap": "最高分",
    "notice_places": "公告张贴地点", "attendance": "出席情况", "leave_reason": "请假原因", "activity_id": "代表活动",
    "start": "开始日期", "end": "结束日期", "reason": "原因", "changed_on": "变更日期", "returned_on": "退回日期",
    "return_reason": "退回原因", "is_lead": "领衔", "visit_id": "来访登记", "original_name": "原文件名",
    # agency, station
    "contact_person": "联系人", "township": "乡镇（街道）", "county": "县（区）", "county_word": "县级称谓",
    "province": "省（自治区、直辖市）", "province_word": "省级称谓", "directions": "乘车路线", "master": "站长",
    "deputy_master": "副站长", "liaison_officer": "联络员", "reception_weekday": "固定接待日",
    # counts of a handoff import
    "new": "新增", "changed": "修改", "conflicts_taken": "冲突采用乡镇的值", "conflicts_kept": "冲突保留本站的值",
    "unchanged": "未变",
}
# Where one table calls a shared field name differently.
FIELD_LABELS_BY_TABLE: dict[str, dict[str, str]] = {
    "deputy": {"name": "姓名", "status": "代表状态", "address": "住址"},
    "receptionsession": {"kind": "接待方式", "status": "接待状态"},
    "suggestion": {"kind": "来源", "category": "类别"},
    "agency": {"name": "承办单位名称", "kind": "单位类别"},
    "holiday": {"kind": "休/班", "name": "节日名称"},
    "station": {"name": "联络站名称", "address": "详细地址", "venue": "活动场所"},
    "suggestionagency": {"role": "承办方式"},
}


def field_label(table: str, field: str) -> str:
    """The Chinese word for a stored field (the 操作日志, forms): 「visited_on」 → 来访日期."""
    return FIELD_LABELS_BY_TABLE.get(table, {}).get(field) or FIELD_LABELS.get(field) or field


# Stored codes shown by their label in the 操作日志: (table, field) → the enum that labels them.
CODED_FIELDS: dict[tuple[str, str], type[Labeled]] = {
    ("deputy", "gender"): Gender, ("deputy", "status"): DeputyStatus, ("visit", "visitor_gender"): Gender,
    ("visit", "channel"): Channel, ("visit", "handling"): Handling, ("visit", "exclusion"): Exclusion,
    ("suggestion", "kind"): SuggestionKind, ("suggestion", "step"): Step, ("suggestion", "reply_result"): ReplyResult,
    ("suggestion", "satisfaction"): Satisfaction, ("receptionsession", "kind"): SessionKind,
    ("receptionsession", "status"): SessionStatus, ("agency", "kind"): AgencyKind, ("holiday", "kind"): DayKind,
    ("station", "county_word"): CountyWord, ("station", "province_word"): ProvinceWord,
    ("deputylevel", "level"): Level, ("suggestionagency", "role"): AgencyRole,
}


class ScheduleRule(Labeled):
    """The station rules a reception session is checked against (short label for narrow columns)."""

    MIN_DEPUTIES = ("min_deputies", "接待代表少于2名", "代表不足")
    NOTICE_LATE = ("notice_late", "公告未提前3个工作日", "公告晚了")
    NOTICE_MISSING = ("notice_missing", "公告未按时张贴", "未贴公告")
    DEPUTY_DOUBLE = ("deputy_double_booked", "代表同一时间重复安排", "代表重复")
    VENUE_DOUBLE = ("venue_double_booked", "地点同一时间重复安排", "地点冲突")
    HOLIDAY = ("holiday", "接待日是节假日", "节假日")
    CALENDAR = ("calendar_missing", "节假日安排尚未录入", "缺日历")


class TownshipLevel(Labeled):
    """The office a township database belongs to (`township init --level`)."""

    TOWNSHIP = ("township", "乡镇")
    COUNTY = ("county", "县")


class ReportState(Labeled):
    """A station's month as the office sees it (stations × months grid)."""

    MISSING = ("missing", "未报送")
    ON_TIME = ("on_time", "按时报送")
    LATE = ("late", "迟报")
    APPROVED = ("approved", "已审核")
    SENT_BACK = ("sent_back", "退回修改")


class ReviewDecision(Labeled):
    """The office's decision on an uncertain match of the review list."""

    OPEN = ("", "待确认")
    ACCEPT = ("accept", "确认为同一人")
    REJECT = ("reject", "不是同一人")
