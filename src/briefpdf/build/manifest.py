"""The record of what each PDF of an output folder was built from, shared by the builds
that write into that folder at the same time, from one computer or several.

`<out>/.briefpdf-manifest.json` maps a PDF's name to its entry: the issue file it was built
from (`source`), and once it is written, the SHA-256 of its inputs and of the PDF. A batch
first claims the PDFs it will build (an entry with the source only), then records each as
it is written. Both are done under the folder's lock, on the manifest read afresh under
it and replaced whole (atomically), so a build never drops another's entries, and of two
files with one year and number built at once only the first to claim the PDF builds it.

The lock is `<out>/.briefpdf-manifest.lock`, made by exclusive creation and naming its
owner (computer, process, start time): filelock's SoftFileLease. It needs no fcntl or
flock locks, which network drives often lack or fake. The owner renews it while it holds
it; a lock whose owner has died on this computer is taken over at once, and one left by
another computer (switched off, say) once it has gone unrenewed for `LEASE` seconds.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from briefpdf.build.output import write_atomically
from briefpdf.messages import Message, MessageError

MANIFEST_NAME = ".briefpdf-manifest.json"
LOCK_NAME = ".briefpdf-manifest.lock"
# A build holds the lock for milliseconds at a time (a batch's claims: a fraction of a
# second); the wait allows for a lock left by another computer to be taken over.
LOCK_WAIT = 60.0
LEASE = 15.0


class ManifestUnavailable(MessageError):
    """The manifest could not be updated: the folder is not writable, or another build
    held the lock for LOCK_WAIT seconds."""


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """Output file name -> what it was built from; empty when missing or unreadable."""
    try:
        return json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["issues"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # at worst every issue is built again


def write_manifest(out_dir: Path, entries: dict[str, dict]) -> None:
    data = {"briefpdf_manifest": 1, "issues": dict(sorted(entries.items()))}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(out_dir / MANIFEST_NAME, text.encode("utf-8"))


@contextlib.contextmanager
def manifest_lock(out_dir: Path, on_wait: Callable[[float], None]) -> Iterator[None]:
    """Hold the folder's lock (making the folder if need be). If another build holds it,
    `on_wait` is told how many seconds at most it will be waited for."""
    # Loaded when a build writes, not for --help or check: filelock reads the machine's
    # boot id and mount table (/proc) as it is imported.
    from filelock import SoftFileLease, Timeout

    path = out_dir / LOCK_NAME
    lock = SoftFileLease(path, lease_duration=LEASE)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(blocking=False)
        except Timeout:
            on_wait(LOCK_WAIT)
            lock.acquire(timeout=LOCK_WAIT)
    except Timeout:
        busy = {"folder": out_dir, "seconds": round(LOCK_WAIT), "lock": path}
        raise ManifestUnavailable(Message("manifest_busy", busy)) from None
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def updating_manifest(out_dir: Path, on_wait: Callable[[float], None]) -> Iterator[dict[str, dict]]:
    """The manifest, read afresh under the folder's lock, to change in place: it is written
    back before the lock is released (unless the block raised)."""
    with manifest_lock(out_dir, on_wait):
        entries = read_manifest(out_dir)
        before = json.dumps(entries, sort_keys=True)
        yield entries
        if json.dumps(entries, sort_keys=True) != before:
            try:
                write_manifest(out_dir, entries)
            except OSError as error:
                raise _unwritable(out_dir / MANIFEST_NAME, error) from None


def _unwritable(path: Path, error: OSError) -> ManifestUnavailable:
    reason = error.strerror or error
    return ManifestUnavailable(Message("output_unwritable", {"path": path, "reason": reason}))
