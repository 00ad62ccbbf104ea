"""The issue file, as Pydantic models: what an officer may write and what it means.

Every model is strict about its keys (a misspelt key is an error, not silently
ignored) and every field carries a title and a description in Chinese and English;
`briefpdf schema` turns them into the JSON Schema that editors use to complete and
check issue files as they are typed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
)
from pydantic_core import PydanticCustomError

Language = Literal["zh", "en"]

# `briefpdf new` fills the fields to write with text in this form, in the issue's
# language: “（请填写标题）”, “(Please fill in the headline)”.
PLACEHOLDER_START: dict[Language, str] = {"zh": "（请填写", "en": "(Please fill in"}
# The masthead's title when the issue gives none.
DEFAULT_TITLE: dict[Language, str] = {"zh": "简报", "en": "Bulletin"}


def _not_placeholder(value: str) -> str:
    # A placeholder passes every other rule, so without this it would be printed.
    if value.startswith(tuple(PLACEHOLDER_START.values())):
        raise PydanticCustomError("placeholder", "placeholder text still to be replaced")
    return value


# Text that must say something: surrounding blanks are dropped, then it must not be empty
# nor a placeholder.
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_not_placeholder)
]


# A website is written as people write it, www.lmcc.org.cn or https://…; the PDF links it.
_WEBSITE = re.compile(r"(https?://)?[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?", re.IGNORECASE)


def _website(value: str) -> str:
    # Anything else (javascript:, file:, mailto:) must not become a live link in the PDF.
    if not _WEBSITE.fullmatch(value):
        raise PydanticCustomError("website", "not a website address")
    return value


def _field(title_zh: str, title_en: str, description_zh: str, description_en: str, **kw: Any):
    """A field whose schema title and description are given in both languages."""
    return Field(
        title=f"{title_zh} / {title_en}",
        description=f"{description_zh}\n{description_en}",
        **kw,
    )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Masthead(_Strict):
    """The letterhead at the top of page 1."""

    organisation_zh: Text = _field(
        "单位中文名", "Organisation (Chinese)", "发文单位的中文全称。", "Full name in Chinese."
    )
    organisation_en: Text = _field(
        "单位英文名", "Organisation (English)", "发文单位的英文全称。", "Full name in English."
    )
    title: Text | None = _field(
        "刊名",
        "Bulletin title",
        "红色大标题；省略时中文版为“简报”，英文版为“Bulletin”。",
        "The large red title; when omitted, 简报 in a Chinese edition, Bulletin in an English one.",
        default=None,
    )


class Subheading(_Strict):
    """A section subheading inside an article."""

    subheading: Text = _field(
        "小标题", "Section subheading", "文章内的小标题。", "A subheading inside the article."
    )


class Photo(_Strict):
    """A photo with its caption, kept together on one page."""

    photo: str = _field(
        "图片文件",
        "Photo file",
        "图片路径，相对于本期 JSON 文件所在的文件夹，例如 photos/meeting.jpg。支持 JPEG 和 PNG。",
        "Path of the image, relative to the folder of this JSON file, e.g. photos/meeting.jpg. "
        "JPEG and PNG.",
        min_length=1,
    )
    caption: Text = _field(
        "图片说明", "Caption", "印在图片下方的说明。", "Printed below the photo."
    )
    alt: Text | None = _field(
        "替代文字",
        "Alternative text",
        "为无法看图的读者描述图片内容；省略时使用图片说明。",
        "Describes the photo for readers who cannot see it; the caption is used when omitted.",
        default=None,
    )

    @field_validator("photo")
    @classmethod
    def _relative_inside_folder(cls, value: str) -> str:
        # Issue files travel by e-mail: a photo may only come from the issue's own folder.
        path = PurePosixPath(value.replace("\\", "/"))
        if "://" in value or ":" in path.parts[0] or path.is_absolute() or ".." in path.parts:
            raise PydanticCustomError(
                "photo_outside", "photo must be a relative path inside the issue folder"
            )
        return value


def _body_kind(item: Any) -> str | None:
    """Which kind of body block an item is, from its shape (None: no kind fits)."""
    if isinstance(item, str):
        return "paragraph"
    if isinstance(item, dict):
        for kind in ("photo", "subheading"):
            if kind in item:
                return kind
    if isinstance(item, Photo | Subheading):
        return "photo" if isinstance(item, Photo) else "subheading"
    return None


# A body block is a paragraph (a plain string), a section subheading or a photo.
BodyBlock = Annotated[
    Annotated[Text, Tag("paragraph")]
    | Annotated[Subheading, Tag("subheading")]
    | Annotated[Photo, Tag("photo")],
    Discriminator(
        _body_kind,
        custom_error_type="body_block",
        custom_error_message="a body item is a paragraph string, a subheading or a photo",
    ),
]


class Article(_Strict):
    """One article: a headline and its body."""

    headline: Text = _field("标题", "Headline", "文章标题。", "The article's headline.")
    subheading: Text | None = _field(
        "副标题",
        "Subtitle",
        "标题下方的副标题（可省略）。",
        "Optional line under the headline.",
        default=None,
    )
    body: list[BodyBlock] = _field(
        "正文",
        "Body",
        '按顺序排列的正文：字符串为段落；{"subheading": …} 为小标题；'
        '{"photo": …, "caption": …} 为图片。',
        'The body in order: a string is a paragraph; {"subheading": …} a section subheading; '
        '{"photo": …, "caption": …} a photo.',
        min_length=1,
    )


class Contact(_Strict):
    """The 联系我们 block at the end of the bulletin."""

    organisations: list[Text] = _field(
        "单位",
        "Organisations",
        "联系单位名称，每行一个。",
        "Organisation names, one per line.",
        min_length=1,
    )
    address: Text = _field("地址", "Address", "通信地址。", "Postal address.")
    postcode: Text | None = _field("邮编", "Postcode", "邮政编码。", "Postcode.", default=None)
    telephone: Text | None = _field("电话", "Telephone", "电话号码。", "Telephone.", default=None)
    fax: Text | None = _field("传真", "Fax", "传真号码。", "Fax.", default=None)
    emails: list[Text] = _field(
        "电子邮箱", "E-mail addresses", "电子邮箱地址。", "E-mail addresses.", default_factory=list
    )
    website: Annotated[Text, AfterValidator(_website)] | None = _field(
        "网址",
        "Website",
        "网站地址，例如 http://www.lmcc.org.cn/。",
        "Website address.",
        default=None,
    )
    wechat: Text | None = _field(
        "微信公众号",
        "WeChat account",
        "微信公众号名称。",
        "WeChat official account.",
        default=None,
    )


class Distribution(_Strict):
    """The closing block (版记) of a bulletin: who receives it and how many copies."""

    report_to: Text | None = _field(
        "报", "Reported to", "“报”送单位。", "Superior bodies (报).", default=None
    )
    send_to: Text | None = _field(
        "送", "Sent to", "“送”达单位。", "Peer bodies (送).", default=None
    )
    issue_to: Text | None = _field(
        "发", "Issued to", "“发”至单位。", "Subordinate bodies (发).", default=None
    )
    copies: int | None = _field(
        "印数", "Copies", "共印份数。", "Number of printed copies.", default=None, gt=0, strict=True
    )


class Issue(_Strict):
    """One issue of the bulletin."""

    schema_url: str | None = _field(
        "结构说明文件",
        "JSON Schema",
        "编辑器据以补全和检查本文件的 schema.json 的路径（可省略）。",
        "Path of the schema.json editors use to complete and check this file (optional).",
        default=None,
        alias="$schema",
    )
    layout: Literal["jianbao"] = _field(
        "版式",
        "Layout",
        "使用的版式（layouts/ 下的文件夹名）。",
        "Folder name under layouts/.",
        default="jianbao",
    )
    language: Language = _field(
        "语言",
        "Language",
        "本期的语言：zh 为中文版（默认），en 为英文版。",
        "The edition's language: zh for Chinese (the default), en for English.",
        default="zh",
    )
    masthead: Masthead = _field("报头", "Masthead", "第一页顶部的报头。", "Letterhead on page 1.")
    year: int = _field(
        "年份",
        "Year",
        "本期所属年份，例如 2023。",
        "Year of the issue.",
        ge=1900,
        le=2999,
        strict=True,  # "2023" in quotes or true is a slip to point out, not to guess at
    )
    number: int = _field(
        "期号",
        "Issue number",
        "当年第几期，从 1 开始。",
        "Issue number within the year, from 1.",
        ge=1,
        strict=True,
    )
    date: dt.date = _field(
        "日期",
        "Date",
        "出版日期，格式 YYYY-MM-DD，例如 2023-04-25。",
        "Publication date, YYYY-MM-DD.",
    )
    articles: list[Article] = _field(
        "文章", "Articles", "本期的文章，至少一篇。", "At least one article.", min_length=1
    )
    contact: Contact = _field("联系我们", "Contact", "“联系我们”栏目。", "The contact block.")
    about: Text = _field(
        "中心简介", "About", "期末的单位简介段落。", "The 'about the centre' paragraph at the end."
    )
    distribution: Distribution | None = _field(
        "版记",
        "Distribution",
        "期末的报、送、发和印数（可省略）。",
        "Optional closing block.",
        default=None,
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def title(self) -> str:
        """The title as printed: the masthead's, else that of the edition's language."""
        return self.masthead.title or DEFAULT_TITLE[self.language]
