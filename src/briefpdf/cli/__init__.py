"""The `briefpdf` command: one thin module per command, and `terminal` for what they show.

Every command wears `terminal.command` (an issue's problems, Ctrl-C and SIGTERM), and
`main` reports anything unexpected plainly. Exit codes are `messages.ExitCode`
(docs/errors.md); a batch build exits with the smallest code among its failures.
`preview` runs until it is stopped: Ctrl-C or SIGTERM end it normally, with 0.
"""

from __future__ import annotations

import functools
import sys
import typing
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

import briefpdf
from briefpdf.cli.build import build
from briefpdf.cli.check import check
from briefpdf.cli.extract import extract
from briefpdf.cli.import_draft import import_draft
from briefpdf.cli.index import index
from briefpdf.cli.mail import mail
from briefpdf.cli.new import new
from briefpdf.cli.preview import preview
from briefpdf.cli.schema import schema
from briefpdf.cli.terminal import command, console, errors
from briefpdf.messages import ExitCode, current_language, say, write_error_log

app = typer.Typer(
    help="把一期简报的 JSON 文件排成可印刷的 PDF。\n\n"
    "Typeset one issue of the bulletin 简报 from its JSON file into a print-quality PDF.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _help_for_people() -> None:
    """`--help` as an officer reads it. Typer labels every parameter with its Python type
    (<bool>, <str>, <path>) and cuts a help text with "…" where a Chinese sentence, which
    has no spaces to wrap at, is wider than its column. An option that takes a value names
    it by its metavar (FILE, N); an argument's name says what it is; long texts fold.
    Typer 0.29 has no setting for either: two of its functions are replaced."""
    TyperOption.display_type_rich = lambda self, ctx: self.metavar  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    for kind in (TyperCommand, TyperGroup):
        kind.format_help = _folding_long_texts(kind.format_help)  # type: ignore[method-assign]


def _folding_long_texts(format_help: typing.Callable[..., None]) -> typing.Callable[..., None]:
    # Typer's help renderer (rich_utils, with Markdown: 70 ms) is loaded when help is shown,
    # not by every command: so is the change to it.
    @functools.wraps(format_help)
    def run(self: object, ctx: object, formatter: object) -> None:
        _fold_rich_texts()
        format_help(self, ctx, formatter)

    return run


@functools.cache
def _fold_rich_texts() -> None:
    from rich.text import Text
    from typer import rich_utils

    make_text = rich_utils._make_rich_text

    def folding(**kwargs: typing.Any) -> typing.Any:
        text = make_text(**kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folding


_help_for_people()


def _show_version(value: bool) -> None:
    if value:
        console.print(f"briefpdf {briefpdf.__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="显示版本号。 Show the version.",
        ),
    ] = False,
) -> None:
    pass


for name, function in [
    ("check", check),
    ("build", build),
    ("extract", extract),
    ("new", new),
    ("import", import_draft),
    ("schema", schema),
    ("preview", preview),
    ("index", index),
    ("mail", mail),
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
