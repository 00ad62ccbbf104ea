"""Shared fixtures: real builds of real issues with the real renderer and bundled fonts."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SAMPLE, SAMPLE_EN

from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue


@pytest.fixture(scope="session")
def sample_issue():
    return load_issue(SAMPLE)


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory, sample_issue) -> Path:
    """The sample issue, built once for the whole session."""
    path = tmp_path_factory.mktemp("sample") / "sample.pdf"
    path.write_bytes(render_pdf(sample_issue, SAMPLE.parent).data)
    return path


@pytest.fixture(scope="session")
def english_issue():
    return load_issue(SAMPLE_EN)


@pytest.fixture(scope="session")
def english_pdf(tmp_path_factory: pytest.TempPathFactory, english_issue) -> Path:
    """The sample's English edition, built once for the whole session."""
    path = tmp_path_factory.mktemp("english") / "english.pdf"
    path.write_bytes(render_pdf(english_issue, SAMPLE_EN.parent).data)
    return path


@pytest.fixture
def make_issue(tmp_path: Path) -> Callable[..., Path]:
    """Writes a variant of the sample issue (with its photos) to a fresh folder.

    `make_issue(articles=[...])` replaces top-level keys; `raw="..."` writes text as is.
    """

    def make(raw: str | None = None, name: str = "issue.json", **changes: object) -> Path:
        folder = tmp_path / "issue"
        if not folder.exists():
            shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
        path = folder / name
        if raw is None:
            data = json.loads(SAMPLE.read_text(encoding="utf-8"))
            data.update(changes)
            raw = json.dumps(data, ensure_ascii=False, indent=2)
        path.write_text(raw, encoding="utf-8")
        return path

    return make
