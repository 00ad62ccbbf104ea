"""The tags of the e-mail copy as a screen reader meets them (engine/tagging.py, and
WeasyPrint's PDF/UA-1): each element's type, text, alternative text and language, read
back from the built PDF through its structure tree and the marked content it points at."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfplumber.structure import PDFStructElement, PDFStructTree

from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Article, Issue, Photo, Subheading


@dataclass(frozen=True)
class Tag:
    type: str
    text: str  # the text it marks, without blanks and hyphens
    alt: str
    lang: str
    pages: frozenset[int]  # where its text is
    children: tuple[Tag, ...]


def words(text: str) -> str:
    # Line breaks add no characters but an English line may end in a hyphen it adds.
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def tags_of(path: Path) -> list[Tag]:
    """The structure tree of the PDF at `path`, from its /Document down."""
    with pdfplumber.open(path) as pdf:
        text: dict[tuple[int, int], str] = {}
        for page in pdf.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (page.page_number, char["mcid"])
                    text[key] = text.get(key, "") + char["text"]

        def tag(element: PDFStructElement) -> Tag:
            marked = list(element.all_mcids())
            return Tag(
                element.type,
                words("".join(text.get(key, "") for key in marked)),
                element.alt_text or "",
                element.lang or "",
                frozenset(page for page, _ in marked if text.get((page, _))),
                tuple(tag(child) for child in element.children if child.type != "Span"),
            )

        (document,) = PDFStructTree(pdf)
        return [tag(document)]


def read_aloud(article: Article) -> list[tuple[str, str]]:
    """An article as it should be read: its headline, subtitle and body, in order."""
    parts = [("H2", article.headline)]
    if article.subheading:
        parts.append(("P", article.subheading))
    for block in article.body:
        if isinstance(block, Photo):
            parts += [("Figure", block.alt or block.caption), ("Caption", block.caption)]
        elif isinstance(block, Subheading):
            parts.append(("H3", block.subheading))
        else:
            parts.append(("P", block))
    return [(kind, words(text)) for kind, text in parts]


def as_read(article: Tag) -> list[tuple[str, str]]:
    """A tagged article's parts in reading order; a figure's picture by its alternative text."""
    parts = []
    for child in article.children:
        if child.type == "NonStruct":  # <figure>: its picture and its caption
            parts += as_read(child)
        else:
            parts.append((child.type, words(child.alt) if child.type == "Figure" else child.text))
    return parts


def without_photos(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [part for part in parts if part[0] not in ("Figure", "Caption")]


@pytest.mark.parametrize("edition", ["zh", "en"])
def test_the_email_copy_reads_aloud_as_the_issue_is_written(
    edition: str,
    sample_pdf: Path,
    sample_issue: Issue,
    english_pdf: Path,
    english_issue: Issue,
) -> None:
    path, issue = (sample_pdf, sample_issue) if edition == "zh" else (english_pdf, english_issue)
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert pdf.Root.MarkInfo.Marked
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        # The document's language is the issue's: zh-CN, en-GB.
        assert str(pdf.Root.Lang).split("-")[0] == issue.language
    (document,) = tags_of(path)
    masthead, *articles, contact, about = document.children
    assert [t.type for t in masthead.children] == ["P", "P", "H1", "P", "P"]
    assert masthead.children[2].text == words(issue.title)
    # The organisation's name in the other language says so, for the reader's voice.
    other_name = masthead.children[1]
    if issue.language == "zh":
        assert (other_name.text, other_name.lang) == (words(issue.masthead.organisation_en), "en")
    else:
        assert (other_name.text, other_name.lang) == (
            words(issue.masthead.organisation_zh),
            "zh-CN",
        )
    # One element per article, however many pages it takes, and in it the headline,
    # paragraphs, subheadings and photos in the order of the issue (placement may set a
    # photo a paragraph later than written, so photos are compared among themselves).
    assert [t.type for t in articles] == ["Art"] * len(issue.articles)
    for tagged, article in zip(articles, issue.articles, strict=True):
        assert without_photos(as_read(tagged)) == without_photos(read_aloud(article))
        photos = [part for part in as_read(tagged) if part[0] in ("Figure", "Caption")]
        assert photos == [part for part in read_aloud(article) if part[0] in ("Figure", "Caption")]
    assert [contact.type, contact.children[0].type, about.type] == ["Sect", "H2", "Sect"]
    assert about.children[0].text == words(issue.about)


def test_a_paragraph_cut_by_a_page_is_one_paragraph(make_issue, tmp_path: Path) -> None:
    paragraphs = ["澜湄环境合作持续深化，各方围绕绿色低碳发展开展交流与合作。" * 14] * 4
    articles = [{"headline": f"第{n}篇", "body": paragraphs} for n in (1, 2)]
    issue_file = make_issue(articles=articles)
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(load_issue(issue_file), issue_file.parent).data)

    (document,) = tags_of(path)
    tagged = [t for t in document.children if t.type == "Art"]
    assert len(tagged) == 2
    for article in tagged:
        assert [t.type for t in article.children] == ["H2", "P", "P", "P", "P"]
        assert [t.text for t in article.children[1:]] == [words(p) for p in paragraphs]
    # Some of them run over a page break, which WeasyPrint alone tags as two.
    assert any(len(p.pages) == 2 for article in tagged for p in article.children)
    assert len({page for article in tagged for page in article.pages}) >= 4
