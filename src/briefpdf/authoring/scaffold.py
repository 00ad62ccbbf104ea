"""Starting the next issue from the previous one (`briefpdf new`).

The new issue takes the previous issue's masthead, contact, about and distribution
blocks and its language unchanged, the next number (or number 1 of a new year) and
today's date, and one article of placeholders, in the issue's language, that `check`
refuses until they are replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefpdf.build.output import write_atomically
from briefpdf.engine.profiles import issue_file_name
from briefpdf.issue.loader import parse_json, read_text
from briefpdf.issue.model import PLACEHOLDER_START, Issue, Language
from briefpdf.issue.problems import IssueProblems, Problem
from briefpdf.issue.schema import is_generated_schema, schema_text
from briefpdf.messages import Message, MessageError
from briefpdf.paths import ROOT, SCHEMA_FILE

# What stays the same from one issue to the next.
CARRIED_OVER = ("layout", "language", "masthead", "contact", "about", "distribution")

# The structure by example, in each edition's language: paragraphs are strings, a
# subheading is an object.
_ZH, _EN = PLACEHOLDER_START["zh"], PLACEHOLDER_START["en"]
EMPTY_ARTICLE: dict[Language, dict[str, Any]] = {
    "zh": {
        "headline": f"{_ZH}标题）",
        "body": [
            f"{_ZH}第一段正文）",
            {"subheading": f"{_ZH}小标题；不需要时删去这一项）"},
            f"{_ZH}下一段正文；段数不限，各段之间用英文逗号隔开）",
        ],
    },
    "en": {
        "headline": f"{_EN} the headline)",
        "body": [
            f"{_EN} the first paragraph)",
            {"subheading": f"{_EN} a subheading; delete this item if there is none)"},
            f"{_EN} the next paragraph; as many as needed, separated by commas)",
        ],
    },
}


def language_of(data: dict[str, Any]) -> Language:
    """The edition an issue's data is in: English if it says so, else Chinese."""
    return "en" if data.get("language") == "en" else "zh"


class NoPreviousIssue(MessageError):
    """There is no issue to continue from."""


class IssueExists(MessageError):
    """The next issue's file is already there, and is never overwritten."""


@dataclass(frozen=True)
class NextIssue:
    path: Path  # where it is to be written
    data: dict[str, Any]
    previous: Path  # the issue it continues
    schema_written: Path | None  # a schema.json written beside it, if one was
    why: Message  # why it has this year and number


@dataclass(frozen=True)
class Asked:
    """What the officer asked for (`new --year --number --date`); None: briefpdf chooses."""

    year: int | None = None
    number: int | None = None
    date: dt.date | None = None


def start_next_issue(
    folder: Path | None, previous: Path | None, today: dt.date, asked: Asked = Asked()
) -> NextIssue:
    """The next issue after `previous` (default: the newest in `folder`), and its path.

    `folder` defaults to that of `previous`, else issues/.
    """
    folder = folder or (previous.parent if previous else Path("issues"))
    previous = previous or newest_issue(folder)
    if previous is None:
        raise NoPreviousIssue(Message("no_previous", {"folder": folder}))
    data = read_issue_data(previous)
    day = asked.date or today
    year, number, why = _numbered(data, previous, folder, day, asked)
    path = folder / issue_file_name(year, number, language_of(data))
    # Checked, not raced: one officer runs one command at a time.
    if path.exists():
        raise IssueExists(Message("issue_exists", {"path": path}))
    reference, written = schema_reference(folder)
    issue = next_issue(data, day, reference, (year, number))
    return NextIssue(path, issue, previous, written, why)


