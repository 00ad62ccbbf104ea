"""The Chinese and the English edition of one issue, compared.

A translation that dropped a photo, a paragraph or a subheading, or changed a date or a
telephone number, should be caught before the two editions are sent. Where their
structures differ is reported as warnings (the build goes on: the officer decides), each
located in the English file, the one usually written from the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from briefpdf.issue.loader import locate, read_text
from briefpdf.issue.model import Article, Issue, Photo, Subheading
from briefpdf.issue.problems import IssueProblems, Problem
from briefpdf.messages import Message

# Contact details that do not change with the language.
SHARED_CONTACT = ("postcode", "telephone", "fax", "emails", "website", "wechat")


@dataclass(frozen=True)
class Edition:
    path: Path
    issue: Issue


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


def differences(zh: Edition, en: Edition) -> IssueProblems | None:
    """Where the English edition's structure differs from the Chinese one's, located in
    the English file; None when they agree."""
    found = list(_differences(zh.issue, en.issue))
    if not found:
        return None
    source = read_text(en.path)
    return IssueProblems(en.path, locate(source, found), source)


def _differences(zh: Issue, en: Issue):
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


def _article_differences(where: str, zh: Article, en: Article):
    zh_photos, en_photos = _photos(zh), _photos(en)
    for photo in zh_photos:
        if photo not in en_photos:
            yield Problem(Message("edition_photo_zh_only", {"photo": photo}), f"{where}.body")
    for photo in en_photos:
        if photo not in zh_photos:
            yield Problem(Message("edition_photo_en_only", {"photo": photo}), f"{where}.body")
    if zh_photos != en_photos and sorted(zh_photos) == sorted(en_photos):
        yield Problem(Message("edition_photo_order"), f"{where}.body")
    for kind, message in ((str, "edition_paragraphs"), (Subheading, "edition_subheadings")):
        zh_count = sum(isinstance(block, kind) for block in zh.body)
        en_count = sum(isinstance(block, kind) for block in en.body)
        if zh_count != en_count:
            yield _differ(f"{where}.body", message, zh_count, en_count)
    if (zh.subheading is None) != (en.subheading is None):
        which = Message("edition_zh" if zh.subheading else "edition_en")
        yield Problem(Message("edition_subtitle", {"which": which}), f"{where}.subheading")
    elif _kinds(zh) != _kinds(en) and zh_photos == en_photos:
        # Same parts, another order: a photo set beside another paragraph, say.
        yield Problem(Message("edition_order"), f"{where}.body")


def _photos(article: Article) -> list[str]:
    return [block.photo for block in article.body if isinstance(block, Photo)]


def _kinds(article: Article) -> list[str]:
    return [type(block).__name__ for block in article.body]


def _text(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "—"
    return "—" if value is None else str(value)


def _differ(where: str, code: str, zh: object, en: object) -> Problem:
    return Problem(Message(code, {"zh": zh, "en": en}), where)
