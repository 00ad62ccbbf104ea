"""The `briefpdf` command.

Exit codes, which scripts may rely on:
  0  success
  1  an unexpected internal error (a bug in briefpdf: please report it)
  2  the command line is wrong (unknown option, missing argument)
  3  the issue file has problems; nothing was written
  4  typesetting failed; nothing was written
  5  the PDF could not be written (folder not writable, or the target is not a PDF)
  130 interrupted (Ctrl-C or SIGTERM); nothing was written
"""

from __future__ import annotations

import enum
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from briefpdf.messages import Lang, Message, current_language, human_size, say

if TYPE_CHECKING:
    from briefpdf.loader import IssueProblems

app = typer.Typer(
    help="把一期简报的 JSON 文件排成可印刷的 PDF。\n\n"
    "Typeset one issue of the bulletin 简报 from its JSON file into a print-quality PDF.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


class ExitCode(enum.IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    INVALID_ISSUE = 3
    RENDER_FAILED = 4
    OUTPUT_FAILED = 5
    INTERRUPTED = 130


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", help="消息语言 zh 或 en / Language of messages: zh or en.", show_default=False
    ),
]


def _sigterm_as_interrupt(signum: int, frame: object) -> NoReturn:
    # A killed build unwinds like Ctrl-C, so temporary files are removed on the way out.
    raise KeyboardInterrupt


def show_problems(error: IssueProblems, lang: Lang) -> None:
    """All problems of an issue file, in one table, with a caret under a syntax error."""
    errors.print(f"[bold red]{say('n_problems', lang, path=error.path, count=len(error.problems))}")
    table = Table(show_lines=True)
    for header in ("col_where", "col_line", "col_found", "col_fix"):
        table.add_column(say(header, lang), overflow="fold")
    for problem in error.problems:
        position = (
            f"{problem.line}:{problem.column}"
            if problem.line and problem.column
            else (str(problem.line) if problem.line else "")
        )
        table.add_row(
            problem.where or "—", position, problem.found or "", problem.message.text(lang)
        )
    errors.print(table)
    first = error.problems[0]
    if (
        error.source
        and len(error.problems) == 1
        and first.line
        and first.column
        and not first.where
    ):
        line = (
            error.source.splitlines()[first.line - 1]
            if first.line <= len(error.source.splitlines())
            else ""
        )
        errors.print(f"{first.line:>5} | {line}", markup=False, highlight=False)
        errors.print(" " * 8 + " " * (first.column - 1) + "^", markup=False, highlight=False)


def fail(message: Message, lang: Lang, code: ExitCode) -> NoReturn:
    errors.print(f"[bold red]{message.text(lang)}")
    raise typer.Exit(code)


@app.command()
def check(
    issue_file: Annotated[Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.")],
    lang: LangOption = None,
) -> None:
    """检查期刊文件，不生成 PDF。 Check an issue file without typesetting it."""
    from briefpdf.loader import IssueProblems, load_issue  # pydantic: not for --help

    language = current_language(lang)
    try:
        load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None
    console.print(f"[green]{say('check_ok', language, path=issue_file)}")


@app.command()
def build(
    issue_file: Annotated[Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="PDF 的路径；默认为 out/简报-2023年第1期.pdf。 "
            "Where the PDF goes; default out/<title>-<year>年第<number>期.pdf.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """把期刊文件排成 PDF。 Typeset an issue file into a PDF."""
    from briefpdf.loader import IssueProblems, load_issue  # pydantic: not for --help

    language = current_language(lang)
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        issue = load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None

    from briefpdf import render  # WeasyPrint takes a while to import; only builds need it
    from briefpdf.output import default_output, is_safe_to_replace, write_atomically

    target = output or default_output(issue)
    if not is_safe_to_replace(target):
        fail(Message("output_not_pdf", {"path": target}), language, ExitCode.OUTPUT_FAILED)
    if not render.has_fast_subsetting():
        errors.print(f"[yellow]{say('no_harfbuzz_subset', language)}")
    try:
        with console.status("排版中… / Typesetting…"):
            try:
                pdf = render.render_pdf(issue, issue_file.parent)
            except render.RenderError as error:
                fail(Message("render_failed", {"detail": error}), language, ExitCode.RENDER_FAILED)
        try:
            write_atomically(target, pdf.data)
        except OSError as error:
            fail(
                Message("output_unwritable", {"path": target, "reason": error.strerror or error}),
                language,
                ExitCode.OUTPUT_FAILED,
            )
    except KeyboardInterrupt:
        fail(Message("interrupted"), language, ExitCode.INTERRUPTED)
    size = human_size(len(pdf.data))
    console.print(f"[green]{say('built', language, path=target, pages=pdf.pages, size=size)}")


def main() -> None:
    """The console script: an unexpected error is reported plainly, never as a traceback."""
    try:
        app()
    except Exception:
        log = Path(tempfile.gettempdir()) / "briefpdf-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        errors.print(f"[bold red]{say('internal_error', current_language(), log=log)}")
        sys.exit(ExitCode.INTERNAL)
