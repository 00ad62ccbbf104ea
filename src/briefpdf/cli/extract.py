"""`briefpdf extract`: the issue file and original photos out of an archive copy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefpdf.cli.options import LangOption
from briefpdf.cli.terminal import console, fail, pasteable, program, tell, writing
from briefpdf.messages import ExitCode, current_language, say


def extract(
    archive: Annotated[
        Path, typer.Argument(help="存档版 PDF / The archive copy.", metavar="ARCHIVE")
    ],
    folder: Annotated[
        Path, typer.Argument(help="取出到此文件夹 / Folder to extract into.", metavar="FOLDER")
    ],
    lang: LangOption = None,
) -> None:
    """从存档版 PDF 取出期刊文件和原始图片。 Take the issue file and photos out of an archive copy."""
    from briefpdf.authoring.archive import ExtractError, ExtractTargetsExist
    from briefpdf.authoring.archive import extract as extract_sources

    language = current_language(lang)
    try:
        with writing(folder, language):
            written = extract_sources(archive, folder)
    except ExtractTargetsExist as error:
        fail(error.message, language, ExitCode.OUTPUT_FAILED)
    except ExtractError as error:
        fail(error.message, language, ExitCode.INVALID_ISSUE)
    issue = next((path for path in written if path.suffix == ".json"), folder)
    values = {"count": len(written), "folder": folder, "issue": pasteable(issue)}
    tell(console, say("extracted", language, program=program(), **values), "green")
