"""Options that several commands share."""

from __future__ import annotations

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
        show_default=human_size(DEFAULT_MAX_SIZE),
        help="邮件版超过此大小时发出警告，例如 5MB。 "
        "Warn when the e-mail copy is larger than this, e.g. 5MB.",
    ),
]
# `mail` refuses what `build` only warns about: a message over the limit may not arrive.
MailMaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=_size,
        metavar="SIZE",
        show_default=human_size(DEFAULT_MAX_SIZE),
        help="邮件版超过此大小时不寄出，例如 5MB。 "
        "Send nothing if an e-mail copy is larger than this, e.g. 5MB.",
    ),
]
