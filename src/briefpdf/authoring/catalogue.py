"""The archive catalogue: `index.html` and `index.csv` listing the bulletins in a folder.

Everything comes from the PDFs themselves, so the catalogue also lists issues built
before it existed, or copied in from elsewhere: year and number from the document
title (`简报 2023年第1期：…`, `Bulletin No. 1, 2023 – …`), the date from the letterhead on page 1, the headlines
from the bookmarks, and the page count, size and SHA-256 of the file. A file that is
not a bulletin made by briefpdf is left out, with a note.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from pypdf import PdfReader

from briefpdf.build.output import write_atomically
from briefpdf.messages import Message, MessageError, human_size

HTML_NAME, CSV_NAME = "index.html", "index.csv"
# The document title and the date on page 1, of a Chinese and of an English edition:
# `简报 2023年第1期：…`, 2023年4月25日; `Bulletin No. 1, 2023 – …`, 25 April 2023.
TITLES = (
    re.compile(r"^(?P<title>.+?) (?P<year>\d{4})年\s*第(?P<number>\d+)期"),
    re.compile(r"^(?P<title>.+?) No\. (?P<number>\d+), (?P<year>\d{4})"),
)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATES = (
    re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
    re.compile(rf"(?P<day>\d{{1,2}}) (?P<month>{'|'.join(MONTHS)}) (?P<year>\d{{4}})"),
)
# Bookmarks of the layout's own sections, which are not articles.
LAYOUT_SECTIONS = {"联系我们"}
CSV_HEADER = (
    "文件 file",
    "年份 year",
    "期号 number",
    "日期 date",
    "标题 headlines",
    "页数 pages",
    "字节 bytes",
    "SHA-256",
)

# A damaged PDF makes pypdf log warnings; the catalogue says in one line what it skipped.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Entry:
    """One bulletin of the catalogue."""

    file: str
    year: int
    number: int
    date: str  # YYYY-MM-DD, "" when page 1 shows none
    headlines: list[str]
    pages: int
    size: int
    sha256: str

    @property
    def human_size(self) -> str:
        return human_size(self.size)


class NotABulletin(MessageError):
    """The file is left out of the catalogue; `message` says why."""


def read_entry(path: Path) -> Entry:
    """What the catalogue says about the PDF at `path`."""
    data = path.read_bytes()
    try:
        reader = PdfReader(io.BytesIO(data))
        title = str((reader.metadata or {}).get("/Title", ""))
        pages = len(reader.pages)
        page_one = reader.pages[0].extract_text() if pages else ""
        outline = reader.outline
    except Exception as error:  # pypdf raises many kinds of error on a file that is no PDF
        raise NotABulletin(Message("index_not_pdf")) from error
    match = next((m for pattern in TITLES if (m := pattern.match(title))), None)
    if not match:
        raise NotABulletin(Message("index_not_bulletin"))
    date = next((m for pattern in DATES if (m := pattern.search(page_one))), None)
    return Entry(
        file=path.name,
        year=int(match["year"]),
        number=int(match["number"]),
        date=_iso_date(date) if date else "",
        headlines=_headlines(outline, match["title"]),
        pages=pages,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _iso_date(match: re.Match[str]) -> str:
    month = match["month"]
    month = MONTHS.index(month) + 1 if month in MONTHS else int(month)
    return f"{match['year']}-{month:02}-{int(match['day']):02}"


def _headlines(outline: list, masthead: str) -> list[str]:
    """The article headlines among the bookmarks.

    Some builds bookmark the masthead title with the headlines (and 联系我们) under it,
    others each headline only; bookmarks under a headline are its sections.
    """
    headlines: list[str] = []
    parent = None
    for item in outline:
        if isinstance(item, list):  # the bookmarks under `parent`
            if parent == masthead:
                headlines += _headlines(item, masthead)
            continue
        parent = str(item.title)
        if parent != masthead and parent not in LAYOUT_SECTIONS:
            headlines.append(parent)
    return headlines


def catalogue(folder: Path) -> tuple[list[Entry], dict[Path, Message]]:
    """The bulletins in `folder`, by year and number, and the PDFs left out with why."""
    entries, skipped = [], {}
    for path in sorted(folder.glob("*.pdf")):
        if path.name.startswith("."):
            continue  # hidden: macOS's ._ companions of copied files are no PDFs
        try:
            entries.append(read_entry(path))
        except NotABulletin as error:
            skipped[path] = error.message
    entries.sort(key=lambda e: (e.year, e.number, e.file))
    return entries, skipped


def write_index(folder: Path, entries: list[Entry]) -> tuple[Path, Path]:
    """Write index.html and index.csv into `folder` (each whole or not at all)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("briefpdf.authoring", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html = environment.get_template("index.html").render(entries=entries)
    write_atomically(folder / HTML_NAME, html.encode("utf-8"))

    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_HEADER)
    for e in entries:
        headlines = "；".join(e.headlines)
        writer.writerow((e.file, e.year, e.number, e.date, headlines, e.pages, e.size, e.sha256))
    # With a byte-order mark, Excel reads the file as UTF-8 and shows the Chinese.
    write_atomically(folder / CSV_NAME, text.getvalue().encode("utf-8-sig"))
    return folder / HTML_NAME, folder / CSV_NAME
