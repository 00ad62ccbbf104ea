"""Turning a Word draft (.docx) into an article (`briefpdf import`).

The rules, in the order of the draft:
  - the headline is the paragraph in the Title style; without one, the first Heading 1;
    without one, the first paragraph with text;
  - a Subtitle paragraph right after the headline becomes the article's subheading;
  - headings of any level become section subheadings; other paragraphs stay paragraphs,
    with blanks normalised (empty paragraphs are dropped);
  - a picture becomes a photo, saved next to the issue; the paragraph right after it is
    its caption if it is in the Caption style or starts with 图 or Figure.
What has no place in an article (tables, footnotes, tracked changes, comments, text
boxes, charts and shapes) is listed in `Draft.left_out`, never silently dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.drawing import Drawing
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import nsmap
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from PIL import Image, UnidentifiedImageError

from briefpdf.issue.model import PLACEHOLDER_START, Language
from briefpdf.messages import Message, MessageError, shown

# Style names as python-docx reports them; Chinese names are those WPS writes.
TITLE_STYLES = {"Title", "标题"}
SUBTITLE_STYLES = {"Subtitle", "副标题"}
CAPTION_STYLES = {"Caption", "题注", "Figure"}
HEADING_STYLE = re.compile(r"(Heading|标题)\s*(\d)")
CAPTION_START = re.compile(r"图|Figure|Fig\.", re.IGNORECASE)
# "图1：" and "Figure 2." before a caption are numbering the layout does not use.
CAPTION_LABEL = re.compile(r"(图|Figure|Fig\.)\s*\d+\s*[:：.．、]?\s*", re.IGNORECASE)
CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
# In the language of the issue the article goes into.
NO_CAPTION: dict[Language, str] = {
    "zh": f"{PLACEHOLDER_START['zh']}图片说明）",
    "en": f"{PLACEHOLDER_START['en']} the caption)",
}
TITLE_KINDS = ("title", "heading1")  # where the headline is looked for, in this order

# What python-docx does not model, found with XPath in the XML tree it has parsed: each
# kind of content, and where it sits. Text boxes appear twice in a modern file (the
# drawing and its fallback for old Word); the fallback is skipped.
NOT_IMPORTED_XPATH = {
    "draft_note": ".//w:footnoteReference | .//w:endnoteReference",
    "draft_change": ".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo",
    "draft_comment": ".//w:commentReference",
    "draft_textbox": ".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])]",
    "draft_shape": ".//w:drawing[not(.//pic:pic) and not(.//w:txbxContent)]"
    " | .//*[local-name()='Choice']//pic:pic"
    " | .//w:r/w:pict[not(.//w:txbxContent)]",
    "draft_control": "./w:sdt",
}
NOT_IMPORTED = {kind: etree.XPath(x, namespaces=nsmap) for kind, x in NOT_IMPORTED_XPATH.items()}
ENCLOSING_PARAGRAPH = etree.XPath("ancestor::w:p[1]", namespaces=nsmap)
TEXT = etree.XPath(".//w:t/text() | .//w:delText/text()", namespaces=nsmap)
OWN_TEXT = ("draft_textbox", "draft_control")  # shown by their own text, not their paragraph's


class DraftUnreadable(MessageError):
    """The file is not a Word draft briefpdf can read; `message` says why."""


@dataclass(frozen=True)
class Para:
    """A paragraph's text, and what its style makes it (title, heading, caption, text…)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Picture:
    """A picture of the draft, as JPEG or PNG bytes, not yet saved."""

    data: bytes
    suffix: str  # ".jpg" or ".png"
    caption: str | None = None  # None: the draft gives none


@dataclass(frozen=True)
class LeftOut:
    """Something in the draft that is not in the article: its kind and its text."""

    kind: str  # a message code saying what it is and what to do
    text: str


