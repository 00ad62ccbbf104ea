"""issue/editions.py: the Chinese and English editions of one issue compared."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from helpers import SAMPLE, briefpdf

from briefpdf.issue.editions import Edition, differences, pairs
from briefpdf.issue.loader import load_issue

Edit = Callable[[dict], None]


def edition(folder: Path, language: str, edit: Edit | None = None, **values: object) -> Path:
    """The sample as its `language` edition in `folder` (the words do not matter here, the
    structure does), with `values` set and `edit` made to its data."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data.update(values, language=language)
    if edit:
        edit(data)
    if not (folder / "photos").exists():
        shutil.copytree(SAMPLE.parent / "photos", folder / "photos")
    path = folder / ("2023-01.en.json" if language == "en" else "2023-01.json")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def compare(
    tmp_path: Path, en: Edit | None = None, zh: Edit | None = None, **values: object
) -> list[tuple[str, str, str, str]]:
    """The rows of the warnings (where, Chinese line:col, English line:col, message) for
    an English edition changed by `en` and `values` beside a Chinese one changed by `zh`."""
    editions = [
        Edition(path, load_issue(path))
        for path in (edition(tmp_path, "zh", zh), edition(tmp_path, "en", en, **values))
    ]
    ((chinese, english),) = pairs(editions)
    found = differences(chinese, english)
    # The first column says the place in words, then its JSON path.
    return [] if found is None else [(row[0].split("\n")[-1], *row[1:]) for row in found.rows("en")]


def place(path: Path, text: str, above: int = 0) -> str:
    """line:column of the first line of `path` holding `text` (or of the line `above` it),
    at its first non-blank character."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if text in line) - above
    return f"{index + 1}:{len(lines[index]) - len(lines[index].lstrip()) + 1}"


def test_editions_that_agree_say_nothing(tmp_path: Path) -> None:
    assert compare(tmp_path) == []


def test_the_samples_agree(tmp_path: Path) -> None:
    english = SAMPLE.with_name("2023-01.en.json")
    editions = [Edition(p, load_issue(p)) for p in (english, SAMPLE)]
    ((zh, en),) = pairs(editions)
    assert (zh.path, en.path) == (SAMPLE, english)
    assert differences(zh, en) is None


def test_a_dropped_photo_and_paragraph_are_found_in_each_file(tmp_path: Path) -> None:
    def drop(data: dict) -> None:
        body = data["articles"][0]["body"]
        del body[2]  # the first photo
        del body[0]  # the first paragraph

    rows = compare(tmp_path, en=drop)
    assert [where for where, *_ in rows] == ["articles[0].body", "articles[0].body"]
    (_, zh_photo_at, en_photo_at, photo_said), (_, zh_at, en_at, count_said) = rows
    assert "photos/roundtable.jpg is only in the Chinese edition" in photo_said
    assert "12 in the Chinese edition, 11 in the English" in count_said
    chinese, english = tmp_path / "2023-01.json", tmp_path / "2023-01.en.json"
    # The photo where it is in the Chinese file; the body that lacks it in the English one.
    assert zh_photo_at == place(chinese, '"photos/roundtable.jpg"', above=1)
    assert en_photo_at == place(english, '"body"')
    # The paragraphs: where the two bodies part ways, the Chinese edition's first photo
    # against the English edition's, a paragraph earlier.
    assert zh_at == place(chinese, '"photos/roundtable.jpg"', above=1)
    assert en_at == place(english, '"photos/sun-xuefeng.jpg"', above=1)


def test_date_and_contact(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        data["contact"]["telephone"] = "+86-10-1"
        data["contact"]["address"] = "5 Houyingfang Hutong, Beijing"  # in its own language

    rows = compare(tmp_path, en=edit, date="2023-04-26")
    said = {where: (zh_at, en_at, message) for where, zh_at, en_at, message in rows}
    assert sorted(said) == ["contact.telephone", "date"]
    zh_at, en_at, message = said["date"]
    assert "2023-04-25 in the Chinese edition, 2023-04-26 in the English" in message
    assert zh_at == place(tmp_path / "2023-01.json", '"date"')
    assert en_at == place(tmp_path / "2023-01.en.json", '"date"')
    assert "+86-10-1 in the English" in said["contact.telephone"][2]


def test_a_subheading_moved_is_one_warning_at_the_first_block_that_differs(
    tmp_path: Path,
) -> None:
    def at(index: int) -> Edit:
        return lambda data: data["articles"][0]["body"].insert(index, {"subheading": "二、进展"})

    rows = compare(tmp_path, zh=at(3), en=at(5))
    ((where, zh_at, en_at, message),) = rows
    assert where == "articles[0].body"
    assert "another order" in message
    assert zh_at == place(tmp_path / "2023-01.json", '"subheading"', above=1)
    fourth = json.loads(SAMPLE.read_text(encoding="utf-8"))["articles"][0]["body"][3]
    assert en_at == place(tmp_path / "2023-01.en.json", fourth[:20])


def test_photos_swapped_and_a_subheading_or_subtitle_added(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        article = data["articles"][0]
        article["body"][2], article["body"][4] = article["body"][4], article["body"][2]
        article["body"].insert(1, {"subheading": "A section"})
        article["subheading"] = "A subtitle"

    messages = [message for *_, message in compare(tmp_path, en=edit)]
    assert len(messages) == 3, messages
    assert "subheadings differs: 0 in the Chinese edition, 1" in messages[0]
    assert "photos come in another order" in messages[1]
    assert "Only the English edition has a subtitle" in messages[2]


def test_only_one_chinese_and_one_english_edition_of_a_number_pair_up(tmp_path: Path) -> None:
    chinese = Edition(SAMPLE, load_issue(SAMPLE))
    assert pairs([chinese]) == []
    english = edition(tmp_path, "en", number=2)
    assert pairs([chinese, Edition(english, load_issue(english))]) == []


def test_check_and_build_warn_but_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    chinese = edition(folder, "zh")
    articles = json.loads(SAMPLE.read_text(encoding="utf-8"))["articles"]
    english = edition(folder, "en", articles=articles * 2)
    checked = briefpdf("check", str(chinese), str(english))
    assert checked.returncode == 0, checked.stderr
    assert "differs from the Chinese edition" in checked.stderr
    assert "Chinese: line:col" in checked.stderr and "English: line:col" in checked.stderr
    assert "number of articles differs: 1 in the Chinese edition, 2" in checked.stderr
    built = briefpdf("build", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "number of articles differs" in built.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2
