"""Photos that do not fit at the foot of a page let the text run on (briefpdf.engine.placement)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from helpers import SAMPLE, TYPE_AREA

from briefpdf.engine import placement
from briefpdf.engine.placement import blocks_in_order, issue_order, moved_down, photo_id
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Article, Photo

PITCH = 28.95  # the body's line pitch, in pt
GAP = placement.MAX_GAP_LINES * PITCH  # the largest gap a photo may leave above it
PHOTO = Photo.model_construct(photo="photos/a.jpg", caption="图", alt=None)


def gaps_before_photos(pdf: Path) -> list[tuple[int, float]]:
    """(page, gap in pt) for each page whose next page opens with a photo."""
    found = []
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        for number, (page, following) in enumerate(itertools.pairwise(pages), 1):
            images = [i for i in following.images if i["top"] < TYPE_AREA["top"] + PITCH]
            if not images:
                continue
            area = page.within_bbox((0, TYPE_AREA["top"], page.width, TYPE_AREA["bottom"] + 1))
            bottoms = [c["bottom"] for c in area.chars] + [i["bottom"] for i in area.images]
            found.append((number, TYPE_AREA["bottom"] - max(bottoms)))
    return found


def body_texts(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


@pytest.fixture
def issue_with_a_photo_that_falls_short(make_issue: Callable[..., Path]) -> Path:
    """Paragraphs that end part way down page 1, a photo too tall for the rest, more text."""
    sample = json.loads(SAMPLE.read_text("utf-8"))
    photo = next(block for block in sample["articles"][0]["body"] if isinstance(block, dict))
    paragraph = "澜湄六国在生态环境保护与应对气候变化等领域开展了务实合作。" * 2
    body = [paragraph] * 3 + [photo] + [paragraph] * 6
    return make_issue(articles=[{"headline": "图片放不下时，正文先排", "body": body}])


def test_the_sample_leaves_no_page_half_empty_before_a_photo(sample_pdf: Path) -> None:
    for page, gap in gaps_before_photos(sample_pdf):
        assert gap <= GAP, f"page {page} ends {gap / PITCH:.1f} lines short of its foot"


def test_a_photo_that_does_not_fit_moves_below_the_next_paragraph(
    issue_with_a_photo_that_falls_short: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = issue_with_a_photo_that_falls_short.parent
    issue = load_issue(issue_with_a_photo_that_falls_short)
    as_written, placed = tmp_path / "as-written.pdf", tmp_path / "placed.pdf"
    placed.write_bytes(render_pdf(issue, folder).data)
    monkeypatch.setattr(placement, "MAX_GAP_LINES", 1000)  # no photo is moved
    as_written.write_bytes(render_pdf(issue, folder).data)

    # Set as written, the photo opens page 2 and leaves page 1 short by many lines …
    assert [(page, gap > GAP) for page, gap in gaps_before_photos(as_written)] == [(1, True)]
    # … placed, the next paragraph fills page 1 and the photo follows it on page 2.
    assert [(page, gap < PITCH) for page, gap in gaps_before_photos(placed)] == [(1, True)]
    # Nothing is lost or doubled by the move: every paragraph is there, once.
    assert body_texts(placed).replace("\n", "").count("澜湄六国在生态环境保护") == 9 * 2


def test_a_photo_moves_only_past_paragraphs_of_its_own_article() -> None:
    articles = [
        Article(headline="一", body=["甲", PHOTO, "乙", "丙"]),
        Article(headline="二", body=["丁", PHOTO, {"subheading": "小标题"}, "戊", PHOTO]),
    ]
    order = issue_order(articles)
    every_photo = {photo_id(0, 1), photo_id(1, 1), photo_id(1, 4)}

    once = moved_down(articles, order, every_photo)
    assert once == ((0, 2, 1, 3), (0, 1, 2, 3, 4))  # not past a subheading, nor out
    twice = moved_down(articles, once, {photo_id(0, 1)})
    assert twice == ((0, 2, 3, 1), (0, 1, 2, 3, 4))
    assert moved_down(articles, twice, {photo_id(0, 1)}) == twice  # the article's end
    assert [b for _, b in blocks_in_order(articles, twice)[0]] == ["甲", "乙", "丙", PHOTO]


def test_photos_in_a_row_move_down_together() -> None:
    articles = [Article(headline="一", body=["甲", PHOTO, PHOTO, "乙", "丙"])]
    order = issue_order(articles)
    assert moved_down(articles, order, {photo_id(0, 1)}) == ((0, 3, 1, 2, 4),)
    # The second photo of a row, flagged alone, moves alone.
    assert moved_down(articles, order, {photo_id(0, 2)}) == ((0, 1, 3, 2, 4),)


def test_the_build_tells_where_a_moved_photo_went(
    issue_with_a_photo_that_falls_short: Path, tmp_path: Path
) -> None:
    folder = issue_with_a_photo_that_falls_short.parent
    pdf = render_pdf(load_issue(issue_with_a_photo_that_falls_short), folder)
    [note] = pdf.notes
    assert note.code == "layout_photo_moved"
    assert note.values == {
        "photo": "photos/roundtable.jpg",
        "article": 1,
        "written": 3,
        "paragraph": 4,
        "page": 2,
    }
    path = tmp_path / "placed.pdf"
    path.write_bytes(pdf.data)
    with pdfplumber.open(path) as document:  # the page it names is the photo's
        assert [bool(page.images) for page in document.pages] == [False, True, False]
