"""The `briefpdf` command.

Exit codes, which scripts may rely on:
  0  success
  1  an unexpected internal error (a bug in briefpdf: please report it)
  2  the command line is wrong (unknown option, missing argument)
  3  the issue file has problems; nothing was written
  4  typesetting failed; nothing was written
  5  the PDF could not be written (folder not writable, or the target is not a PDF)
  130 interrupted (Ctrl-C or SIGTERM); nothing was written

A batch (`build` of a folder or of several files) goes on when one issue fails and exits
with the smallest code among the failures: 1 if briefpdf failed on any issue, else 3 if
any issue file has problems (or two issues share a year and number), else 4 if any
typesetting failed, else 5.
"""

from __future__ import annotations

import enum
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from briefpdf.loader import IssueProblems, load_issue
from briefpdf.messages import Lang, Message, current_language, human_size, say

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
    language = current_language(lang)
    try:
        load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None
    console.print(f"[green]{say('check_ok', language, path=issue_file)}")


@app.command()
def build(
    issue_files: Annotated[
        list[Path],
        typer.Argument(
            help="期刊 JSON 文件，或多个文件、文件夹 / The issue's JSON file, or several, or folders.",
            metavar="ISSUE",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="PDF 的路径；默认为 out/简报-2023年第1期.pdf。一次生成多期时为输出文件夹（默认 out/）。 "
            "Where the PDF goes; default out/<title>-<year>年第<number>期.pdf. "
            "For several issues, the output folder (default out/).",
        ),
    ] = None,
    png: Annotated[
        bool,
        typer.Option(
            "--png",
            help="同时在 PDF 旁生成第 1 页的 PNG 图片。 Also write page 1 as a PNG next to the PDF.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="多期：内容没有变化的也重新生成。 Batch: rebuild issues that are up to date.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="多期：同时排版的期数，默认为核数。 Batch: issues set at once; default: cores.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """把期刊文件排成 PDF，也可一次排多期。 Typeset an issue file into a PDF, or several at once."""
    language = current_language(lang)
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    from briefpdf import batch
    from briefpdf.output import DEFAULT_OUT_DIR

    if batch.is_batch(issue_files):
        out_dir = output or DEFAULT_OUT_DIR
        try:
            code = batch.build_batch(
                issue_files,
                out_dir,
                png=png,
                force=force,
                jobs=jobs or os.cpu_count() or 1,
                lang=language,
            )
        except KeyboardInterrupt:
            fail(Message("interrupted"), language, ExitCode.INTERRUPTED)
        raise typer.Exit(code)
    issue_file = issue_files[0]
    try:
        issue = load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None

    from briefpdf import render  # WeasyPrint takes a while to import; only builds need it
    from briefpdf.output import default_output, is_safe_to_replace, write_atomically
    from briefpdf.pageimage import PNG_SIGNATURE, first_page_png, png_path

    target = output or default_output(issue)
    picture = png_path(target)
    if not is_safe_to_replace(target):
        fail(Message("output_not_pdf", {"path": target}), language, ExitCode.OUTPUT_FAILED)
    if png and not is_safe_to_replace(picture, PNG_SIGNATURE):
        fail(Message("output_not_png", {"path": picture}), language, ExitCode.OUTPUT_FAILED)
    if not render.has_fast_subsetting():
        errors.print(f"[yellow]{say('no_harfbuzz_subset', language)}")
    try:
        with console.status("排版中… / Typesetting…"):
            try:
                pdf = render.render_pdf(issue, issue_file.parent)
            except render.RenderError as error:
                fail(Message("render_failed", {"detail": error}), language, ExitCode.RENDER_FAILED)
        written = target
        try:
            write_atomically(target, pdf.data)
            if png:
                written = picture
                write_atomically(picture, first_page_png(pdf.data))
        except OSError as error:
            fail(
                Message("output_unwritable", {"path": written, "reason": error.strerror or error}),
                language,
                ExitCode.OUTPUT_FAILED,
            )
    except KeyboardInterrupt:
        fail(Message("interrupted"), language, ExitCode.INTERRUPTED)
    size = human_size(len(pdf.data))
    console.print(f"[green]{say('built', language, path=target, pages=pdf.pages, size=size)}")
    if png:
        console.print(f"[green]{escape(say('png_built', language, path=picture))}")


@app.command()
def index(
    folder: Annotated[
        Path, typer.Argument(help="存放 PDF 的文件夹 / The folder of the PDFs.")
    ] = Path("out"),
    lang: LangOption = None,
) -> None:
    """为文件夹中的简报编写目录 index.html 和 index.csv。 Catalogue the bulletins in a folder."""
    from briefpdf.catalogue import catalogue, write_index

    language = current_language(lang)
    if not folder.is_dir():
        fail(Message("index_no_folder", {"path": folder}), language, ExitCode.USAGE)
    entries, skipped = catalogue(folder)
    for path, reason in skipped.items():
        errors.print(f"[yellow]{escape(say('index_skipped', language, path=path, reason=reason))}")
    try:
        html, csv = write_index(folder, entries)
    except OSError as error:
        reason = error.strerror or error
        fail(
            Message("output_unwritable", {"path": folder, "reason": reason}),
            language,
            ExitCode.OUTPUT_FAILED,
        )
    said = say("index_written", language, html=html, csv=csv, count=len(entries))
    console.print(f"[green]{escape(said)}")


def write_error_log() -> Path:
    """The traceback of the error being handled, in a file to send to the maintainers."""
    log = Path(tempfile.gettempdir()) / "briefpdf-error.log"
    log.write_text(traceback.format_exc(), encoding="utf-8")
    return log


def main() -> None:
    """The console script: an unexpected error is reported plainly, never as a traceback."""
    try:
        app()
    except Exception:
        log = write_error_log()
        errors.print(f"[bold red]{say('internal_error', current_language(), log=log)}")
        sys.exit(ExitCode.INTERNAL)
