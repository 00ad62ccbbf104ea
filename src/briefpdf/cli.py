"""The `briefpdf` command.

Exit codes, which scripts may rely on:
  0  success
  1  an unexpected internal error (a bug in briefpdf: please report it)
  2  the command line is wrong (unknown option, missing argument)
  3  the issue file has problems (for `import`, the Word draft or the previous issue;
     for `extract`, the archive PDF); nothing was written
  4  typesetting failed; nothing was written
  5  a file could not be written: the folder is not writable, or the target exists and
     is not one briefpdf may replace (a PDF for build; nothing for new and extract)
  130 interrupted (Ctrl-C or SIGTERM); nothing was written
`preview` runs until it is stopped: Ctrl-C or SIGTERM end it normally, with 0.

A batch (`build` of a folder or of several files) goes on when one issue fails and exits
with the smallest code among the failures: 1 if briefpdf failed on any issue, else 3 if
any issue file has problems (or two issues share a year and number), else 4 if any
typesetting failed, else 5.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from briefpdf.engine.profiles import DEFAULT_MAX_SIZE, Profile, issue_file_name, parse_size
from briefpdf.messages import Lang, Message, current_language, human_size, say

if TYPE_CHECKING:
    from briefpdf.issue.loader import IssueProblems

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


def _size(value: str) -> int:
    try:
        return parse_size(str(value))
    except ValueError:
        raise typer.BadParameter(say("bad_size", current_language(), value=value)) from None


ProfileOption = Annotated[
    Profile,
    typer.Option(
        "--for",
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


def warn_if_too_big(size: int, profile: Profile, max_size: int, lang: Lang) -> None:
    """The e-mail copy must get through mail servers; the archive copy is not sent."""
    if profile == Profile.EMAIL and size > max_size:
        limit = human_size(max_size)
        errors.print(f"[yellow]{say('too_big', lang, size=human_size(size), limit=limit)}")


def _sigterm_as_interrupt(signum: int, frame: object) -> NoReturn:
    # A killed build unwinds like Ctrl-C, so temporary files are removed on the way out.
    raise KeyboardInterrupt


def reports_interruption(command: Callable[..., None]) -> Callable[..., None]:
    """A command stopped by Ctrl-C or SIGTERM at any moment, even while WeasyPrint loads,
    says so and ends with exit code 130 (Typer would end it silently)."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            lang = kwargs.get("lang")
            language = current_language(lang if isinstance(lang, str) else None)
            fail(Message("interrupted"), language, ExitCode.INTERRUPTED)

    return run


def show_problems(error: IssueProblems, lang: Lang) -> None:
    """All problems of an issue file, in one table, with a caret under a syntax error."""
    # Everything shown comes from the file and is escaped: a "[red]" typed in it stays text.
    heading = say("n_problems", lang, path=error.path, count=len(error.problems))
    errors.print(f"[bold red]{escape(heading)}")
    table = Table(show_lines=True)
    for header in ("col_where", "col_line", "col_found", "col_fix"):
        table.add_column(say(header, lang), overflow="fold")
    for row in error.rows(lang):
        table.add_row(*map(escape, row))
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
        # Chinese characters take two columns of the terminal: count cells, not characters.
        indent = cell_len(line[: first.column - 1])
        errors.print(" " * 8 + " " * indent + "^", markup=False, highlight=False)


def fail(message: Message, lang: Lang, code: ExitCode) -> NoReturn:
    errors.print(f"[bold red]{escape(message.text(lang))}")
    raise typer.Exit(code)


