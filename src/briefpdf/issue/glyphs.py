"""The glyph guard: every character an issue prints must be drawable by a bundled font.

A character no font covers would print as an empty box (.notdef), so it is an error
before rendering: one for each run of such characters (a phrase in a script no font
has, a row of emoji), named with its code points, its script and its JSON path. The rule is "some bundled
font covers it", not "the element's own font stack covers it": fontconfig sees only
fonts/, and Pango falls back from the stack to any of those fonts for a missing
character (checked: a body paragraph sets 龦 from LXGW WenKai), so this is exactly
the set of characters that never become a box.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uharfbuzz as harfbuzz
from fontTools import unicodedata as unicodedata_plus

from briefpdf.paths import FONTS_DIR

# Line breaks and tabs inside a text: HTML turns them into one space, as the layout wants.
COLLAPSED_WHITESPACE = frozenset("\t\n\r")
# Values that are never printed as text: file names, the editor's schema, the alt text
# (read aloud by assistive software, not drawn), the layout's name.
NOT_PRINTED = frozenset({"photo", "alt", "$schema", "layout"})


@functools.cache
def covered_code_points() -> frozenset[int]:
    """Every code point some bundled font has a glyph for (read once per process).

    HarfBuzz reads the character maps in 0.03 s; fontTools took 0.2 s of every `check`."""
    points: set[int] = set()
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        points.update(harfbuzz.Face(harfbuzz.Blob.from_file_path(str(path))).unicodes)
    return frozenset(points)


# Between two characters no font has, these keep them in one run: spaces, punctuation,
# marks and joiners (the space in a Hindi phrase, the ZWJ inside an emoji sequence).
_RUN_GAP = ("Z", "P", "M", "Cf")
# Scripts that are not a script of their own: their characters take their neighbours'.
_NO_SCRIPT = ("Zyyy", "Zinh", "Zzzz")


@dataclass(frozen=True)
class Uncovered:
    """A run of characters of the issue that would not print: where it is, the run as
    written (from its first such character to its last), and the text it is in."""

    loc: tuple[str | int, ...]
    text: str
    start: int  # where the run starts in `text`, in characters
    run: str

    @property
    def characters(self) -> list[str]:
        """The characters of the run that no font has, each once, in order."""
        covered = covered_code_points()
        return list(dict.fromkeys(c for c in self.run if not _prints(c, covered)))

    @property
    def invisible(self) -> bool:
        """Control or format characters: nothing an officer meant to print."""
        return all(_is_invisible(c) for c in self.characters)

    @property
    def script(self) -> str:
        """The run's script as Unicode names it (Devanagari, Arabic…), or for symbols
        (emoji), which belong to no script, the Unicode block (Emoticons…)."""
        scripts = [unicodedata_plus.script(c) for c in self.characters]
        named = list(dict.fromkeys(s for s in scripts if s not in _NO_SCRIPT))
        if named:
            return ", ".join(unicodedata_plus.script_name(s) for s in named)
        return unicodedata_plus.block(self.characters[0])


def uncovered_runs(data: Any) -> list[Uncovered]:
    """Each run of characters of the printed texts in `data` (parsed JSON) that no font
    covers, in the order of the texts.

    A run goes on over spaces, punctuation and marks to the next such character of the
    same script, so that a phrase is one run, not one per word. Control and format
    characters make runs of their own. Lone surrogates are left to the model's
    validation, which rejects them as invalid text.
    """
    covered = covered_code_points()
    found = []
    for loc, text in _texts(data, ()):
        start = end = -1  # the run being read: text[start:end]
        for index, char in enumerate(text):
            if _prints(char, covered):
                continue
            if start >= 0 and _same_run(text, end - 1, index):
                end = index + 1
                continue
            if start >= 0:
                found.append(Uncovered(loc, text, start, text[start:end]))
            start, end = index, index + 1
        if start >= 0:
            found.append(Uncovered(loc, text, start, text[start:end]))
    return found


def _prints(char: str, covered: frozenset[int]) -> bool:
    """Whether the character prints (or is not a character the guard names)."""
    return (
        char in COLLAPSED_WHITESPACE
        or ord(char) in covered
        or unicodedata.category(char) == "Cs"  # left to the model's validation
    )


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf")


def _same_run(text: str, last: int, index: int) -> bool:
    """Whether text[index] continues the run that ends with text[last]."""
    before, char = text[last], text[index]
    if _is_invisible(before) != _is_invisible(char):
        return False
    if index == last + 1:
        return True
    if not all(unicodedata.category(c).startswith(_RUN_GAP) for c in text[last + 1 : index]):
        return False
    scripts = {unicodedata_plus.script(before), unicodedata_plus.script(char)}
    return len(scripts - set(_NO_SCRIPT)) <= 1


def _texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PRINTED:
                yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
