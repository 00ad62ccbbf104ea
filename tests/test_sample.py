"""The sample issue, built for real and read back: page format, text, letterhead, fonts."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from helpers import A4, MM, TYPE_AREA, pdftotext
from PIL import Image, ImageChops, ImageStat

from briefpdf.issue.model import Issue, Photo
from briefpdf.paths import FONTS_DIR

RED = (200 / 255, 16 / 255, 46 / 255)
GOLDEN = Path(__file__).parent / "golden" / "sample-page1.png"


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_page_is_a4(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        assert 3 <= len(pdf.pages) <= 10
        for page in pdf.pages:
            assert page.width == pytest.approx(A4[0], abs=0.5)
            assert page.height == pytest.approx(A4[1], abs=0.5)


def test_every_text_of_the_issue_appears_in_order(sample_pdf: Path, sample_issue: Issue) -> None:
    # The type area alone, so running headers and page numbers do not interleave.
    text = ""
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            area = page.within_bbox((0, TYPE_AREA["top"] - 2, A4[0], TYPE_AREA["bottom"] + 2))
            text += area.extract_text() or ""
    text = without_spaces(text)
    expected = [
        sample_issue.masthead.organisation_zh,
        f"{sample_issue.year}年第{sample_issue.number}期",
    ]
    captions = []
    for article in sample_issue.articles:
        expected.append(article.headline)
        # A photo may be set a paragraph or more below its place (briefpdf.engine.placement).
        expected += [block for block in article.body if not isinstance(block, Photo)]
        captions += [block.caption for block in article.body if isinstance(block, Photo)]
    expected += [
        *sample_issue.contact.organisations,
        sample_issue.contact.address,
        sample_issue.about,
    ]
    position = 0
    for piece in expected:
        found = text.find(without_spaces(piece), position)
        assert found >= 0, f"missing or out of order: {piece[:30]}"
        position = found + len(without_spaces(piece))
    for caption in captions:
        assert without_spaces(caption) in text, caption


def test_pdftotext_gives_back_the_body_without_inserted_characters(
    sample_pdf: Path, sample_issue: Issue
) -> None:
    text = pdftotext(sample_pdf)
    first_paragraph = sample_issue.articles[0].body[0]
    # pdftotext keeps the lines of the page; joined again they are the paragraph, verbatim.
    assert first_paragraph[:60] in text.replace("\n", "")
    # No space read between two Chinese characters, but in the title, which is set wide,
    # and in "2023年 第1期", which has one.
    text = text.replace(f"{sample_issue.year}年 第", "")
    spaced = re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text)
    assert spaced == [" ".join(sample_issue.masthead.title)]


def test_letterhead_is_red_on_page_one(sample_pdf: Path, sample_issue: Issue) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        page = pdf.pages[0]
        red_text = "".join(
            c["text"]
            for c in page.chars
            if tuple(round(v, 2) for v in c["non_stroking_color"])
            == tuple(round(v, 2) for v in RED)
        )
        assert sample_issue.masthead.organisation_zh in red_text
        assert sample_issue.masthead.title in red_text
        title_sizes = {
            round(c["size"]) for c in page.chars if c["text"] in sample_issue.masthead.title
        }
        assert max(title_sizes) >= 50
        # The red rule under the letterhead spans the type area exactly.
        rules = [
            r
            for r in page.rects + page.lines
            if r.get("non_stroking_color")
            and len(r["non_stroking_color"]) == 3
            and tuple(round(v, 2) for v in r["non_stroking_color"])
            == tuple(round(v, 2) for v in RED)
            and r["width"] > 400
        ]
        assert rules, "no red rule on page 1"
        rule = min(rules, key=lambda r: r["top"])
        assert rule["x0"] == pytest.approx(TYPE_AREA["left"], abs=0.5)
        assert rule["x1"] == pytest.approx(TYPE_AREA["right"], abs=0.5)
        assert rule["top"] < A4[1] / 3


def test_body_sits_on_the_type_area(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            body = [
                c for c in page.chars if TYPE_AREA["top"] - 1 <= c["top"] <= TYPE_AREA["bottom"]
            ]
            assert body
            assert min(c["x0"] for c in body) >= TYPE_AREA["left"] - 0.5
            assert max(c["x1"] for c in body) <= TYPE_AREA["right"] + 0.5
            assert max(c["bottom"] for c in body) <= TYPE_AREA["bottom"] + 0.5


def test_body_is_3hao_with_28_characters_a_line(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        sizes = [round(c["size"], 2) for page in pdf.pages for c in page.chars]
        body_size = max(set(sizes), key=sizes.count)
        assert body_size == pytest.approx(15.75, abs=0.01)
        assert (TYPE_AREA["right"] - TYPE_AREA["left"]) // body_size == 28


def program_name(font_program: bytes) -> str:
    """The name inside a font program: a CFF's own (also when embedded bare), else name ID 6."""
    if font_program.startswith(b"\x00\x01\x00\x00"):
        return TTFont(io.BytesIO(font_program))["name"].getDebugName(6)
    if font_program.startswith(b"OTTO"):
        return TTFont(io.BytesIO(font_program))["CFF "].cff.fontNames[0]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(font_program), None)
    return cff.fontNames[0]