@dataclass
class Draft:
    """A draft read: the article's parts, in order, and what was left out."""

    headline: str
    subheading: str | None = None
    body: list[str | dict[str, str] | Picture] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def read_draft(path: Path) -> Draft:
    """Read the Word draft at `path` by the rules above."""
    try:
        document = docx.Document(str(path))
    except FileNotFoundError:
        raise DraftUnreadable(Message("file_missing", {"path": path})) from None
    except (PackageNotFoundError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        raise DraftUnreadable(Message("draft_not_docx", {"path": path})) from None
    left_out: list[LeftOut] = []
    items: list[Para | Picture] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            cells = [cell.text for row in block.rows for cell in row.cells if cell.text.strip()]
            left_out.append(LeftOut("draft_table", _snippet(" | ".join(cells))))
        else:
            items.extend(_paragraph_items(block, left_out))
    left_out.extend(_not_imported(document))
    return _article(items, left_out)


def _paragraph_items(paragraph: Paragraph, left_out: list[LeftOut]) -> list[Para | Picture]:
    """A paragraph's text and pictures in order; pictures split its text."""
    kind = _kind(paragraph.style.name if paragraph.style is not None else "")
    pieces: list[str | Drawing] = [""]
    for inner in paragraph.iter_inner_content():
        for item in inner.iter_inner_content() if isinstance(inner, Run) else [inner.text]:
            if isinstance(item, str):
                pieces[-1] = f"{pieces[-1]}{item}"
            elif isinstance(item, Drawing) and item.has_picture:
                pieces += [item, ""]
    items: list[Para | Picture] = []
    for piece in pieces:
        if isinstance(piece, str):
            if text := _normalise(piece):
                items.append(Para(kind, text))
        elif picture := _picture(piece):
            items.append(picture)
        else:
            left_out.append(LeftOut("draft_picture_format", _snippet(paragraph.text)))
    return items


def _kind(style: str) -> str:
    if style in TITLE_STYLES:
        return "title"
    if style in SUBTITLE_STYLES:
        return "subtitle"
    if style in CAPTION_STYLES:
        return "caption"
    if match := HEADING_STYLE.fullmatch(style):
        return "heading1" if match.group(2) == "1" else "heading"
    return "text"


def _picture(drawing: Drawing) -> Picture | None:
    """The picture as JPEG or PNG (other formats converted); None if it can't be read."""
    try:
        data = drawing.image.blob
        with Image.open(io.BytesIO(data)) as image:
            if image.format in ("JPEG", "PNG"):
                return Picture(data, ".jpg" if image.format == "JPEG" else ".png")
            png = io.BytesIO()
            image.save(png, "PNG")  # GIF, BMP, TIFF: PNG keeps them exact
            return Picture(png.getvalue(), ".png")
    except (UnrecognizedImageError, UnidentifiedImageError, OSError, KeyError, ValueError):
        return None  # EMF, WMF (Windows drawings) and the like


def _article(items: list[Para | Picture], left_out: list[LeftOut]) -> Draft:
    texts = [item for item in items if isinstance(item, Para)]
    by_kind = {kind: next((t for t in texts if t.kind == kind), None) for kind in TITLE_KINDS}
    title = by_kind["title"] or by_kind["heading1"] or (texts[0] if texts else None)
    if title is None:
        raise DraftUnreadable(Message("draft_empty"))
    draft = Draft(headline=title.text, left_out=left_out)
    after_title = items.index(title) + 1
    rest = items[: after_title - 1] + items[after_title:]
    index = 0
    while index < len(rest):
        item, index = rest[index], index + 1
        if isinstance(item, Picture):
            following = rest[index] if index < len(rest) else None
            if isinstance(following, Para) and _is_caption(following):
                caption = CAPTION_LABEL.sub("", following.text, count=1) or following.text
                item, index = Picture(item.data, item.suffix, caption), index + 1
            draft.body.append(item)
        elif item.kind == "subtitle" and index == after_title:  # right under the headline
            draft.subheading = item.text
        elif item.kind in ("title", "subtitle", "heading1", "heading"):
            draft.body.append({"subheading": item.text})
        else:
            draft.body.append(item.text)
    if not any(isinstance(block, str | Picture) for block in draft.body):
        raise DraftUnreadable(Message("draft_empty"))
    return draft


def _is_caption(item: Para) -> bool:
    return item.kind == "caption" or CAPTION_START.match(item.text) is not None


def _normalise(text: str) -> str:
    """One space for any run of blanks, none at the ends or between Chinese characters."""
    text = " ".join(text.split())
    return re.sub(rf"(?<={CJK}) (?={CJK})", "", text)


def _snippet(text: str) -> str:
    """What the table of left-out content shows of a text: its start, as it is (`shown`)."""
    text = _normalise(text)
    return shown(text if len(text) <= 40 else text[:39] + "…")


def _not_imported(document: DocxDocument) -> list[LeftOut]:
    """Each kind of content python-docx does not model, once per paragraph, with its text."""
    found: list[LeftOut] = []
    for kind, xpath in NOT_IMPORTED.items():
        seen = set()
        for element in xpath(document.element.body):
            paragraph = ENCLOSING_PARAGRAPH(element)
            # Text boxes and content controls have text of their own; the rest are shown
            # by the paragraph they are in.
            where = element if kind in OWN_TEXT or not paragraph else paragraph[0]
            if where not in seen:
                seen.add(where)
                text = "".join(TEXT(where))
                found.append(LeftOut(kind, _snippet(text)))
    return found


def slug(path: Path) -> str:
    """A file-name stem for the photos of a draft: 会议纪要 (2).docx -> 会议纪要-2."""
    return re.sub(r"\W+", "-", path.stem.lower()).strip("-") or "photo"


def save_article(
    draft: Draft, folder: Path, stem: str, language: Language = "zh"
) -> dict[str, Any]:
    """The article for the issue file in `folder`, an issue in `language`; its photos
    saved to folder/photos.

    Photos are named photos/<stem>-1.jpg, -2.png, …, skipping names already taken, so
    nothing is ever overwritten.
    """
    photos = folder / "photos"
    number = 0
    body: list[Any] = []
    for block in draft.body:
        if not isinstance(block, Picture):
            body.append(block)
            continue
        photos.mkdir(parents=True, exist_ok=True)
        while True:
            number += 1
            name = f"{stem}-{number}{block.suffix}"
            try:
                with (photos / name).open("xb") as file:  # "x": fails if the name is taken
                    file.write(block.data)
                break
            except FileExistsError:
                continue
        body.append({"photo": f"photos/{name}", "caption": block.caption or NO_CAPTION[language]})
        if block.caption is None:
            draft.left_out.append(LeftOut("draft_no_caption", shown(f"photos/{name}")))
    article: dict[str, Any] = {"headline": draft.headline}
    if draft.subheading:
        article["subheading"] = draft.subheading
    article["body"] = body
    return article
