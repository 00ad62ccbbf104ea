"""Building many issues at once: in parallel, skipping those whose inputs have not changed.

Each issue goes to `<out>/<title>-<year>年第<number>期.pdf` (`output.default_output`), so
issues never share a file; two inputs that claim the same year and number are refused.
What every PDF was built from is kept in `<out>/.briefpdf-manifest.json` (manifest.py,
which keeps it whole when several builds write into one folder at once): a SHA-256 of
the issue file, its photos, the layout, the fonts and the versions of briefpdf and
WeasyPrint. A PDF whose inputs hash the same as last time, and which is still the file
that was written then, is not built again (`--force` builds it anyway).
"""

from __future__ import annotations

import functools
import glob
import hashlib
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import briefpdf
from briefpdf.build.manifest import ManifestUnavailable, updating_manifest
from briefpdf.build.output import default_output, is_safe_to_replace, write_atomically
from briefpdf.cli import (
    ExitCode,
    console,
    errors,
    show_problems,
    warn_if_too_big,
    write_error_log,
)
from briefpdf.engine.pageimage import PNG_SIGNATURE, first_page_png, png_path
from briefpdf.engine.profiles import Profile
from briefpdf.issue.loader import IssueProblems, load_issue
from briefpdf.issue.model import Issue, Photo
from briefpdf.issue.schema import is_generated_schema
from briefpdf.messages import Lang, Message, human_size, say
from briefpdf.paths import FONTS_DIR, LAYOUTS_DIR


def is_batch(paths: list[Path]) -> bool:
    """One existing file is a single build, exactly as before; anything else is a batch."""
    return len(paths) != 1 or paths[0].is_dir() or _is_pattern(paths[0])


def _is_pattern(path: Path) -> bool:
    # The shell expands globs on Linux; a quoted pattern (or Windows) arrives as is.
    return not path.exists() and any(c in str(path) for c in "*?[")


def issue_files(paths: list[Path]) -> list[Path]:
    """The issue files named: files as given, `*.json` in folders, patterns expanded.

    A folder's schema.json, which `briefpdf new` may have put beside the issues, is not one.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            matches = sorted(path.glob("*.json"))
        elif _is_pattern(path):
            matches = sorted(Path(match) for match in glob.glob(str(path)))
        else:
            found.append(path)  # a missing file is reported by load_issue
            continue
        found += [match for match in matches if not is_generated_schema(match)]
    return list({path.resolve(): path for path in found}.values())


@functools.cache
def _tree_digest(folder: Path) -> bytes:
    """SHA-256 of every file under `folder`, with its relative name (fonts: once per run)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        _feed(digest, str(path.relative_to(folder)).encode(), path.read_bytes())
    return digest.digest()


def _feed(digest: hashlib._Hash, *parts: bytes) -> None:
    # Length-prefixed, so that moving bytes from one part to the next changes the hash.
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def inputs_hash(source: Path, issue: Issue, profile: Profile) -> str:
    """What the PDF of this issue depends on, as one SHA-256 (contents, never timestamps)."""
    digest = hashlib.sha256()
    _feed(
        digest,
        profile.value.encode(),
        briefpdf.__version__.encode(),
        version("weasyprint").encode(),
        _tree_digest(LAYOUTS_DIR / issue.layout),
        _tree_digest(FONTS_DIR),
        source.read_bytes(),
    )
    for article in issue.articles:
        for block in article.body:
            if isinstance(block, Photo):
                _feed(digest, block.photo.encode(), (source.parent / block.photo).read_bytes())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Job:
    source: Path
    issue: Issue
    target: Path
    profile: Profile
    png: bool


@dataclass(frozen=True)
class Outcome:
    code: ExitCode
    message: Message
    size: int = 0
    sha256: str = ""


def unsafe_target(job: Job) -> Message | None:
    """Why the job may not write its files, if it may not: a file of that name exists
    and is not a PDF (or, for the picture, not a PNG), which is never overwritten."""
    if not is_safe_to_replace(job.target):
        return Message("output_not_pdf", {"path": job.target})
    if job.png and not is_safe_to_replace(png_path(job.target), PNG_SIGNATURE):
        return Message("output_not_png", {"path": png_path(job.target)})
    return None