@contextlib.contextmanager
def writing(path: Path, lang: Lang) -> Iterator[None]:
    """Writes to `path` that fail (a folder not writable, a full disk) end the command
    with a plain message and exit code 5."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or error
        fail(
            Message("output_unwritable", {"path": path, "reason": reason}),
            lang,
            ExitCode.OUTPUT_FAILED,
        )


@app.command()
@reports_interruption
def check(
    issue_file: Annotated[Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.")],
    lang: LangOption = None,
) -> None:
    """检查期刊文件，不生成 PDF。 Check an issue file without typesetting it."""
    from briefpdf.issue.loader import IssueProblems, load_issue  # pydantic: not for --help

    language = current_language(lang)
    try:
        load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None
    console.print(f"[green]{escape(say('check_ok', language, path=issue_file))}")


@app.command()
@reports_interruption
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
    profile: ProfileOption = Profile.EMAIL,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
    lang: LangOption = None,
) -> None:
    """把期刊文件排成 PDF，也可一次排多期。 Typeset an issue file into a PDF, or several at once."""
    from briefpdf.issue.loader import IssueProblems, load_issue  # pydantic: not for --help

    language = current_language(lang)
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    from briefpdf.build import batch
    from briefpdf.build.output import DEFAULT_OUT_DIR

    if batch.is_batch(issue_files):
        out_dir = output or DEFAULT_OUT_DIR
        code = batch.build_batch(
            issue_files,
            out_dir,
            profile=profile,
            max_size=max_size,
            png=png,
            force=force,
            jobs=jobs or os.cpu_count() or 1,
            lang=language,
        )
        raise typer.Exit(code)
    issue_file = issue_files[0]
    try:
        issue = load_issue(issue_file)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None

    from briefpdf.build.output import default_output
    from briefpdf.engine.pageimage import png_path

    target = output or default_output(issue, profile=profile)
    job = batch.Job(issue_file, issue, target, profile, png)
    if unsafe := batch.unsafe_target(job):
        fail(unsafe, language, ExitCode.OUTPUT_FAILED)
    if not batch.has_fast_subsetting():
        errors.print(f"[yellow]{say('no_harfbuzz_subset', language)}")
    with console.status("排版中… / Typesetting…"):
        outcome = batch.build_one(job)
    if outcome.code != ExitCode.OK:
        fail(outcome.message, language, outcome.code)
    console.print(f"[green]{escape(outcome.message.text(language))}")
    warn_if_too_big(outcome.size, profile, max_size, language)
    if png:
        console.print(f"[green]{escape(say('png_built', language, path=png_path(target)))}")


@app.command()
def extract(
    archive: Annotated[Path, typer.Argument(help="存档版 PDF / The archive copy.")],
    folder: Annotated[Path, typer.Argument(help="取出到此文件夹 / Folder to extract into.")],
    lang: LangOption = None,
) -> None:
    """从存档版 PDF 取出期刊文件和原始图片。 Take the issue file and photos out of an archive copy."""
    from briefpdf.authoring.archive import ExtractError, ExtractTargetsExist
    from briefpdf.authoring.archive import extract as extract_sources

    language = current_language(lang)
    try:
        with writing(folder, language):
            written = extract_sources(archive, folder)
    except ExtractTargetsExist as error:
        fail(error.message, language, ExitCode.OUTPUT_FAILED)
    except ExtractError as error:
        fail(error.message, language, ExitCode.INVALID_ISSUE)
    issue = next((path for path in written if path.suffix == ".json"), folder)
    console.print(
        f"[green]{say('extracted', language, count=len(written), folder=folder, issue=issue)}"
    )


def _scaffold(
    folder: Path | None, previous: Path | None, language: Lang
) -> tuple[Path, dict[str, object]]:
    """The next issue after `previous` (default: the newest in `folder`), and its path."""
    from briefpdf.authoring import scaffold
    from briefpdf.issue.loader import IssueProblems

    folder = folder or (previous.parent if previous else Path("issues"))
    previous = previous or scaffold.newest_issue(folder)
    if previous is None:
        fail(Message("no_previous", {"folder": folder}), language, ExitCode.USAGE)
    try:
        data = scaffold.read_issue_data(previous)
    except IssueProblems as error:
        show_problems(error, language)
        raise typer.Exit(ExitCode.INVALID_ISSUE) from None
    today = dt.date.today()
    path = folder / issue_file_name(*scaffold.next_number(data, today), scaffold.language_of(data))
    # Checked, not raced: one officer runs one command at a time.
    if path.exists():
        fail(Message("issue_exists", {"path": path}), language, ExitCode.OUTPUT_FAILED)
    console.print(say("continuing", language, previous=previous), highlight=False)
    reference, written = scaffold.schema_reference(folder)
    if written:
        console.print(say("schema_beside", language, path=written))
    return path, scaffold.next_issue(data, today, reference)


@app.command()
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
    path, data = _scaffold(folder, previous, language)
    with writing(path, language):
        write_atomically(path, issue_json(data).encode("utf-8"))
    console.print(f"[green]{say('new_created', language, path=path, **data)}", highlight=False)
    console.print(say("new_next", language, path=path), highlight=False)


@app.command("import")
def import_draft(
    draft: Annotated[Path, typer.Argument(help="Word 稿件（.docx） / The Word draft (.docx).")],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="把文章加到这一期的 JSON 文件；省略时在 issues 中新建下一期。 "
            "Add the article to this issue; without it, start the next issue in issues.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """把 Word 稿件导入为一篇文章。 Turn a Word draft into an article."""
    from briefpdf.authoring import docx_import, scaffold
    from briefpdf.build.output import write_atomically
    from briefpdf.issue.loader import IssueProblems, load_issue

    language = current_language(lang)
    try:
        parsed = docx_import.read_draft(draft)
    except docx_import.DraftUnreadable as error:
        fail(error.message, language, ExitCode.INVALID_ISSUE)
    if into is None:
        path, data = _scaffold(None, None, language)
    else:
        path = into
        try:
            data = scaffold.read_issue_data(into)
        except IssueProblems as error:
            show_problems(error, language)
            raise typer.Exit(ExitCode.INVALID_ISSUE) from None
    with writing(path.parent / "photos", language):
        article = docx_import.save_article(
            parsed, path.parent, docx_import.slug(draft), scaffold.language_of(data)
        )
    scaffold.add_article(data, article)
    with writing(path, language):
        write_atomically(path, scaffold.issue_json(data).encode("utf-8"))
    photos = sum(isinstance(block, dict) and "photo" in block for block in article["body"])
    imported = Message(
        "imported",
        {
            "draft": draft,
            "path": path,
            "headline": article["headline"],
            "blocks": len(article["body"]),
            "photos": photos,
        },
    )
    console.print(f"[green]{imported.text(language)}", highlight=False)
    if parsed.left_out:
        errors.print(f"[bold yellow]{say('left_out', language, count=len(parsed.left_out))}")
        table = Table(show_lines=True)
        for header in ("col_left_out", "col_draft_text"):
            table.add_column(say(header, language), overflow="fold")
        for item in parsed.left_out:
            table.add_row(say(item.kind, language), item.text)
        errors.print(table)
    try:
        load_issue(path)
    except IssueProblems as error:
        show_problems(error, language)
        console.print(say("import_next_fix", language, path=path), highlight=False)
        return
    # Valid, but the officer has the left-out content to see to before printing.
    next_step = "import_next_left_out" if parsed.left_out else "import_next_build"
    console.print(say(next_step, language, path=path), highlight=False)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="写入的文件；省略时输出到屏幕。 Where to write it; the screen if omitted.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """输出期刊文件的 JSON Schema，供编辑器补全和检查。 Write the issue file's JSON Schema."""
    from briefpdf.build.output import write_atomically
    from briefpdf.issue.schema import is_generated_schema, schema_text

    language = current_language(lang)
    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists() and not is_generated_schema(output):
        fail(Message("schema_not_ours", {"path": output}), language, ExitCode.OUTPUT_FAILED)
    with writing(output, language):
        write_atomically(output, text.encode("utf-8"))
    console.print(f"[green]{say('schema_written', language, path=output)}")


