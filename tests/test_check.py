"""`briefpdf check` of several issues: numbers skipped or repeated within a year are
noted (warnings, exit code unchanged), and a check that passes says how to build."""

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


def test_a_folder_with_a_number_skipped_and_one_repeated(tmp_path: Path) -> None:
    folder = _issues(
        tmp_path / "issues",
        ("2023-01.json", 2023, 1, "zh"),
        ("2023-02.json", 2023, 2, "zh"),
        ("2023-05.json", 2023, 5, "zh"),
        ("copy of 2023-05.json", 2023, 5, "zh"),
        ("2024-01.json", 2024, 1, "zh"),
    )
    result = briefpdf("check", str(folder))
    assert result.returncode == 0, result.stderr  # notes, not errors
    said = " ".join(result.stderr.split())
    assert (
        "Note: no issue of 2023 (the Chinese edition) is numbered 3, 4; the files are "
        "numbered 1, 2, 5."
    ) in said
    assert (
        f"Note: {folder / '2023-05.json'}, {folder / 'copy of 2023-05.json'} are all issue 5 "
        "of 2023 (the Chinese edition)"
    ) in said
    assert "of 2024 (" not in said


def test_each_edition_is_numbered_on_its_own_and_a_broken_file_still_counts(
    tmp_path: Path,
) -> None:
    folder = _issues(
        tmp_path / "issues",
        ("2023-01.json", 2023, 1, "zh"),
        ("2023-01.en.json", 2023, 1, "en"),
        ("2023-03.en.json", 2023, 3, "en"),
    )
    (folder / "2023-02.json").write_text(
        json.dumps(SAMPLE_DATA | {"number": 2, "date": "2023-02-30"}, ensure_ascii=False)
    )
    result = briefpdf("check", str(folder))
    assert result.returncode == 3  # 2023-02.json's date
    said = " ".join(result.stderr.split())
    assert (
        "no issue of 2023 (the English edition) is numbered 2; the files are numbered 1, 3" in said
    )
    assert "(the Chinese edition) is numbered" not in said  # 2023-02.json is there, broken


def test_one_file_or_numbers_in_order_say_nothing_of_numbers(tmp_path: Path) -> None:
    folder = _issues(
        tmp_path / "issues", ("2023-02.json", 2023, 2, "zh"), ("2023-03.json", 2023, 3, "zh")
    )
    alone = briefpdf("check", str(folder / "2023-03.json"))
    assert alone.returncode == 0 and "Note" not in alone.stderr
    both = briefpdf("check", str(folder / "2023-02.json"), str(folder / "2023-03.json"))
    assert "is numbered 1; the files are numbered 2, 3." in " ".join(both.stderr.split())


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
