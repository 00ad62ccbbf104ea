"""What the mail tests share besides fixtures: the officers' list, and the test server's
mailbox with what it received."""

from __future__ import annotations

import csv
import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from helpers import ENGLISH_USER

USER = "officer"
PASSWORD = "Pw-7f3c-secret"  # must never be shown, logged or written anywhere

# The officers' list: Chinese and English partners, with and without a salutation.
PEOPLE = [
    ("张三", "生态环境部对外合作与交流中心", "zhang.san@example.org", "zh", ""),
    ("Somchai Phanthavong", "MONRE, Lao PDR", "somchai@example.la", "en", "Dear Mr Somchai,"),
    ("李四", "云南省生态环境厅", "li.si@example.cn", "zh", "尊敬的李处长："),
    ("Nguyễn Thị Lan", "Viet Nam Environment Administration", "lan@example.vn", "en", ""),
]
HEADER = ("姓名", "单位", "邮箱", "语言", "称呼")


def write_list(path: Path, rows=PEOPLE, header=HEADER, *, bom: bool = True) -> Path:
    """A CSV list as Excel saves it ("CSV UTF-8"): with a byte order mark, CRLF lines."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@dataclass
class Received:
    to: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class Mailbox:
    """What the server does with each message: refuse some recipients, drop the
    connection instead of accepting a message once `drop_after` are in."""

    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.abort()  # gone before saying whether it took the message
            return "421 4.3.0 gone"
        self.received.append(Received(list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Ok: queued"

    def addresses(self) -> list[str]:
        return [address for received in self.received for address in received.to]


def mail_env(ca_file: Path, **more: str) -> dict[str, str]:
    """An English-reading officer whose system trusts the test's authority only."""
    return ENGLISH_USER | {"SSL_CERT_FILE": str(ca_file), "BRIEFPDF_SMTP_PASSWORD": PASSWORD} | more
