"""`briefpdf check`: every problem of an issue file, or of several, without typesetting.

It takes what `build` takes: files, folders (their `*.json`) and patterns. Given the
Chinese and the English edition of one issue (both files, or a folder holding both), it
also says where their structures differ; given several issues, which numbers of a year
repeat or are skipped (warnings: the exit code stays). When all is well, it ends with
the command that builds what it checked.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from briefpdf.cli.options import IssuesArgument, LangOption
from briefpdf.cli.terminal import (
    console,
    errors,
    pasteable,
    program,
    show_edition_differences,
    show_problems,
    tell,
)
from briefpdf.messages import ExitCode, current_language, say


def check(
    issue_files: IssuesArgument,
    lang: LangOption = None,
) -> None:
    """检查期刊文件，不生成 PDF。 Check an issue file without typesetting it."""
    from briefpdf.build.batch import issue_files as named_issue_files
    from briefpdf.issue.editions import Edition, differences, pairs
    from briefpdf.issue.loader import load_issue  # pydantic: not for --help
    from briefpdf.issue.numbering import numbering_warnings
    from briefpdf.issue.problems import IssueProblems

    language = current_language(lang)
    sources = named_issue_files(issue_files)
    if not sources:
        said = say("batch_no_issues", language, path=" ".join(map(str, issue_files)))
        errors.print(f"[bold red]{escape(said)}")
        raise typer.Exit(ExitCode.USAGE)
    editions, failed = [], False
    for source in sources:
        try:
            editions.append(Edition(source, load_issue(source)))
        except IssueProblems as error:
            show_problems(error, language)
            failed = True
            continue
        console.print(f"[green]{escape(say('check_ok', language, path=source))}")
        issue = editions[-1].issue
        if issue.date.year != issue.year:  # not an error: a December issue can come out in January
            said = say("date_other_year", language, date=issue.date.isoformat(), year=issue.year)
            errors.print(f"[yellow]{escape(said)}")
    for chinese, english in pairs(editions):
        if found := differences(chinese, english):
            show_edition_differences(found, language)
    for warning in numbering_warnings(editions):
        errors.print(f"[yellow]{escape(warning.text(language))}")
    if failed:
        raise typer.Exit(ExitCode.INVALID_ISSUE)
    command = " ".join([program(), "build", *map(pasteable, issue_files)])
    tell(console, say("check_next", language, command=command))
