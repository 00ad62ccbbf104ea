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
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from importlib.metadata import version
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Protocol

import briefpdf
from briefpdf.build.job import Job, Outcome, build_one, has_fast_subsetting, unsafe_target
from briefpdf.build.manifest import ManifestUnavailable, updating_manifest
from briefpdf.build.output import default_output
from briefpdf.engine.pages import png_path
from briefpdf.engine.profiles import Profile
from briefpdf.issue.editions import Edition, EditionDifferences, differences, pairs
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue, Photo
from briefpdf.issue.problems import IssueProblems
from briefpdf.issue.schema import is_generated_schema
from briefpdf.messages import ExitCode, Message
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


def _workers() -> BaseContext:
    """How worker processes start: forked from a clean server that has imported WeasyPrint.

    Not forked from this process, whose rich progress thread could hold a lock at the
    fork; and not spawned afresh, which would import WeasyPrint (about 1 s) in each.
    """
    context = get_context("forkserver")
    context.set_forkserver_preload(["briefpdf.build.job", "briefpdf.engine.render"])
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


def _is_up_to_date(job: Job, entry: dict | None, inputs: str) -> bool:
    return (
        entry is not None
        and entry.get("inputs") == inputs
        and job.target.is_file()
        and sha256_file(job.target) == entry.get("sha256")
        and (not job.png or (entry.get("png") is True and png_path(job.target).is_file()))
    )


def build_single(job: Job, force: bool, on_wait: Callable[[float], None]) -> Outcome:
    """One issue, kept in the manifest of its target's folder as a batch keeps it: a PDF
    built from another issue file is not replaced, unless `force` says so.

    Raises ManifestUnavailable when the manifest cannot be updated.
    """
    out_dir = job.target.parent
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # its folder is a file, say: the PDF is what cannot be written
        reason = error.strerror or error
        return Outcome(
            ExitCode.OUTPUT_FAILED,
            Message("output_unwritable", {"path": job.target, "reason": reason}),
        )
    with updating_manifest(out_dir, on_wait) as manifest:
        other = _built_from_another(manifest.get(job.target.name), job)
        if other and not force:
            values = {"path": job.source, "other": other, "target": job.target}
            values |= {"year": job.issue.year, "number": job.issue.number}
            return Outcome(ExitCode.INVALID_ISSUE, Message("built_from_another_single", values))
        manifest[job.target.name] = {"source": str(job.source.resolve())}  # claimed
    outcome = build_one(job)
    if outcome.code == ExitCode.OK:
        # Without the fingerprint of its inputs (hashing the fonts alone takes 50 ms, a
        # twentieth of a build): what protects the PDF is the source; a later batch into
        # this folder builds it once more, and records the fingerprint.
        with updating_manifest(out_dir, on_wait) as manifest:
            manifest[job.target.name] = _entry(job, None, outcome)
    return outcome


def _entry(job: Job, inputs: str | None, outcome: Outcome) -> dict:
    """What the manifest keeps of a PDF that was written."""
    entry = {"source": str(job.source.resolve()), "sha256": outcome.sha256, "png": job.png}
    return entry | ({"inputs": inputs} if inputs else {})


class BatchReport(Protocol):
    """What a batch tells whoever runs it, as it happens (the command shows it)."""

    def problems(self, error: IssueProblems) -> None: ...
    def failed(self, source: Path | None, message: Message, code: ExitCode) -> None:
        """An issue (`source`), or several (None: the message names them), was not built."""
        ...

    def unchanged(self, target: Path) -> None: ...
    def editions_differ(self, found: EditionDifferences) -> None:
        """An English edition departs from its Chinese one (a warning)."""
        ...

    def waiting(self, out_dir: Path, seconds: float) -> None:
        """Another build holds the lock of `out_dir`'s manifest: waited for, `seconds` at most."""
        ...

    def no_fast_subsetting(self) -> None: ...
    def building(self, count: int) -> AbstractContextManager[Callable[[], None]]:
        """Around the building of `count` issues; what it gives is called after each."""
        ...

    def built(self, job: Job, outcome: Outcome) -> None: ...
    def crashed(self, job: Job) -> Message:
        """A bug (or a killed worker) ended this issue's build; called while handling it."""
        ...


