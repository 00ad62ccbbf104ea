"""For the mail tests: real SMTP servers on 127.0.0.1 (aiosmtpd) with a certificate
authority made for the run (trustme), distribution lists, and a folder where the two
editions of the sample issue are built once for all the command's tests."""

from __future__ import annotations

import shutil
import socket
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from helpers import SAMPLE, SAMPLE_EN, briefpdf
from mail_helpers import PASSWORD, USER, Mailbox


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # not handled: the server says 535


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def authority() -> trustme.CA:
    return trustme.CA(organization_name="briefpdf test CA")


@pytest.fixture(scope="session")
def ca_file(authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The authority's certificate, for SSL_CERT_FILE: the client trusts it and no other."""
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def smtp_server(authority: trustme.CA) -> Iterator[Callable[..., tuple[Mailbox, int]]]:
    """Starts servers on 127.0.0.1: `smtp_server(tls="starttls"|"implicit"|None,
    auth=True, authority=…, refuse=…, drop_after=…)` -> (mailbox, port)."""
    controllers: list[Controller] = []

    def start(
        *,
        tls: str | None = "starttls",
        auth: bool = True,
        issuer: trustme.CA | None = None,
        **behaviour,
    ) -> tuple[Mailbox, int]:
        mailbox = Mailbox(**behaviour)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        (issuer or authority).issue_cert("127.0.0.1", "localhost").configure_cert(context)
        options: dict[str, object] = {}
        if tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        elif tls == "implicit":
            options.update(ssl_context=context)
        if auth:
            # aiosmtpd counts only STARTTLS as encrypted, not TLS from the first byte.
            options.update(authenticator=_authenticate, auth_require_tls=tls == "starttls")
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        controllers.append(controller)
        return mailbox, controller.port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the sample issue's Chinese and English editions, both built (e-mail
    copy and page 1) as `briefpdf build` does, so that the tests reuse them."""
    folder = tmp_path_factory.mktemp("editions")
    shutil.copytree(SAMPLE.parent / "photos", folder / "issues" / "photos")
    shutil.copy(SAMPLE, folder / "issues" / "2023-01.json")
    shutil.copy(SAMPLE_EN, folder / "issues" / "2023-01.en.json")
    built = briefpdf("build", "issues", "--png", cwd=folder)
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture
def workspace(editions: Path) -> Path:
    """The built editions, with no mailing done yet (no journal, no drafts)."""
    shutil.rmtree(editions / "out" / "mail", ignore_errors=True)
    return editions
