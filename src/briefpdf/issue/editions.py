"""The Chinese and the English edition of one issue, compared.

A translation that dropped a photo, a paragraph or a subheading, or changed a date or a
telephone number, should be caught before the two editions are sent. Where their
structures differ is reported as warnings (the build goes on: the officer decides), each
with the line in each file where to look: for a body that differs, the first block at
which the two bodies part ways.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefpdf.issue.loader import locate, read_text
from briefpdf.issue.model import Article, Issue, Photo, Subheading
from briefpdf.issue.problems import Problem, where_in_words
from briefpdf.messages import Lang, Message

# Contact details that do not change with the language.
SHARED_CONTACT = ("postcode", "telephone", "fax", "emails", "website", "wechat")


@dataclass(frozen=True)
class Edition:
    path: Path
    issue: Issue


@dataclass(frozen=True)
class Difference:
    """One difference: what it is, the JSON path shown, and where to look in each file
    (`zh` and `en` are the same message located in the Chinese and the English file)."""

    where: str
    zh: Problem
    en: Problem


@dataclass(frozen=True)
class EditionDifferences:
    """Where the English edition `en` departs from the Chinese edition `zh`."""

    zh: Path
    en: Path
    differences: list[Difference]

    def rows(self, lang: Lang) -> list[tuple[str, str, str, str]]:
        """As the rows of the warning table: where (in words, then the JSON path),
        line:column in the Chinese file and in the English one, what differs."""
        return [
            (where_in_words(d.where, lang), d.zh.place, d.en.place, d.zh.message.text(lang))
            for d in self.differences
        ]


def pairs(editions: list[Edition]) -> list[tuple[Edition, Edition]]:
    """The (Chinese, English) editions of each year and number that has exactly one of each.

    Two files of one language and number are another matter, refused by the build."""
    by_number: dict[tuple[int, int], dict[str, list[Edition]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for edition in editions:
        issue = edition.issue
        by_number[(issue.year, issue.number)][issue.language].append(edition)
    return [
        (languages["zh"][0], languages["en"][0])
        for _, languages in sorted(by_number.items())
        if len(languages["zh"]) == 1 and len(languages["en"]) == 1
    ]


@dataclass(frozen=True)
class _Found:
    message: Message
    where: str  # shown
    zh_where: str  # the most precise place in each file
    en_where: str


def differences(zh: Edition, en: Edition) -> EditionDifferences | None:
    """Where the English edition's structure differs from the Chinese one's; None when
    they agree."""
    found = list(_differences(zh.issue, en.issue))
    if not found:
        return None
    in_zh = locate(read_text(zh.path), [Problem(f.message, f.zh_where) for f in found])
    in_en = locate(read_text(en.path), [Problem(f.message, f.en_where) for f in found])
    located = [Difference(f.where, z, e) for f, z, e in zip(found, in_zh, in_en, strict=True)]
    return EditionDifferences(zh.path, en.path, located)


def _differences(zh: Issue, en: Issue) -> Iterator[_Found]:
    if zh.date != en.date:
        yield _differ("date", "edition_date", zh.date, en.date)
    if len(zh.articles) != len(en.articles):
        yield _differ("articles", "edition_articles", len(zh.articles), len(en.articles))
    for index, (zh_article, en_article) in enumerate(zip(zh.articles, en.articles, strict=False)):
        yield from _article_differences(f"articles[{index}]", zh_article, en_article)
    if len(zh.contact.organisations) != len(en.contact.organisations):
        count = (len(zh.contact.organisations), len(en.contact.organisations))
        yield _differ("contact.organisations", "edition_organisations", *count)
    for key in SHARED_CONTACT:
        zh_value, en_value = getattr(zh.contact, key), getattr(en.contact, key)
        if zh_value != en_value:
            yield _differ(f"contact.{key}", "edition_contact", _text(zh_value), _text(en_value))


def _article_differences(where: str, zh: Article, en: Article) -> Iterator[_Found]:
    body = f"{where}.body"
    zh_photos, en_photos = _photos(zh), _photos(en)
    for index, photo in _photo_blocks(zh):
        if photo not in en_photos:
            message = Message("edition_photo_zh_only", {"photo": photo})
            yield _Found(message, body, f"{body}[{index}]", body)
    for index, photo in _photo_blocks(en):
        if photo not in zh_photos:
            message = Message("edition_photo_en_only", {"photo": photo})
            yield _Found(message, body, body, f"{body}[{index}]")
    # The bodies as sequences of kinds of block; where they part ways is where to look.
    zh_kinds, en_kinds = _kinds(zh), _kinds(en)
    parting = next(
        (i for i, (a, b) in enumerate(zip(zh_kinds, en_kinds, strict=False)) if a != b),
        min(len(zh_kinds), len(en_kinds)),
    )
    at_parting = (
        f"{body}[{min(parting, len(zh_kinds) - 1)}]",
        f"{body}[{min(parting, len(en_kinds) - 1)}]",
    )
    counts_differ = False
    for kind, code in ((_PARAGRAPH, "edition_paragraphs"), (_SUBHEADING, "edition_subheadings")):
        zh_count, en_count = zh_kinds.count(kind), en_kinds.count(kind)
        if zh_count != en_count:
            counts_differ = True
            yield _Found(Message(code, {"zh": zh_count, "en": en_count}), body, *at_parting)
    if zh_photos != en_photos and sorted(zh_photos) == sorted(en_photos):
        yield _Found(Message("edition_photo_order"), body, *at_parting)
    elif zh_photos == en_photos and not counts_differ and zh_kinds != en_kinds:
        # The same blocks in another order: a subheading or a photo a paragraph away.
        yield _Found(Message("edition_order"), body, *at_parting)
    if (zh.subheading is None) != (en.subheading is None):
        which = Message("edition_zh" if zh.subheading else "edition_en")
        subtitle = f"{where}.subheading"
        # In the file without a subtitle, the article that lacks it.
        yield _Found(
            Message("edition_subtitle", {"which": which}),
            subtitle,
            subtitle if zh.subheading else where,
            subtitle if en.subheading else where,
        )


def _photo_blocks(article: Article) -> list[tuple[int, str]]:
    return [(i, block.photo) for i, block in enumerate(article.body) if isinstance(block, Photo)]


def _photos(article: Article) -> list[str]:
    return [photo for _, photo in _photo_blocks(article)]


_PARAGRAPH, _SUBHEADING = ("paragraph",), ("subheading",)


def _kinds(article: Article) -> list[tuple[str, ...]]:
    """The kind of each block of the body; a photo is known by its file."""
    return [
        ("photo", block.photo)
        if isinstance(block, Photo)
        else _SUBHEADING
        if isinstance(block, Subheading)
        else _PARAGRAPH
        for block in article.body
    ]


def _text(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "—"
    return "—" if value is None else str(value)


def _differ(where: str, code: str, zh: object, en: object) -> _Found:
    return _Found(Message(code, {"zh": zh, "en": en}), where, where, where)
