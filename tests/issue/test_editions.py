"""issue/editions.py: the Chinese and English editions of one issue compared."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from helpers import SAMPLE, briefpdf

from briefpdf.issue.editions import Edition, differences, pairs
from briefpdf.issue.loader import load_issue


def english_edition(folder: Path, **changes: object) -> Path:
    """The sample as its English edition (the words do not matter here, the structure does),
    beside a copy of the Chinese sample, with `changes` made to its data."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["language"] = "en"
    for key, change in changes.items():
        change(data) if callable(change) else data.__setitem__(key, change)
    if not (folder / "photos").exists():
        shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
    path = folder / "2023-01.en.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def compare(tmp_path: Path, **changes: object) -> list[tuple[str, str, str]]:
    english = english_edition(tmp_path, **changes)
    chinese = Edition(SAMPLE, load_issue(SAMPLE))
    ((zh, en),) = pairs([chinese, Edition(english, load_issue(english))])
    found = differences(zh, en)
    if found is None:
        return []
    # The first column says the place in words, then its JSON path.
    return [(row[0].split("\n")[-1], row[1], row[3]) for row in found.rows("en")]


def test_editions_that_agree_say_nothing(tmp_path: Path) -> None:
    assert compare(tmp_path) == []


def test_a_dropped_photo_and_paragraph_are_found_where_they_were(tmp_path: Path) -> None:
    def drop(data: dict) -> None:
        body = data["articles"][0]["body"]
        del body[2]  # the first photo
        del body[0]  # the first paragraph

    rows = compare(tmp_path, drop=drop)
    wheres = [where for where, _, _ in rows]
    assert wheres == ["articles[0].body", "articles[0].body"]
    said = " ".join(message for _, _, message in rows)
    assert "photos/roundtable.jpg is only in the Chinese edition" in said
    assert "12 in the Chinese edition, 11 in the English" in said
    assert all(re.fullmatch(r"line \d+, column \d+", line) for _, line, _ in rows)


def test_date_contact_order_and_subheadings(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        body = data["articles"][0]["body"]
        body[2], body[4] = body[4], body[2]  # two photos swapped
        body.insert(1, {"subheading": "A section"})
        data["contact"]["telephone"] = "+86-10-1"

    rows = compare(tmp_path, date="2023-04-26", edit=edit)
    said = {where: message for where, _, message in rows}
    assert "2023-04-25 in the Chinese edition, 2023-04-26 in the English" in said["date"]
    assert "+86-10-1 in the English" in said["contact.telephone"]
    messages = [message for _, _, message in rows]
    assert any("another order" in m for m in messages)
    assert any("subheadings differs: 0 in the Chinese edition, 1" in m for m in messages)


def test_only_one_chinese_and_one_english_edition_of_a_number_pair_up(tmp_path: Path) -> None:
    chinese = Edition(SAMPLE, load_issue(SAMPLE))
    assert pairs([chinese]) == []
    english = english_edition(tmp_path, number=2)
    assert pairs([chinese, Edition(english, load_issue(english))]) == []


def test_check_and_build_warn_but_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    (folder / "2023-01.json").write_bytes(SAMPLE.read_bytes())
    english_edition(folder, articles=json.loads(SAMPLE.read_text())["articles"] * 2)
    checked = briefpdf("check", str(folder))
    assert checked.returncode == 0, checked.stderr
    assert "differs from the Chinese edition" in checked.stderr
    assert "number of articles differs: 1 in the Chinese edition, 2" in checked.stderr
    built = briefpdf("build", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "number of articles differs" in built.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2
