"""The glyph guard: every character an issue prints must be drawable by a bundled font.

A character no font covers would print as an empty box (.notdef), so it is an error
before rendering, named with its code point and JSON path. The rule is "some bundled
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


@dataclass(frozen=True)
class Uncovered:
    """A character of the issue that would not print: where, which, and its text."""

    loc: tuple[str | int, ...]
    char: str
    text: str

    @property
    def invisible(self) -> bool:
        """A control or format character: nothing an officer meant to print."""
        return unicodedata.category(self.char) in ("Cc", "Cf")


def uncovered_characters(data: Any) -> list[Uncovered]:
    """Each character of the printed texts in `data` (parsed JSON) that no font covers.

    Each character is named once per text. Lone surrogates are left to the model's
    validation, which rejects them as invalid text.
    """
    covered = covered_code_points()
    found = []
    for loc, text in _texts(data, ()):
        seen = set()
        for char in text:
            if (
                char not in seen
                and char not in COLLAPSED_WHITESPACE
                and ord(char) not in covered
                and unicodedata.category(char) != "Cs"
            ):
                seen.add(char)
                found.append(Uncovered(loc, char, text))
    return found


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
