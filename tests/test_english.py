"""The English edition: the sample's translation built, its words English, and English set
as a typesetter sets it, measured on the PDF (pdfplumber, pypdf, pdftotext)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from helpers import MM, SAMPLE, SAMPLE_EN, TYPE_AREA, briefpdf, pdftotext
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

BODY_PT = 11.0
ENGLISH = json.loads(SAMPLE_EN.read_text(encoding="utf-8"))
CHINESE = json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_the_english_sample_is_the_chinese_sample_translated() -> None:
    assert ENGLISH["language"] == "en" and "language" not in CHINESE
    for key in ("year", "number", "date"):
        assert ENGLISH[key] == CHINESE[key]

    def photos(issue: dict) -> list[str]:
        return [b["photo"] for a in issue["articles"] for b in a["body"] if isinstance(b, dict)]

    assert photos(ENGLISH) == photos(CHINESE)  # the same photos in the same order
    paragraphs = [len([b for b in a["body"] if isinstance(b, str)]) for a in ENGLISH["articles"]]
    assert paragraphs == [
        len([b for b in a["body"] if isinstance(b, str)]) for a in CHINESE["articles"]
    ]
    for article in ENGLISH["articles"]:
        for block in article["body"]:
            text = block if isinstance(block, str) else block["caption"] + block["alt"]
            assert not re.search(r"[\u3400-\u9fff]{4,}", text)  # names at most, in Han


def test_the_letterhead_leads_with_the_english_name(english_pdf: Path) -> None:
    with pdfplumber.open(english_pdf) as pdf:
        page = pdf.pages[0]
        words = page.extract_text()
        top = {w: page.search(w)[0]["top"] for w in ("Lancang-Mekong Environmental", "澜沧江")}
    assert top["Lancang-Mekong Environmental"] < top["澜沧江"]
    for text in ("Bulletin", "No. 1, 2023", "25 April 2023"):
        assert text in words
    for chinese in ("简报", "年", "期", "联系我们"):
        assert chinese not in pdftotext(english_pdf)


def test_first_page_looks_as_approved(english_pdf: Path, tmp_path: Path) -> None:
    """Page 1 at 40 dpi against the approved picture (`make golden` renews it)."""
    page = tmp_path / "page1"
    command = ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(english_pdf), str(page)], check=True)
    golden = Path(__file__).parent / "golden" / "sample-en-page1.png"
    with Image.open(f"{page}.png") as rendered, Image.open(golden) as approved:
        assert rendered.size == approved.size
        difference = ImageChops.difference(rendered.convert("L"), approved.convert("L"))
        assert ImageStat.Stat(difference).mean[0] < 2.0


def test_the_contact_block_and_the_running_header_are_english(english_pdf: Path) -> None:
    text = pdftotext(english_pdf, "-layout")
    for label in ("Contact us", "Postcode: 100035", "Tel.: +86", "Fax: +86", "E-mail: qian"):
        assert label in text
    assert "Website: http://www.lmcc.org.cn/" in text and "WeChat: lancang-mekongce" in text
    header = pdftotext(english_pdf, "-layout", "-f", "2", "-l", "2").splitlines()[0]
    assert re.fullmatch(
        r"Bulletin No\. 1, 2023 +Lancang-Mekong Environmental Cooperation Center", header
    )


def test_metadata_and_bookmarks_are_english(english_pdf: Path) -> None:
    reader = PdfReader(english_pdf)
    headline = ENGLISH["articles"][0]["headline"]
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-GB"
    meta = reader.metadata
    assert meta.title == f"Bulletin No. 1, 2023 – {headline}"
    assert meta.subject == headline
    assert meta.author == "Lancang-Mekong Environmental Cooperation Center"
    assert meta["/Keywords"].startswith(
        "Bulletin, No. 1, 2023, Lancang-Mekong Environmental Cooperation Center"
    )
    assert [item.title for item in reader.outline] == [headline]


def test_both_editions_of_a_number_build_side_by_side(tmp_path: Path) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
    for sample in (SAMPLE, SAMPLE_EN):
        (folder / sample.name).write_bytes(sample.read_bytes())
    result = briefpdf("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert names == ["Bulletin-2023-No1.pdf", "简报-2023年第1期.pdf"]


# ---- The typography, measured on the page ----


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    gaps: list[float]  # between consecutive characters, in em
    fonts: dict[str, str]  # character -> the font it is set in


def body_lines(pdf: Path, size: float = BODY_PT) -> list[Line]:
    """The lines of text set at `size`, in reading order, with their geometry."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            rows: dict[int, list[dict]] = defaultdict(list)
            for char in page.chars:
                if abs(char["size"] - size) < 0.05 and char["text"].strip():
                    rows[round(char["bottom"])].append(char)
            for _, chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                gaps = [(b["x0"] - a["x1"]) / size for a, b in itertools.pairwise(chars)]
                lines.append(
                    Line(
                        number,
                        "".join(c["text"] for c in chars),
                        chars[0]["x0"],
                        chars[-1]["x1"],
                        chars[0]["top"],
                        gaps,
                        {c["text"]: c["fontname"] for c in chars},
                    )
                )
    return lines


