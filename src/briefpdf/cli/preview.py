"""`briefpdf preview`: the pages as they will print, in the browser, renewed on every save."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefpdf.cli.options import LangOption, whole_number
from briefpdf.cli.terminal import console, fail
from briefpdf.messages import ExitCode, Message, current_language


def preview(
    issue_file: Annotated[
        Path, typer.Argument(help="期刊 JSON 文件 / The issue's JSON file.", metavar="ISSUE")
    ],
    port: Annotated[
        int,
        typer.Option(
            "--port",
            metavar="PORT",
            parser=whole_number("bad_port", 0, 65535),
            help="本机端口；被占用或为 0 时自动选择。 "
            "Port on this computer; a free one is picked if it is in use or 0.",
        ),
    ] = 8470,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="不打开浏览器。 Do not open a browser.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """边改边看：在浏览器中显示将要印出的页面，保存后自动更新。
    Show the pages as they will print in the browser, updated on every save."""
    language = current_language(lang)
    if not issue_file.is_file():
        fail(Message("file_missing", {"path": issue_file}), language, ExitCode.INVALID_ISSUE)
    from briefpdf.authoring import preview as live  # imports WeasyPrint, like build

    session = live.Preview(issue_file, language, console)
    try:
        server = live.listen(port, session)
    except OSError as error:  # e.g. a port below 1024 without root
        reason = error.strerror or error
        fail(
            Message("preview_port_failed", {"port": port, "reason": reason}),
            language,
            ExitCode.USAGE,
        )
    live.serve(session, server, open_browser=not no_browser)
