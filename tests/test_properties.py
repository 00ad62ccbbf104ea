"""Property-based tests: generated and mutated issue files always end in either a valid
PDF or a clean list of problems said in both languages, never in a traceback."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import SAMPLE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefpdf.engine.render import RenderError, render_pdf
from briefpdf.issue.glyphs import covered_code_points
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue
from briefpdf.issue.problems import IssueProblems

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
PHOTOS = sorted(p.name for p in (SAMPLE.parent / "photos").glob("*.jpg"))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("issue")
    shutil.copytree(SAMPLE.parent / "photos", path / "photos")
    return path


def outcome(folder: Path, raw: bytes) -> Issue | IssueProblems:
    """Loads `raw` as an issue file: a valid issue, or problems that are said in full."""
    path = folder / "issue.json"
    path.write_bytes(raw)
    try:
        return load_issue(path)
    except IssueProblems as problems:
        assert problems.problems
        for problem in problems.problems:
            assert problem.message.text("zh") and problem.message.text("en")
        return problems


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes(folder: Path, raw: bytes) -> None:
    outcome(folder, raw)


# Edits a person makes by mistake: delete, insert (JSON's punctuation and its Chinese
# look-alikes among others), duplicate a stretch.
SLIPS = st.sampled_from([*",:{}[]\"'\\ \n\t，：“”【】0-.eE", "null", "true", "😀", "\x00"])


@st.composite
def slipped(draw: st.DrawFn) -> str:
    text = SAMPLE_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        length = draw(st.integers(1, 40))
        if kind == "delete":
            text = text[:at] + text[at + length :]
        elif kind == "insert":
            text = text[:at] + draw(SLIPS) + text[at:]
        else:
            text = text[:at] + text[at : at + length] + text[at:]
    return text


@FAST
@given(slipped())
def test_hand_edited_slips(folder: Path, text: str) -> None:
    outcome(folder, text.encode("utf-8"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside the parsed issue."""
    places = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, (*path, index))
    return places


@FAST
@given(st.data())
def test_values_replaced_removed_or_added(folder: Path, data: st.DataObject) -> None:
    issue = json.loads(SAMPLE_TEXT)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_places(issue)[1:]))
        parent = issue
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = data.draw(JSON_VALUES)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=12))] = data.draw(JSON_VALUES)
        else:
            parent.append(data.draw(JSON_VALUES))
    outcome(folder, json.dumps(issue, ensure_ascii=False).encode("utf-8"))


# Text as officers type it: what the fonts cover, including markup-like characters.
TYPED = st.text(
    st.sampled_from([chr(c) for c in sorted(covered_code_points())])
    | st.sampled_from(list("简报澜湄合作中心，。、“”《》（）—…≒ \n<>&\"'{}")),
    min_size=1,
    max_size=60,
).filter(str.strip)
# And anything at all: empty, emoji, control characters, other scripts.
ANYTHING = st.text(st.characters(codec="utf-8"), max_size=30)


@st.composite
def issues(draw: st.DrawFn) -> dict:
    """An issue as the model wants it, or, half of the time, with anything anywhere."""
    careful = draw(st.booleans())
    text = TYPED if careful else TYPED | ANYTHING
    at_least = 1 if careful else 0
    photos = [f"photos/{p}" for p in PHOTOS] + ([] if careful else ["photos/none.jpg"])
    block = (
        text
        | st.fixed_dictionaries({"subheading": text})
        | st.fixed_dictionaries(
            {"photo": st.sampled_from(photos), "caption": text}, optional={"alt": text}
        )
    )
    return draw(
        st.fixed_dictionaries(
            {
                "masthead": st.fixed_dictionaries(
                    {"organisation_zh": text, "organisation_en": text}, optional={"title": text}
                ),
                "year": st.integers(1900, 2999) if careful else st.integers(),
                "number": st.integers(1, 500) if careful else st.integers(),
                "date": st.dates().map(str) | (st.just("2023-02-30") if careful else ANYTHING),
                "articles": st.lists(
                    st.fixed_dictionaries(
                        {"headline": text, "body": st.lists(block, min_size=at_least, max_size=5)},
                        optional={"subheading": text},
                    ),
                    min_size=at_least,
                    max_size=3,
                ),
                "contact": st.fixed_dictionaries(
                    {
                        "organisations": st.lists(text, min_size=at_least, max_size=2),
                        "address": text,
                    },
                    optional={"telephone": text, "emails": st.lists(text, max_size=2)},
                ),
                "about": text,
            },
            optional={
                "distribution": st.fixed_dictionaries({}, optional={"copies": st.integers()})
            },
        )
    )


# Found by this test: a section subheading in the body broke the layout's template.
SUBHEADING_IN_BODY = {
    **json.loads(SAMPLE_TEXT),
    "articles": [{"headline": "标题", "body": [{"subheading": "一、概况"}, "正文。"]}],
}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(issues(), st.booleans())
@example(issue=SUBHEADING_IN_BODY, escaped=False)
def test_generated_issues_build_or_fail_cleanly(folder: Path, issue: dict, escaped: bool) -> None:
    loaded = outcome(folder, json.dumps(issue, ensure_ascii=escaped).encode("utf-8"))
    if isinstance(loaded, Issue):
        # A valid issue renders: the glyph guard and the checks left nothing to fail.
        try:
            pdf = render_pdf(loaded, folder)
        except RenderError as error:
            pytest.fail(f"a checked issue failed to render: {error.message.text('en')}")
        assert len(PdfReader(io.BytesIO(pdf.data)).pages) == pdf.pages >= 1
