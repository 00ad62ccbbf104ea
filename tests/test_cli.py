"""The `briefpdf` command as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ENGLISH_USER, SAMPLE, SAMPLE_EN, briefpdf, pdftotext


def test_build_writes_the_pdf_to_the_documented_place(tmp_path: Path) -> None:
    result = briefpdf("build", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "简报-2023年第1期.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "out/简报-2023年第1期.pdf" in result.stdout
    assert "pages" in result.stdout


def test_a_broken_issue_leaves_the_existing_pdf_untouched(make_issue, tmp_path: Path) -> None:
    issue = make_issue(raw='{"year": 2023,, }')
    existing = tmp_path / "kept.pdf"
    existing.write_bytes(b"%PDF-1.7 archived copy")
    result = briefpdf("build", str(issue), "-o", str(existing))
    assert result.returncode == 3
    assert "line" in result.stderr.lower() or "1:" in result.stderr
    assert existing.read_bytes() == b"%PDF-1.7 archived copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_check_reports_every_problem_at_once(make_issue) -> None:
    issue = make_issue(year="二〇二三", number=0, date="2023-02-30", contacts="x")
    result = briefpdf("check", str(issue))
    assert result.returncode == 3
    for where in ("year", "number", "date", "contacts"):
        assert where in result.stderr
    assert "Did you mean" in result.stderr
    assert "28 days" in result.stderr


def test_help_explains_itself() -> None:
    result = briefpdf("build", "--help")
    assert result.returncode == 0
    assert "Typeset an issue file into a PDF" in result.stdout


# Raises KeyboardInterrupt, as a Ctrl-C would, the moment the command touches a path
# containing STOP: an exception raised by an audit hook aborts the operation audited.
CTRL_C_AT_STOP = """
import os, sys
def hook(event, args):
    if event in {"open", "os.scandir", "os.listdir", "glob.glob", "os.mkdir"} and "STOP" in (
        os.fsdecode(args[0]) if isinstance(args[0], (str, bytes, os.PathLike)) else ""
    ):
        raise KeyboardInterrupt
sys.addaudithook(hook)
from briefpdf.cli import main
sys.argv = ["briefpdf", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    "args",
    [
        ["check", "STOP.json"],
        ["build", "STOP.json"],
        ["build", "STOP/"],
        ["extract", "STOP.pdf", "folder"],
        ["new", "STOP"],
        ["import", "STOP.docx"],
        ["schema", "-o", "STOP.json"],
        ["index", "STOP"],
        ["mail", "issue.json", "--to", "STOP.csv"],
    ],
    ids=lambda args: " ".join(args),
)
def test_ctrl_c_ends_every_command_the_same_way(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "STOP").mkdir()
    for name in ("STOP.json", "STOP.pdf", "STOP.docx", "STOP.csv", "STOP/2023-01.json"):
        (tmp_path / name).write_bytes(SAMPLE.read_bytes())
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_STOP, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENGLISH_USER,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "Interrupted; existing files are untouched."
    assert result.stdout == ""


COMMANDS = ["check", "build", "extract", "new", "import", "schema", "preview", "index", "mail"]


@pytest.mark.parametrize("columns", ["80", "120"])
@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=lambda c: " ".join(c))
def test_help_reads_whole_in_any_terminal(command: list[str], columns: str) -> None:
    from rich.cells import cell_len

    result = briefpdf(*command, "--help", env=ENGLISH_USER | {"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout  # no description cut short
    assert not re.search(r"<(bool|str|int|float|path|Path|list|int range)\b", result.stdout)
    assert not re.search(r"x>=|<=x|\[default: \(", result.stdout)  # no [x>=1], (5.0 MB)
    assert max(map(cell_len, result.stdout.splitlines())) <= int(columns)


def test_every_option_is_explained_in_both_languages() -> None:
    import typer.main

    from briefpdf.cli import app

    group = typer.main.get_command(app)
    for command in [group, *group.commands.values()]:
        for param in command.params:
            if param.name == "help":
                continue
            assert re.search(r"[\u4e00-\u9fff]", param.help or ""), (command.name, param.name)
            assert re.search(r"[A-Za-z]{3,}", param.help or ""), (command.name, param.name)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "x.json", "-j", "0"], "“0” is not a number of issues to set at once"),
        (["preview", "x.json", "--port", "70000"], "“70000” is not a port"),
        (["new", "--number", "1" * 5000], "is not an issue number"),
        (["mail", "x.json", "--to", "x.csv", "--pause", "-1"], "is not a number of seconds"),
    ],
)
def test_a_number_out_of_range_is_refused_in_words(args: list[str], said: str) -> None:
    result = briefpdf(*args)
    assert result.returncode == 2
    assert said in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    from briefpdf import __version__

    result = briefpdf(flag)
    assert result.returncode == 0
    assert result.stdout.strip() == f"briefpdf {__version__}"


