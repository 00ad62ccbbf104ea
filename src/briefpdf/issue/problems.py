"""What is wrong with a file the user gave, all at once and each with its place.

Kept apart from the loader (and free of Pydantic), so that the commands can catch and
show problems without loading the issue model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefpdf.messages import Lang, Message, say, shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an issue file, and where."""

    message: Message
    where: str = ""  # JSON path, e.g. articles[0].headline; "" for the whole file
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based, in characters
    found: str | None = None  # the offending value, shortened


class IssueProblems(Exception):
    """The issue file cannot be built; `problems` says why, all at once."""

    def __init__(self, path: Path, problems: list[Problem], source: str | None = None) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems
        self.source = source  # the file's text, when it could be decoded (for carets)

    def rows(self, lang: Lang) -> list[tuple[str, str, str, str]]:
        """The problems as rows of the table that `check` prints and the preview shows:
        where (counted as people count, and the JSON path), line and column, the value found,
        what is wrong and what to do. What the file holds is shown as it is (`shown`)."""
        return [
            (
                _where(problem.where, lang),
                _at(problem, lang),
                shown(problem.found or ""),
                problem.message.text(lang),
            )
            for problem in self.problems
        ]


def _at(problem: Problem, lang: Lang) -> str:
    if problem.line and problem.column:
        return say("at_line_column", lang, line=problem.line, column=problem.column)
    return say("at_line", lang, line=problem.line) if problem.line else ""


def _where(where: str, lang: Lang) -> str:
    if not where:
        return "—"
    words = counted(where, lang)
    return f"{words}\n{shown(where)}" if words else shown(where)


def counted(where: str, lang: Lang) -> str:
    """The items of a JSON path as people count them, from one: `articles[0].body[3].photo`
    is "第1篇文章，正文第4项" or "article 1, body item 4"; "" for a path without items."""
    parts = []
    for key, index in re.findall(r"([^.\[\]]+)\[(\d+)\]", where):
        number = int(index) + 1
        if key == "articles":
            parts.append(say("at_article", lang, n=number))
        elif key == "body":
            parts.append(say("at_body", lang, n=number))
        else:
            parts.append(say("at_item", lang, key=key, n=number))
    return say("list_separator", lang).join(parts)
