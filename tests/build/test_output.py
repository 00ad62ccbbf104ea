"""build/output.py: default names, what may be replaced, and writes that are whole or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefpdf.build.output import (
    default_output,
    is_safe_to_replace,
    remove_stale_temporaries,
    write_atomically,
)
from briefpdf.engine.profiles import Profile


def test_the_default_names_of_the_two_copies_never_collide(sample_issue) -> None:
    email = default_output(sample_issue, Path("out"), Profile.EMAIL)
    archive = default_output(sample_issue, Path("out"), Profile.ARCHIVE)
    assert email == Path("out/简报-2023年第1期.pdf")
    assert archive == Path("out/简报-2023年第1期-存档.pdf")


def test_the_english_edition_is_named_in_english_and_never_as_the_chinese(
    sample_issue, english_issue
) -> None:
    email = default_output(english_issue, Path("out"), Profile.EMAIL)
    archive = default_output(english_issue, Path("out"), Profile.ARCHIVE)
    assert email == Path("out/Bulletin-2023-No1.pdf")
    assert archive == Path("out/Bulletin-2023-No1-archive.pdf")
    # Whatever the titles: an English edition that kept the title 简报 still has its own name.
    same_title = english_issue.model_copy(update={"masthead": sample_issue.masthead})
    assert (
        default_output(same_title) == Path("out/简报-2023-No1.pdf") != default_output(sample_issue)
    )
    untitled = english_issue.model_copy(
        update={"masthead": english_issue.masthead.model_copy(update={"title": None})}
    )
    assert untitled.title == "Bulletin"


def test_only_nothing_or_a_file_of_the_same_kind_may_be_replaced(tmp_path: Path) -> None:
    pdf, notes = tmp_path / "a.pdf", tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    notes.write_text("minutes of the meeting")
    assert is_safe_to_replace(tmp_path / "missing.pdf")
    assert is_safe_to_replace(pdf)
    assert not is_safe_to_replace(notes)
    assert not is_safe_to_replace(pdf, b"\x89PNG")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "issue.pdf"
    target.write_bytes(b"%PDF- old")

    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"%PDF- old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.pdf"]
    write_atomically(target, b"%PDF- new")
    assert target.read_bytes() == b"%PDF- new"
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_temporaries_of_killed_builds_are_removed_and_those_of_running_ones_kept(
    tmp_path: Path,
) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    stale = tmp_path / f".issue.pdf.briefpdf-{dead}-abcd.tmp"
    running = tmp_path / f".issue.pdf.briefpdf-{os.getpid()}-efgh.tmp"
    someone_elses = tmp_path / ".issue.pdf.other.tmp"
    for path in (stale, running, someone_elses):
        path.write_bytes(b"partial")
    remove_stale_temporaries(tmp_path)
    assert not stale.exists()
    assert running.exists()
    assert someone_elses.exists()
