"""The `briefpdf` command as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLE, briefpdf


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