def test_only_bundled_fonts_are_embedded_all_subset(sample_pdf: Path) -> None:
    bundled = {
        program_name(f.read_bytes()): f for f in FONTS_DIR.iterdir() if f.suffix in (".otf", ".ttf")
    }
    embedded = set()
    with pikepdf.open(sample_pdf) as pdf:
        for page in pdf.pages:
            for font in page.resources.get("/Font", {}).values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = next(
                    descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor
                )
                prefix, _, _ = str(font.BaseFont).lstrip("/").partition("+")
                assert re.fullmatch(r"[A-Z]{6}", prefix), f"{font.BaseFont} is not a subset"
                name = program_name(program.read_bytes())  # read from inside the font program
                assert name in bundled, f"{name} is not a bundled font"
                size = bundled[name].stat().st_size
                assert len(program.read_bytes()) < size / 10, f"{name} is not subset"
                embedded.add(bundled[name].stem)
    assert {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Black", "LXGWWenKai-Regular"} <= embedded


def test_page_numbers_in_official_style_on_the_outer_side(sample_pdf: Path) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            below = page.within_bbox((0, TYPE_AREA["bottom"] + 1, A4[0], A4[1]))
            words = below.extract_words()
            text = " ".join(w["text"] for w in words)
            assert re.search(rf"—\s*{number}\s*—", text), text
            chars = [c for c in below.chars if c["text"] == "—"]
            left, right = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
            if number % 2:  # odd pages: right, one character (14 pt) in
                assert right == pytest.approx(TYPE_AREA["right"] - 14, abs=1)
            else:
                assert left == pytest.approx(TYPE_AREA["left"] + 14, abs=1)
            # 7 mm below the type area.
            assert min(c["top"] for c in chars) == pytest.approx(
                TYPE_AREA["bottom"] + 7 * MM, abs=1.5 * MM
            )


def test_running_header_from_page_two_only(sample_pdf: Path, sample_issue: Issue) -> None:
    with pdfplumber.open(sample_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            above = page.within_bbox((0, 0, A4[0], TYPE_AREA["top"] - 1)).extract_text() or ""
            if number == 1:
                assert above.strip() == ""
            else:
                assert f"{sample_issue.year}年第{sample_issue.number}期" in without_spaces(above)
                assert sample_issue.masthead.organisation_zh in without_spaces(above)


def test_photos_are_whole_on_a_page_with_their_caption_below(
    sample_pdf: Path, sample_issue: Issue
) -> None:
    captions = [b.caption for a in sample_issue.articles for b in a.body if isinstance(b, Photo)]
    found = []
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines()
            for image in page.images:
                assert image["top"] >= TYPE_AREA["top"] - 0.5
                assert image["bottom"] <= TYPE_AREA["bottom"] + 0.5
                below = [ln for ln in lines if 0 <= ln["top"] - image["bottom"] < 30]
                assert below, "a photo without its caption on the same page"
                found.append(without_spaces(below[0]["text"]))
    assert found == [without_spaces(c) for c in captions]


def test_first_page_looks_as_approved(sample_pdf: Path, tmp_path: Path) -> None:
    """Page 1 at 40 dpi against the approved picture (`make golden` renews it)."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(sample_pdf),
            str(tmp_path / "page1"),
        ],
        check=True,
    )
    with Image.open(tmp_path / "page1.png") as rendered, Image.open(GOLDEN) as golden:
        assert rendered.size == golden.size
        difference = ImageChops.difference(rendered.convert("L"), golden.convert("L"))
        assert ImageStat.Stat(difference).mean[0] < 2.0
