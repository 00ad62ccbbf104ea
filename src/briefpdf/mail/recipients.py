"""The distribution list: a spreadsheet as officers keep it, read into recipients.

A row of headers names the columns: name, organisation, e-mail and language, and
optionally a salutation, spelt in English or Chinese (`COLUMNS`); other columns are
ignored. It is the first row, unless a title or blank rows come first. Every non-empty
row below it is a recipient. A list is an Excel workbook (.xlsx, its first sheet)
or a CSV file in UTF-8, with or without the byte order mark Excel writes. Every problem
of a list is found at once and reported as an issue file's are, with the cell it is in.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from briefpdf.issue.problems import IssueProblems, Problem
from briefpdf.messages import Lang, Message

MAX_LIST_BYTES = 20_000_000

# Each column, by the spellings its header may have (compared without case, blanks or
# hyphens). A header may name it in both languages, e.g. "邮箱 / E-mail".
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "姓名", "名字", "收件人"),
    "organisation": ("organisation", "organization", "institution", "单位", "机构", "工作单位"),
    "address": (
        "e-mail",
        "email address",
        "mail",
        "address",
        "邮箱",
        "电子邮箱",
        "电子邮件",
        "邮件地址",
    ),
    "language": ("language", "lang", "语言", "语种"),
    "salutation": ("salutation", "greeting", "称呼", "称谓"),
}
REQUIRED = ("name", "organisation", "address", "language")
HEADER_ROWS = 5  # how far down the headers are looked for
# What officers write for the two editions' languages.
LANGUAGES: dict[str, Lang] = {
    "zh": "zh",
    "zh-cn": "zh",
    "cn": "zh",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


@dataclass(frozen=True)
class Recipient:
    row: int  # the row of the spreadsheet, as Excel numbers it (the header is row 1)
    name: str
    organisation: str
    address: str  # as it goes on the envelope: checked, domain in lower case
    language: Lang
    salutation: str  # "" for the default of the language
    language_column: int  # 0-based, to point at the cell when no edition is in its language


class ListProblems(IssueProblems):
    """The distribution list cannot be used; `problems` says why, each with its cell."""

    heading = "list_problems"


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]", "", header.casefold())


_SPELLINGS = {_normal(spelling): key for key, names in COLUMNS.items() for spelling in names}


def column_key(header: str) -> str | None:
    """Which column a header names, if any: 'E-mail', '邮箱', '邮箱 / E-mail' -> 'address'."""
    for part in re.split(r"[/|()（）]", header):
        if key := _SPELLINGS.get(_normal(part)):
            return key
    return None


def read_list(path: Path) -> list[Recipient]:
    """The recipients of the list at `path`; raises ListProblems listing every problem."""
    rows = _read_rows(path) or [[]]
    # The headers are row 1, or the first of the top rows to name two columns: a sheet
    # often starts with a title (“2023年简报分发名单”) or a blank row.
    top = next(
        (i for i, row in enumerate(rows[:HEADER_ROWS]) if sum(map(_names_a_column, row)) >= 2), 0
    )
    header = rows[top]
    problems: list[Problem] = []
    columns = _columns(header, top + 1, problems)
    if problems:
        raise ListProblems(path, problems)

    recipients: list[Recipient] = []
    first_row: dict[str, int] = {}  # address, case-folded -> the row it is first in
    for row, cells in enumerate(rows[top + 1 :], start=top + 2):
        if not any(cells):
            continue  # blank rows, which spreadsheets export freely
        cell = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        found = len(problems)
        for key in ("name", "address", "language"):
            if not cell[key]:
                problems.append(
                    _problem("list_empty_cell", row, columns[key], "", column=header[columns[key]])
                )
        address = _address(cell["address"], row, columns["address"], problems)
        language = LANGUAGES.get(_normal(cell["language"]))
        if cell["language"] and language is None:
            problems.append(
                _problem("list_bad_language", row, columns["language"], cell["language"])
            )
        if address and address.casefold() in first_row:
            first = first_row[address.casefold()]
            problems.append(
                _problem("list_duplicate", row, columns["address"], cell["address"], first=first)
            )
        elif address:
            first_row[address.casefold()] = row
        if len(problems) == found and address and language:
            recipients.append(
                Recipient(
                    row,
                    cell["name"],
                    cell["organisation"],
                    address,
                    language,
                    cell.get("salutation", ""),
                    columns["language"],
                )
            )
    if not problems and not recipients:
        problems.append(Problem(Message("list_empty"), line=top + 2))
    if problems:
        # In the order of the sheet, as it is read and corrected.
        raise ListProblems(path, sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return recipients


def _names_a_column(text: str) -> bool:
    return column_key(text) is not None


def _columns(header: list[str], row: int, problems: list[Problem]) -> dict[str, int]:
    """Where each known column is (key -> 0-based index); a missing or doubled one is a problem."""
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        key = column_key(text)
        if key in columns:
            first = f"{get_column_letter(columns[key] + 1)}{row}"
            problems.append(_problem("list_column_twice", row, index, text, first=first))
        elif key:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            message = Message(
                "list_missing_column",
                {"column": COLUMNS[key][0], "spellings": "、".join(COLUMNS[key])},
            )
            found = " | ".join(text for text in header if text)
            problems.append(Problem(message, line=row, found=found or None))
    return columns


def no_edition(path: Path, recipients: list[Recipient], languages: set[str]) -> None:
    """Raise ListProblems naming every recipient whose language has no edition among
    `languages`: a partner must not get another language's edition by default."""
    problems = [
        _problem(
            "list_no_edition",
            recipient.row,
            recipient.language_column,
            recipient.language,
            language=Message(f"language_{recipient.language}"),
        )
        for recipient in recipients
        if recipient.language not in languages
    ]
    if problems:
        raise ListProblems(path, problems)


