"""What the test modules share: the sample issue, the page's measurements, the command as
a user runs it, poppler's reading of a PDF, and the programs only the tests use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2023-01.json"
SAMPLE_EN = ROOT / "issues" / "2023-01.en.json"  # its English edition

MM = 72 / 25.4  # PDF points
A4 = (210 * MM, 297 * MM)
TYPE_AREA = {"left": 28 * MM, "right": (210 - 26) * MM, "top": 37 * MM, "bottom": (297 - 35) * MM}

# A user who reads English, in a terminal wide enough that messages are not wrapped.
ENGLISH_USER = {"BRIEFPDF_LANG": "en", "PATH": "/usr/bin:/bin", "COLUMNS": "200"}


def briefpdf(
    *args: str, cwd: Path | None = None, env: dict[str, str] = ENGLISH_USER
) -> subprocess.CompletedProcess[str]:
    """The `briefpdf` command as a user runs it: a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "briefpdf", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def pdftotext(pdf: Path, *args: str) -> str:
    """The text of a PDF as poppler reads it."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def require_program(name: str) -> str:
    """The path of a program only the tests use (scripts/install-debian-packages.sh test installs it).

    Where it is missing the test skips, saying why; in CI, which installs it, a missing
    program is a broken setup, so the test fails instead of passing unnoticed.
    """
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed: scripts/install-debian-packages.sh test installs it (as root)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path
