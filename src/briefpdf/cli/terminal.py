"""What the commands show in the terminal, and how every command ends.

Standard output carries what a command made; standard error its problems, warnings and
progress. Everything echoed from a user's file is escaped, so a "[red]" typed in an issue
stays text.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from briefpdf.engine.profiles import Profile
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import ExitCode, Lang, Message, current_language, human_size, say, shown

if TYPE_CHECKING:
    from briefpdf.issue.editions import EditionDifferences

console = Console()
errors = Console(stderr=True)


def show_problems(error: IssueProblems, lang: Lang) -> None:
    """All problems of an issue file, in one table, with a caret under a syntax error."""
    heading = say("n_problems", lang, path=error.path, count=len(error.problems))
    errors.print(f"[bold red]{escape(heading)}")
    columns = ("col_where", "col_line", "col_found", "col_fix")
    errors.print(_table(columns, error.rows(lang), lang))
    first = error.problems[0]
    if (
        error.source
        and len(error.problems) == 1
        and first.line
        and first.column
        and not first.where
    ):
        line = (
            error.source.splitlines()[first.line - 1]
            if first.line <= len(error.source.splitlines())
            else ""
        )
        errors.print(f"{first.line:>5} | {shown(line)}", markup=False, highlight=False)
        # Chinese characters take two columns of the terminal: count cells, not characters.
        indent = cell_len(shown(line[: first.column - 1]))
        errors.print(" " * 8 + " " * indent + "^", markup=False, highlight=False)


def show_edition_differences(found: EditionDifferences, lang: Lang) -> None:
    """Where an English edition departs from its Chinese one: a warning, in the table of
    problems, with the line in each file."""
    count = len(found.differences)
    heading = say("editions_differ", lang, en=found.en, zh=found.zh, count=count)
    errors.print(f"[bold yellow]{escape(heading)}")
    columns = ("col_where", "col_line_zh", "col_line_en", "col_difference")
    errors.print(_table(columns, found.rows(lang), lang))


def _table(columns: tuple[str, ...], rows: list[tuple[str, ...]], lang: Lang) -> Table:
    table = Table(show_lines=True)
    for header in columns:
        table.add_column(say(header, lang), overflow="fold")
    for row in rows:
        table.add_row(*map(escape, row))
    return table


def fail(message: Message, lang: Lang, code: ExitCode) -> NoReturn:
    errors.print(f"[bold red]{escape(message.text(lang))}")
    raise typer.Exit(code)


def warn_if_too_big(size: int, profile: Profile, max_size: int, lang: Lang) -> None:
    """The e-mail copy must get through mail servers; the archive copy is not sent."""
    if profile == Profile.EMAIL and size > max_size:
        limit = human_size(max_size)
        errors.print(f"[yellow]{say('too_big', lang, size=human_size(size), limit=limit)}")


@contextlib.contextmanager
def writing(path: Path, lang: Lang) -> Iterator[None]:
    """Writes to `path` that fail (a folder not writable, a full disk) end the command
    with a plain message and exit code 5."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or error
        fail(
            Message("output_unwritable", {"path": path, "reason": reason}),
            lang,
            ExitCode.OUTPUT_FAILED,
        )


def _sigterm_as_interrupt(signum: int, frame: object) -> NoReturn:
    # A killed command unwinds like Ctrl-C, so temporary files are removed on the way out.
    raise KeyboardInterrupt


def command(function: Callable[..., None]) -> Callable[..., None]:
    """What every command wears: an issue file's problems are shown as a table (exit 3),
    and Ctrl-C or SIGTERM at any moment, even while WeasyPrint loads, is said plainly
    (exit 130; Typer would end silently). Nothing else needs catching: an unexpected error
    is reported by `main`."""

    @functools.wraps(function)
    def run(*args: object, **kwargs: object) -> None:
        lang = kwargs.get("lang")
        language = current_language(lang if isinstance(lang, str) else None)
        signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
        try:
            function(*args, **kwargs)
        except IssueProblems as error:
            show_problems(error, language)
            raise typer.Exit(ExitCode.INVALID_ISSUE) from None
        except KeyboardInterrupt:
            fail(Message("interrupted"), language, ExitCode.INTERRUPTED)

    return run
