"""What the layout did, beyond the moved photos tests/engine/test_placement.py and
tests/test_cli.py see: a page left short is said after a build, and the preview shows the
notes in its status bar."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pdfplumber
from helpers import SAMPLE, briefpdf
from rich.console import Console

from briefpdf.authoring.preview import Preview

PARAGRAPH = "澜湄六国在生态环境保护与应对气候变化等领域开展了务实合作。" * 2


def _articles(*after_the_photo: object) -> list[dict]:
    """Paragraphs that end part way down page 1, a photo too tall for the rest, more text
    (as tests/engine/test_placement.py)."""
    sample = json.loads(SAMPLE.read_text("utf-8"))
    photo = next(block for block in sample["articles"][0]["body"] if isinstance(block, dict))
    body = [PARAGRAPH] * 3 + [photo, *after_the_photo] + [PARAGRAPH] * 6
    return [{"headline": "图片放不下时，正文先排", "body": body}]


def test_a_page_left_short_is_said_unless_quiet(
    make_issue: Callable[..., Path], tmp_path: Path
) -> None:
    # A section subheading follows the photo, which a photo never passes: it opens page 2
    # and page 1 is left short.
    issue = make_issue(articles=_articles({"subheading": "下一节"}))
    pdf = tmp_path / "short.pdf"
    result = briefpdf("build", str(issue), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    found = re.search(r"Note: the text of page 1 ends (\d+) lines above the foot", said)
    assert found, said
    assert "Note: the photo" not in said  # it could not move
    with pdfplumber.open(pdf) as document:
        assert [bool(page.images) for page in document.pages][:2] == [False, True]
    assert int(found[1]) > 3
    quiet = briefpdf("build", str(issue), "-o", str(pdf), "-q")
    assert quiet.returncode == 0 and "Note" not in quiet.stderr


def test_the_preview_shows_the_notes_in_its_status_bar(make_issue: Callable[..., Path]) -> None:
    preview = Preview(make_issue(articles=_articles()), "en", Console(file=io.StringIO()))
    preview.rebuild()
    status = preview.page().split('<span id="status">')[1].split("</span></header>")[0]
    assert "page(s), updated" in status
    assert "Note: the photo photos/roundtable.jpg of article 1" in status
    assert "on page 2." in status
