"""Broken and hostile issue files (tests/broken/): each gets exactly its documented
message, in Chinese and English, and its exit code, and no PDF is ever written."""

from __future__ import annotations

import json
import string
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from broken_assets import BROKEN, make_broken_folder
from helpers import SAMPLE, briefpdf
from rich.cells import cell_len
from typer.testing import CliRunner

from briefpdf.cli import app
from briefpdf.issue.loader import load_issue
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import CATALOGUE, ExitCode

CASES = tomllib.loads((BROKEN / "cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_broken_folder(tmp_path_factory.mktemp("outside") / "broken")


def test_every_broken_file_has_a_case() -> None:
    committed = {p.name for p in BROKEN.glob("*.json")} | {"several-hundred-mb.json"}
    assert committed == {case["file"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_each_problem_is_said_exactly(broken: Path, case: dict) -> None:
    with pytest.raises(IssueProblems) as caught:
        load_issue(broken / case["file"])
    said = [
        {
            "where": p.where,
            "at": f"{p.line}:{p.column}" if p.line and p.column else str(p.line or ""),
            "found": p.found or "",
            "en": p.message.text("en"),
            "zh": p.message.text("zh"),
        }
        for p in caught.value.problems
    ]
    # A message naming the folder searched names it as {broken}.
    expected = [
        {key: value.replace("{broken}", str(broken)) for key, value in problem.items()}
        for problem in case["problem"]
    ]
    assert said == expected


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_end_with_the_documented_code(
    broken: Path, tmp_path: Path, case: dict, command: str
) -> None:
    output = tmp_path / "out.pdf"
    args = [command, str(broken / case["file"]), "--lang", "en"]
    result = CliRunner().invoke(app, [*args, "-o", str(output)] if command == "build" else args)
    assert result.exit_code == case["exit"], result.output
    assert isinstance(result.exception, SystemExit)  # a planned exit, not a crash
    said = " ".join(result.output.split())  # the table wraps at 80 columns here
    assert f"{len(case['problem'])} problem(s); no PDF was made" in said
    assert list(tmp_path.iterdir()) == []


# An officer as a new user: the default language (Chinese).
NEW_USER = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8"}


def test_a_new_user_reads_the_problem_in_chinese_with_a_caret(broken: Path) -> None:
    result = briefpdf("check", str(broken / "trailing-comma.json"), env=NEW_USER)
    assert result.returncode == 3
    assert "最后一项后面多了一个逗号。请删除这个逗号。" in result.stderr
    assert "23:40" in result.stderr
    source_line, caret = result.stderr.rstrip("\n").splitlines()[-2:]
    assert source_line.endswith('"澜湄水资源合作中心是澜湄合作机制下的水资源合作平台。",')
    # The caret sits under the comma, the line's last character: Chinese takes two columns.
    assert caret.index("^") == cell_len(source_line) - 1


@pytest.mark.parametrize("cut", [0, 100, 195], ids=["end", "middle", "start"])
def test_the_excerpt_of_a_long_line_fits_the_terminal_with_the_caret_under_the_mistake(
    make_issue, cut: int
) -> None:
    # A Chinese paragraph of 200 characters, then a Chinese comma for JSON's: the caret
    # must stand under it in an 80-column terminal, in a window of the line.
    paragraph = "澜湄环境合作持续推进区域绿色低碳与可持续发展。" * 9
    paragraph = paragraph[: 200 - cut]
    after = "后" * cut
    sample = SAMPLE.read_text(encoding="utf-8")
    first = json.loads(sample)["articles"][0]["body"][0]
    raw = sample.replace(f'"{first}",', f'"{paragraph}"，"{after}",', 1)
    result = briefpdf("check", str(make_issue(raw)), env=NEW_USER | {"COLUMNS": "80"})
    assert result.returncode == 3
    lines = result.stderr.rstrip("\n").splitlines()
    assert max(map(cell_len, lines)) <= 80
    excerpt, caret = lines[-2:]
    assert excerpt.endswith("…") == (cut > 0)
    assert ("| …" in excerpt) == (cut < 150)
    assert cell_len(caret[: caret.index("^")]) == cell_len(excerpt[: excerpt.index('"，') + 1])


def test_a_missing_photo_names_the_folder_searched_and_close_names(make_issue) -> None:
    path = make_issue()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["articles"][0]["body"][2]["photo"] = "photos/Round-table.jpg"  # roundtable.jpg
    data["articles"][0]["body"][4]["photo"] = "photos/nothing-like-it.jpg"
    data["articles"][0]["body"][6]["photo"] = "pictures/li-yonghong.jpg"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IssueProblems) as caught:
        load_issue(path)
    photos = path.parent / "photos"
    assert [p.message.text("en") for p in caught.value.problems] == [
        f"photos/Round-table.jpg was not found in {photos}. Did you mean roundtable.jpg?",
        f"photos/nothing-like-it.jpg was not found in {photos}. "
        "Check the name (case matters) and folder.",
        f"pictures/li-yonghong.jpg was not found in {path.parent / 'pictures'}. "
        "That folder does not exist: check the folder's name in the path.",
    ]
    assert caught.value.problems[0].message.text("zh") == (
        f"找不到图片 photos/Round-table.jpg：文件夹 {photos} 中没有这个文件。是不是 roundtable.jpg？"
    )


def test_a_byte_order_mark_is_accepted(make_issue) -> None:
    path = make_issue()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_issue(path).number == 1


def test_markup_in_problems_is_shown_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "issue.json"
    path.write_text('{"[bold]x[/bold]": 1}', encoding="utf-8")
    result = briefpdf("check", str(path), env=NEW_USER)
    assert "[bold]x[/bold]" in result.stderr


@pytest.mark.parametrize("code", CATALOGUE)
def test_every_message_fills_the_same_values_in_both_languages(code: str) -> None:
    zh, en = CATALOGUE[code]
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]
    for text in (zh, en):
        text.format(**dict.fromkeys(fields[0], "X"))


def test_every_message_and_exit_code_is_documented() -> None:
    errors_md = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text()
    assert [code for code in CATALOGUE if f"| `{code}` |" not in errors_md] == []
    assert [code for code in ExitCode if f"\n| {int(code)} | " not in errors_md] == []


def test_a_folder_given_for_the_issue_file(tmp_path: Path) -> None:
    with pytest.raises(IssueProblems) as caught:
        load_issue(tmp_path)
    [problem] = caught.value.problems
    assert problem.message.text("en") == (
        f"{tmp_path} is a folder. Name the issue's JSON file in it, e.g. {tmp_path}/2023-01.json."
    )


def test_check_never_loads_the_renderer() -> None:
    # `check` validates only: it is fast, and cannot fail the way typesetting can.
    script = (
        "import sys; from typer.testing import CliRunner; from briefpdf.cli import app; "
        f"result = CliRunner().invoke(app, ['check', {str(SAMPLE)!r}]); "
        "print(result.exit_code, 'weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "False"]
