"""A build says what the layout did: each photo set further down than it is written, and
each page that ends more than three lines short, in plain words (quiet with -q)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from helpers import ENGLISH_USER, SAMPLE, TYPE_AREA, briefpdf
from rich.console import Console

from briefpdf.authoring.preview import Preview

PARAGRAPH = "澜湄六国在生态环境保护与应对气候变化等领域开展了务实合作。" * 2
MM = 25.4 / 72  # millimetres in a PDF point


def _photo() -> dict:
    sample = json.loads(SAMPLE.read_text("utf-8"))
    return next(block for block in sample["articles"][0]["body"] if isinstance(block, dict))


def _articles(*after_the_photo: object) -> list[dict]:
    """Paragraphs that end part way down page 1, a photo too tall for the rest, more text
    (tests/engine/test_placement.py)."""
    body = [PARAGRAPH] * 3 + [_photo(), *after_the_photo] + [PARAGRAPH] * 6
    return [{"headline": "图片放不下时，正文先排", "body": body}]


@pytest.fixture
def moved(make_issue: Callable[..., Path]) -> Path:
    """The photo is set after the next paragraph."""
    return make_issue(articles=_articles())


@pytest.fixture
def stuck(make_issue: Callable[..., Path]) -> Path:
    """A section subheading follows the photo, which a photo never passes: page 1 ends
    short."""
    return make_issue(articles=_articles({"subheading": "下一节"}), name="stuck.json")


def _pages_of_images(pdf: Path) -> list[int]:
    with pdfplumber.open(pdf) as document:
        return [number for number, page in enumerate(document.pages, 1) for _ in page.images]


def test_a_build_says_which_photo_moved_after_which_paragraph_and_on_which_page(
    moved: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "moved.pdf"
    result = briefpdf("build", str(moved), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    photo = _photo()["photo"]
    assert (
        f"  Layout: the photo {photo} (article 1, body item 4) did not fit where it is "
        "written; it is set after body item 5, on page 2.\n"
    ) in result.stdout
    assert "ends" not in result.stdout  # page 1 is filled: no page is short
    assert _pages_of_images(pdf) == [2]

    chinese = briefpdf("build", str(moved), "-o", str(pdf), "--lang", "zh")
    assert f"第1篇文章正文第4项的图片 {photo} 在原处放不下，已移到正文第5项之后，在第2页。" in (
        " ".join(chinese.stdout.split())
    )


def test_a_page_that_ends_short_is_said_with_its_cause(stuck: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "stuck.pdf"
    result = briefpdf("build", str(stuck), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    found = re.search(r"Layout: page 1 ends (\d+) mm short \(about (\d+) lines\): the photo", said)
    assert found, said
    assert f"the photo {_photo()['photo']} that opens page 2 did not fit on page 1" in said
    assert "did not fit where it is written" not in said
    # The millimetres are those of the PDF: from the last line of page 1 to its foot.
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        last = max(char["bottom"] for char in page.chars if char["top"] < TYPE_AREA["bottom"])
    assert abs(int(found[1]) - (TYPE_AREA["bottom"] - last) * MM) < 3
    assert int(found[2]) > 3

    quiet = briefpdf("build", str(stuck), "-o", str(pdf), "-q")
    assert quiet.returncode == 0
    assert "Built" in quiet.stdout and "Layout" not in quiet.stdout


def test_a_batch_says_it_for_each_issue(make_issue: Callable[..., Path], tmp_path: Path) -> None:
    make_issue(articles=_articles(), name="a.json", number=1)
    folder = make_issue(articles=_articles({"subheading": "下一节"}), name="b.json", number=2)
    result = briefpdf("build", str(folder.parent), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "(article 1, body item 4) did not fit where it is written" in said
    assert "Layout: page 1 ends" in said
    quiet = briefpdf("build", str(folder.parent), "-o", str(tmp_path / "q"), "-j", "1", "-q")
    assert quiet.stdout.count("Built") == 2 and "Layout" not in quiet.stdout


def test_the_preview_shows_the_notes_in_its_status_bar(moved: Path) -> None:
    preview = Preview(moved, "en", Console(file=io.StringIO()))
    preview.rebuild()
    status = preview.page().split('<span id="status">')[1].split("</span></header>")[0]
    assert "page(s), updated" in status
    assert "Layout: the photo" in status and "on page 2." in status


def test_the_sample_says_what_moved_and_no_page_is_short(tmp_path: Path) -> None:
    result = briefpdf("build", str(SAMPLE), "-o", str(tmp_path / "sample.pdf"), env=ENGLISH_USER)
    assert "Layout: the photo" in result.stdout
    assert "short" not in result.stdout
