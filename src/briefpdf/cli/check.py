"""`briefpdf check`: every problem of an issue file, without typesetting it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console
from briefpdf.messages import current_language, say


def check(
    issue_file: Annotated[Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.")],
    lang: LangOption = None,
) -> None:
    """检查期刊文件，不生成 PDF。 Check an issue file without typesetting it."""
    from briefpdf.issue.loader import load_issue  # pydantic: not for --help

    load_issue(issue_file)
    console.print(f"[green]{escape(say('check_ok', current_language(lang), path=issue_file))}")
