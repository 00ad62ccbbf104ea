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


def test_the_guard_names_the_character_its_code_point_and_where(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][1] = "会议在\u200e线上举行🎉，欢迎参加。"
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(IssueProblems) as caught:
        load_issue(make_issue(raw=raw))
    line = raw[: raw.index("🎉")].count("\n") + 1
    column = raw.index("🎉") - raw.rindex("\n", 0, raw.index("🎉"))
    said = [
        (p.where, p.line, p.column, p.message.code, p.message.values["codepoint"], p.found)
        for p in caught.value.problems
    ]
    assert said == [
        (
            "articles[0].body[1]",
            line,
            column - 5,
            "invisible_char",
            "U+200E",
            "会议在\u200e线上举行🎉，欢迎…",
        ),
        (
            "articles[0].body[1]",
            line,
            column,
            "glyph_missing",
            "U+1F389",
            "会议在\u200e线上举行🎉，欢迎参加。",
        ),
    ]


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
