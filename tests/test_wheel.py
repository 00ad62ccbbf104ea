"""briefpdf installed from its wheel, away from this checkout, builds the same PDFs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLE

from briefpdf.engine.profiles import Profile
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel that `pip install .` (or pipx) builds from this checkout."""
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", folder, ROOT],
        check=True,
    )
    return next(folder.glob("briefpdf-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel; its dependencies are those of the
    test's environment, reached through a .pth file (no network, and not this checkout:
    the editable install's own .pth is not read from there)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel],
        check=True,
    )
    return venv / "bin" / "briefpdf"


def test_the_wheel_carries_layouts_fonts_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("layouts", "fonts"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"briefpdf/{path.relative_to(ROOT)}" in names
    assert "briefpdf/schema.json" in names


@pytest.mark.parametrize("profile", list(Profile))
def test_the_installed_wheel_builds_the_sample_byte_identical(
    installed: Path, tmp_path: Path, profile: Profile
) -> None:
    elsewhere = tmp_path / "office"
    shutil.copytree(SAMPLE.parent, elsewhere / "issues")
    result = subprocess.run(
        [installed, "build", "issues/2023-01.json", "--for", profile.value, "-o", "copy.pdf"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"BRIEFPDF_LANG": "en", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [installed.parent / "python", "-c", "import briefpdf.paths as p; print(p.ROOT)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert not Path(where).is_relative_to(ROOT)  # the wheel's own layouts and fonts
    expected = render_pdf(load_issue(SAMPLE), SAMPLE.parent, profile).data
    assert (elsewhere / "copy.pdf").read_bytes() == expected