def has_fast_subsetting() -> bool:
    """render.has_fast_subsetting, from a module a worker process can be asked it by."""
    from briefpdf.engine import render

    return render.has_fast_subsetting()


def build_one(job: Job) -> Outcome:
    """Typeset one issue and write its PDF (and picture): `briefpdf build` of one issue,
    and each issue of a batch in a worker process, which keeps WeasyPrint and the parsed
    layout (`render.load_layout`) from one issue to the next.
    """
    from briefpdf.engine import render

    try:
        pdf = render.render_pdf(job.issue, job.source.parent, job.profile)
    except render.RenderError as error:
        return Outcome(ExitCode.RENDER_FAILED, Message("render_failed", {"detail": error.message}))
    writing = job.target
    try:
        write_atomically(job.target, pdf.data)
        if job.png:
            writing = png_path(job.target)
            write_atomically(writing, first_page_png(pdf.data))
    except OSError as error:
        return Outcome(
            ExitCode.OUTPUT_FAILED,
            Message("output_unwritable", {"path": writing, "reason": error.strerror or error}),
        )
    return Outcome(
        ExitCode.OK,
        Message(
            "built", {"path": job.target, "pages": pdf.pages, "size": human_size(len(pdf.data))}
        ),
        len(pdf.data),
        hashlib.sha256(pdf.data).hexdigest(),
    )


def _workers() -> BaseContext:
    """How worker processes start: forked from a clean server that has imported WeasyPrint.

    Not forked from this process, whose rich progress thread could hold a lock at the
    fork; and not spawned afresh, which would import WeasyPrint (about 1 s) in each.
    """
    context = get_context("forkserver")
    context.set_forkserver_preload(["briefpdf.engine.render"])
    return context


def _built_from_another(entry: dict | None, job: Job) -> Path | None:
    """The other issue file that `target` was built from, if that file still claims it.

    Building a subset of the issues must not overwrite an archived PDF of another issue
    that has the same year and number.
    """
    other = Path(entry["source"]) if entry and "source" in entry else None
    if other is None or other.resolve() == job.source.resolve():
        return None
    try:
        claims = default_output(load_issue(other), job.target.parent, job.profile)
        return other if claims == job.target else None
    except IssueProblems:
        return None  # moved, renamed or changed: it no longer claims the target


def _waiting(out_dir: Path, lang: Lang) -> Callable[[float], None]:
    def waiting(seconds: float) -> None:
        said = say("manifest_waiting", lang, folder=out_dir, seconds=round(seconds))
        errors.print(f"[yellow]{escape(said)}")

    return waiting


def _is_up_to_date(job: Job, entry: dict | None, inputs: str) -> bool:
    return (
        entry is not None
        and entry.get("inputs") == inputs
        and job.target.is_file()
        and sha256_file(job.target) == entry.get("sha256")
        and (not job.png or (entry.get("png") is True and png_path(job.target).is_file()))
    )


