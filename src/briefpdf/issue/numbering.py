"""The year and number of issue files: read without validating the rest, and checked
across several files for numbers skipped or repeated.

Each edition (Chinese, English) is numbered on its own: issue 2 of 2023 has both. The
numbers are read from the files' data as it is, so that a file with other problems (the
placeholders of `briefpdf new`, say) still counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefpdf.issue.loader import parse_json, read_text
from briefpdf.issue.model import Language
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import Listed, Message


@dataclass(frozen=True)
class Numbered:
    path: Path
    year: int
    number: int
    language: Language


def is_issue_data(data: Any) -> bool:
    """Whether parsed JSON is an issue's: a whole year and number, and articles."""
    return (
        isinstance(data, dict)
        and type(data.get("year")) is int  # `type`, not isinstance: true is no year
        and type(data.get("number")) is int
        and isinstance(data.get("articles"), list)
    )


def language_of(data: dict[str, Any]) -> Language:
    """The edition an issue's data is in: English if it says so, else Chinese."""
    return "en" if data.get("language") == "en" else "zh"


def numbered(path: Path) -> Numbered | None:
    """The year, number and edition of the issue file at `path`; None if it is none."""
    try:
        data = parse_json(path, read_text(path))
    except IssueProblems:
        return None  # not JSON at all: its own check says so
    if not is_issue_data(data):
        return None
    return Numbered(path, data["year"], data["number"], language_of(data))


def numbering_notes(issues: list[Numbered]) -> list[Message]:
    """For each edition and year among `issues`: the numbers held by more than one file,
    and the numbers missing below the highest (from 1)."""
    numbers: dict[tuple[Language, int], dict[int, list[Path]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for issue in issues:
        numbers[(issue.language, issue.year)][issue.number].append(issue.path)
    notes = []
    for (language, year), paths in sorted(numbers.items()):
        edition = Message(f"edition_{language}")
        for number, named in sorted(paths.items()):
            if len(named) > 1:
                values = {"paths": Listed(tuple(map(str, named))), "number": number}
                notes.append(
                    Message("numbers_repeated", values | {"year": year, "edition": edition})
                )
        missing = sorted(set(range(1, max(paths) + 1)) - set(paths))
        if missing:
            values = {"missing": Listed(_runs(missing)), "present": Listed(_runs(sorted(paths)))}
            notes.append(Message("numbers_skipped", values | {"year": year, "edition": edition}))
    return notes


def _runs(numbers: list[int]) -> tuple[str, ...]:
    """Sorted numbers as people write them: 1–4, 6, 9, 10."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    written: list[str] = []
    for run in runs:
        written += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else map(str, run)
    return tuple(written)
