"""Options that several commands share."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from briefpdf.engine.profiles import DEFAULT_MAX_SIZE, Profile, parse_size
from briefpdf.messages import current_language, human_size, say

IssuesArgument = Annotated[
    list[Path],
    typer.Argument(
        help="期刊 JSON 文件，或多个文件、文件夹 / The issue's JSON file, or several, or folders.",
        metavar="ISSUE",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="zh|en",
        help="消息语言 zh 或 en / Language of messages: zh or en.",
        show_default=False,
    ),
]


def whole_number(code: str, low: int, high: int) -> Callable[[str | int], int]:
    """A parser of a whole number from `low` to `high`, which says `code` of anything else
    (in the officer's language, where Typer would print a range such as [x>=1] in --help
    and refuse in English)."""

    def parse(value: str | int) -> int:
        value = str(value)  # the default comes as it is
        if re.fullmatch(r"\d{1,6}", value) and low <= int(value) <= high:
            return int(value)
        raise typer.BadParameter(say(code, current_language(), value=value))

    return parse


def seconds(value: str | float) -> float:
    """A number of seconds from 0, such as 2 or 0.5 (said in the officer's language)."""
    value = str(value)  # the default comes as it is
    if re.fullmatch(r"\d{1,6}(\.\d{1,6})?", value):
        return float(value)
    raise typer.BadParameter(say("bad_seconds", current_language(), value=value))


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
# `mail` refuses what `build` only warns about: a message over the limit may not arrive.
MailMaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=_size,
        metavar="SIZE",
        show_default=False,
        help=f"邮件版超过此大小时不寄出，例如 2MB；默认为 {human_size(DEFAULT_MAX_SIZE)}。 "
        f"Send nothing if an e-mail copy is larger than this, e.g. 2MB; "
        f"default: {human_size(DEFAULT_MAX_SIZE)}.",
    ),
]