@app.command()
def preview(
    issue_file: Annotated[Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.")],
    port: Annotated[
        int,
        typer.Option(
            "--port",
            min=0,
            max=65535,
            help="本机端口；被占用或为 0 时自动选择。 "
            "Port on this computer; a free one is picked if it is in use or 0.",
        ),
    ] = 8470,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="不打开浏览器。 Do not open a browser.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """边改边看：在浏览器中显示将要印出的页面，保存后自动更新。
    Show the pages as they will print in the browser, updated on every save."""
    language = current_language(lang)
    if not issue_file.is_file():
        fail(Message("file_missing", {"path": issue_file}), language, ExitCode.INVALID_ISSUE)
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    from briefpdf.authoring import preview as live  # imports WeasyPrint, like build

    session = live.Preview(issue_file, language, console)
    try:
        server = live.listen(port, session)
    except OSError as error:  # e.g. a port below 1024 without root
        reason = error.strerror or error
        fail(
            Message("preview_port_failed", {"port": port, "reason": reason}),
            language,
            ExitCode.USAGE,
        )
    live.serve(session, server, open_browser=not no_browser)


@app.command()
def index(
    folder: Annotated[
        Path,
        typer.Argument(help="存放 PDF 的文件夹 / The folder of the PDFs.", metavar="FOLDER"),
    ] = Path("out"),
    lang: LangOption = None,
) -> None:
    """为文件夹中的简报编写目录 index.html 和 index.csv。 Catalogue the bulletins in a folder."""
    from briefpdf.authoring.catalogue import catalogue, write_index

    language = current_language(lang)
    if not folder.is_dir():
        fail(Message("index_no_folder", {"path": folder}), language, ExitCode.USAGE)
    entries, skipped = catalogue(folder)
    for path, reason in skipped.items():
        errors.print(f"[yellow]{escape(say('index_skipped', language, path=path, reason=reason))}")
    with writing(folder, language):
        html, csv = write_index(folder, entries)
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
