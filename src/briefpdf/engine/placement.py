"""Where photos go: a photo that does not fit at the foot of a page lets the text run on.

A photo and its caption are never cut by a page edge (`break-inside: avoid`), so when one
does not fit in what is left of a page, WeasyPrint moves it whole to the next page and
leaves the rest of the page empty: up to a third of a page. A typesetter would let the
text run on and set the photo at the top of the next page; CSS would say so with a page
float (`float: top` of CSS GCPM), which WeasyPrint 70 does not have.

So the body's blocks are set in an order that may differ from the issue's: after a
render, each photo that opens a page below a page ending in a gap of more than
`MAX_GAP_LINES` lines (`photos_after_gaps`) trades places with the paragraph after it
(`moved_down`), and `briefpdf.engine.render` sets the issue again, until no photo leaves such a
gap or none can move: a photo never passes a section subheading nor leaves its article.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import weasyprint
from weasyprint.formatting_structure.boxes import LineBox, PageBox

from briefpdf.engine.typography import is_planned
from briefpdf.issue.model import Article, BodyBlock, Photo
from briefpdf.messages import Message

# A gap under which fewer lines of text would fit is left: moving a photo costs a render.
MAX_GAP_LINES = 2
# A page (not the last) whose text ends more lines than this above its foot is told of.
MAX_SHORT_LINES = 3
# Each round moves every offending photo one paragraph down and costs a render; three
# settle every page seen so far, and bound the cost of a build.
MAX_ROUNDS = 3

Order = tuple[tuple[int, ...], ...]  # per article, the indexes of its body's blocks


def issue_order(articles: list[Article]) -> Order:
    """The blocks in the order of the issue file."""
    return tuple(tuple(range(len(article.body))) for article in articles)


def blocks_in_order(articles: list[Article], order: Order) -> list[list[tuple[int, BodyBlock]]]:
    """Each article's body as it is to be set: (index in the issue's body, block) pairs."""
    return [
        [(i, article.body[i]) for i in indexes]
        for article, indexes in zip(articles, order, strict=True)
    ]


def photo_id(article: int, block: int) -> str:
    """The `data-block` attribute of a photo's <figure>, by which a render is read."""
    return f"{article}.{block}"


def moved_down(articles: list[Article], order: Order, photos: set[str]) -> Order:
    """`order` with each of `photos` (and the photos right after it, which would take its
    place) one paragraph further down, where a paragraph follows them."""
    result = []
    for a, indexes in enumerate(order):
        blocks = list(indexes)
        position = 0
        while position < len(blocks):
            end = position
            while end < len(blocks) and isinstance(articles[a].body[blocks[end]], Photo):
                end += 1  # blocks[position:end] is a run of photos
            flagged = [i for i in range(position, end) if photo_id(a, blocks[i]) in photos]
            if flagged and end < len(blocks) and isinstance(articles[a].body[blocks[end]], str):
                first = flagged[0]  # it moves, with the photos after it in the run
                blocks[first : end + 1] = [blocks[end], *blocks[first:end]]
                end += 1  # past the paragraph they now follow: one step a round
            position = max(end, position + 1)
        result.append(tuple(blocks))
    return tuple(result)


def photos_after_gaps(document: weasyprint.Document) -> set[str]:
    """The photos at the top of a page whose previous page ends in too large a gap."""
    return set(_photos_after_gaps(document))


def _photos_after_gaps(document: weasyprint.Document) -> Iterator[str]:
    for previous, page in pairwise(document.pages):
        previous_box, page_box = previous._page_box, page._page_box
        line = _body_line_height(previous_box)
        if line is None:
            continue
        top = page_box.content_box_y()
        for box in _flow(page_box):
            photo = box.element is not None and box.element.get("data-block")
            at_top = box.element_tag == "figure" and photo and box.position_y - top < line
            if at_top and _gap_at_foot(previous_box) > MAX_GAP_LINES * line:
                yield photo


def layout_notes(
    articles: list[Article], order: Order, document: weasyprint.Document
) -> list[Message]:
    """What the layout did that the officer may want to know: each photo set elsewhere
    than where it was written (after which paragraph, on which page), and each page but
    the last whose text ends more than MAX_SHORT_LINES lines above its foot."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for box in _flow(page._page_box):
            if box.element_tag == "figure" and box.element is not None:
                pages.setdefault(box.element.get("data-block", ""), number)
    notes = []
    for a, indexes in enumerate(order):
        body = articles[a].body
        for position, i in enumerate(indexes):
            block = body[i]
            written = sum(isinstance(b, str) for b in body[:i])  # paragraphs above it
            after = sum(isinstance(body[j], str) for j in indexes[:position])
            if isinstance(block, Photo) and after != written:
                values = {"photo": block.photo, "article": a + 1, "written": written}
                values |= {"paragraph": after, "page": pages.get(photo_id(a, i), 0)}
                notes.append(Message("layout_photo_moved", values))
    line = next(filter(None, (_body_line_height(p._page_box) for p in document.pages)), None)
    for number, page in enumerate(document.pages[:-1], 1):
        short = _gap_at_foot(page._page_box)
        if line and short > MAX_SHORT_LINES * line:
            notes.append(
                Message("layout_short_page", {"page": number, "lines": int(short // line)})
            )
    return notes


def _gap_at_foot(page_box: PageBox) -> float:
    """How far above the foot of the type area the page's text and photos end."""
    return page_box.content_box_y() + page_box.height - _flow_bottom(page_box)


def _flow(page_box: PageBox) -> Iterator:
    """The boxes of the page's running text (not its margin boxes or footnotes)."""
    for child in page_box.children:
        if child.element_tag == "html":
            yield from child.descendants()


def _flow_bottom(page_box: PageBox) -> float:
    """Where the page's text and photos end (the boxes around them may reach further)."""
    return max(
        (
            box.position_y + box.margin_height()
            for box in _flow(page_box)
            if isinstance(box, LineBox) or box.element_tag == "figure"
        ),
        default=page_box.content_box_y(),
    )


def _body_line_height(page_box: PageBox) -> float | None:
    """The pitch of the body text, read from a line of a paragraph of the page (or of
    the block in which briefpdf.engine.latin sets an English paragraph)."""
    for box in _flow(page_box):
        if isinstance(box, LineBox) and (box.element_tag == "p" or is_planned(box)):
            return box.height
    return None
