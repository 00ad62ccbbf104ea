"""`briefpdf mail`: the issue to everyone on a distribution list, once, in their language.

Drafts by default, a summary with --dry-run, through an SMTP server with --send. Exit
codes: 3 for problems of the issue files or the list (nothing written or sent), 6 when a
message was not sent (the server, the password, a refusal, a PDF over the size budget),
130 when interrupted; running the same command again sends only what is left.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from briefpdf.cli.build import TerminalReport
from briefpdf.cli.options import LangOption, MailMaxSizeOption, seconds
from briefpdf.cli.terminal import console, errors, fail, writing
from briefpdf.engine.profiles import DEFAULT_MAX_SIZE
from briefpdf.messages import (
    ExitCode,
    Lang,
    Message,
    MessageError,
    current_language,
    human_size,
    say,
    shown,
)

if TYPE_CHECKING:
    from briefpdf.mail.compose import Mailing
    from briefpdf.mail.recipients import Recipient
    from briefpdf.mail.smtp import Server


def mail(
    issue_files: Annotated[
        list[Path],
        typer.Argument(
            help="期刊 JSON 文件，每种语言一个 / The issue's JSON file, one per language.",
            metavar="ISSUE",
            show_default=False,
        ),
    ],
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            metavar="LIST",
            help="分发名单（.xlsx 或 .csv）：姓名、单位、邮箱、语言，可加称呼。 "
            "The distribution list (.xlsx or .csv): name, organisation, e-mail, language, "
            "optionally salutation.",
            show_default=False,
        ),
    ],
    send: Annotated[
        bool,
        typer.Option("--send", help="通过 SMTP 服务器寄出。 Send through the SMTP server."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="只显示谁会收到什么。 Only show who would get what."),
    ] = False,
    resend: Annotated[
        bool,
        typer.Option(
            "--resend",
            help="已寄过的人也再寄一次。 Send again to those sent the issue before.",
        ),
    ] = False,
    smtp: Annotated[
        str | None,
        typer.Option(
            "--smtp",
            metavar="HOST[:PORT]",
            envvar="BRIEFPDF_SMTP",
            help="发信服务器；端口默认 587（STARTTLS），465 为 TLS。 "
            "The mail server; port 587 (STARTTLS) by default, 465 for TLS.",
            show_default=False,
        ),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="ADDRESS",
            envvar="BRIEFPDF_FROM",
            help="发件地址，可带名称：单位 <bulletin@example.org>。 "
            "The sender's address, optionally with a name.",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            metavar="NAME",
            envvar="BRIEFPDF_SMTP_USER",
            help="登录服务器的用户名；密码取自 BRIEFPDF_SMTP_PASSWORD 或当场输入。 "
            "Login name; the password comes from BRIEFPDF_SMTP_PASSWORD or is asked for.",
            show_default=False,
        ),
    ] = None,
    pause: Annotated[
        float,
        typer.Option(
            "--pause",
            parser=seconds,
            metavar="SECONDS",
            help="每封之间停顿的秒数（服务器限制发信速度）。 "
            "Seconds between two messages (servers limit the rate).",
        ),
    ] = 2.0,
    max_size: MailMaxSizeOption = DEFAULT_MAX_SIZE,
    lang: LangOption = None,
) -> None:
    """把一期简报寄给分发名单上的每个人，各按其语言，只寄一次。
    Mail the issue to everyone on a distribution list, once each, in their language."""
    from briefpdf.build.output import DEFAULT_OUT_DIR
    from briefpdf.mail import editions
    from briefpdf.mail.compose import Mailing, parse_sender
    from briefpdf.mail.recipients import read_list
    from briefpdf.mail.smtp import Server, parse_server

    language = current_language(lang)
    if send and dry_run:
        fail(Message("mail_send_or_dry_run"), language, ExitCode.USAGE)
    if send and not smtp:
        fail(Message("mail_no_server"), language, ExitCode.USAGE)
    if send and not sender:
        fail(Message("mail_no_from"), language, ExitCode.USAGE)
    try:
        server = Server(*parse_server(smtp), user=user) if send and smtp else None
        from_address = parse_sender(sender) if sender else None
    except MessageError as error:
        fail(error.message, language, ExitCode.USAGE)

    recipients = read_list(to)
    try:
        sources = editions.match(issue_files, to, recipients)
    except MessageError as error:
        fail(error.message, language, ExitCode.INVALID_ISSUE)
    result, built = editions.build(sources, DEFAULT_OUT_DIR, TerminalReport(max_size, language))
    if result.failures:
        raise typer.Exit(result.code)
    for edition in built.values():
        if len(edition.pdf) > max_size:
            values = {"path": edition.pdf_name, "size": human_size(len(edition.pdf))}
            message = Message("mail_too_big", values | {"limit": human_size(max_size)})
            fail(message, language, ExitCode.NOT_SENT)

    mailing = Mailing(recipients, built, from_address, resend)
    folder = DEFAULT_OUT_DIR / "mail" / mailing.key
    if server:
        _send(mailing, server, folder, pause, language)
    else:
        _drafts(mailing, folder, dry_run, language)


def _drafts(mailing: Mailing, folder: Path, dry_run: bool, lang: Lang) -> None:
    """--dry-run: who would get what; otherwise the same, written as drafts into `folder`."""
    from briefpdf.mail.drafts import write_drafts
    from briefpdf.mail.journal import JOURNAL_NAME, read_journal

    sent = read_journal(folder / JOURNAL_NAME)
    to_send, before = mailing.split(sent)
    if not dry_run:
        with writing(folder, lang):
            write_drafts(folder, [(r, mailing.compose(r)) for r in to_send])

    def status(recipient: Recipient) -> str:
        if recipient in before:
            when = sent[recipient.address.casefold()]["sent"]
            return say("status_sent_before", lang, when=when[:16].replace("T", " "))
        if dry_run:
            return say("status_to_send", lang)
        return say("status_draft", lang)

    console.print(_who_gets_what(mailing, status, lang))
    _plan(mailing, to_send, before, lang)
    if dry_run:
        console.print(f"[bold]{say('mail_dry_run', lang)}")
    elif to_send:
        console.print(
            f"[green]{escape(say('mail_drafts_written', lang, folder=folder, count=len(to_send)))}"
        )


def _who_gets_what(mailing: Mailing, status: Callable[[Recipient], str], lang: Lang) -> Table:
    table = Table()
    for header in (
        "col_row",
        "col_name",
        "col_organisation",
        "col_address",
        "col_attachment",
        "col_status",
    ):
        table.add_column(say(header, lang), overflow="fold")
    for recipient in mailing.recipients:
        edition = mailing.editions[recipient.language]
        cells = (
            str(recipient.row),
            recipient.name,
            recipient.organisation,
            recipient.address,
            edition.pdf_name,
            status(recipient),
        )
        table.add_row(*(escape(shown(cell)) for cell in cells))
    return table


def _plan(mailing: Mailing, to_send: list[Recipient], before: list[Recipient], lang: Lang) -> None:
    total = len(mailing.recipients)
    console.print(say("mail_plan", lang, total=total, count=len(to_send), before=len(before)))
    if before:
        console.print(say("mail_resend_hint", lang))


def _password(server: Server, lang: Lang) -> str:
    """From BRIEFPDF_SMTP_PASSWORD, or typed without being shown; never from an argument."""
    if password := os.environ.get("BRIEFPDF_SMTP_PASSWORD"):
        return password
    if not sys.stdin.isatty():
        fail(Message("mail_no_password", {"user": server.user}), lang, ExitCode.USAGE)
    prompt = say("mail_password", lang, user=server.user, server=f"{server.host}:{server.port}")
    return typer.prompt(prompt, hide_input=True, err=True)


def _send(mailing: Mailing, server: Server, folder: Path, pause: float, lang: Lang) -> None:
    """Send to everyone not yet sent to, recording each; then a summary, and the failures."""
    from briefpdf.mail import smtp
    from briefpdf.mail.journal import JOURNAL_NAME, Journal

    if server.user:
        server = dataclasses.replace(server, password=_password(server, lang))
    journal_path = folder / JOURNAL_NAME
    to_send: list[Recipient] = []
    before: list[Recipient] = []
    deliveries: list[smtp.Delivery] = []
    try:
        with writing(journal_path, lang), Journal(journal_path) as journal:
            # Read under the journal's lock: what another run sent meanwhile is in it.
            to_send, before = mailing.split(journal.sent())
            _plan(mailing, to_send, before, lang)
            if not to_send:
                console.print(escape(say("mail_nothing_to_send", lang, journal=journal_path)))
                return
            with smtp.connect(server) as connection, _progress(len(to_send), lang) as advance:
                for delivery in smtp.deliver(
                    connection, server, to_send, mailing.compose, journal, pause
                ):
                    deliveries.append(delivery)
                    advance(delivery.recipient.address)
    except MessageError as error:
        fail(error.message, lang, ExitCode.NOT_SENT)
    except KeyboardInterrupt:
        sent = sum(d.problem is None for d in deliveries)
        values = {"sent": sent, "journal": journal_path, "left": len(to_send) - sent}
        errors.print(f"[bold red]{escape(say('mail_interrupted', lang, **values))}")
        raise typer.Exit(ExitCode.INTERRUPTED) from None

    failures = [d for d in deliveries if d.problem]
    values = {"sent": len(deliveries) - len(failures), "before": len(before)}
    summary = say("mail_sent_summary", lang, **values, failed=len(failures))
    (errors if failures else console).print(f"[bold]{summary}")
    if failures:
        errors.print(f"[bold red]{say('mail_failed_heading', lang, count=len(failures))}")
        table = Table(show_lines=True)
        for header in ("col_row", "col_name", "col_address", "col_reason"):
            table.add_column(say(header, lang), overflow="fold")
        for failure in failures:
            who = failure.recipient
            reason = failure.problem.text(lang) if failure.problem else ""
            table.add_row(
                *(escape(shown(cell)) for cell in (str(who.row), who.name, who.address, reason))
            )
        errors.print(table)
        raise typer.Exit(ExitCode.NOT_SENT)


@contextlib.contextmanager
def _progress(total: int, lang: Lang) -> Iterator[Callable[[str], None]]:
    """A progress bar for the sending; what it gives is called after each message."""
    columns = (TextColumn(say("mail_sending", lang)), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), TextColumn("{task.description}"), console=errors
    ) as progress:
        bar = progress.add_task("", total=total)
        yield lambda address: progress.update(bar, advance=1, description=escape(address))
