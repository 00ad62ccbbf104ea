"""The glyph guard: a character no bundled font covers is refused before rendering, and
every character it lets through prints, whatever element's font stack it is set in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import SAMPLE, pdftotext

from briefpdf.engine.render import RenderError, render_pdf
from briefpdf.issue.glyphs import covered_code_points
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import Message
from briefpdf.paths import FONTS_DIR

# A ministry's name in each language of the region but Chinese (Vietnamese in Latin).
MEKONG_NAMES = {
    "th": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    "lo": "ກະຊວງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
    "km": "ក្រសួងបរិស្ថាន",
    "my": "သယံဇာတနှင့် သဘာဝပတ်ဝန်းကျင်ထိန်းသိမ်းရေးဝန်ကြီးဌာန",
    "vi": "Bộ Tài nguyên và Môi trường",
}


def outside_noto_cjk(count: int) -> str:
    """Printable characters that none of the Noto CJK fonts has (only LXGW WenKai or
    Noto Sans Math): most elements' font stacks do not name the font that has them."""
    noto = set().union(
        *(set(TTFont(p, lazy=True).getBestCmap()) for p in FONTS_DIR.glob("Noto*CJK*"))
    )
    own = [
        c
        for c in sorted(covered_code_points() - noto)
        if chr(c).isprintable() and not chr(c).isspace()
    ]
    return "".join(chr(c) for c in own[:: len(own) // count][:count])


def test_a_character_of_any_bundled_font_prints_in_every_element(make_issue) -> None:
    # Pango falls back from an element's font stack to any font fontconfig sees, that
    # is any bundled font: this is the rule the guard relies on.
    chars = outside_noto_cjk(40) + "≒"  # and the one character Noto Sans Math is here for
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["masthead"] |= {"title": "简报" + chars[:6], "organisation_en": chars}
    data["articles"] = [
        {
            "headline": chars,
            "subheading": chars,
            "body": [
                chars,
                {"subheading": chars},
                {"photo": "photos/keynotes.jpg", "caption": chars},
            ],
        }
    ]
    data["about"] = chars
    issue = load_issue(make_issue(raw=json.dumps(data, ensure_ascii=False)))
    pdf = render_pdf(issue, SAMPLE.parent)  # raises RenderError on any .notdef
    assert pdf.pages >= 1


def test_the_guard_names_each_run_its_code_points_script_and_where(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][1] = "会议在\u200e线上举行🎉🎊，印度代表（नमस्ते, दुनिया）致辞🎉。"
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(IssueProblems) as caught:
        load_issue(make_issue(raw=raw))
    line = raw[: raw.index("会议在")].count("\n") + 1
    column = raw.index("会议在") - raw.rindex("\n", 0, raw.index("会议在"))  # of 会
    said = [
        (p.where, p.line, p.column, p.message.code, p.message.text("en"))
        for p in caught.value.problems
    ]
    devanagari = "U+0928 U+092E U+0938 U+094D U+0924 U+0947 U+0926 …"
    assert said == [
        (
            "articles[0].body[1]",
            line,
            column + 3,
            "invisible_char",
            "The text holds invisible control characters (U+200E), probably copied from "
            "elsewhere. Delete them.",
        ),
        (
            "articles[0].body[1]",
            line,
            column + 8,
            "glyph_missing",
            "“🎉🎊” (Miscellaneous Symbols and Pictographs: U+1F389 U+1F38A) is in none of "
            "the bundled fonts and would print as boxes. Replace or remove it.",
        ),
        (
            "articles[0].body[1]",
            line,
            column + 16,
            "glyph_missing",
            f"“नमस्ते, दुनिया” (Devanagari: {devanagari}) is in none of the bundled fonts and "
            "would print as boxes. Replace or remove it.",
        ),
        (
            "articles[0].body[1]",
            line,
            column + 33,
            "glyph_missing",
            "“🎉” (Miscellaneous Symbols and Pictographs: U+1F389) is in none of the bundled "
            "fonts and would print as boxes. Replace or remove it.",
        ),
    ]
    assert "（天城文：U+0928" in caught.value.problems[2].message.text("zh")
    assert "（表情符号：U+1F389 U+1F38A）" in caught.value.problems[1].message.text("zh")


def test_a_phrase_of_a_script_no_font_has_is_one_problem_not_one_per_letter(make_issue) -> None:
    # Before, a short phrase gave one row per letter (80 for a Thai ministry's name).
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    phrase = "ᥖᥭᥰ ᥖᥬᥲ ᥑᥨᥒᥰ ᥞᥨᥛᥰ ᥘᥣᥲ"  # Tai Le (德宏傣文), which no bundled font has
    data["articles"][0]["body"][1] = f"德宏州代表（{phrase}）出席会议。"
    with pytest.raises(IssueProblems) as caught:
        load_issue(make_issue(raw=json.dumps(data, ensure_ascii=False)))
    (problem,) = caught.value.problems
    assert problem.message.values["run"] == phrase
    assert problem.message.text("zh").startswith(f"“{phrase}”（德宏傣文：U+1956 ")


def test_thai_lao_khmer_myanmar_and_vietnamese_pass_the_guard(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][1] = "、".join(MEKONG_NAMES.values())
    load_issue(make_issue(raw=json.dumps(data, ensure_ascii=False)))  # raises on a problem


def test_an_escaped_character_is_found_where_it_is_written(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["headline"] = "会议\n在线\u0007上🎉"
    raw = json.dumps(data, ensure_ascii=False)  # \n and \u0007 are written as escapes
    with pytest.raises(IssueProblems) as caught:
        load_issue(make_issue(raw=raw))
    columns = [p.column for p in caught.value.problems]
    quote = raw.index('"会议')  # 0-based; columns are 1-based
    # "会议\\n在线\\u0007上🎉: the BEL is written 7 columns after the quote, 🎉 14.
    assert columns == [quote + 1 + 7, quote + 1 + 14]


def test_texts_that_are_not_printed_are_not_checked(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"].append(
        {"photo": "photos/keynotes.jpg", "caption": "图", "alt": "给读屏软件的说明 🎉"}
    )
    load_issue(make_issue(raw=json.dumps(data, ensure_ascii=False)))  # raises on a problem


def test_weasyprint_missing_glyph_becomes_an_error_even_past_the_guard(
    sample_issue: Issue,
) -> None:
    # An issue that skipped load_issue (a program building the model itself): the
    # renderer's own .notdef report stops the build.
    articles = [{"headline": "标题🎉", "body": ["正文\U0001f600。"]}]
    issue = Issue.model_validate(sample_issue.model_dump(by_alias=True) | {"articles": articles})
    with pytest.raises(RenderError) as caught:
        render_pdf(issue, SAMPLE.parent)
    assert caught.value.message == Message(
        "render_missing_glyph", {"chars": "“🎉” (U+1F389), “😀” (U+1F600)"}
    )


def test_markup_in_a_text_is_printed_literally(make_issue, tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["headline"] = "<b>加粗</b> &amp; <i>斜体</i>"
    issue = load_issue(make_issue(raw=json.dumps(data, ensure_ascii=False)))
    pdf = tmp_path / "markup.pdf"
    pdf.write_bytes(render_pdf(issue, SAMPLE.parent).data)
    assert "<b>加粗</b> &amp; <i>斜体</i>" in pdftotext(pdf, "-l", "1")
