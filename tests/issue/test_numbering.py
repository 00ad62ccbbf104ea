"""issue/numbering.py, and `check` of a folder whose issue numbers repeat or skip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import SAMPLE, briefpdf

from briefpdf.issue.editions import Edition
from briefpdf.issue.loader import load_issue
from briefpdf.issue.numbering import numbering_warnings


def issues(folder: Path, *numbers: tuple[str, int, int]) -> list[Edition]:
    """Copies of the sample with the given (language, year, number), in `folder`."""
    shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
    editions = []
    for k, (language, year, number) in enumerate(numbers):
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data |= {"language": language, "year": year, "number": number}
        data["date"] = f"{year}-{data['date'][5:]}"
        path = folder / f"issue-{k}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        editions.append(Edition(path, load_issue(path)))
    return editions


def said(editions: list[Edition]) -> list[str]:
    return [warning.text("en") for warning in numbering_warnings(editions)]


def test_issues_that_run_on_say_nothing(tmp_path: Path) -> None:
    found = issues(tmp_path, ("zh", 2023, 1), ("zh", 2023, 2), ("en", 2023, 1), ("zh", 2024, 1))
    assert said(found) == []


def test_a_repeated_and_a_skipped_number_are_named(tmp_path: Path) -> None:
    found = issues(tmp_path, ("zh", 2023, 1), ("zh", 2023, 1), ("zh", 2023, 4), ("en", 2023, 2))
    messages = said(found)
    assert len(messages) == 3
    (repeated,) = [m for m in messages if "are all issue 1 of 2023" in m]
    assert "issue-0.json、" in repeated and "issue-1.json" in repeated
    assert any("Issue(s) 2、3 of 2023 are missing" in m for m in messages)
    assert any("Issue(s) 1 of 2023 are missing" in m for m in messages)  # the English run


def test_check_of_a_folder_warns_and_passes(tmp_path: Path) -> None:
    issues(tmp_path, ("zh", 2023, 1), ("zh", 2023, 3))
    result = briefpdf("check", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Issue(s) 2 of 2023 are missing" in result.stderr
