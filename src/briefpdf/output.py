"""Writing PDFs so that nothing already on disk is ever lost to a failed build."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefpdf.model import Issue

DEFAULT_OUT_DIR = Path("out")


def default_output(issue: Issue, out_dir: Path = DEFAULT_OUT_DIR, archive: bool = False) -> Path:
    """Where a build goes without -o: out/简报-2023年第1期.pdf (year and number never collide).

    The archive copy is out/简报-2023年第1期-存档.pdf, so it never replaces the e-mail copy.
    """
    suffix = "-存档" if archive else ""
    return out_dir / f"{issue.masthead.title}-{issue.year}年第{issue.number}期{suffix}.pdf"


def is_safe_to_replace(path: Path, signature: bytes = b"%PDF-") -> bool:
    """A build may write over nothing, or over a PDF (or a PNG), but never over any other file."""
    if not path.exists():
        return True
    with path.open("rb") as file:
        return file.read(len(signature)) == signature


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all.

    The bytes go to a hidden temporary file in the same folder, are flushed to the disk,
    and only then renamed over `path` (a rename within one folder is atomic). A build that
    fails or is interrupted before the rename leaves the old file byte for byte as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
