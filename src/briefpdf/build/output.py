"""Writing PDFs so that nothing already on disk is ever lost to a failed build."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import tempfile
from pathlib import Path

from briefpdf.engine.profiles import Profile
from briefpdf.issue.model import Issue

DEFAULT_OUT_DIR = Path("out")


def default_output(
    issue: Issue, out_dir: Path = DEFAULT_OUT_DIR, profile: Profile = Profile.EMAIL
) -> Path:
    """Where a build goes without -o, named in the edition's language, as an officer would
    name it: out/简报-2023年第1期.pdf, and for the English edition out/Bulletin-2023-No1.pdf.

    Year and number never collide, nor do the two editions of one number, whatever their
    titles: a Chinese name ends in 期, an English one in -No<number>. The archive copy is
    out/简报-2023年第1期-存档.pdf (out/Bulletin-2023-No1-archive.pdf), so it never replaces
    the e-mail copy.
    """
    archive = profile == Profile.ARCHIVE
    if issue.language == "en":
        name = f"{issue.title}-{issue.year}-No{issue.number}{'-archive' if archive else ''}"
    else:
        name = f"{issue.title}-{issue.year}年第{issue.number}期{'-存档' if archive else ''}"
    return out_dir / f"{name}.pdf"


def is_safe_to_replace(path: Path, signature: bytes = b"%PDF-") -> bool:
    """A build may write over nothing, or over a PDF (or a PNG), but never over any other file."""
    if not path.exists():
        return True
    with path.open("rb") as file:
        return file.read(len(signature)) == signature


# `.NAME.briefpdf-PID@HOST-RANDOM.tmp`: hidden, recognisable, and naming the build writing
# it and its computer, as builds on several computers may write into one shared folder.
TEMPORARY_NAME = re.compile(r"\..+\.briefpdf-(\d+)(?:@(.+?))?-\w+\.tmp")
HOST = re.sub(r"[^A-Za-z0-9.-]", "_", platform.node())


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files that builds on this computer killed outright (SIGKILL,
    power cut) left in `folder`: they could not clean up. Those of builds still running
    are kept, and those of other computers, which cannot be asked about their processes.
    (A name without a computer, as briefpdf 0.1 wrote it, counts as this computer's.)"""
    for path in folder.glob(".*.briefpdf-*.tmp"):
        match = TEMPORARY_NAME.fullmatch(path.name)
        if match and match[2] in (None, HOST) and not _is_running(int(match[1])):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all.

    The bytes go to a hidden temporary file in the same folder,
    `.NAME.briefpdf-PID@HOST-XXXX.tmp`, are flushed to the disk, and only then renamed over
    `path` (a rename within one folder is atomic). A build that fails or is interrupted
    before the rename leaves the old file byte for byte as it was and removes its
    temporary file; one that is killed outright may leave it, and the next build into
    the same folder removes it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.briefpdf-{os.getpid()}@{HOST}-", suffix=".tmp", dir=path.parent
    )
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
