"""`briefpdf new`: the next issue, started from the previous one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption, whole_number
from briefpdf.cli.terminal import console, fail, pasteable, program, tell, writing
from briefpdf.messages import ExitCode, Lang, current_language, say

if TYPE_CHECKING:  # scaffold is loaded when a command runs, not for --help
    from briefpdf.authoring.scaffold import NextIssue


def start_next_issue(
    folder: Path | None,
    previous: Path | None,
    lang: Lang,
    year: int | None = None,
    number: int | None = None,
    date: dt.date | None = None,
) -> NextIssue:
    """The next issue and where it goes, said in the terminal; for `new` and `import`."""
    from briefpdf.authoring import scaffold

    asked = scaffold.Asked(year, number, date)
    try:
        with writing(folder or Path("issues"), lang):  # the schema.json it may write
            started = scaffold.start_next_issue(folder, previous, dt.date.today(), asked)
    except scaffold.NoPreviousIssue as error:
        fail(error.message, lang, ExitCode.USAGE)
    except scaffold.IssueExists as error:
        fail(error.message, lang, ExitCode.OUTPUT_FAILED)
    console.print(escape(say("continuing", lang, previous=started.previous)), highlight=False)
    if started.schema_written:
        console.print(escape(say("schema_beside", lang, path=started.schema_written)))
    return started


def _date(value: str) -> dt.date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise typer.BadParameter(say("bad_new_date", current_language(), value=value))


def new(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="新一期所在的文件夹；默认为上一期所在的文件夹，或 issues。 "
            "Folder of the new issue; default: that of --from, else issues.",
            show_default=False,
            metavar="FOLDER",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="上一期的 JSON 文件；默认为文件夹中年份和期号最大的一期。 "
            "The previous issue; default: the newest in the folder.",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            parser=whole_number("bad_new_year", 1900, 2999),
            metavar="YEAR",
            help="新一期的年份；默认为上一期的年份（跨入新年时为今年）。 "
            "The new issue's year; default: the previous issue's (this year once it has begun).",
        ),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            "--number",
            parser=whole_number("bad_new_number", 1, 9999),
            metavar="N",
            help="新一期的期号；默认为该年最新一期的下一号。 "
            "The new issue's number; default: the one after the newest of its year.",
        ),
    ] = None,
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date",
            parser=_date,
            metavar="YYYY-MM-DD",
            help="出版日期；默认为今天。 The date of publication; default: today.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """从上一期开始新的一期。 Start the next issue from the previous one."""
    from briefpdf.authoring.scaffold import issue_json
    from briefpdf.build.output import write_atomically

    language = current_language(lang)
    started = start_next_issue(folder, previous, language, year, number, date)
    with writing(started.path, language):
        write_atomically(started.path, issue_json(started.data).encode("utf-8"))
    tell_started(started, folder, previous, language)
    tell(console, say("new_next", language, path=pasteable(started.path), program=program()))


def tell_started(
    started: NextIssue, folder: Path | None, previous: Path | None, lang: Lang
) -> None:
    """Which issue was started, and why that one; for `new` and `import`. When briefpdf
    began a new year by itself, the command that continues the previous year instead."""
    values = {"path": started.path, "why": started.why, **started.data}
    console.print(f"[green]{escape(say('new_created', lang, **values))}", highlight=False)
    if started.why.code == "new_why_new_year":
        again = [program(), "new", *([pasteable(folder)] if folder else [])]
        again += ["--from", pasteable(previous)] if previous else []
        last_year = started.why.values["previous_year"]
        command = " ".join([*again, "--year", str(last_year)])
        values = {"previous_year": last_year, "path": started.path, "command": command}
        tell(console, say("new_other_year", lang, **values), "yellow")
