"""`briefpdf check`: every problem of an issue file, without typesetting it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console, errors
from briefpdf.messages import current_language, say


def check(
    issue_file: Annotated[
        Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.", metavar="ISSUE")
    ],
    lang: LangOption = None,
) -> None:
    """检查期刊文件，不生成 PDF。 Check an issue file without typesetting it."""
    from briefpdf.issue.loader import load_issue  # pydantic: not for --help

    language = current_language(lang)
    issue = load_issue(issue_file)
    console.print(f"[green]{escape(say('check_ok', language, path=issue_file))}")
    if issue.date.year != issue.year:  # not an error: a December issue can appear in January
        said = say("date_other_year", language, date=issue.date.isoformat(), year=issue.year)
        errors.print(f"[yellow]{escape(said)}")
