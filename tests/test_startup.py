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