def test_a_single_build_never_replaces_another_issues_pdf(tmp_path: Path) -> None:
    import json
    import shutil

    def issue(folder: str, headline: str) -> Path:
        shutil.copytree(SAMPLE.parent, tmp_path / folder)
        path = tmp_path / folder / "2023-02.json"
        data = json.loads(SAMPLE.read_text(encoding="utf-8")) | {"number": 2}
        data["articles"][0]["headline"] = headline
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    a, b = issue("a", "甲的标题"), issue("b", "乙的标题")
    assert briefpdf("build", str(a), cwd=tmp_path).returncode == 0
    pdf = tmp_path / "out" / "简报-2023年第2期.pdf"
    built = pdf.read_bytes()

    # From another folder, into the same PDF: refused too.
    elsewhere = briefpdf("build", "2023-02.json", "-o", str(pdf), cwd=b.parent)
    assert elsewhere.returncode == 3
    assert pdf.read_bytes() == built

    refused = briefpdf("build", str(b), cwd=tmp_path, env=ENGLISH_USER | {"COLUMNS": "80"})
    assert refused.returncode == 3
    said = " ".join(refused.stderr.split())
    assert str(a.resolve()) in said and str(b) in said
    assert pdf.read_bytes() == built

    # The command that replaces it on purpose is said whole, on its own line, and pastes.
    command = refused.stderr.rstrip("\n").split("\n")[-1].strip()
    assert command == f"{sys.executable} -m briefpdf build {b} --force"
    forced = subprocess.run(
        command, shell=True, cwd=tmp_path, capture_output=True, text=True, env=ENGLISH_USER
    )
    assert forced.returncode == 0, forced.stderr
    assert "乙的标题" in pdftotext(pdf)
    # The folder now records b: a build of a is refused in turn.
    assert briefpdf("build", str(a), cwd=tmp_path).returncode == 3


def test_a_build_says_what_the_layout_did_unless_quiet(make_issue, tmp_path: Path) -> None:
    # The sample's photos that would leave a gap at a page's foot are set lower down: the
    # build says so, in yellow notes on stderr, and still succeeds.
    result = briefpdf("build", str(SAMPLE), "-o", str(tmp_path / "sample.pdf"))
    assert result.returncode == 0, result.stderr
    notes = re.findall(
        r"Note: the photo (\S+) of article 1, written after paragraph \d+", result.stderr
    )
    assert notes == [
        "photos/sun-xuefeng.jpg",
        "photos/li-yonghong.jpg",
        "photos/online-speakers.jpg",
        "photos/mekong-river.jpg",
    ]
    assert "Note" not in result.stdout
    quiet = briefpdf("build", str(SAMPLE), "-q", "-o", str(tmp_path / "quiet.pdf"))
    assert quiet.returncode == 0 and "Note" not in quiet.stderr + quiet.stdout
    # A batch says it too, for each issue.
    batch = briefpdf("build", str(SAMPLE), str(SAMPLE_EN), "-o", str(tmp_path / "out"))
    assert batch.returncode == 0, batch.stderr
    assert " ".join(batch.stderr.split()).count("Note: the photo photos/mekong-river.jpg") == 2
