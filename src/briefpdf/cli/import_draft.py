"""`briefpdf import`: a Word draft turned into an article of an issue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from briefpdf.cli.new import start_next_issue, tell_started
from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import (
    console,
    errors,
    fail,
    pasteable,
    program,
    show_problems,
    tell,
    writing,
)
from briefpdf.messages import ExitCode, Message, current_language, say


def import_draft(
    draft: Annotated[
        Path, typer.Argument(help="Word 稿件（.docx） / The Word draft (.docx).", metavar="DRAFT")
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="FILE",
            help="把文章加到这一期的 JSON 文件；省略时在 issues 中新建下一期。 "
            "Add the article to this issue; without it, start the next issue in issues.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """把 Word 稿件导入为一篇文章。 Turn a Word draft into an article."""
    from briefpdf.authoring import docx_import, scaffold
    from briefpdf.build.output import write_atomically
    from briefpdf.issue.loader import load_issue
    from briefpdf.issue.problems import IssueProblems

    language = current_language(lang)
    try:
        parsed = docx_import.read_draft(draft)
    except docx_import.DraftUnreadable as error:
        fail(error.message, language, ExitCode.INVALID_ISSUE)
    if into is None:
        started = start_next_issue(None, None, language)
        path, data = started.path, started.data
    else:
        path, data = into, scaffold.read_issue_data(into)
    with writing(path.parent / "photos", language):
        article = docx_import.save_article(
            parsed, path.parent, docx_import.slug(draft), scaffold.language_of(data)
        )
    scaffold.add_article(data, article)
    with writing(path, language):
        write_atomically(path, scaffold.issue_json(data).encode("utf-8"))
    if into is None:
        tell_started(started, None, None, language)
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
    console.print(f"[green]{escape(imported.text(language))}", highlight=False)
    if parsed.left_out:
        errors.print(f"[bold yellow]{say('left_out', language, count=len(parsed.left_out))}")
        table = Table(show_lines=True)
        for header in ("col_left_out", "col_draft_text"):
            table.add_column(say(header, language), overflow="fold")
        for item in parsed.left_out:
            table.add_row(say(item.kind, language), escape(item.text))
        errors.print(table)
    try:
        load_issue(path)
    except IssueProblems as error:
        show_problems(error, language)
        tell(console, say("import_next_fix", language, path=pasteable(path), program=program()))
        return
    # Valid, but the officer has the left-out content to see to before printing.
    next_step = "import_next_left_out" if parsed.left_out else "import_next_build"
    tell(console, say(next_step, language, path=pasteable(path), program=program()))
