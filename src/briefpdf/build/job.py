"""One issue to build: typeset it and write its PDF (and the picture of page 1).

The same code builds a single issue in the command's process and each issue of a batch
in a worker process, which keeps WeasyPrint and the parsed layout from one issue to the
next (`render.load_layout`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from briefpdf.build.output import is_safe_to_replace, write_atomically
from briefpdf.engine.pages import PNG_SIGNATURE, first_page_png, png_path
from briefpdf.engine.profiles import Profile
from briefpdf.issue.model import Issue
from briefpdf.messages import ExitCode, Message, human_size


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
    notes: tuple[Message, ...] = ()  # what the layout did (render.RenderedPdf.notes)


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
    """Typeset one issue and write its PDF (and picture)."""
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
        pdf.notes,
    )
