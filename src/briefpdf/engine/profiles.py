"""The two kinds of PDF made from one issue: a small one to e-mail, a standard one to keep.

email    Photos are resampled to at most EMAIL_DPI at the size they are printed, so that
         even an issue with ten camera photos stays far below what mail servers accept;
         tagged (PDF/UA-1), for readers who listen to it.
archive  PDF/A-3u, tagged, photos untouched, and the issue's sources (the issue as JSON
         and its original photos) embedded as attachments: the archive copy alone can
         rebuild the issue (`briefpdf extract`).

Both are reproducible: every date written into the PDF is the issue's date, and nothing
depends on the time of the build, the working directory or where the issue lies on disk.

WeasyPrint, pydyf and the issue model (pydantic) are imported only by the functions that
need them: the command line imports this module for every command, `--help` included.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pydyf
    import weasyprint

    from briefpdf.issue.model import Issue

# 150 dpi is more than a screen shows of an A4 page and prints acceptably on office printers.
EMAIL_DPI = 150
# Many mail servers refuse messages above 10 MB; a bulletin should leave room for others.
DEFAULT_MAX_SIZE = 5_000_000
ARCHIVE_VARIANT = "pdf/a-3u"
# Tagged for readers who listen to the page (headings, paragraphs, figures with their
# alternative text, reading order, language): PDF/UA-1, as far as WeasyPrint 70 makes it.
# It costs about 2% of the size and nothing of the look.
EMAIL_VARIANT = "pdf/ua-1"


class Profile(enum.StrEnum):
    EMAIL = "email"
    ARCHIVE = "archive"


def weasyprint_options(profile: Profile, issue: Issue, issue_dir: Path) -> dict[str, object]:
    """The options given to WeasyPrint, both to lay out and to write the PDF, for `profile`."""
    if profile == Profile.EMAIL:
        # WeasyPrint saves each resampled JPEG at Pillow's default quality, 75. Its
        # `jpeg_quality` option is not used: it would first re-encode every photo at full
        # size (a second loss, and about 30% more build time) for a PDF no smaller.
        return {"dpi": EMAIL_DPI, "pdf_variant": EMAIL_VARIANT}
    return {
        "pdf_variant": ARCHIVE_VARIANT,
        "pdf_tags": True,
        "attachments": source_attachments(issue, issue_dir),
    }


def finish_archive(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """The corrections WeasyPrint 70's PDF/A-3 needs (none depends on the build)."""
    import pydyf

    # Each attachment is listed twice in the catalog's associated files (Kozea/WeasyPrint#2917).
    pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    # PDF/A forbids images that ask viewers to smooth them (ISO 19005-3, 6.2.8), which
    # WeasyPrint does for `image-rendering: auto`. The e-mail copy keeps the smoothing.
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, pydyf.Stream) and pdf_object.extra.get("Subtype") == "/Image":
            pdf_object.extra["Interpolate"] = "false"


def issue_file_name(year: int, number: int, language: str = "zh") -> str:
    """The name of an issue file: 2023-01.json, and 2023-01.en.json for the English
    edition, beside it (sorted by name is sorted by date)."""
    edition = "" if language == "zh" else f".{language}"
    return f"{year}-{number:02d}{edition}.json"


def source_json_name(issue: Issue) -> str:
    """The name of the issue's JSON inside an archive copy, as `briefpdf new` names it."""
    return issue_file_name(issue.year, issue.number, issue.language)


def source_json(issue: Issue) -> bytes:
    """The issue as a JSON file that `briefpdf build` reads back into the same issue.

    It is written from the validated issue, not copied from the file on disk, so that the
    archive depends on what the issue says only (not on spacing or key order). `$schema`
    is left out: it names a file relative to the original folder.
    """
    text = issue.model_dump_json(by_alias=True, exclude_none=True, exclude={"schema_url"}, indent=2)
    return (text + "\n").encode("utf-8")


def source_attachments(issue: Issue, issue_dir: Path) -> list[weasyprint.Attachment]:
    """The issue's JSON and its original photos, as PDF attachments dated the issue's date.

    Attachments are in name order: the PDF keeps them in a name tree, which must be sorted.
    """
    import weasyprint

    from briefpdf.issue.model import Photo

    files = {source_json_name(issue): source_json(issue)}
    for article in issue.articles:
        for block in article.body:
            if isinstance(block, Photo):
                name = block.photo.replace("\\", "/")
                files[name] = (issue_dir / name).read_bytes()
    # Fixed dates: WeasyPrint would otherwise date each attachment with the build's time.
    date = dt.datetime.combine(issue.date, dt.time())
    return [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name,
            description="简报源文件 / source of the bulletin",
            created=date,
            modified=date,
            relationship="Source",
        )
        for name, data in sorted(files.items())
    ]


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3}


def parse_size(text: str) -> int:
    """A size as people write it — `5MB`, `800 KB`, `2.5MB`, `1000000` — in bytes.

    Units are decimal, as `human_size` prints them. Raises ValueError for anything else.
    """
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(text)
    number, unit = match.groups()
    return round(float(number) * _UNITS[(unit or "B").upper()])