def paragraphs_of(pdf: Path) -> list[list[Line]]:
    """The body's paragraphs as set: lines of 11 pt, a paragraph starting at an indented
    line or after a vertical gap (a photo, the headline) that is not a page break."""
    lines = [line for line in body_lines(pdf) if line.x1 - line.x0 > 60 * MM]
    left, right = TYPE_AREA["left"], TYPE_AREA["right"]
    result: list[list[Line]] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        indented = line.x0 > left + 0.5 * BODY_PT
        flush_before = previous is not None and previous.x1 > right - 0.1 * BODY_PT
        gap = previous is not None and previous.page == line.page and line.top - previous.top > 20
        if previous is None or indented or not flush_before or gap:
            result.append([])
        result[-1].append(line)
    return result


@pytest.fixture(scope="module")
def paragraphs(english_pdf: Path) -> list[list[Line]]:
    found = paragraphs_of(english_pdf)
    assert len(found) >= len([b for b in ENGLISH["articles"][0]["body"] if isinstance(b, str)])
    return found


def test_lines_are_justified_without_holes(paragraphs: list[list[Line]]) -> None:
    right = TYPE_AREA["right"]
    continued = [line for paragraph in paragraphs for line in paragraph[:-1]]
    assert len(continued) > 60
    for line in continued:
        assert abs(line.x1 - right) < 0.1 * BODY_PT, line.text  # flush: not ragged
        assert max(line.gaps) < 0.5, line.text  # no word space of half an em or more
    word_spaces = [g for line in continued for g in line.gaps if g > 0.1]
    assert min(word_spaces) > 0.19 and sum(word_spaces) / len(word_spaces) < 0.36


def test_hyphenation_is_british_sparing_and_never_across_a_page(
    paragraphs: list[list[Line]],
) -> None:
    assert hyphenated_lines(paragraphs) >= 5  # the text is hyphenated at all


def hyphenated_lines(paragraphs: list[list[Line]]) -> int:
    """How many lines end with a hyphen, checking that no more than two do in a row,
    none at the foot of a page, and that three letters at least stand each side."""
    hyphenated = 0
    for paragraph in paragraphs:
        run = 0
        for line, following in itertools.pairwise(paragraph):
            ends_in_hyphen = line.text.endswith("-") and line.text[-2].isalpha()
            run = run + 1 if ends_in_hyphen else 0
            assert run <= 2, line.text  # no more than two hyphenated lines in a row
            if not ends_in_hyphen:
                continue
            hyphenated += 1
            assert line.page == following.page, line.text  # no word broken across pages
            before = re.search(r"([A-Za-z]+)-$", line.text)[1]
            after = re.match(r"[A-Za-z]+", following.text)[0]
            assert len(before) >= 3 and len(after) >= 3, (before, after)
    return hyphenated


def test_a_hyphen_that_would_end_a_page_is_set_otherwise(tmp_path: Path) -> None:
    # Without its first photo the English sample, as first broken, has a hyphenated
    # line at the foot of page 5; it is broken again without it.
    issue = json.loads(SAMPLE_EN.read_text(encoding="utf-8"))
    del issue["articles"][0]["body"][2]
    shutil.copytree(SAMPLE_EN.parent / "photos", tmp_path / "photos")
    path = tmp_path / "2023-01.en.json"
    path.write_text(json.dumps(issue, ensure_ascii=False), encoding="utf-8")
    assert briefpdf("build", str(path), "-o", str(tmp_path / "a.pdf")).returncode == 0
    assert hyphenated_lines(paragraphs_of(tmp_path / "a.pdf")) >= 5


