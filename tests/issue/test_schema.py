"""The JSON Schema editors use: current, fully described, and true to the sample issue."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpers import SAMPLE, briefpdf
from jsonschema import Draft202012Validator

from briefpdf.issue.schema import schema_text
from briefpdf.paths import SCHEMA_FILE


def properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object in the schema, with a readable path."""
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            yield f"{where}.{name}", value
        for key, value in schema.items():
            yield from properties(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for value in schema:
            yield from properties(value, where)


def test_the_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema.json is out of date with src/briefpdf/issue/model.py: "
        "run `.venv/bin/briefpdf schema -o schema.json` and commit it"
    )


def test_every_property_has_a_title_and_description_in_chinese_and_english() -> None:
    found = list(properties(json.loads(schema_text())))
    assert len(found) > 30  # the walk reaches the nested models, not just the top level
    for where, prop in found:
        for key in ("title", "description"):
            text = prop.get(key, "")
            assert re.search(r"[\u4e00-\u9fff]", text), f"{where} {key} lacks Chinese: {text!r}"
            assert re.search(r"[A-Za-z]{3}", text), f"{where} {key} lacks English: {text!r}"


def test_the_sample_issue_names_the_schema_and_satisfies_it() -> None:
    issue = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert (SAMPLE.parent / issue["$schema"]).resolve() == SCHEMA_FILE
    validator = Draft202012Validator(json.loads(schema_text()))
    assert list(validator.iter_errors(issue)) == []
    issue["articles"][0]["headlin"] = issue["articles"][0].pop("headline")
    assert not validator.is_valid(issue)  # a misspelt key is flagged while typing


def test_schema_command_writes_and_renews_its_file_but_no_other(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert briefpdf("schema", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    target.write_text(schema_text().replace("Issue", "Old"), encoding="utf-8")
    assert briefpdf("schema", "-o", str(target)).returncode == 0  # an older schema is renewed
    assert target.read_text(encoding="utf-8") == schema_text()

    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}', encoding="utf-8")
    result = briefpdf("schema", "-o", str(notes))
    assert result.returncode == 5
    assert "choose another name" in result.stderr
    assert notes.read_text(encoding="utf-8") == '{"mine": true}'


def test_schema_command_prints_the_schema_without_a_file() -> None:
    result = briefpdf("schema")
    assert result.returncode == 0
    assert result.stdout == schema_text()
