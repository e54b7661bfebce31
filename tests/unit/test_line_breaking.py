"""Chinese line breaking (printing.lines): expected lines written out by hand, in a width where each Chinese
character is 1 and each Latin letter or digit 0.5, so the oracle does not depend on a font."""

from __future__ import annotations

import pytest

from liaison_desk.printing.lines import NO_END, NO_START, break_lines


def w(text: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1.0 for c in text)


CASES = [
    # plain text fills each line to the width
    ("人大代表联络站接待选民", 4, ["人大代表", "联络站接", "待选民"]),
    # a comma that would start line 2 takes the character before it down with it
    ("交办函送达，请在期限内答复", 5, ["交办函送", "达，请在期", "限内答复"]),
    # 。 and ， likewise
    ("一二三四。五六七八，九十", 4, ["一二三", "四。五六", "七八，九", "十"]),
    # after 、 a short item (a name) is not cut: 九十 moves down whole
    ("一二三四。五六七八、九十", 4, ["一二三", "四。五六", "七八、", "九十"]),
    # an opening bracket never ends a line: it moves down with what it opens
    ("请于五日内（工作日）说明", 6, ["请于五日内", "（工作日）说", "明"]),
    # 《 stays with the character after it, 》 with the one before
    ("依照代表《代表法》第五条", 5, ["依照代表", "《代表法》", "第五条"]),
    ("依照《代表法》第五条", 5, ["依照《代表", "法》第五条"]),
    # a document number stays whole: 〔2026〕12号 is 1+2+1+1+1 = 6 wide
    ("现将〔2026〕12号文转发", 7, ["现将", "〔2026〕12号文", "转发"]),
    # a number is never split
    ("电话13912345678联系", 6, ["电话", "13912345678", "联系"]),
    # a Chinese date stays whole when it fits
    ("定于2026年11月26日接待", 8, ["定于", "2026年11月26日接", "待"]),
    # names in a list are not cut: 苏平兰 moves down whole
    ("龚梅涛、苏平兰", 5, ["龚梅涛、", "苏平兰"]),
    # newlines are hard breaks; a blank line stays
    ("第一行\n\n第二行", 10, ["第一行", "", "第二行"]),
    # a space at a line end is dropped
    ("abc def ghi", 2, ["abc", "def", "ghi"]),
    # a run longer than a whole line is cut by characters as a last resort
    ("一二三四五六七八", 3, ["一二三", "四五六", "七八"]),
    ("", 5, []),
]


@pytest.mark.parametrize(("text", "width", "expected"), CASES)
def test_lines_by_hand(text, width, expected):
    assert break_lines(text, width, w) == expected


def test_first_line_indent_of_two_characters():
    assert break_lines("为密切人大代表同人民群众的联系", 6, w, indent=2) == ["为密切人", "大代表同人民", "群众的联系"]


def test_the_lines_keep_every_character_and_respect_the_rules():
    text = ("为密切人大代表同人民群众的联系，认真听取和反映人民群众的意见和要求（详见〔2026〕61号），定于2026年"
            "11月26日在青石镇人大代表联络站开展“代表接待日”活动。欢迎广大选民届时前来！")
    for width in range(4, 20):
        lines = break_lines(text, width, w)
        assert "".join(lines) == text
        for line in lines:
            assert w(line) <= width, (width, line)
            assert line[0] not in NO_START, (width, line)
            assert line[-1] not in NO_END, (width, line)
        if width >= 8:  # 〔2026〕61号）， is 8 wide: from there on the number is whole
            assert any("〔2026〕61号" in line for line in lines), width


def test_real_font_widths_wrap_the_letter_sentence_of_the_issue():
    """The 交办函 line that began with '，' and the number broken as 〔2026〕第61/号 (issue 14)."""
    from liaison_desk.printing.fonts import faces
    from liaison_desk.printing.lines import measure

    font = faces().body
    m = measure(font, 16)
    text = "根据〔2026〕第61号文件精神，现将群众反映的问题转交你单位办理，请于收到本函之日起十五个工作日内答复。"
    for width in (120, 160, 200, 260, 300, 444):
        lines = break_lines(text, width, m)
        assert "".join(lines) == text
        assert not any(x[0] in NO_START for x in lines)
        assert any("〔2026〕第61号" in x for x in lines)
        assert all(m(x) <= width + 0.01 for x in lines)
