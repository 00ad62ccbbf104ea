"""`briefpdf new`: the next issue from the previous one, never over an existing file."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ENGLISH_USER, SAMPLE, SAMPLE_EN, briefpdf

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
    assert f"-m briefpdf import draft.docx --into {created}\n" in result.stdout
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


def test_new_says_which_issue_it_made_and_why(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    result = briefpdf("new", str(folder))
    said = " ".join(result.stdout.split())
    assert f"issue 4 of {dt.date.today().year} (the one after {folder / 'a.json'})" in said


def test_new_makes_the_year_number_and_date_asked_for(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    last_year = dt.date.today().year - 1
    # Last year's newest is z.json (9): --year alone continues it.
    result = briefpdf("new", str(folder), "--year", str(last_year), "--date", "2020-12-30")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert f"issue 10 of {last_year} (the one after {folder / 'z.json'})" in said
    issue = json.loads((folder / f"{last_year}-10.json").read_text(encoding="utf-8"))
    assert (issue["year"], issue["number"], issue["date"]) == (last_year, 10, "2020-12-30")

    result = briefpdf("new", str(folder), "--year", "2019", "--number", "5")
    assert result.returncode == 0, result.stderr
    assert "issue 5 of 2019 (as you asked)" in " ".join(result.stdout.split())
    assert json.loads((folder / "2019-05.json").read_text(encoding="utf-8"))["number"] == 5
    # Asked again: the file exists and is kept.
    assert briefpdf("new", str(folder), "--year", "2019", "--number", "5").returncode == 5


def test_new_refuses_a_bad_year_number_or_date_plainly(tmp_path: Path) -> None:
    folder = _issues_folder(tmp_path)
    before = sorted(folder.iterdir())
    for option, value, words in [
        ("--date", "2023-02-30", "is not a date"),
        ("--date", "30.12.2023", "YYYY-MM-DD"),
        ("--year", "23", "is not a year"),
        ("--number", "0", "is not an issue number"),
    ]:
        result = briefpdf("new", str(folder), option, value)
        assert result.returncode == 2, (option, value)
        assert words in " ".join(result.stderr.split()), (option, value)
        assert "Traceback" not in result.stderr
    assert sorted(folder.iterdir()) == before


def test_check_notes_a_date_outside_the_issues_year(make_issue) -> None:
    late = briefpdf("check", str(make_issue(year=2022, number=12, date="2023-01-05")))
    assert late.returncode == 0, late.stderr
    assert "the date 2023-01-05 is not in 2022" in " ".join(late.stderr.split())
    assert "not in" not in briefpdf("check", str(make_issue(name="b.json"))).stderr


def _venv_briefpdf() -> Path:
    """The console script of the environment the tests run in."""
    script = Path(sys.executable).parent / "briefpdf"
    if not script.is_file():
        pytest.skip("no briefpdf console script beside this Python")
    return script


def test_commands_to_paste_name_the_program_as_invoked_and_stay_whole(tmp_path: Path) -> None:
    folder = tmp_path / "a folder with a rather long name for the bulletin issues of 2023"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "2023-01.json")
    narrow = ENGLISH_USER | {"COLUMNS": "80"}
    quoted = shlex.quote(str(folder / f"{dt.date.today().year}-01.json"))

    result = briefpdf("new", str(folder), env=narrow)  # python -m briefpdf
    assert result.returncode == 0, result.stderr
    assert f"  2. check it:\n       {sys.executable} -m briefpdf check {quoted}\n" in result.stdout

    script = _venv_briefpdf()
    (folder / f"{dt.date.today().year}-01.json").unlink()
    run = subprocess.run(
        [str(script), "new", str(folder)], capture_output=True, text=True, env=narrow
    )
    assert f"  3. make the PDF:\n       {script} build {quoted}\n" in run.stdout, run.stderr

    (folder / f"{dt.date.today().year}-01.json").unlink()
    on_path = narrow | {"PATH": f"{script.parent}:/usr/bin:/bin"}
    run = subprocess.run(
        ["briefpdf", "new", str(folder)], capture_output=True, text=True, env=on_path
    )
    assert f"  2. check it:\n       briefpdf check {quoted}\n" in run.stdout, run.stderr


def test_a_command_in_an_error_is_one_line_too(tmp_path: Path) -> None:
    result = briefpdf("new", str(tmp_path), env=ENGLISH_USER | {"COLUMNS": "40"})
    assert f"  {sys.executable} -m briefpdf new --from issues/2023-01.json\n" in result.stderr


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


def test_a_new_year_is_explained_with_the_command_for_the_old_one(tmp_path: Path) -> None:
    folder = tmp_path / "my issues"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "2023-01.json")
    year = dt.date.today().year
    result = briefpdf("new", str(folder))
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert (
        f"issue 1 of {year} (the first of {year}: the previous issue, "
        f"{folder / '2023-01.json'}, is of 2023, and the date, {dt.date.today()}, is in {year})"
    ) in said
    made = folder / f"{year}-01.json"
    # The command to run instead is on a line of its own, whole, and pastes into a shell.
    hint = next(line for line in result.stdout.splitlines() if "--year 2023" in line)
    assert hint == f"  {sys.executable} -m briefpdf new {shlex.quote(str(folder))} --year 2023"
    made.unlink()
    pasted = subprocess.run(hint, shell=True, capture_output=True, text=True, env=ENGLISH_USER)
    assert pasted.returncode == 0, pasted.stderr
    issue = json.loads((folder / "2023-02.json").read_text(encoding="utf-8"))
    assert (issue["year"], issue["number"]) == (2023, 2)


def test_new_with_year_number_and_date_makes_the_issue_wanted_and_check_passes_it(
    tmp_path: Path,
) -> None:
    shutil.copytree(SAMPLE.parent, tmp_path / "issues")
    args = ("--year", "2023", "--number", "2", "--date", "2023-06-15")
    result = briefpdf("new", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "issue 2 of 2023 (as you asked)" in " ".join(result.stdout.split())
    issue = json.loads((tmp_path / "issues" / "2023-02.json").read_text(encoding="utf-8"))
    assert (issue["year"], issue["number"], issue["date"]) == (2023, 2, "2023-06-15")
    assert "--year" not in result.stdout  # asked for: nothing to explain


def test_import_without_into_says_which_issue_it_started_and_why(tmp_path: Path) -> None:
    from docx import Document

    (tmp_path / "issues").mkdir()
    shutil.copy(SAMPLE, tmp_path / "issues" / "2023-01.json")
    draft = Document()
    draft.add_paragraph("研修班在昆明举办", style="Title")
    draft.add_paragraph("学员们表示，研修班内容丰富。")
    draft.save(tmp_path / "draft.docx")
    year = dt.date.today().year
    result = briefpdf("import", "draft.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert f"Created issues/{year}-01.json: issue 1 of {year} (the first of {year}:" in said
    assert f"  {sys.executable} -m briefpdf new --year 2023\n" in result.stdout
