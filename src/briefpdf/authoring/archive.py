"""`briefpdf extract`: take the sources back out of an archive copy.

An archive copy (`briefpdf build --for archive`) carries the issue's JSON and its original
photos as attachments; written out under their own relative names, they are an issue
folder again, and building it gives the same PDF byte for byte.
"""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePosixPath

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from briefpdf.messages import Message, MessageError


class ExtractError(MessageError):
    """The sources could not be extracted; nothing was written. `message` says why."""


class ExtractTargetsExist(ExtractError):
    """Files of the archive already stand in the folder; none is replaced."""


def _is_safe_name(name: str) -> bool:
    """Whether an attachment name is a plain relative path that stays inside the folder."""
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and ":" not in name
        and "\0" not in name
        and not path.is_absolute()
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def read_sources(archive: Path) -> dict[str, bytes]:
    """The attachments of an archive copy, by name."""
    try:
        attachments = PdfReader(archive).attachments
        sources = dict(attachments.items())
    except FileNotFoundError:
        raise ExtractError(Message("file_missing", {"path": archive})) from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        # pypdf meets a damaged file with any of these; none is briefpdf's bug.
        raise ExtractError(Message("extract_not_pdf", {"path": archive, "reason": error})) from None
    if not sources:
        raise ExtractError(Message("extract_no_sources", {"path": archive}))
    # A name given twice (never by briefpdf) leaves no way to know which file is meant.
    if twice := next((name for name, data in sources.items() if len(data) != 1), None):
        raise ExtractError(Message("extract_unsafe_name", {"name": twice}))
    return {name: data[0] for name, data in sources.items()}


def extract(archive: Path, folder: Path) -> list[Path]:
    """Write the archive's sources into `folder`; the paths written, in name order.

    Every name is checked and no file may exist yet before anything is written, so a
    refused extraction leaves the folder as it was.
    """
    sources = read_sources(archive)
    root = folder.resolve()
    targets: dict[Path, bytes] = {}
    for name, data in sorted(sources.items()):
        target = folder / name
        # The resolved check also catches a symbolic link inside `folder` pointing out of it.
        if not _is_safe_name(name) or not target.resolve().is_relative_to(root):
            raise ExtractError(Message("extract_unsafe_name", {"name": name}))
        targets[target] = data
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        raise ExtractTargetsExist(Message("extract_exists", {"paths": "\n".join(existing)}))
    written: list[Path] = []
    try:
        for target, data in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as file:  # "x": never replace a file that appeared meanwhile
                written.append(target)
                file.write(data)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written
