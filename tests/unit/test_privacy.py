"""Masking phone and ID numbers wherever they stand, and the one scrubber of logs and crash reports."""

from __future__ import annotations

import re
import traceback

import pytest

from liaison_desk.privacy import PEOPLE, mask_name_middle, mask_text, scrub_log

# Independent oracle: digits of the text with separators and full-width forms removed.
_FW = str.maketrans("０１２３４５６７８９", "0123456789")


def digits_only(text: str) -> str:
    return re.sub(r"[\s\-－–—.()（）+＋]", "", text.translate(_FW))


@pytest.mark.parametrize("text, must_not_contain", [
    ("反映人电话13812345678，请回电", "13812345678"),
    ("手机 138 1234 5678", "13812345678"),
    ("手机138-1234-5678", "13812345678"),
    ("联系+86 138 1234 5678", "13812345678"),
    ("全角１３８１２３４５６７８", "13812345678"),
    ("座机0315-5123400转", "5123400"),
    ("座机（0315）5123400", "5123400"),
    ("北京010 87654321", "87654321"),
    ("身份证110105194912310021", "110105194912310021"),
    ("身份证 110105 19491231 002X", "110105194912310021"[:-1]),
    ("老身份证110105491231002", "110105491231002"),
])
def test_numbers_in_free_text_are_masked(text, must_not_contain):
    masked = mask_text(text)
    assert must_not_contain not in digits_only(masked)
    assert "*" in masked
    assert re.sub(r"[\d\s\-－–—.()（）+＋*XxＸ０-９]", "", masked) == re.sub(r"[\d\s\-－–—.()（）+＋XxＸ０-９]", "", text)


def test_mobile_keeps_the_usual_shape_and_other_numbers_stay():
    assert mask_text("13812345678") == "138****5678"
    assert mask_text("110105194912310021") == "110105********0021"
    for keep in ("2026-11-03", "2026年11月3日", "〔2026〕第12号", "共 1340 条", "金额 1000000 元", "1.5 万元"):
        assert mask_text(keep) == keep


def test_register_name_masking_keeps_first_and_last_character():
    assert [mask_name_middle(n) for n in ("张三华", "张三", "欧阳小华", "李")] == ["张*华", "张*", "欧**华", "李"]


def test_scrub_log_drops_sql_parameters_names_phones_and_nested_group_lines():
    PEOPLE.add(["王建国"])
    try:
        try:
            raise ExceptionGroup("outer", [ExceptionGroup("inner", [
                ValueError("refused 王建国 Wang Jianguo wangjianguo JIANGUO_WANG 139-1234-5678 11010519491231002X")])])
        except* ValueError:
            raise
    except ExceptionGroup as e:
        text = "".join(traceback.format_exception(e))
    text += "\n(sqlite3.IntegrityError) boom\n[SQL: UPDATE deputy SET phone=? WHERE id=?]\n[parameters: ('13912345678', 'x')]"
    out = scrub_log(text)
    assert "王建国" not in out and "jianguo" not in out.lower()
    assert "13912345678" not in digits_only(out) and "11010519491231002" not in digits_only(out)
    assert "UPDATE deputy" not in out and "[parameters: removed]" in out
    assert "ValueError" in out and "ExceptionGroup" in out  # the shape of the error stays for the technician
