"""A check that passes says the command that builds what it checked, to paste."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers import ENGLISH_USER, SAMPLE, briefpdf, pdftotext

SAMPLE_DATA = json.loads(SAMPLE.read_text(encoding="utf-8"))


def _issues(folder: Path, *numbered: tuple[str, int, int, str]) -> Path:
    """`folder`, with the sample's photos and one issue file per (name, year, number,
    language)."""
    (folder / "photos").mkdir(parents=True)
    for photo in (SAMPLE.parent / "photos").glob("*.jpg"):
        (folder / "photos" / photo.name).write_bytes(photo.read_bytes())
    for name, year, number, language in numbered:
        data = SAMPLE_DATA | {"year": year, "number": number, "language": language}
        data.pop("$schema")
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_a_check_that_passes_says_the_command_to_build_and_it_pastes(tmp_path: Path) -> None:
    folder = _issues(tmp_path / "my issues", ("2023-01.json", 2023, 1, "zh"))
    narrow = ENGLISH_USER | {"COLUMNS": "80"}
    result = briefpdf("check", "my issues/2023-01.json", cwd=tmp_path, env=narrow)
    assert result.returncode == 0, result.stderr
    *_, heading, command = result.stdout.rstrip("\n").split("\n")
    assert heading == "To make the PDF:"
    assert command.endswith(" -m briefpdf build 'my issues/2023-01.json'")
    built = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, env=narrow)
    assert built.returncode == 0, built.stderr
    assert "Lancang-Mekong" in pdftotext(tmp_path / "out" / "简报-2023年第1期.pdf")
    assert folder.is_dir()
