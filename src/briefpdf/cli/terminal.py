"""What the commands show in the terminal, and how every command ends.

Standard output carries what a command made; standard error its problems, warnings and
progress. Everything echoed from a user's file is escaped, so a "[red]" typed in an issue
stays text.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shlex
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from briefpdf.engine.profiles import Profile
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import ExitCode, Lang, Message, current_language, human_size, say, shown

if TYPE_CHECKING:
    from briefpdf.issue.editions import EditionDifferences

console = Console()
errors = Console(stderr=True)


def show_problems(error: IssueProblems, lang: Lang) -> None:
    """All problems of an issue file, in one table, with a caret under a syntax error."""
    heading = say(error.heading, lang, path=error.path, count=len(error.problems))
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
        lines = error.source.splitlines()
        line = lines[first.line - 1] if first.line <= len(lines) else ""
        prefix = f"{first.line:>5} | "
        excerpt, indent = _excerpt(line, first.column, errors.width - cell_len(prefix))
        errors.print(prefix + excerpt, markup=False, highlight=False, soft_wrap=True)
        errors.print(" " * (cell_len(prefix) + indent) + "^", markup=False, highlight=False)


# A character as `shown` writes it: itself, or its code point in place of an invisible one.
_SHOWN_CHAR = re.compile(r"<U\+[0-9A-F]{4,6}>|.", re.DOTALL)


def _excerpt(line: str, column: int, width: int) -> tuple[str, int]:
    """The part of `line` around `column` (1-based, in characters) that fits in `width`
    cells of the terminal, with … where it is cut, and the caret's indent in cells.
    Chinese characters take two cells: cells are counted, not characters."""
    chars = _SHOWN_CHAR.findall(shown(line))
    at = len(_SHOWN_CHAR.findall(shown(line[: column - 1])))
    if cell_len("".join(chars)) <= width:
        return "".join(chars), cell_len("".join(chars[:at]))
    budget = max(width - 2, 1)  # room for an ellipsis at either end
    start = end = at
    used = 0
    # Half the room for what comes before the caret, the rest for the mistake and after it;
    # what is left over on one side goes to the other.
    while start > 0 and used + cell_len(chars[start - 1]) <= budget // 2:
        start -= 1
        used += cell_len(chars[start])
    while end < len(chars) and used + cell_len(chars[end]) <= budget:
        used += cell_len(chars[end])
        end += 1
    while start > 0 and used + cell_len(chars[start - 1]) <= budget:
        start -= 1
        used += cell_len(chars[start])
    before = "…" if start > 0 else ""
    after = "…" if end < len(chars) else ""
    return before + "".join(chars[start:end]) + after, cell_len(before + "".join(chars[start:at]))


def program() -> str:
    """The command as the user invoked it, for the commands briefpdf tells them to run:
    `briefpdf` where that name on the PATH is this program, else the path they typed
    (`.venv/bin/briefpdf`), or `python -m briefpdf` with this Python."""
    if Path(sys.argv[0]).name == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m briefpdf"
    found = shutil.which("briefpdf")
    if found and Path(found).resolve() == Path(sys.argv[0]).resolve():
        return "briefpdf"
    return shlex.quote(sys.argv[0])


def pasteable(path: Path) -> str:
    """A path as a shell reads it, in a command to paste (quoted if it has spaces)."""
    return shlex.quote(str(path))


def tell(target: Console, text: str, style: str = "") -> None:
    """Prints `text`; a line with a command to paste is never wrapped, so that a long
    path stays on one line and the command can be copied whole."""
    command_line = f"{program()} "
    for line in text.split("\n"):
        shown_line = f"[{style}]{escape(line)}" if style else escape(line)
        target.print(shown_line, soft_wrap=command_line in line, highlight=False)


def show_edition_differences(found: EditionDifferences, lang: Lang) -> None:
    """Where an English edition departs from its Chinese one: a warning, in the table of
    problems, with the line in each file."""
    count = len(found.differences)
    heading = say("editions_differ", lang, en=found.en, zh=found.zh, count=count)
    errors.print(f"[bold yellow]{escape(heading)}")
    columns = ("col_where", "col_line_zh", "col_line_en", "col_difference")
    errors.print(_table(columns, found.rows(lang), lang))


def _table(columns: tuple[str, ...], rows: list[tuple[str, ...]], lang: Lang) -> Table:
    """A table of problems or differences in two columns, which an 80-column terminal has
    room for: where (in words, the JSON path, the line and column in the file, each line
    column labelled), and what (the value found, labelled, and what is wrong or differs)."""
    table = Table(show_lines=True)
    for header in (columns[0], columns[-1]):
        table.add_column(say(header, lang), overflow="fold")
    for where, *middle, what in rows:
        place = [where] if where != "—" else []
        said = []
        for column, value in zip(columns[1:-1], middle, strict=True):
            if value and column.startswith("col_line"):
                place.append(f"{say(column, lang)} {value}")
            elif value:
                said.append(say("labelled", lang, label=say(column, lang), value=value))
        table.add_row(Text("\n".join(place or ["—"])), Text("\n".join([*said, what])))
    return table


def show_notes(notes: tuple[Message, ...], lang: Lang) -> None:
    """What the layout did (a photo moved, a page left short): to know, not to fix."""
    for note in notes:
        errors.print(f"[yellow]{escape(note.text(lang))}")


def fail(message: Message, lang: Lang, code: ExitCode) -> NoReturn:
    tell(
        errors,
        Message(message.code, {"program": program()} | message.values).text(lang),
        "bold red",
    )
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
