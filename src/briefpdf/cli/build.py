"""`briefpdf build`: one issue into a PDF, or many at once (build.batch)."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from briefpdf.cli.options import (
    IssuesArgument,
    LangOption,
    MaxSizeOption,
    ProfileOption,
    whole_number,
)
from briefpdf.cli.terminal import (
    console,
    errors,
    fail,
    program,
    show_edition_differences,
    show_notes,
    show_problems,
    warn_if_too_big,
)
from briefpdf.engine.profiles import DEFAULT_MAX_SIZE, Profile
from briefpdf.messages import (
    ExitCode,
    Lang,
    Message,
    current_language,
    say,
    shown,
    write_error_log,
)

if TYPE_CHECKING:
    from briefpdf.build.job import Job, Outcome
    from briefpdf.issue.editions import EditionDifferences
    from briefpdf.issue.problems import IssueProblems


def build(
    issue_files: IssuesArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
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
            help="一期：替换由另一期文件生成的同名 PDF；多期：内容没有变化的也重新生成。 "
            "One issue: replace a PDF built from another issue file. "
            "Several: rebuild issues that are up to date.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            parser=whole_number("bad_jobs", 1, 999),
            help="多期：同时排版的期数，默认为核数。 Batch: issues set at once; default: cores.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="不显示排版提示（图片移到哪里、哪页没排满）。 "
            "Do not tell what the layout did (photos moved, pages left short).",
        ),
    ] = False,
    profile: ProfileOption = Profile.EMAIL,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
    lang: LangOption = None,
) -> None:
    """把期刊文件排成 PDF，也可一次排多期。 Typeset an issue file into a PDF, or several at once."""
    from briefpdf.build import batch

    language = current_language(lang)
    if batch.is_batch(issue_files):
        report = TerminalReport(max_size, language, quiet)
        code = _build_many(issue_files, output, profile, png, force, jobs, report)
        raise typer.Exit(code)
    _build_single(issue_files[0], output, profile, max_size, png, force, quiet, language)


def _build_single(
    issue_file: Path,
    output: Path | None,
    profile: Profile,
    max_size: int,
    png: bool,
    force: bool,
    quiet: bool,
    lang: Lang,
) -> None:
    from briefpdf.build.batch import build_single
    from briefpdf.build.job import Job, has_fast_subsetting, unsafe_target
    from briefpdf.build.manifest import ManifestUnavailable
    from briefpdf.build.output import default_output
    from briefpdf.engine.pages import png_path
    from briefpdf.issue.loader import load_issue

    issue = load_issue(issue_file)
    target = output or default_output(issue, profile=profile)
    job = Job(issue_file, issue, target, profile, png)
    if unsafe := unsafe_target(job):
        fail(unsafe, lang, ExitCode.OUTPUT_FAILED)
    if not has_fast_subsetting():
        errors.print(f"[yellow]{say('no_harfbuzz_subset', lang)}")

    def waiting(seconds: float) -> None:
        said = say("manifest_waiting", lang, folder=target.parent, seconds=round(seconds))
        errors.print(f"[yellow]{escape(said)}")

    try:
        with console.status("排版中… / Typesetting…"):
            outcome = build_single(job, force, waiting)
    except ManifestUnavailable as error:
        fail(error.message, lang, ExitCode.OUTPUT_FAILED)
    if outcome.message.code == "built_from_another_single":  # say how to replace it anyway
        again = " ".join([program(), *map(shlex.quote, sys.argv[1:]), "--force"])
        values = outcome.message.values | {"command": again}
        fail(Message(outcome.message.code, values), lang, outcome.code)
    if outcome.code != ExitCode.OK:
        fail(outcome.message, lang, outcome.code)
    console.print(f"[green]{escape(outcome.message.text(lang))}")
    if not quiet:
        show_notes(outcome.notes, lang)
    warn_if_too_big(outcome.size, profile, max_size, lang)
    if png:
        console.print(f"[green]{escape(say('png_built', lang, path=png_path(target)))}")


def _build_many(
    paths: list[Path],
    output: Path | None,
    profile: Profile,
    png: bool,
    force: bool,
    jobs: int | None,
    report: TerminalReport,
) -> ExitCode:
    from briefpdf.build import batch
    from briefpdf.build.output import DEFAULT_OUT_DIR

    lang = report.lang
    out_dir = output or DEFAULT_OUT_DIR
    sources = batch.issue_files(paths)
    if not sources:
        said = say("batch_no_issues", lang, path=" ".join(map(str, paths)))
        errors.print(f"[bold red]{escape(said)}")
        return ExitCode.USAGE
    if out_dir.exists() and not out_dir.is_dir():
        errors.print(f"[bold red]{escape(say('output_not_folder', lang, path=out_dir))}")
        return ExitCode.OUTPUT_FAILED
    result = batch.build_batch(
        sources,
        out_dir,
        profile=profile,
        png=png,
        force=force,
        jobs=jobs or os.cpu_count() or 1,
        report=report,
    )
    summary = say(
        "batch_summary",
        lang,
        total=result.total,
        built=result.built,
        skipped=result.skipped,
        failed=len(result.failures),
    )
    (errors if result.failures else console).print(f"[bold]{summary}")
    return result.code


class TerminalReport:
    """A batch as the terminal shows it: a line per issue and a progress bar."""

    def __init__(self, max_size: int, lang: Lang, quiet: bool = False) -> None:
        self.max_size = max_size
        self.lang = lang
        self.quiet = quiet  # no notes on what the layout did

    def problems(self, error: IssueProblems) -> None:
        show_problems(error, self.lang)

    def failed(self, source: Path | None, message: Message, code: ExitCode) -> None:
        said = message.text(self.lang)
        errors.print(f"[bold red]{escape(f'{shown(str(source))}: {said}' if source else said)}")

    def editions_differ(self, found: EditionDifferences) -> None:
        show_edition_differences(found, self.lang)

    def unchanged(self, target: Path) -> None:
        console.print(escape(say("unchanged", self.lang, path=target)))

    def waiting(self, out_dir: Path, seconds: float) -> None:
        said = say("manifest_waiting", self.lang, folder=out_dir, seconds=round(seconds))
        errors.print(f"[yellow]{escape(said)}")

    def no_fast_subsetting(self) -> None:
        errors.print(f"[yellow]{say('no_harfbuzz_subset', self.lang)}")

    @contextlib.contextmanager
    def building(self, count: int) -> Iterator[Callable[[], None]]:
        columns = (TextColumn("排版 / Typesetting"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeElapsedColumn(), console=errors) as progress:
            bar = progress.add_task("", total=count)
            yield lambda: progress.advance(bar)

    def built(self, job: Job, outcome: Outcome) -> None:
        console.print(f"[green]{escape(outcome.message.text(self.lang))}")
        if not self.quiet:
            show_notes(outcome.notes, self.lang)
        warn_if_too_big(outcome.size, job.profile, self.max_size, self.lang)

    def crashed(self, job: Job) -> Message:
        return Message("internal_error", {"log": write_error_log()})