@dataclass
class BatchResult:
    total: int
    built: int = 0
    skipped: int = 0
    failures: list[ExitCode] = field(default_factory=list)

    @property
    def code(self) -> ExitCode:
        """The smallest of the failures' codes (1, a bug, before 3 before 4 before 5), or 0."""
        return min(self.failures, default=ExitCode.OK)


def build_batch(
    sources: list[Path],
    out_dir: Path,
    *,
    profile: Profile,
    png: bool,
    force: bool,
    jobs: int,
    report: BatchReport,
) -> BatchResult:
    """Build every issue of `sources` (see `issue_files`) into `out_dir`.

    A failed issue does not stop the others; each failure is told to `report` and counted.
    """
    result = BatchResult(len(sources))

    def failed(source: Path, message: Message, code: ExitCode) -> None:
        report.failed(source, message, code)
        result.failures.append(code)

    by_target: dict[Path, list[tuple[Path, Issue]]] = defaultdict(list)
    for source in sources:
        try:
            issue = load_issue(source)
        except IssueProblems as error:
            report.problems(error)
            result.failures.append(ExitCode.INVALID_ISSUE)
            continue
        target = default_output(issue, out_dir, profile)
        by_target[target].append((source, issue))
    loaded = [Edition(source, issue) for found in by_target.values() for source, issue in found]
    for chinese, english in pairs(loaded):
        if found := differences(chinese, english):
            report.editions_differ(found)

    pending: list[tuple[Job, str]] = []  # with the hash of its inputs
    # Under the folder's lock, so that a build running at once into the same folder
    # cannot claim the same PDFs from another issue file (manifest.py).
    waiting = functools.partial(report.waiting, out_dir)
    try:
        with updating_manifest(out_dir, waiting) as manifest:
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
                    report.failed(None, message, ExitCode.INVALID_ISSUE)
                    result.failures += [ExitCode.INVALID_ISSUE] * len(claimants)
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
                    report.unchanged(target)
                    result.skipped += 1
                else:
                    pending.append((job, inputs))
                    manifest[target.name] = {"source": str(source.resolve())}  # claimed
    except ManifestUnavailable as error:
        report.failed(None, error.message, ExitCode.OUTPUT_FAILED)
        result.failures.append(ExitCode.OUTPUT_FAILED)
        return result

    if pending:
        _build(pending, out_dir, jobs, report, failed, result)
    return result


def _build(
    pending: list[tuple[Job, str]],
    out_dir: Path,
    jobs: int,
    report: BatchReport,
    failed: Callable[[Path, Message, ExitCode], None],
    result: BatchResult,
) -> None:
    """Build the pending issues in `jobs` worker processes, recording each in the manifest."""
    waiting = functools.partial(report.waiting, out_dir)
    with ProcessPoolExecutor(min(jobs, len(pending)), mp_context=_workers()) as pool:
        # Asked of a worker, which has WeasyPrint loaded: this process need not load it.
        if not pool.submit(has_fast_subsetting).result():
            report.no_fast_subsetting()
        with report.building(len(pending)) as advance:
            futures = {pool.submit(build_one, job): (job, inputs) for job, inputs in pending}
            try:
                for future in as_completed(futures):
                    job, inputs = futures[future]
                    try:
                        outcome = future.result()
                    except Exception:  # a bug (or a worker killed): this issue fails, not all
                        outcome = Outcome(ExitCode.INTERNAL, report.crashed(job))
                    advance()
                    if outcome.code != ExitCode.OK:
                        failed(job.source, outcome.message, outcome.code)
                        continue
                    try:  # after each issue, so a stop keeps it
                        with updating_manifest(out_dir, waiting) as manifest:
                            manifest[job.target.name] = _entry(job, inputs, outcome)
                    except ManifestUnavailable as error:
                        failed(job.source, error.message, ExitCode.OUTPUT_FAILED)
                        continue
                    result.built += 1
                    report.built(job, outcome)
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)  # let only running ones finish
                raise
