"""`briefpdf mail` as an officer runs it, against real SMTP servers on 127.0.0.1: from a
spreadsheet to drafts to sent messages; a refused recipient, a dropped connection and a
killed run completed by running the same command again, never a message twice."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import briefpdf, require_program
from mail_helpers import PASSWORD, PEOPLE, USER, Mailbox, mail_env, write_list

from briefpdf.build.output import default_output
from briefpdf.issue.loader import load_issue

ISSUES = ("issues/2023-01.json", "issues/2023-01.en.json")
JOURNAL = Path("out/mail/2023-01/sent.jsonl")


def mail(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return briefpdf("mail", *args, cwd=folder, env=env)


def sending(port: int, *more: str) -> tuple[str, ...]:
    return ("--send", "--smtp", f"127.0.0.1:{port}", "--from", "bulletin@lmcc.org.cn",
            "--user", USER, "--pause", "0", *more)  # fmt: skip


def edition(folder: Path, language: str) -> Path:
    """The e-mail copy of the edition in `language`, as `briefpdf build` named it."""
    source = folder / ISSUES[language == "en"]
    return folder / default_output(load_issue(source), Path("out"))


def assert_never_twice(*mailboxes: Mailbox) -> None:
    addresses = [address for mailbox in mailboxes for address in mailbox.addresses()]
    assert sorted(addresses) == sorted(person[2] for person in PEOPLE)


def test_an_officer_goes_from_a_spreadsheet_to_drafts_to_sent_messages(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    # The list as the officer's spreadsheet program saves it.
    soffice = require_program("soffice")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(write_list(tmp_path / "名单.csv"))],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    spreadsheet = tmp_path / "名单.xlsx"
    env = mail_env(ca_file)

    looked = mail(workspace, env, *ISSUES, "--to", str(spreadsheet), "--dry-run")
    assert looked.returncode == 0, looked.stderr
    assert "4 on the list: 4 to send to now, 0 sent before." in looked.stdout
    for name, _, address, _, _ in PEOPLE:
        assert name in looked.stdout and address in looked.stdout
    assert "no message was written or sent" in looked.stdout
    assert not (workspace / "out" / "mail").exists()

    drafted = mail(workspace, env, *ISSUES, "--to", str(spreadsheet))
    assert drafted.returncode == 0, drafted.stderr
    drafts = sorted((workspace / "out" / "mail" / "2023-01").glob("*.eml"))
    assert [d.name for d in drafts] == sorted(f"{p[2]}.eml" for p in PEOPLE)
    draft = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert draft["X-Unsent"] == "1"

    mailbox, port = smtp_server()
    sent = mail(workspace, env, *ISSUES, "--to", str(spreadsheet), *sending(port))
    assert sent.returncode == 0, sent.stderr
    assert "4 sent, 0 already sent before, 0 failed." in sent.stdout
    assert_never_twice(mailbox)
    by_address = {r.to[0]: r.message for r in mailbox.received}
    for name, _, address, language, _ in PEOPLE:
        message = by_address[address]
        assert message["To"].addresses[0].display_name == name
        assert "X-Unsent" not in message
        pdf = edition(workspace, language)
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename() == pdf.name
        assert attachment.get_content() == pdf.read_bytes()
        picture = next(p for p in message.walk() if p.get_content_type() == "image/png")
        assert picture.get_content() == pdf.with_suffix(".png").read_bytes()
        cid = picture["Content-ID"][1:-1]
        assert f'src="cid:{cid}"' in message.get_body(("html",)).get_content()
    assert by_address["somchai@example.la"]["Subject"] == (
        "Bulletin No. 1, 2023: Green Lancang-Mekong Initiative: Roundtable Dialogue on "
        "Knowledge Sharing for Green, Low-Carbon and Sustainable Infrastructure held in Beijing"
    )
    assert by_address["li.si@example.cn"]["Subject"].startswith("简报 2023年第1期：")
    assert (
        by_address["li.si@example.cn"]["From"].addresses[0].display_name
        == "澜沧江-湄公河环境合作中心"
    )

    again = mail(workspace, env, *ISSUES, "--to", str(spreadsheet), *sending(port))
    assert again.returncode == 0, again.stderr
    assert "Everyone on the list has been sent the issue" in again.stdout
    assert len(mailbox.received) == 4

    written = [sent.stdout, sent.stderr, again.stdout, (workspace / JOURNAL).read_text()]
    written += [d.read_text(errors="replace") for d in drafts]
    assert not any(PASSWORD in text for text in written)


def test_a_refused_recipient_is_reported_and_tried_again_next_time(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    env = mail_env(ca_file)
    refusing, port = smtp_server(refuse={"li.si@example.cn"})
    first = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert first.returncode == 6
    assert "3 sent, 0 already sent before, 1 failed." in first.stderr
    assert "The server refused this address: 550 5.1.1" in first.stderr
    assert "li.si@example.cn" in first.stderr
    assert len(refusing.received) == 3

    accepting, port = smtp_server()
    second = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert second.returncode == 0, second.stderr
    assert "1 sent, 3 already sent before, 0 failed." in second.stdout
    assert accepting.addresses() == ["li.si@example.cn"]
    assert_never_twice(refusing, accepting)


def test_a_dropped_connection_is_completed_by_running_the_same_command_again(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    env = mail_env(ca_file)
    mailbox, port = smtp_server(drop_after=2)
    first = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert first.returncode == 6
    assert "2 sent, 0 already sent before, 2 failed." in first.stderr
    assert f"The connection to 127.0.0.1:{port} was lost" in first.stderr
    assert "Not sent: The connection" in first.stderr  # the one after was not tried

    mailbox.drop_after = None  # the server is back
    second = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert second.returncode == 0, second.stderr
    assert "2 sent, 2 already sent before, 0 failed." in second.stdout
    assert_never_twice(mailbox)


def test_a_killed_run_is_completed_by_running_it_again(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    env = mail_env(ca_file)
    mailbox, port = smtp_server()
    command = [sys.executable, "-m", "briefpdf", "mail", *ISSUES, "--to", str(people)]
    slow = subprocess.Popen(
        [*command, *sending(port, "--pause", "30")],
        cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    journal = workspace / JOURNAL
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.read_bytes().count(b"\n") == 1):
        assert time.monotonic() < deadline and slow.poll() is None, slow.communicate()
        time.sleep(0.05)
    slow.kill()  # SIGKILL, during the pause after the first message: no clean-up at all
    slow.communicate()
    assert len(mailbox.received) == 1

    rerun = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert rerun.returncode == 0, rerun.stderr
    assert "3 sent, 1 already sent before, 0 failed." in rerun.stdout
    assert_never_twice(mailbox)


def test_ctrl_c_says_what_was_sent_and_how_to_go_on(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    mailbox, port = smtp_server()
    command = [sys.executable, "-m", "briefpdf", "mail", *ISSUES, "--to", str(people)]
    run = subprocess.Popen(
        [*command, *sending(port, "--pause", "30")], cwd=workspace, env=mail_env(ca_file),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while len(mailbox.received) < 1:
        assert run.poll() is None, run.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # the journal is written as soon as the server has said yes
    os.kill(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=30)
    assert run.returncode == 130
    assert "Interrupted: 1 sent this time" in stderr
    assert "Run the same command again to send to the other 3." in stderr


def test_a_language_without_an_edition_is_reported_before_anything_is_sent(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    mailbox, port = smtp_server()
    result = mail(workspace, mail_env(ca_file), ISSUES[0], "--to", str(people), *sending(port))
    assert result.returncode == 3
    assert "2 problem(s); no message was written or sent" in result.stderr
    for row in (3, 5):  # Somchai and Lan asked for English
        assert f"D{row}" in result.stderr
    assert "No issue file of the English edition was given" in result.stderr
    assert mailbox.received == []
    assert not (workspace / JOURNAL).exists()


def test_the_list_problems_all_at_once_and_nothing_written(workspace: Path, tmp_path: Path) -> None:
    rows = [("张三", "", "zhang.san@example", "zh", ""), ("李四", "", "li@example.cn", "de", "")]
    result = mail(workspace, mail_env(Path("/nonexistent")), *ISSUES, "--to",
                  str(write_list(tmp_path / "list.csv", rows)))  # fmt: skip
    assert result.returncode == 3
    assert "C2" in result.stderr and "D3" in result.stderr
    assert "not a valid e-mail address" in result.stderr and "Unknown language" in result.stderr
    assert not (workspace / "out" / "mail").exists()


def test_a_pdf_over_the_size_budget_is_not_sent(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    mailbox, port = smtp_server()
    args = (*ISSUES, "--to", str(people), *sending(port, "--max-size", "100KB"))
    result = mail(workspace, mail_env(ca_file), *args)
    assert result.returncode == 6
    assert "above the e-mail limit of 100 KB; no message was written or sent" in result.stderr
    assert mailbox.received == []


def test_a_server_whose_certificate_cannot_be_verified(
    workspace: Path, smtp_server, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    mailbox, port = smtp_server()
    # The system's own authorities, which never signed the test server's certificate.
    env = mail_env(Path("/etc/ssl/certs/ca-certificates.crt"))
    result = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert result.returncode == 6
    assert f"The certificate of 127.0.0.1:{port} cannot be verified" in result.stderr
    assert "Traceback" not in result.stderr
    assert mailbox.received == []


def test_a_wrong_password_gets_a_plain_message_and_is_not_shown(
    workspace: Path, smtp_server, ca_file: Path, tmp_path: Path
) -> None:
    people = write_list(tmp_path / "list.csv")
    mailbox, port = smtp_server()
    env = mail_env(ca_file, BRIEFPDF_SMTP_PASSWORD="Wr0ng-Pa55word")
    result = mail(workspace, env, *ISSUES, "--to", str(people), *sending(port))
    assert result.returncode == 6
    assert "does not accept this user name or password (535 5.7.8" in result.stderr
    assert "Wr0ng-Pa55word" not in result.stdout + result.stderr
    assert mailbox.received == []
