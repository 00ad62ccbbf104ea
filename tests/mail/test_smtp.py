"""The connection to the mail server, against real servers on 127.0.0.1: encrypted and
verified, or refused with a plain message; plain text only to this computer."""

from __future__ import annotations

import socket
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme
from mail_helpers import PASSWORD, USER

from briefpdf.mail import smtp
from briefpdf.mail.smtp import Server, connect
from briefpdf.messages import MessageError


@pytest.fixture(autouse=True)
def trust_the_test_authority(monkeypatch: pytest.MonkeyPatch, ca_file: Path) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))


def note(to: str = "lan@example.vn") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "bulletin@lmcc.org.cn"
    message["To"] = to
    message["Subject"] = "test"
    message.set_content("简报")
    return message


def refusal(server: Server, **options) -> str:
    with pytest.raises(MessageError) as caught, connect(server, **options):
        pass
    return caught.value.message.code


def test_starttls_with_a_verified_certificate_and_a_login(smtp_server) -> None:
    mailbox, port = smtp_server(tls="starttls")
    server = Server("127.0.0.1", port, USER, PASSWORD)
    with connect(server) as connection:
        smtp.send(connection, note(), server)
    assert mailbox.addresses() == ["lan@example.vn"]


def test_tls_from_the_first_byte_on_the_tls_port(smtp_server, monkeypatch) -> None:
    mailbox, port = smtp_server(tls="implicit")
    monkeypatch.setattr(smtp, "TLS_PORT", port)  # 465 in real life
    server = Server("127.0.0.1", port, USER, PASSWORD)
    with connect(server) as connection:
        smtp.send(connection, note(), server)
    assert len(mailbox.received) == 1


def test_a_certificate_from_an_unknown_authority_is_refused(smtp_server) -> None:
    mailbox, port = smtp_server(issuer=trustme.CA())
    assert refusal(Server("127.0.0.1", port, USER, PASSWORD)) == "mail_certificate"
    assert mailbox.received == []


def test_a_wrong_password_is_said_plainly_without_the_password(smtp_server) -> None:
    _, port = smtp_server()
    with pytest.raises(MessageError) as caught, connect(Server("127.0.0.1", port, USER, "wrong")):
        pass
    assert caught.value.message.code == "mail_auth_failed"
    assert "wrong" not in caught.value.message.text("en")


def test_no_encryption_is_refused_except_on_this_computer(smtp_server, monkeypatch) -> None:
    mailbox, port = smtp_server(tls=None, auth=False)
    server = Server("127.0.0.1", port)
    with connect(server) as connection:  # on this computer the message crosses no network
        smtp.send(connection, note(), server)
    monkeypatch.setattr(smtp, "is_local", lambda host: False)
    assert refusal(server) == "mail_no_tls"
    assert len(mailbox.received) == 1


def test_which_hosts_are_this_computer() -> None:
    assert smtp.is_local("localhost") and smtp.is_local("127.0.0.1") and smtp.is_local("::1")
    assert not smtp.is_local("smtp.example.org") and not smtp.is_local("192.168.1.10")


def test_a_server_that_does_not_answer_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # takes the connection, never says a word
        port = silent.getsockname()[1]
        assert refusal(Server("127.0.0.1", port), timeout=0.5) == "mail_timeout"


def test_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert refusal(Server("127.0.0.1", port)) == "mail_connection_refused"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("smtp.example.org", ("smtp.example.org", 587)),
        ("smtp.example.org:465", ("smtp.example.org", 465)),
        ("[::1]:2525", ("::1", 2525)),
    ],
)
def test_server_settings(text: str, expected: tuple[str, int]) -> None:
    assert smtp.parse_server(text) == expected


@pytest.mark.parametrize("text", ["", "smtp.example.org:0", "smtp.example.org:smtp", "::1"])
def test_server_settings_that_are_not(text: str) -> None:
    with pytest.raises(MessageError):
        smtp.parse_server(text)
