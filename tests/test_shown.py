"""What is shown is what is there: a user's text echoed by briefpdf never hides, moves or
breaks what surrounds it; the characters that would are named by their code point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ENGLISH_USER, SAMPLE

from briefpdf.messages import Message, shown, write_error_log

RLO, NUL, ESC = "\u202e", "\x00", "\x1b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"前文{RLO}evil{NUL}后文", "前文<U+202E>evil<U+0000>后文"),
        (f"{ESC}[31mred", "<U+001B>[31mred"),  # a terminal escape sequence, inert
        ("第一行\n第二行\u2028第三行", "第一行<U+000A>第二行<U+2028>第三行"),
        (
            "\u2066isolated\u2069 \u200emark \u061c",
            "<U+2066>isolated<U+2069> <U+200E>mark <U+061C>",
        ),
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zero<U+200B>width<U+FEFF> soft<U+00AD>hyphen"),
        ("undecodable \udcff name", "undecodable <U+DCFF> name"),
        # Ordinary text of every script stays as it is, combining marks included.
        ("澜沧江-湄公河环境合作中心　2023年", "澜沧江-湄公河环境合作中心　2023年"),
        ("ภาษาไทย ที่นี่ ພາສາລາວ ភាសាខ្មែរ မြန်မာ", "ภาษาไทย ที่นี่ ພາສາລາວ ភាសាខ្មែរ မြန်မာ"),
        ("tab\tand\u00a0no-break space", "tab<U+0009>and\u00a0no-break space"),
        # ZWNJ and ZWJ spell words in Persian and Indic scripts: kept inside such a word,
        ("می\u200cخواهم क्\u200dष", "می\u200cخواهم क्\u200dष"),
        # and shown anywhere else: in Chinese, which has no use for them, or at an edge.
        ("中\u200d文 \u200cword\u200d", "中<U+200D>文 <U+200C>word<U+200D>"),
    ],
)
def test_shown_names_only_what_would_hide_or_move_text(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_message_values_are_shown_and_its_own_words_kept() -> None:
    message = Message("file_missing", {"path": Path(f"issues/{RLO}nosj.json")})
    assert message.text("en") == (
        "There is no file issues/<U+202E>nosj.json. Check the name and the folder."
    )
    assert Message("too_small", {"limit": 1}).text("en") == "This number must be at least 1."


def test_the_error_log_keeps_its_lines_and_shows_the_rest(tmp_path: Path) -> None:
    try:
        raise ValueError(f"a paragraph with {RLO}evil{NUL}")
    except ValueError:
        log = write_error_log()
    text = log.read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):\n")
    assert "ValueError: a paragraph with <U+202E>evil<U+0000>" in text
    assert RLO not in text and NUL not in text


def check(issue: Path) -> tuple[int, bytes]:
    """`briefpdf check` as a terminal receives it: everything it writes, as bytes."""
    result = subprocess.run(
        [sys.executable, "-m", "briefpdf", "check", str(issue)],
        capture_output=True,
        env=ENGLISH_USER,
    )
    return result.returncode, result.stdout + result.stderr


def write_variant(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_shows_an_override_and_a_nul_in_a_paragraph_by_their_code_points(
    tmp_path: Path,
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][0] = f"前文{RLO}evil{NUL}后文{ESC}[2J"
    data["articles"][0]["headline"] = f"{RLO}标题"
    typed = json.dumps(data, ensure_ascii=False)  # NUL and ESC as \u escapes, U+202E as typed
    # The same, with NUL typed as is: no longer JSON, so the line itself is quoted, with a caret.
    raw = typed.replace("\\u0000", NUL)
    for name, text, found in [
        ("escaped.json", typed, "前文<U+202E>evil<U+0000>后文<U+001B>[2J"),
        ("raw.json", raw, "<U+0000>"),
    ]:
        code, said = check(write_variant(tmp_path / "issues", name, text))
        assert code == 3
        assert RLO.encode() not in said and b"\x00" not in said and b"\x1b" not in said
        assert b"<U+202E>" in said and found.encode() in said
