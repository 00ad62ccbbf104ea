"""The `briefpdf` command: one thin module per command, and `terminal` for what they show.

Every command wears `terminal.command` (an issue's problems, Ctrl-C and SIGTERM), and
`main` reports anything unexpected plainly. Exit codes are `messages.ExitCode`
(docs/errors.md); a batch build exits with the smallest code among its failures.
`preview` runs until it is stopped: Ctrl-C or SIGTERM end it normally, with 0.
"""

from __future__ import annotations

import sys

import typer

from briefpdf.cli.build import build
from briefpdf.cli.check import check
from briefpdf.cli.extract import extract
from briefpdf.cli.import_draft import import_draft
from briefpdf.cli.index import index
from briefpdf.cli.new import new
from briefpdf.cli.preview import preview
from briefpdf.cli.schema import schema
from briefpdf.cli.terminal import command, errors
from briefpdf.messages import ExitCode, current_language, say, write_error_log

app = typer.Typer(
    help="把一期简报的 JSON 文件排成可印刷的 PDF。\n\n"
    "Typeset one issue of the bulletin 简报 from its JSON file into a print-quality PDF.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
for name, function in [
    ("check", check),
    ("build", build),
    ("extract", extract),
    ("new", new),
    ("import", import_draft),
    ("schema", schema),
    ("preview", preview),
    ("index", index),
]:
    app.command(name)(command(function))


def main() -> None:
    """The console script: an unexpected error is reported plainly, never as a traceback."""
    try:
        app()
    except Exception:
        log = write_error_log()
        errors.print(f"[bold red]{say('internal_error', current_language(), log=log)}")
        sys.exit(ExitCode.INTERNAL)
