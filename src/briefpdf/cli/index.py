"""`briefpdf index`: a catalogue (index.html, index.csv) of the bulletins in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console, errors, fail, writing
from briefpdf.messages import ExitCode, Message, current_language, say


def index(
    folder: Annotated[
        Path,
        typer.Argument(help="存放 PDF 的文件夹 / The folder of the PDFs.", metavar="FOLDER"),
    ] = Path("out"),
    lang: LangOption = None,
) -> None:
    """为文件夹中的简报编写目录 index.html 和 index.csv。 Catalogue the bulletins in a folder."""
    from briefpdf.authoring.catalogue import catalogue, write_index

    language = current_language(lang)
    if not folder.is_dir():
        fail(Message("index_no_folder", {"path": folder}), language, ExitCode.USAGE)
    entries, skipped = catalogue(folder)
    for path, reason in skipped.items():
        errors.print(f"[yellow]{escape(say('index_skipped', language, path=path, reason=reason))}")
    with writing(folder, language):
        html, csv = write_index(folder, entries)
    said = say("index_written", language, html=html, csv=csv, count=len(entries))
    console.print(f"[green]{escape(said)}")
