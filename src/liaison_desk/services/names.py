"""Name matching shared by every place a deputy is chosen: part of the name, pinyin or initials."""

from __future__ import annotations

from functools import lru_cache

# Surnames read differently from the same character in ordinary words (单 shan, not dan).
# Compound surnames first: they are matched before single characters.
SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"), "令狐": ("ling", "hu"), "宇文": ("yu", "wen"), "皇甫": ("huang", "fu"),
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",), "查": ("zha",),
    "朴": ("piao",), "盖": ("ge",), "乐": ("yue",), "翟": ("zhai",), "缪": ("miao",), "覃": ("qin",),
    "召": ("shao",), "种": ("chong",), "繁": ("po",), "黑": ("he",), "宓": ("fu",), "折": ("she",),
    "秘": ("bi",), "员": ("yun",), "能": ("nai",), "祭": ("zhai",), "句": ("gou",), "阚": ("kan",),
    "便": ("pian",), "重": ("chong",), "薄": ("bo",), "藏": ("zang",), "隗": ("wei",), "颉": ("xie",),
    "洗": ("xian",), "郇": ("huan",), "逄": ("pang",), "眭": ("sui",), "於": ("yu",), "柏": ("bai",),
    "尉": ("yu",), "都": ("du",), "参": ("can",), "沈": ("shen",), "蕃": ("pi",), "笪": ("da",),
    "苌": ("chang",), "厍": ("she",), "亓": ("qi",), "訾": ("zi",), "褚": ("chu",), "相": ("xiang",),
    "应": ("ying",), "华": ("hua",), "任": ("ren",), "那": ("na",), "纪": ("ji",), "过": ("guo",),
    "石": ("shi",), "卜": ("bu",), "占": ("zhan",), "叶": ("ye",), "莘": ("shen",), "角": ("jue",),
}

_BY_LENGTH = sorted(SURNAMES, key=len, reverse=True)


def _syllables(name: str) -> tuple[list[str], list[str]]:
    """(syllables with the surname read as a surname, syllables as in ordinary words)."""
    from pypinyin import Style, lazy_pinyin  # lazy: pypinyin's dictionaries take ~0.2 s to load

    plain = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    for surname in _BY_LENGTH:
        if name.startswith(surname):
            if len(plain) == len(name):  # one syllable per character: reuse the given name's reading
                rest = plain[len(surname):]
            else:
                rest = [s for s in lazy_pinyin(name[len(surname):], style=Style.NORMAL, errors="ignore") if s]
            return list(SURNAMES[surname]) + rest, plain
    return plain, plain


@lru_cache(maxsize=8192)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of a Chinese name: 张三 → ("zhangsan", "zs").

    A polyphonic surname gives its surname reading first and the ordinary reading after a "|":
    单田芳 → ("shantianfang|dantianfang", "stf|dtf"), so a clerk typing either finds the deputy.
    """
    surname, plain = _syllables(name.strip())
    keys = []
    for syllables in (surname, plain):
        full = "".join(syllables).lower()
        initials = "".join(s[0] for s in syllables).lower()
        if (full, initials) not in keys:
            keys.append((full, initials))
    return "|".join(k[0] for k in keys), "|".join(k[1] for k in keys)


def name_where(alias: str, query: str) -> tuple[str, dict[str, str]]:
    """SQL WHERE fragment matching deputies of table alias `alias` against `query`.

    Matches any part of the name, the pinyin initials (zs → 张三) or full pinyin (zhangsan) from their
    start (either reading of a polyphonic surname), and the phone or work unit; all in SQL so it stays
    fast at county scale.
    """
    from liaison_desk.services.base import like_pattern

    q = query.strip().lower().replace(" ", "")
    pat = like_pattern(q)
    clauses = [f"{alias}.name LIKE :nm_like ESCAPE '\\'", f"{alias}.phone LIKE :nm_like ESCAPE '\\'",
               f"{alias}.work_unit LIKE :nm_like ESCAPE '\\'"]
    params = {"nm_like": pat}
    if q.isascii() and q.isalpha():
        for col in ("name_initials", "name_pinyin"):
            clauses += [f"{alias}.{col} LIKE :nm_prefix ESCAPE '\\'", f"{alias}.{col} LIKE :nm_alt ESCAPE '\\'"]
        params["nm_prefix"] = pat[1:]  # from the start: "zs" or "zhangs"
        params["nm_alt"] = "%|" + pat[1:]  # or from the start of the second reading
    return "(" + " OR ".join(clauses) + ")", params
