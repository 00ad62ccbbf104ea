"""`briefpdf new`: the next issue, started from the previous one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console, fail, writing
from briefpdf.messages import ExitCode, Lang, current_language, say

if TYPE_CHECKING:  # scaffold is loaded when a command runs, not for --help
    from briefpdf.authoring.scaffold import NextIssue


def start_next_issue(folder: Path | None, previous: Path | None, lang: Lang) -> NextIssue:
    """The next issue and where it goes, said in the terminal; for `new` and `import`."""
    from briefpdf.authoring import scaffold

    try:
        with writing(folder or Path("issues"), lang):  # the schema.json it may write
            started = scaffold.start_next_issue(folder, previous, dt.date.today())
    except scaffold.NoPreviousIssue as error:
        fail(error.message, lang, ExitCode.USAGE)
    except scaffold.IssueExists as error:
        fail(error.message, lang, ExitCode.OUTPUT_FAILED)
    console.print(escape(say("continuing", lang, previous=started.previous)), highlight=False)
    if started.schema_written:
        console.print(escape(say("schema_beside", lang, path=started.schema_written)))
    return started


def new(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="新一期所在的文件夹；默认为上一期所在的文件夹，或 issues。 "
            "Folder of the new issue; default: that of --from, else issues.",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="上一期的 JSON 文件；默认为文件夹中年份和期号最大的一期。 "
            "The previous issue; default: the newest in the folder.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """从上一期开始新的一期。 Start the next issue from the previous one."""
    from briefpdf.authoring.scaffold import issue_json
    from briefpdf.build.output import write_atomically

    language = current_language(lang)
    started = start_next_issue(folder, previous, language)
    with writing(started.path, language):
        write_atomically(started.path, issue_json(started.data).encode("utf-8"))
    values = {"path": started.path, **started.data}
    console.print(f"[green]{escape(say('new_created', language, **values))}", highlight=False)
    console.print(escape(say("new_next", language, path=started.path)), highlight=False)