def _numbered(
    data: dict[str, Any], previous: Path, folder: Path, day: dt.date, asked: Asked
) -> tuple[int, int, Message]:
    """The new issue's year and number, and why: as asked, or after the newest of its year."""
    if asked.number is not None:
        return asked.year or next_number(data, day)[0], asked.number, Message("new_why_asked")
    if asked.year is None:
        year, number = next_number(data, day)
        if year > data["year"]:
            values = {"previous": previous, "previous_year": data["year"], "date": day}
            return year, number, Message("new_why_new_year", values | {"year": year})
        return year, number, Message("new_why_after", {"previous": previous})
    chinese = language_of(data) == "zh"  # each edition is numbered on its own
    found = _issues(folder).items()
    of_year = {n: path for (y, n, zh), path in found if y == asked.year and zh == chinese}
    if data["year"] == asked.year:
        of_year[data["number"]] = previous
    if not of_year:
        return asked.year, 1, Message("new_why_first", {"year": asked.year})
    last = max(of_year)
    return asked.year, last + 1, Message("new_why_after", {"previous": of_year[last]})


def read_issue_data(path: Path) -> dict[str, Any]:
    """An issue file's data, unvalidated: JSON with a whole year and number and articles."""
    data = parse_json(path, read_text(path))
    if not _is_issue(data):
        raise IssueProblems(path, [Problem(Message("not_an_issue"))])
    return data


def _is_issue(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and type(data.get("year")) is int  # `type`, not isinstance: true is no year
        and type(data.get("number")) is int
        and isinstance(data.get("articles"), list)
    )


def newest_issue(folder: Path) -> Path | None:
    """The issue file in `folder` with the highest year and number, if there is one; of
    the two editions of that number, the Chinese one."""
    found = _issues(folder)
    return found[max(found)] if found else None


def _issues(folder: Path) -> dict[tuple[int, int, bool], Path]:
    """The issue files in `folder` by year, number and whether they are Chinese."""
    found: dict[tuple[int, int, bool], Path] = {}
    for path in folder.glob("*.json"):
        try:
            data = parse_json(path, read_text(path))
        except IssueProblems:
            continue  # not an issue file (or a broken one): not a candidate
        if _is_issue(data):
            found[(data["year"], data["number"], language_of(data) == "zh")] = path
    return found


def next_number(previous: dict[str, Any], today: dt.date) -> tuple[int, int]:
    """The year and number of the issue after `previous`, made `today`."""
    if today.year > previous["year"]:  # the first issue of a new year
        return today.year, 1
    return previous["year"], previous["number"] + 1


def next_issue(
    previous: dict[str, Any],
    today: dt.date,
    schema: str | None,
    numbered: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The next issue after `previous`, dated `today`, with one article to fill in; its
    year and number are `numbered`, else those that follow `previous`."""
    year, number = numbered or next_number(previous, today)
    values = {key: previous[key] for key in CARRIED_OVER if key in previous}
    values |= {
        "$schema": schema,
        "year": year,
        "number": number,
        "date": today.isoformat(),
        "articles": [EMPTY_ARTICLE[language_of(previous)]],
    }
    # Keys in the order of the model (and of the sample), so every issue file reads alike.
    order = [field.alias or name for name, field in Issue.model_fields.items()]
    return {key: values[key] for key in order if values.get(key) is not None}


def schema_reference(folder: Path) -> tuple[str | None, Path | None]:
    """What an issue file in `folder` names as its "$schema", and the schema file written.

    Inside this project, the committed schema.json, by a relative path. Elsewhere a
    schema.json is written into `folder` (renewed if an older briefpdf wrote it); a
    schema.json of someone else's is left alone and the issue names none.
    """
    folder = folder.resolve()
    if folder.is_relative_to(ROOT) and SCHEMA_FILE.is_file():
        return Path(os.path.relpath(SCHEMA_FILE, folder)).as_posix(), None
    local = folder / SCHEMA_FILE.name
    if local.exists() and not is_generated_schema(local):
        return None, None
    text = schema_text()
    if local.exists() and local.read_text(encoding="utf-8") == text:
        return local.name, None
    write_atomically(local, text.encode("utf-8"))
    return local.name, local


def add_article(data: dict[str, Any], article: dict[str, Any]) -> None:
    """Append `article` to the issue, in place of the untouched placeholder article of `new`."""
    empty = EMPTY_ARTICLE.values()
    data["articles"] = [a for a in data["articles"] if a not in empty] + [article]


def issue_json(data: dict[str, Any]) -> str:
    """An issue as the text of its file, readable and editable by hand."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
