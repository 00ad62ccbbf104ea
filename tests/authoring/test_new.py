"""`briefpdf new`: the next issue from the previous one, never over an existing file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpers import SAMPLE, SAMPLE_EN, briefpdf

from briefpdf.authoring.scaffold import next_issue, schema_reference
from briefpdf.issue.schema import schema_text

PREVIOUS = json.loads(SAMPLE.read_text(encoding="utf-8"))  # 2023, number 1


def test_the_next_number_in_the_same_year() -> None:
    issue = next_issue(PREVIOUS, dt.date(2023, 6, 1), "../schema.json")
    assert (issue["year"], issue["number"], issue["date"]) == (2023, 2, "2023-06-01")
    for key in ("masthead", "contact", "about"):
        assert issue[key] == PREVIOUS[key]
    assert issue["$schema"] == "../schema.json"
    assert list(issue)[:3] == ["$schema", "masthead", "year"]  # the order of the sample


def test_a_new_year_starts_at_number_one() -> None:
    issue = next_issue({**PREVIOUS, "number": 12}, dt.date(2024, 1, 8), None)
    assert (issue["year"], issue["number"], issue["date"]) == (2024, 1, "2024-01-08")
    assert "$schema" not in issue


def test_inside_the_project_the_committed_schema_is_named() -> None:
    assert schema_reference(SAMPLE.parent) == ("../schema.json", None)


def _issues_folder(tmp_path: Path) -> Path:
    """A folder with this year's issue 3, last year's issue 9, and other JSON files."""
    folder = tmp_path / "issues"
    folder.mkdir()
    year = dt.date.today().year
    for name, number, y in (("a.json", 3, year), ("z.json", 9, year - 1)):
        data = {**PREVIOUS, "year": y, "number": number}
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.json").write_text('{"todo": []}', encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return folder


def test_new_continues_the_newest_issue_and_says_what_to_do(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    today = dt.date.today()
    result = briefpdf("new", str(folder))
    assert result.returncode == 0, result.stderr
    created = folder / f"{today.year}-04.json"
    assert f"Created {created}" in " ".join(result.stdout.split())
    assert f"briefpdf import draft.docx --into {created}" in result.stdout
    assert f"Previous issue: {folder / 'a.json'}" in result.stdout

    issue = json.loads(created.read_text(encoding="utf-8"))
    assert (issue["year"], issue["number"], issue["date"]) == (today.year, 4, today.isoformat())
    assert issue["masthead"] == PREVIOUS["masthead"]
    assert issue["contact"] == PREVIOUS["contact"]
    assert created.read_text(encoding="utf-8").startswith('{\n  "$schema": "schema.json",\n')
    # Outside the project the schema is written next to the issue, for the editor.
    assert (folder / "schema.json").read_text(encoding="utf-8") == schema_text()

    check = briefpdf("check", str(created))
    assert check.returncode == 3
    assert "articles[0].headline" in check.stdout + check.stderr
    assert "still placeholder text" in check.stderr
    assert "contact" not in check.stderr  # only the placeholders are left to do


def test_new_never_overwrites(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    target = folder / f"{dt.date.today().year}-04.json"
    target.write_text("my draft", encoding="utf-8")
    result = briefpdf("new", "--from", str(folder / "a.json"))
    assert result.returncode == 5
    assert "nothing was changed" in result.stderr
    assert target.read_text(encoding="utf-8") == "my draft"


def test_new_keeps_a_schema_json_that_is_not_ours(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    (folder / "schema.json").write_text('{"mine": 1}', encoding="utf-8")
    assert briefpdf("new", str(folder)).returncode == 0
    assert (folder / "schema.json").read_text(encoding="utf-8") == '{"mine": 1}'
    created = json.loads((folder / f"{dt.date.today().year}-04.json").read_text("utf-8"))
    assert "$schema" not in created


def test_new_without_a_previous_issue_says_how_to_name_one(tmp_path: Path) -> None:
    result = briefpdf("new", str(tmp_path))
    assert result.returncode == 2
    assert "--from" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_from_a_file_that_is_no_issue(tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"year": "2023"}', encoding="utf-8")
    result = briefpdf("new", "--from", str(notes))
    assert result.returncode == 3
    assert "not an issue file" in result.stderr


def test_new_from_the_english_edition_is_english(tmp_path: Path) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    for sample in (SAMPLE, SAMPLE_EN):
        (folder / sample.name).write_bytes(sample.read_bytes())
    year = dt.date.today().year
    number = 2 if year == 2023 else 1

    chinese = briefpdf("new", str(folder))  # of the two editions, the Chinese is continued
    assert chinese.returncode == 0, chinese.stderr
    assert "language" not in json.loads((folder / f"{year}-{number:02d}.json").read_text("utf-8"))

    english = briefpdf("new", "--from", str(folder / SAMPLE_EN.name))
    assert english.returncode == 0, english.stderr
    created = folder / f"{year}-{number:02d}.en.json"
    issue = json.loads(created.read_text(encoding="utf-8"))
    assert issue["language"] == "en"
    assert issue["masthead"]["title"] == "Bulletin"
    assert issue["articles"][0]["headline"] == "(Please fill in the headline)"
    check = briefpdf("check", str(created))
    assert check.returncode == 3
    assert "still placeholder text" in check.stderr  # messages stay in the user's language
    assert "articles[0].body[2]" in check.stdout + check.stderr
