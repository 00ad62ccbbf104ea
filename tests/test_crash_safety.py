"""Nothing is lost: a build that fails, is interrupted or is killed leaves an existing
PDF byte for byte as it was, and no temporary file survives the next build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import SAMPLE, briefpdf

from briefpdf.build.output import HOST, write_atomically
from briefpdf.paths import FONTS_DIR

ARCHIVED = b"%PDF-1.7 the archived copy, approved and sent"


def hidden_files(folder: Path) -> list[str]:
    """What a build left behind besides the PDF: temporary files, and its lock if held.
    The folder's manifest is no leftover: a build records there the PDF it is making."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(".") and p.name != ".briefpdf-manifest.json"
    )


def wait_until_mapped(process: subprocess.Popen[bytes], name: str) -> None:
    """Returns once the process has mapped a file whose path holds `name`."""
    deadline = time.monotonic() + 60
    maps = Path(f"/proc/{process.pid}/maps")
    while name not in maps.read_text():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)


def start_build(issue: Path, pdf: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefpdf", "build", str(issue), "-o", str(pdf), "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_while_typesetting_leaves_the_archived_pdf(
    make_issue, tmp_path: Path, stop: signal.Signals
) -> None:
    articles = json.loads(SAMPLE.read_text(encoding="utf-8"))["articles"]
    issue = make_issue(articles=articles * 6)  # about 40 pages: seconds of typesetting
    archive = tmp_path / "archive"
    archive.mkdir()
    pdf = archive / "简报-2023年第1期.pdf"
    pdf.write_bytes(ARCHIVED)
    process = start_build(issue, pdf)
    # FreeType maps a bundled font once text is being set (after WeasyPrint has loaded).
    wait_until_mapped(process, str(FONTS_DIR))
    time.sleep(0.3)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    # Stopped before it finished (else the test proves nothing), with the documented code.
    assert process.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 130)
    if stop != signal.SIGKILL:
        assert b"Interrupted; existing files are untouched." in stderr
    assert pdf.read_bytes() == ARCHIVED
    assert hidden_files(archive) == []


def test_ctrl_c_while_weasyprint_loads_is_reported(make_issue, tmp_path: Path) -> None:
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(ARCHIVED)
    process = start_build(make_issue(), pdf)
    wait_until_mapped(process, "libpango")  # WeasyPrint is being imported
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "Interrupted; existing files are untouched.\n"
    assert pdf.read_bytes() == ARCHIVED


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    pdf = tmp_path / "issue.pdf"
    dead = _finished_pid()
    here = f"{dead}@{HOST}"
    left = tmp_path / f".issue.pdf.briefpdf-{here}-x1y2z3.tmp"  # a build killed while writing
    running = tmp_path / f".issue.pdf.briefpdf-{os.getpid()}@{HOST}-a1b2c3.tmp"  # one still at it
    other = tmp_path / f".notes.pdf.briefpdf-{here}-a1b2c3.tmp"  # a killed build of another
    older = tmp_path / f".notes.pdf.briefpdf-{dead}-d4e5f6.tmp"  # as briefpdf 0.1 named them
    # A build on another computer writing into a shared folder: its process is not ours to see.
    elsewhere = tmp_path / f".issue.pdf.briefpdf-{dead}@other-computer-g7h8i9.tmp"
    mine = tmp_path / ".notes.pdf.briefpdf-draft.tmp"  # not a name briefpdf gives
    for path in (left, running, other, older, elsewhere, mine):
        path.write_bytes(b"%PDF-1.7 partial")
    write_atomically(pdf, b"%PDF-1.7 new")
    assert pdf.read_bytes() == b"%PDF-1.7 new"
    assert hidden_files(tmp_path) == sorted([running.name, elsewhere.name, mine.name])


def _finished_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a-folder.pdf"
    target.mkdir()  # the rename over a folder fails
    with pytest.raises(OSError):
        write_atomically(target, b"%PDF-1.7 new")
    assert hidden_files(tmp_path) == []


def test_a_file_that_is_not_a_pdf_is_never_overwritten(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("会议记录，不是 PDF", encoding="utf-8")
    result = briefpdf("build", str(SAMPLE), "-o", str(notes), "--lang", "en")
    assert result.returncode == 5
    assert "exists and is not a PDF" in result.stderr
    assert notes.read_text(encoding="utf-8") == "会议记录，不是 PDF"


def test_an_unwritable_place_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_bytes(b"")
    target = tmp_path / "a-file" / "issue.pdf"  # a folder that is a file
    result = briefpdf("build", str(SAMPLE), "-o", str(target), "--lang", "en")
    assert result.returncode == 5
    assert f"Cannot write {target}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("delay", [0.15, 0.2, 0.25, 0.3, 0.4, 0.5])
def test_ctrl_c_while_briefpdf_loads_shows_no_traceback(delay: float) -> None:
    # From the loading of briefpdf's modules (after Python's own start, some 0.05 s,
    # whose interruption is Python's to report) to the command's run.
    process = subprocess.Popen(
        [sys.executable, "-m", "briefpdf", "check", str(SAMPLE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    assert process.returncode in (0, 130, -signal.SIGINT)
