"""What `briefpdf --help` loads: not the renderer, not the issue model (they take seconds)."""

from __future__ import annotations

import re
import subprocess
import sys


def test_help_imports_neither_weasyprint_nor_pydantic() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "briefpdf", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "build" in result.stdout
    imported = set(re.findall(r"^import time:.*\|\s+(\S+)$", result.stderr, re.MULTILINE))
    assert "typer" in imported
    assert not {"weasyprint", "pydantic", "fontTools", "PIL.Image"} & imported


def test_loading_the_renderer_starts_no_process() -> None:
    # Without briefpdf.paths.weasyprint_libraries_found_fast, cffi's library search runs
    # ldconfig, gcc and ld for each of WeasyPrint's names that dlopen cannot open: 54
    # processes and 0.2 s of every build.
    code = """
import sys
started = []
sys.addaudithook(lambda event, args: event == "subprocess.Popen" and started.append(args[1]))
from briefpdf.engine import render
print(started, bool(render.has_fast_subsetting()))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]", "True"]