def build_batch(
    paths: list[Path],
    out_dir: Path,
    *,
    profile: Profile,
    max_size: int,
    png: bool,
    force: bool,
    jobs: int,
    lang: Lang,
) -> ExitCode:
    """Build every issue named by `paths` into `out_dir`; the exit code of the batch.

    A failed issue does not stop the others. The exit code is the smallest of the failures'
    codes (1, a bug, before 3 before 4 before 5), or 0 when every issue was built or is up
    to date.
    """
    sources = issue_files(paths)
    if not sources:
        said = say("batch_no_issues", lang, path=" ".join(map(str, paths)))
        errors.print(f"[bold red]{escape(said)}")
        return ExitCode.USAGE
    if out_dir.exists() and not out_dir.is_dir():
        errors.print(f"[bold red]{escape(say('output_not_folder', lang, path=out_dir))}")
        return ExitCode.OUTPUT_FAILED

    failures: list[ExitCode] = []

    def failed(source: Path, message: Message, code: ExitCode) -> None:
        errors.print(f"[bold red]{escape(f'{source}: {message.text(lang)}')}")
        failures.append(code)

    by_target: dict[Path, list[tuple[Path, Issue]]] = defaultdict(list)
    for source in sources:
        try:
            issue = load_issue(source)
        except IssueProblems as error:
            show_problems(error, lang)
            failures.append(ExitCode.INVALID_ISSUE)
            continue
        target = default_output(issue, out_dir, profile)
        by_target[target].append((source, issue))

    pending: list[tuple[Job, str]] = []  # with the hash of its inputs
    skipped = 0
    # Under the folder's lock, so that a build running at once into the same folder
    # cannot claim the same PDFs from another issue file (manifest.py).
    try:
        with updating_manifest(out_dir, _waiting(out_dir, lang)) as manifest:
            for target, claimants in by_target.items():
                if len(claimants) > 1:
                    issue = claimants[0][1]
                    message = Message(
                        "same_issue",
                        {
                            "paths": "、".join(str(s) for s, _ in claimants),
                            "year": issue.year,
                            "number": issue.number,
                            "target": target,
                        },
                    )
                    errors.print(f"[bold red]{escape(message.text(lang))}")
                    failures += [ExitCode.INVALID_ISSUE] * len(claimants)
                    continue
                source, issue = claimants[0]
                job = Job(source, issue, target, profile, png)
                inputs = inputs_hash(source, issue, profile)
                if other := _built_from_another(manifest.get(target.name), job):
                    values = {"path": source, "other": other, "target": target}
                    message = Message(
                        "built_from_another", values | {"year": issue.year, "number": issue.number}
                    )
                    failed(source, message, ExitCode.INVALID_ISSUE)
                elif unsafe := unsafe_target(job):
                    failed(source, unsafe, ExitCode.OUTPUT_FAILED)
                elif not force and _is_up_to_date(job, manifest.get(target.name), inputs):
                    console.print(escape(say("unchanged", lang, path=target)))
                    skipped += 1
                else:
                    pending.append((job, inputs))
                    manifest[target.name] = {"source": str(source.resolve())}  # claimed
    except ManifestUnavailable as error:
        errors.print(f"[bold red]{escape(error.message.text(lang))}")
        return ExitCode.OUTPUT_FAILED

    built = _build(pending, out_dir, jobs, failed, max_size, lang) if pending else 0

    summary = say(
        "batch_summary",
        lang,
        total=len(sources),
        built=built,
        skipped=skipped,
        failed=len(failures),
    )
    (errors if failures else console).print(f"[bold]{summary}")
    return min(failures, default=ExitCode.OK)


def _build(
    pending: list[tuple[Job, str]],
    out_dir: Path,
    jobs: int,
    failed: Callable[[Path, Message, ExitCode], None],
    max_size: int,
    lang: Lang,
) -> int:
    """Build the pending issues in `jobs` worker processes, recording each in the manifest;
    how many were built."""
    built = 0
    waiting = _waiting(out_dir, lang)
    columns = (TextColumn("排版 / Typesetting"), BarColumn(), MofNCompleteColumn())
    with ProcessPoolExecutor(min(jobs, len(pending)), mp_context=_workers()) as pool:
        # Asked of a worker, which has WeasyPrint loaded: this process need not load it.
        if not pool.submit(has_fast_subsetting).result():
            errors.print(f"[yellow]{say('no_harfbuzz_subset', lang)}")
        with Progress(*columns, TimeElapsedColumn(), console=errors) as progress:
            bar = progress.add_task("", total=len(pending))
            futures = {pool.submit(build_one, job): (job, inputs) for job, inputs in pending}
            try:
                for future in as_completed(futures):
                    job, inputs = futures[future]
                    try:
                        outcome = future.result()
                    except Exception:  # a bug (or a worker killed): this issue fails, not all
                        log = write_error_log()
                        outcome = Outcome(
                            ExitCode.INTERNAL, Message("internal_error", {"log": log})
                        )
                    progress.advance(bar)
                    if outcome.code != ExitCode.OK:
                        failed(job.source, outcome.message, outcome.code)
                        continue
                    try:  # after each issue, so a stop keeps it
                        with updating_manifest(out_dir, waiting) as manifest:
                            manifest[job.target.name] = {
                                "source": str(job.source.resolve()),
                                "inputs": inputs,
                                "sha256": outcome.sha256,
                                "png": job.png,
                            }
                    except ManifestUnavailable as error:
                        failed(job.source, error.message, ExitCode.OUTPUT_FAILED)
                        continue
                    built += 1
                    console.print(f"[green]{escape(outcome.message.text(lang))}")
                    warn_if_too_big(outcome.size, job.profile, max_size, lang)
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)  # let only running ones finish
                raise
    return built
