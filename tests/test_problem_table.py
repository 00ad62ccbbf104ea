"""Problem tables a person can read in an 80-column terminal: where, as people count; the
line of a syntax error cut to the terminal's width with the caret under the character;
a missing photo's folder and the names close to it."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ENGLISH_USER, SAMPLE, briefpdf
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from briefpdf.cli.terminal import excerpt

NARROW = ENGLISH_USER | {"COLUMNS": "80"}
# An officer as a new user: the default language (Chinese), in an 80-column terminal.
NARROW_CHINESE = {"PATH": "/usr/bin:/bin", "COLUMNS": "80", "LANG": "C.UTF-8"}
LONG = "2023年4月25日，澜湄绿色低碳与可持续基础设施知识共享圆桌对话以线下线上结合形式在京召开。" * 6


def _with_paragraph(make_issue, paragraph: str, mistake: str) -> Path:
    """The sample with `paragraph` first in its body, then `mistake` typed after it."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][0] = paragraph
    text = json.dumps(data, ensure_ascii=False, indent=2)
    typed = json.dumps(paragraph, ensure_ascii=False)
    return make_issue(raw=text.replace(typed + ",", typed + mistake, 1))


def _caret_lines(stderr: str) -> tuple[str, str]:
    source, caret = stderr.rstrip("\n").splitlines()[-2:]
    return source, caret


def test_a_mistake_at_the_end_of_a_long_chinese_line_is_shown_within_80_columns(
    make_issue,
) -> None:
    issue = _with_paragraph(make_issue, LONG, "，")  # a Chinese comma where JSON has ","
    result = briefpdf("check", str(issue), env=NARROW_CHINESE)
    assert result.returncode == 3
    assert all(cell_len(line) <= 80 for line in result.stderr.splitlines())
    source, caret = _caret_lines(result.stderr)
    assert source.startswith(f"{source.split('|')[0]}| …")  # the line's start is cut
    assert source.endswith('京召开。"，')  # its end, with the mistake, is shown
    assert caret.strip() == "^"
    # The caret is under the Chinese comma: the cells before it, not the characters.
    assert caret.index("^") == cell_len(source) - 2


def test_a_mistake_at_the_start_of_a_long_line_cuts_its_end(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][0] = LONG
    text = json.dumps(data, ensure_ascii=False, indent=2)
    issue = make_issue(raw=text.replace(f'"{LONG}"', f'“{LONG}"', 1))  # a Chinese quote
    result = briefpdf("check", str(issue), env=NARROW)
    assert result.returncode == 3
    source, caret = _caret_lines(result.stderr)
    assert cell_len(source) <= 79 and source.endswith("…")
    assert source[len(caret) - 1] == "“"  # the caret's column holds the mistake


@given(
    st.text(alphabet="ab中文。，\t", max_size=300),
    st.integers(min_value=1, max_value=320),
    st.integers(min_value=10, max_value=120),
)
def test_an_excerpt_fits_and_starts_at_the_column(line: str, column: int, width: int) -> None:
    before, after = excerpt(line, column, width)
    assert cell_len(before + after) <= width
    rest = line[column - 1 :]
    if rest:  # what starts at the column starts the shown part after the caret
        assert after[:1] == (rest[0] if rest[0] != "\t" else "<")
    assert before.endswith(line[: column - 1][-1:]) or before.endswith(">") or column == 1


def test_the_place_of_a_problem_reads_as_people_count(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][3] = {"photo": "photos/roundtables.jpg", "caption": "圆桌对话"}
    issue = make_issue(articles=data["articles"])
    english = briefpdf("check", str(issue), env=NARROW)
    assert english.returncode == 3
    assert "│ article 1, body item 4    │" in english.stderr
    assert "│ articles[0].body[3].photo │" in english.stderr
    assert "│ line " in english.stderr and ", column " in english.stderr
    chinese = briefpdf("check", str(issue), env=NARROW_CHINESE)
    assert "第1篇文章，正文第4项" in chinese.stderr
    assert all(cell_len(line) <= 80 for line in chinese.stderr.splitlines())


def test_a_missing_photo_says_where_it_was_looked_for_and_what_is_there(make_issue) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    body = data["articles"][0]["body"]
    body[2] = {"photo": "photos/roundtables.jpg", "caption": "一"}  # one letter too many
    body[4] = {"photo": "photo/KEYNOTES.jpeg", "caption": "二"}  # wrong folder, case, type
    body[6] = {"photo": "photos/dianchi.jpg", "caption": "三"}  # nothing like it
    issue = make_issue(articles=data["articles"])
    # As the officer names it: the folder is named the same way.
    result = briefpdf("check", "issue/issue.json", cwd=issue.parent.parent, env=ENGLISH_USER)
    said = " ".join(result.stderr.replace("│", " ").split())
    assert (
        "the folder issue/photos has no roundtables.jpg. Did you mean photos/roundtable.jpg?"
    ) in said
    assert "there is no folder issue/photo. Did you mean photos/keynotes.jpg?" in said
    assert "has no dianchi.jpg. Check the name (case matters) and the folder." in said


def test_a_missing_photo_of_an_issue_in_the_current_folder_names_it_in_full(
    make_issue,
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][2] = {"photo": "roundtable.jpg", "caption": "一"}
    issue = make_issue(articles=data["articles"])
    wide = ENGLISH_USER | {"COLUMNS": "400"}  # the folder's full name stays on one line
    result = briefpdf("check", issue.name, cwd=issue.parent, env=wide)
    said = " ".join(result.stderr.replace("│", " ").split())
    assert f"the folder {issue.parent} has no roundtable.jpg." in said
    assert "Did you mean photos/roundtable.jpg?" in said
