"""Sending through an SMTP server: encrypted, verified, one recipient at a time, each
recorded in the journal as soon as the server has accepted it.

The connection is encrypted from the start on port 465 and by STARTTLS on any other port;
a server that offers neither is refused, except on this computer (localhost, 127.0.0.1),
where the message never crosses a network. Certificates are verified against the
system's authorities (or those of SSL_CERT_FILE). The password is only handed to smtplib:
it is never printed, logged or written; smtplib's debug output, which would show it, is
never turned on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

from briefpdf.mail.journal import Journal
from briefpdf.mail.recipients import Recipient
from briefpdf.messages import Message, MessageError

SUBMISSION_PORT = 587  # STARTTLS
TLS_PORT = 465  # encrypted from the first byte
# Long enough for a slow server to take a message of a few MB, short enough that a
# server that stopped answering does not hold the officer for long.
TIMEOUT = 60


@dataclass(frozen=True)
class Server:
    host: str
    port: int = SUBMISSION_PORT
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a repr or a log


_SERVER = re.compile(
    r"\[(?P<ipv6>[^\]]+)\](?::(?P<port6>\d+))?|(?P<host>[^:\s\[\]]+)(?::(?P<port>\d+))?"
)


def parse_server(text: str) -> tuple[str, int]:
    """`--smtp`: HOST, HOST:PORT, or [IPv6]:PORT; the port is 587 unless given."""
    match = _SERVER.fullmatch(text.strip())
    port = int(match["port"] or match["port6"] or SUBMISSION_PORT) if match else 0
    if not match or not 0 < port < 65536:
        raise MessageError(Message("mail_bad_server", {"value": text}))
    return match["host"] or match["ipv6"], port


def is_local(host: str) -> bool:
    """This computer, where a message never crosses a network unencrypted."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {text}"


def _address_of(server: Server) -> str:
    return f"{server.host}:{server.port}"


@contextlib.contextmanager
def connect(server: Server, *, timeout: float = TIMEOUT) -> Iterator[smtplib.SMTP]:
    """An open, encrypted (or local) and logged-in connection; MessageError if none can be had."""
    where = {"server": _address_of(server)}
    context = ssl.create_default_context()  # verifies the certificate and the host name
    try:
        if server.port == TLS_PORT:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=context)
                connection.ehlo()
            elif not is_local(server.host):
                connection.close()
                raise MessageError(Message("mail_no_tls", where))
        if server.user:
            connection.login(server.user, server.password or "")
    except ssl.SSLCertVerificationError as error:
        reason = error.verify_message or error.reason
        raise MessageError(Message("mail_certificate", where | {"reason": reason})) from None
    except smtplib.SMTPAuthenticationError as error:
        raise MessageError(Message("mail_auth_failed", where | {"reply": _reply(error)})) from None
    except smtplib.SMTPNotSupportedError:
        raise MessageError(Message("mail_no_auth", where)) from None
    except UnicodeEncodeError:  # smtplib sends user and password as ASCII only
        raise MessageError(Message("mail_auth_ascii", where)) from None
    except smtplib.SMTPResponseException as error:
        raise MessageError(Message("mail_server_error", where | {"reply": _reply(error)})) from None
    except (TimeoutError, smtplib.SMTPServerDisconnected, ssl.SSLError, OSError) as error:
        raise MessageError(_connection_problem(error, where)) from None
    try:
        yield connection
    except BaseException:
        connection.close()  # mid-message (Ctrl-C, a lost connection): no goodbye to wait for
        raise
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.quit()
    connection.close()


def _connection_problem(error: BaseException, where: dict[str, object]) -> Message:
    # smtplib reports a time-out while it waits for a reply as a disconnection.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return Message("mail_timeout", where)
    if isinstance(error, ConnectionRefusedError):
        return Message("mail_connection_refused", where)
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
        return Message("mail_connection_lost", where)
    reason = getattr(error, "strerror", None) or error
    return Message("mail_cannot_connect", where | {"reason": reason})


class SendFailed(Exception):
    """This message was not accepted; `final` when no other can be sent on this connection."""

    def __init__(self, message: Message, *, final: bool) -> None:
        super().__init__(message.code)
        self.message = message
        self.final = final


def send(connection: smtplib.SMTP, message: EmailMessage, server: Server) -> None:
    """Hand one message to the server; returns once the server has accepted it."""
    where = {"server": _address_of(server)}
    try:
        connection.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        (code, reply), *_ = error.recipients.values()
        refusal = Message(
            "mail_recipient_refused", {"reply": _reply(smtplib.SMTPResponseException(code, reply))}
        )
        raise SendFailed(refusal, final=False) from None
    except smtplib.SMTPSenderRefused as error:
        values = {"sender": error.sender, "reply": _reply(error)}
        raise SendFailed(Message("mail_sender_refused", values), final=True) from None
    except smtplib.SMTPResponseException as error:
        # 421: the server is closing the connection; any other refusal is this message's.
        final = error.smtp_code == 421
        raise SendFailed(Message("mail_rejected", {"reply": _reply(error)}), final=final) from None
    except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as error:
        raise SendFailed(_connection_problem(error, where), final=True) from None


@dataclass(frozen=True)
class Delivery:
    recipient: Recipient
    problem: Message | None = None  # None: the server accepted it


def deliver(
    connection: smtplib.SMTP,
    server: Server,
    plan: list[Recipient],
    compose: Callable[[Recipient], EmailMessage],
    journal: Journal,
    pause: float,
) -> Iterator[Delivery]:
    """Send to each recipient of `plan` in turn, `pause` seconds apart, recording each
    accepted message before the next; after a failure that ends the connection, the rest
    are not tried (running the command again sends them)."""
    stopped: Message | None = None
    for index, recipient in enumerate(plan):
        if stopped:
            yield Delivery(recipient, Message("mail_not_tried", {"reason": stopped}))
            continue
        if index:
            time.sleep(pause)
        message = compose(recipient)  # dated as it is sent
        try:
            send(connection, message, server)
        except SendFailed as failure:
            stopped = failure.message if failure.final else None
            yield Delivery(recipient, failure.message)
            continue
        journal.record(journal_entry(recipient, message))
        yield Delivery(recipient)


def journal_entry(recipient: Recipient, message: EmailMessage) -> dict[str, object]:
    attachment = next(message.iter_attachments())
    return {
        "to": recipient.address,
        "name": recipient.name,
        "language": recipient.language,
        "attachment": attachment.get_filename(),
        "sha256": hashlib.sha256(attachment.get_content()).hexdigest(),
        "message_id": message["Message-ID"],
        "sent": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
