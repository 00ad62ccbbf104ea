"""What is wrong with a file the user gave, all at once and each with its place.

Kept apart from the loader (and free of Pydantic), so that the commands can catch and
show problems without loading the issue model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefpdf.messages import Lang, Message, shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an issue file, and where."""

    message: Message
    where: str = ""  # JSON path, e.g. articles[0].headline; "" for the whole file
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based, in characters
    found: str | None = None  # the offending value, shortened
    offset: int | None = None  # where in the text value the problem starts, in characters

    @property
    def place(self) -> str:
        """Where it is, as the tables show it: `12:5`, `12`, or nothing."""
        if self.line and self.column:
            return f"{self.line}:{self.column}"
        return str(self.line or "")


class IssueProblems(Exception):
    """The issue file cannot be built; `problems` says why, all at once."""

    heading = "n_problems"  # the message above the table, naming the file and the count

    def __init__(self, path: Path, problems: list[Problem], source: str | None = None) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems
        self.source = source  # the file's text, when it could be decoded (for carets)

    def rows(self, lang: Lang) -> list[tuple[str, str, str, str]]:
        """The problems as rows of the table that `check` prints and the preview shows:
        where (in words, then the JSON path), line:column, the value found, what is wrong
        and what to do. What the file holds is shown as it is (`shown`)."""
        return [
            (
                where_in_words(problem.where, lang),
                problem.place,
                shown(problem.found or ""),
                problem.message.text(lang),
            )
            for problem in self.problems
        ]


def where_in_words(where: str, lang: Lang) -> str:
    """ "第1篇文章，正文第4项" over "articles[0].body[3]"; "—" for the whole file."""
    if not where:
        return "—"
    from briefpdf.issue.places import place  # the model: only once a place is to be said

    words = place(where, lang)
    # A place the model does not name (a spreadsheet's cell, say) is said once.
    return shown(where) if words == where else f"{shown(words)}\n{shown(where)}"
