"""The bundled fonts: the only ones the renderer sees, licensed, and covering GBK."""

from __future__ import annotations

import contextlib
import os
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefpdf.paths import FONTCONFIG_FILE, FONTS_DIR

FONT_FILES = sorted(p for p in FONTS_DIR.iterdir() if p.suffix in (".otf", ".ttf"))


@cache
def cmap(name: str) -> frozenset[int]:
    return frozenset(TTFont(FONTS_DIR / name, lazy=True).getBestCmap())


def gbk_repertoire() -> set[int]:
    characters = set(range(0x20, 0x7F))
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0x80, 0xFF)):
            with contextlib.suppress(UnicodeDecodeError):  # not every pair is a character
                characters.add(ord(bytes((lead, trail)).decode("gbk")))
    return characters


def test_the_renderer_sees_the_bundled_fonts_and_no_other() -> None:
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}\n"],
        env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(Path(f).resolve() for f in listed) == [f.resolve() for f in FONT_FILES]


@pytest.mark.parametrize("font", FONT_FILES, ids=lambda f: f.name)
def test_every_font_is_ofl_with_its_licence_beside_it(font: Path) -> None:
    name_table = TTFont(font, lazy=True)["name"]
    assert "SIL Open Font License" in (name_table.getDebugName(13) or "")
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    assert font.name in readme
    licences = [p for p in FONTS_DIR.glob("LICENSE-*.txt") if "Open Font License" in p.read_text()]
    assert licences


@pytest.mark.parametrize(
    "stack",
    [
        ("NotoSerifCJKsc-Regular.otf", "NotoSansMath-Regular.ttf"),  # body
        ("NotoSerifCJKsc-Bold.otf", "NotoSansMath-Regular.ttf"),  # headline
        ("NotoSansCJKsc-Bold.otf", "NotoSansMath-Regular.ttf"),  # headings
    ],
    ids=["body", "headline", "headings"],
)
def test_body_and_heading_fonts_cover_all_of_gbk(stack: tuple[str, ...]) -> None:
    covered = frozenset().union(*(cmap(name) for name in stack))
    missing = gbk_repertoire() - covered
    assert not missing, " ".join(f"U+{c:04X}" for c in sorted(missing)[:20])


def test_fonts_stay_within_their_budget() -> None:
    assert sum(p.stat().st_size for p in FONTS_DIR.iterdir()) < 60_000_000


@pytest.mark.parametrize("style", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_the_latin_text_face_has_all_of_vietnamese(style: str) -> None:
    # Each of the 12 vowels with each of the five tones, precomposed, and đ; and the tone
    # marks themselves, for text typed decomposed.
    tones = "\u0300\u0301\u0303\u0309\u0323"
    letters = {
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ("", *tones)
    } | set("đĐ" + tones)
    missing = {ord(c) for c in letters} - cmap(f"NotoSerif-{style}.ttf")
    assert not missing, " ".join(f"U+{c:04X}" for c in sorted(missing))
