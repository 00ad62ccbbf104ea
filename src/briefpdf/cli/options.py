"""Options that several commands share."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

import typer

from briefpdf.engine.profiles import DEFAULT_MAX_SIZE, Profile, parse_size
from briefpdf.messages import current_language, human_size, say

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="zh|en",
        help="消息语言 zh 或 en / Language of messages: zh or en.",
        show_default=False,
    ),
]


def whole_number(code: str, low: int, high: int) -> Callable[[str], int]:
    """A parser of a whole number from `low` to `high`, which says `code` of anything else
    (in the officer's language, where Typer would print a range such as [x>=1] in --help
    and refuse in English)."""

    def parse(value: str) -> int:
        digits = re.fullmatch(r"\d{1,6}", value)
        if digits and low <= int(value) <= high:
            return int(value)
        raise typer.BadParameter(say(code, current_language(), value=value))

    return parse


def _size(value: str) -> int:
    try:
        return parse_size(str(value))
    except ValueError:
        raise typer.BadParameter(say("bad_size", current_language(), value=value)) from None


ProfileOption = Annotated[
    Profile,
    typer.Option(
        "--for",
        metavar="email|archive",
        help="email：适合邮件发送的小文件；archive：PDF/A-3 存档版，内含期刊文件和原始图片。 "
        "email: a small file to send; archive: PDF/A-3 carrying the issue file and "
        "original photos.",
    ),
]
MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=_size,
        metavar="SIZE",
        show_default=False,
        help=f"邮件版超过此大小时发出警告，例如 2MB；默认为 {human_size(DEFAULT_MAX_SIZE)}。 "
        f"Warn when the e-mail copy is larger than this, e.g. 2MB; "
        f"default: {human_size(DEFAULT_MAX_SIZE)}.",
    ),
]
