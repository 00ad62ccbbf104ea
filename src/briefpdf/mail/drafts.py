"""Messages written as drafts: .eml files that Outlook and Thunderbird open ready to send.

`X-Unsent: 1` tells the mail program that the message is still to be sent. A file is
named after its recipient's address, and a draft briefpdf wrote earlier for someone no
longer to be sent the issue is removed, so that the folder never holds a message
that should not go out. Files briefpdf did not write are left alone.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path

from briefpdf.build.output import write_atomically
from briefpdf.mail.recipients import Recipient

# Characters an address may hold that a file name on Windows or Linux may not.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


def draft_name(recipient: Recipient) -> str:
    return _NOT_IN_NAMES.sub("_", recipient.address) + ".eml"


def write_drafts(folder: Path, messages: list[tuple[Recipient, EmailMessage]]) -> list[Path]:
    """Write each message to `folder` as a draft (whole or not at all); the paths written."""
    written = []
    for recipient, message in messages:
        message["X-Unsent"] = "1"
        path = folder / draft_name(recipient)
        write_atomically(path, message.as_bytes())
        written.append(path)
    for path in folder.glob("*.eml"):
        if path not in written and _is_ours(path):
            path.unlink()
    return written


def _is_ours(path: Path) -> bool:
    with path.open("rb") as file:
        head = file.read(4096)
    return b"\r\nX-Mailer: briefpdf" in head