def _problem(code: str, row: int, index: int, found: str, **values: object) -> Problem:
    """A problem in the cell at `row` (1-based) and column `index` (0-based)."""
    return Problem(
        Message(code, values),
        where=f"{get_column_letter(index + 1)}{row}",
        line=row,
        column=index + 1,
        found=found or None,
    )


def _address(text: str, row: int, index: int, problems: list[Problem]) -> str | None:
    """The address in a cell, checked by the rules of e-mail (no network look-up)."""
    if not text:
        return None
    if len(re.findall(r"@", text)) > 1 and re.search(r"[,;，；、\s]", text):
        problems.append(_problem("list_several_addresses", row, index, text))
        return None
    try:
        # Addresses whose part before the @ is not ASCII need a server that supports
        # SMTPUTF8, which few do: they are refused here rather than by the server later.
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        problems.append(_problem("list_bad_address", row, index, text, reason=str(error)))
        return None
    return checked.ascii_email or checked.normalized


def _read_rows(path: Path) -> list[list[str]]:
    """The cells of the list, as text with surrounding blanks removed, row by row."""

    def refuse(message: Message, line: int | None = None) -> ListProblems:
        return ListProblems(path, [Problem(message, line=line)])

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise refuse(Message("list_format", {"path": path}))
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise refuse(Message("list_too_large", {"path": path}))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise refuse(Message("file_missing", {"path": path})) from None
    except IsADirectoryError:
        raise refuse(Message("list_format", {"path": path})) from None
    except OSError as error:
        reason = error.strerror or error
        raise refuse(Message("file_unreadable", {"path": path, "reason": reason})) from None
    if suffix == ".csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise refuse(Message("list_not_utf8", {"line": line}), line) from None
        # Excel writes commas, or semicolons where the comma is the decimal sign; or tabs.
        delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
        try:
            rows = csv.reader(io.StringIO(text), delimiter=delimiter)
            return [[_tidy(cell) for cell in row] for row in rows]
        except csv.Error as error:
            raise refuse(Message("list_bad_csv", {"reason": error})) from None
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        # Not a zip of a workbook: a renamed .xls, a damaged download, an .ods.
        raise refuse(Message("list_not_xlsx", {"path": path})) from None


def _text(value: object) -> str:
    """A cell's value as the spreadsheet shows it: 12 not 12.0, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _tidy(str(value))


def _tidy(text: str) -> str:
    # A line break typed in a cell (Alt+Enter) or a run of blanks is one space in a header.
    return " ".join(text.split())
