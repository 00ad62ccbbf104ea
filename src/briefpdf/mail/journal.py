"""The journal of an issue's mailing: who has it, written so that no crash can lose it.

`out/mail/<issue>/sent.jsonl` holds one JSON object per line, one per message the server
accepted, appended and forced to the disk (fsync) before the next message is sent. A
crash can at worst leave a last line half written: it is ignored when the journal is
read, and ended before the next line is appended. Only one run at a time may send an
issue: `.sent.lock` beside the journal is held while it is open, a lease as the build
manifest's (briefpdf.build.manifest): one left by a run that died is taken over.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from briefpdf.build.manifest import LEASE
from briefpdf.messages import Message, MessageError

JOURNAL_NAME = "sent.jsonl"
LOCK_NAME = ".sent.lock"


def read_journal(path: Path) -> dict[str, dict]:
    """Address (case-folded) -> the last record of a message sent to it."""
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        return {}
    sent: dict[str, dict] = {}
    for line in lines:
        try:
            record = json.loads(line)
            sent[record["to"].casefold()] = record
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line torn by a crash while it was written
    return sent


class Journal:
    """The journal, open for appending: `record` each message as soon as it is accepted."""

    def __init__(self, path: Path) -> None:
        from filelock import SoftFileLease, Timeout  # as the manifest: only when it is needed

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = SoftFileLease(path.with_name(LOCK_NAME), lease_duration=LEASE)
        try:
            self._lock.acquire(blocking=False)
        except Timeout:
            raise MessageError(Message("mail_busy", {"path": path})) from None
        try:
            new = not path.exists()
            self._file: IO[bytes] = path.open("ab")
            if new:
                _sync_folder(path.parent)  # so that the file itself survives a power cut
            elif self._ends_torn():
                self._write(b"\n")  # close a torn line, so that it cannot swallow the next
        except BaseException:
            self._lock.release()
            raise

    def sent(self) -> dict[str, dict]:
        """As `read_journal`, read under the lock: what another run sent is in it."""
        return read_journal(self.path)

    def _ends_torn(self) -> bool:
        with self.path.open("rb") as file:
            file.seek(0, os.SEEK_END)
            if file.tell() == 0:
                return False
            file.seek(-1, os.SEEK_END)
            return file.read(1) != b"\n"

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        os.fsync(self._file.fileno())

    def record(self, entry: dict[str, object]) -> None:
        """Append one line and force it to the disk before returning."""
        self._write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")

    def close(self) -> None:
        self._file.close()
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
