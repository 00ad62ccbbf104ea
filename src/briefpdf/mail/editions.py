"""The editions of one issue given to `briefpdf mail`, one per language, built for e-mail.

Each is built as `briefpdf build --for email --png` builds it, by the same batch code
into the same folder, so an issue built before and unchanged since (the manifest's
fingerprint) is not built again.
"""

from __future__ import annotations

from pathlib import Path

from briefpdf.build import batch
from briefpdf.build.output import default_output
from briefpdf.engine.pages import png_path
from briefpdf.engine.profiles import Profile
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue
from briefpdf.mail.compose import Edition
from briefpdf.mail.recipients import Recipient, no_edition
from briefpdf.messages import Lang, Message, MessageError


def match(
    paths: list[Path], list_path: Path, recipients: list[Recipient]
) -> dict[Lang, tuple[Path, Issue]]:
    """The issue file of each language a recipient asks for.

    The files must be editions of one issue (same year and number), at most one per
    language, and there must be one in every language of the list; otherwise nothing is
    built or sent (IssueProblems, ListProblems or MessageError says why).
    """
    issues: dict[Lang, tuple[Path, Issue]] = {}
    for path in paths:
        issue = load_issue(path)
        for other, known in issues.values():
            if (issue.year, issue.number) != (known.year, known.number):
                raise MessageError(Message("mail_not_one_issue", {"path": path, "other": other}))
        if issue.language in issues:
            language = Message(f"language_{issue.language}")
            values = {"path": path, "other": issues[issue.language][0], "language": language}
            raise MessageError(Message("mail_same_language", values))
        issues[issue.language] = (path, issue)
    no_edition(list_path, recipients, set(issues))
    wanted = {recipient.language for recipient in recipients}
    return {lang: edition for lang, edition in issues.items() if lang in wanted}


def build(
    sources: dict[Lang, tuple[Path, Issue]], out_dir: Path, report: batch.BatchReport
) -> tuple[batch.BatchResult, dict[Lang, Edition]]:
    """Build (or reuse) the e-mail copy and the picture of page 1 of each edition."""
    result = batch.build_batch(
        [path for path, _ in sources.values()],
        out_dir,
        profile=Profile.EMAIL,
        png=True,
        force=False,
        jobs=len(sources),
        report=report,
    )
    if result.failures:
        return result, {}
    editions = {}
    for lang, (_, issue) in sources.items():
        pdf = default_output(issue, out_dir, Profile.EMAIL)
        editions[lang] = Edition(issue, pdf.name, pdf.read_bytes(), png_path(pdf).read_bytes())
    return result, editions
