"""Which issue file each partner gets: the editions of one issue, one per language, and
one for every language on the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from mail_helpers import PEOPLE, write_list

from briefpdf.mail.editions import match
from briefpdf.mail.recipients import ListProblems, read_list
from briefpdf.messages import MessageError


@pytest.fixture
def people(tmp_path: Path):
    path = write_list(tmp_path / "list.csv")
    return path, read_list(path)


def test_each_language_of_the_list_gets_its_edition(make_issue, people) -> None:
    chinese = make_issue(name="2023-01.json")
    english = make_issue(name="2023-01.en.json", language="en")
    found = match([english, chinese], *people)
    assert {lang: path for lang, (path, _) in found.items()} == {"zh": chinese, "en": english}


def test_an_edition_nobody_asks_for_is_not_built(make_issue, tmp_path: Path) -> None:
    path = write_list(tmp_path / "zh.csv", [p for p in PEOPLE if p[3] == "zh"])
    chinese = make_issue(name="2023-01.json")
    english = make_issue(name="2023-01.en.json", language="en")
    assert list(match([chinese, english], path, read_list(path))) == ["zh"]


def test_two_files_of_one_language(make_issue, people) -> None:
    first = make_issue(name="2023-01.json")
    second = make_issue(name="copy.json")
    with pytest.raises(MessageError) as caught:
        match([first, second], *people)
    assert caught.value.message.text("en").endswith(
        "are both the Chinese edition: give one file per language."
    )


def test_editions_of_two_issues(make_issue, people) -> None:
    chinese = make_issue(name="2023-01.json")
    english = make_issue(name="2023-02.en.json", language="en", number=2)
    with pytest.raises(MessageError) as caught:
        match([chinese, english], *people)
    assert caught.value.message.code == "mail_not_one_issue"


def test_a_language_without_an_edition_names_each_person(make_issue, people) -> None:
    with pytest.raises(ListProblems) as caught:
        match([make_issue(name="2023-01.json")], *people)
    assert [row[0] for row in caught.value.rows("en")] == ["D3", "D5"]
