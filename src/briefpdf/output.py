"""Writing PDFs so that nothing already on disk is ever lost to a failed build."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from briefpdf.model import Issue

DEFAULT_OUT_DIR = Path("out")


def default_output(issue: Issue, out_dir: Path = DEFAULT_OUT_DIR) -> Path:
    """Where a build goes without -o: out/简报-2023年第1期.pdf (year and number never collide)."""
    return out_dir / f"{issue.masthead.title}-{issue.year}年第{issue.number}期.pdf"


def is_safe_to_replace(path: Path) -> bool:
    """A build may write over nothing, or over a PDF, but never over any other file."""
    if not path.exists():
        return True
    with path.open("rb") as file:
        return file.read(5) == b"%PDF-"


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}.briefpdf-"


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left next to `path` by builds that were killed (SIGKILL,
    power cut), which could not clean up. A build still running keeps its own: the name
    holds its process id."""
    for temporary in path.parent.glob(glob.escape(_temporary_prefix(path)) + "*.tmp"):
        pid = temporary.name.removeprefix(_temporary_prefix(path)).split("-", 1)[0]
        if pid.isdigit() and not _is_running(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all.

    The bytes go to a hidden temporary file in the same folder,
    `.NAME.briefpdf-PID-XXXX.tmp`, are flushed to the disk, and only then renamed over
    `path` (a rename within one folder is atomic). A build that fails or is interrupted
    before the rename leaves the old file byte for byte as it was and removes its
    temporary file; one that is killed outright may leave it, and the next build into
    the same folder removes it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f"{_temporary_prefix(path)}{os.getpid()}-", suffix=".tmp", dir=path.parent
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