def test_no_widow_or_orphan_line(paragraphs: list[list[Line]]) -> None:
    split = 0
    for paragraph in paragraphs:
        pages = [line.page for line in paragraph]
        for page in set(pages):
            if len(set(pages)) > 1:
                split += 1
                assert pages.count(page) >= 2, paragraph[0].text
    assert split >= 2  # paragraphs do run over pages in the sample


def test_english_in_noto_serif_names_in_han_in_the_cjk_face(paragraphs) -> None:
    fonts = {char: font for p in paragraphs for line in p for char, font in line.fonts.items()}
    assert "Noto-Serif" in fonts["a"] and "CJK" not in fonts["a"]
    assert "CJK" in fonts["孙"]  # Sun Xuefeng (孙雪峰)
    assert "Noto-Serif" in fonts["’"] and "CJK" not in fonts["’"]


def test_the_text_layer_reads_back_as_written(english_pdf: Path) -> None:
    """pdftotext gives each paragraph back (it rejoins words hyphenated at a line's end;
    a compound broken at its own hyphen is compared without hyphens), with the quotes
    and dashes as typed and no invisible hint of the line breaking."""
    top, bottom = TYPE_AREA["top"], TYPE_AREA["bottom"]
    area = ["-x", "0", "-y", str(round(top)), "-W", "600", "-H", str(round(bottom - top))]
    text = pdftotext(english_pdf, *area)
    assert "\u00ad" not in text and "\u2060" not in text
    assert "‘Lancang-Mekong Week’" in text and "2023–2027" in text and " – " in text

    def bare(s: str) -> str:
        return re.sub(r"[\s-]", "", s)

    flowing = bare(text)
    for block in ENGLISH["articles"][0]["body"]:
        if isinstance(block, str):
            assert bare(block) in flowing, block[:40]
    assert bare(ENGLISH["about"]) in flowing


def test_the_headline_is_balanced_and_not_hyphenated(english_pdf: Path) -> None:
    lines = body_lines(english_pdf, size=16.0)
    headline = ENGLISH["articles"][0]["headline"]
    assert " ".join(line.text for line in lines).replace(" ", "") == headline.replace(" ", "")
    assert len(lines) >= 2 and not any(line.text.endswith("-") for line in lines[:-1])
    middle = (TYPE_AREA["left"] + TYPE_AREA["right"]) / 2
    widths = [line.x1 - line.x0 for line in lines]
    for line in lines:
        assert abs((line.x0 + line.x1) / 2 - middle) < 1  # centred
    # Balanced: no line much shorter than the others (the last may be a little shorter).
    assert min(widths) > 0.6 * max(widths)


def test_odd_english_paragraphs_are_set_too(tmp_path: Path) -> None:
    """A one-word paragraph, an address or a word longer than a line, Vietnamese, a
    no-break space: each is set (what cannot be broken well is left to WeasyPrint)."""
    odd = [
        "Word",
        "An address https://www.example.org/a/very/long/path/that/goes/on/and/on/and/on/"
        "without/any/space/at/all/index.html in it, and more words after it to fill a line.",
        "Supercalifragilisticexpialidociousandthensomemorelettersthatneverendanywhereatall"
        "inthisparagraphbecauseitisonewordlongerthanalinecanhold and then words.",
        "Việt Nam’s delegates from Hà Nội and Thành phố Hồ Chí Minh joined, with a no\u00a0break"
        " space, 1,234,567 and 2023–2027, “double quotes” and ‘single ones’ — and an em dash.",
    ]
    issue = json.loads(SAMPLE_EN.read_text(encoding="utf-8"))
    issue["articles"][0]["body"] = odd
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(issue, ensure_ascii=False), encoding="utf-8")
    result = briefpdf("build", str(path), "-o", str(tmp_path / "odd.pdf"))
    assert result.returncode == 0, result.stderr
    flowing = re.sub(r"[\s\u00a0-]", "", pdftotext(tmp_path / "odd.pdf"))
    for paragraph in odd:
        assert re.sub(r"[\s\u00a0-]", "", paragraph) in flowing
