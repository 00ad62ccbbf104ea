"""`briefpdf schema`: the issue file's JSON Schema, for editors to complete and check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console, fail, writing
from briefpdf.messages import ExitCode, Message, current_language, say


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写入的文件；省略时输出到屏幕。 Where to write it; the screen if omitted.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """输出期刊文件的 JSON Schema，供编辑器补全和检查。 Write the issue file's JSON Schema."""
    from briefpdf.build.output import write_atomically
    from briefpdf.issue.schema import is_generated_schema, schema_text

    language = current_language(lang)
    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists() and not is_generated_schema(output):
        fail(Message("schema_not_ours", {"path": output}), language, ExitCode.OUTPUT_FAILED)
    with writing(output, language):
        write_atomically(output, text.encode("utf-8"))
    console.print(f"[green]{escape(say('schema_written', language, path=output))}")
