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

What came of it is told to the officer (`layout_notes`): each photo set further down
than where it is written, and each page that still ends more than `NOTE_GAP_LINES` lines
short.
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
# Each round moves every offending photo one paragraph down and costs a render; three
# settle every page seen so far, and bound the cost of a build.
MAX_ROUNDS = 3
# A page ending shorter than this is said after a build: the officer may fill it.
NOTE_GAP_LINES = 3
MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels

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
        line = _body_line_height(previous._page_box)
        photo = line and _opening_photo(page._page_box, line)
        if photo and _gap(previous._page_box) > MAX_GAP_LINES * line:
            yield photo


def layout_notes(
    articles: list[Article], order: Order, document: weasyprint.Document
) -> list[Message]:
    """What the layout did that the officer may want to know: each photo set further
    down than where it is written (after which paragraph, on which page), then each page
    but the last that ends more than NOTE_GAP_LINES lines of text short."""
    pages = {
        photo: number
        for number, page in enumerate(document.pages, start=1)
        for photo in _photos(page._page_box)
    }
    notes = []
    for a, indexes in enumerate(order):
        for position, b in enumerate(indexes):
            block = articles[a].body[b]
            if isinstance(block, Photo) and position > b:  # set later than written
                after = next(i for i in reversed(indexes[:position]) if i > b)
                values = {"photo": block.photo, "article": a + 1, "item": b + 1}
                values |= {"after": after + 1, "page": pages[photo_id(a, b)]}
                notes.append(Message("photo_moved", values))
    for number, (page, following) in enumerate(pairwise(document.pages), start=1):
        line = _body_line_height(page._page_box)
        gap = _gap(page._page_box)
        if line is None or gap <= NOTE_GAP_LINES * line:
            continue
        values = {"page": number, "mm": round(gap * MM_PER_PX), "lines": int(gap // line)}
        photo = _opening_photo(following._page_box, line)
        if photo:
            a, b = map(int, photo.split("."))
            values |= {"next": number + 1, "photo": articles[a].body[b].photo}
        notes.append(Message("page_short_photo" if photo else "page_short", values))
    return notes


def _photos(page_box: PageBox) -> Iterator[str]:
    """The `photo_id`s of the photos on the page."""
    for box in _flow(page_box):
        photo = box.element is not None and box.element.get("data-block")
        if box.element_tag == "figure" and photo:
            yield photo


def _opening_photo(page_box: PageBox, line: float) -> str | None:
    """The `photo_id` of the photo at the top of the page, if a photo opens it."""
    top = page_box.content_box_y()
    for box in _flow(page_box):
        photo = box.element is not None and box.element.get("data-block")
        if box.element_tag == "figure" and photo and box.position_y - top < line:
            return photo
    return None


def _gap(page_box: PageBox) -> float:
    """The height left empty at the foot of the page."""
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
