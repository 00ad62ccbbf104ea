"""The PDF's text for complex scripts: what a reader copies is what was written.

Thai, Lao, Khmer and Myanmar are shaped (by HarfBuzz, through Pango) into clusters of
several glyphs: a letter and the marks stacked on it, a consonant and the subscript
under it, a Myanmar vowel drawn before the consonant it follows in the text. WeasyPrint
70.0 gives each glyph of a font one text in the PDF's ToUnicode map, taken from the
first cluster the glyph is drawn in: the cluster's whole text goes to its last glyph
and nothing to the others. The same glyph in another cluster then reads as the first
cluster's text, and a reader that orders glyphs by where they stand on the page puts
a mark after the next letter (pdftotext read สิ่ง as สิง่).

So, for each run of glyphs in one font that has a cluster of several glyphs, or
clusters out of the order of the text, `draw_first_line`:

- maps each glyph of such a cluster before WeasyPrint does: to the character whose
  glyph it is in the font's character map, or else (a contextual form: a subscript, a
  lowered mark) to the characters of its cluster that no other glyph stands for, so
  that every glyph reads as its own character(s) wherever it is drawn;
- draws the run inside a marked-content span whose /ActualText is the run's text as
  written (PDF 32000-1 §14.9.4), which poppler (pdftotext) and Acrobat read instead of
  the glyphs. Invisible characters (format characters: the joiners that
  briefpdf.engine.typography adds, a ZWNJ) are left out, as they are of every other text
  of the PDF: they are drawn as no glyph.

Runs set one glyph per character, in order (Chinese, Latin, a Latin ligature, which
WeasyPrint maps right), are drawn exactly as WeasyPrint draws them.

WeasyPrint draws a line's runs in order and sets the font (`set_font_size`) once at
the start of each run in another font than the run before: the span of a run opens
there. The function replaced is `weasyprint.draw.text.draw_first_line` of WeasyPrint
70.0 (pinned in pyproject.toml).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pydyf
import uharfbuzz as harfbuzz
from weasyprint.draw import text as weasyprint_text
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import ffi, pango

from briefpdf.engine.typography import without_invisible

_draw_first_line = weasyprint_text.draw_first_line  # WeasyPrint's own


def install() -> None:
    """Draw lines through `draw_first_line`; called once before rendering."""
    weasyprint_text.draw_first_line = draw_first_line


def draw_first_line(
    stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any
) -> list[Any]:
    """WeasyPrint's `draw_first_line`, with the runs of complex clusters mapped and
    spanned with their /ActualText."""
    if text_overflow != "clip" or block_ellipsis != "none" or not textbox.text.strip():
        # An ellipsis rewrites the line while it is drawn (the layouts use none).
        return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    # The line WeasyPrint is about to draw: it takes it the same way, after this call.
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    line, _ = textbox.pango_layout.get_first_line()
    text = textbox.pango_layout.text.encode()
    actual_texts: list[str | None] = []
    for pango_font, runs in _runs_by_font(line):
        if any(_is_shaped(run) for run in runs):
            font, _ = stream.add_font(pango_font)
            for run in runs:
                _map_glyphs(font, run, text)
            written = b"".join(text[r.item.offset : r.item.offset + r.item.length] for r in runs)
            actual_texts.append(without_invisible(written.decode()))
        else:
            actual_texts.append(None)
    if not any(actual_texts):
        return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
    spans = _SpannedStream(stream, actual_texts)
    try:
        return _draw_first_line(spans, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        spans.close()


class _SpannedStream:
    """A page's content stream that opens a span with `/ActualText` around the runs
    that have one: the n-th font set starts the n-th run of the line in a new font."""

    def __init__(self, stream: Any, actual_texts: list[str | None]) -> None:
        self._stream = stream
        self._actual_texts = iter(actual_texts)
        self._open = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def set_font_size(self, font: str, size: float) -> None:
        self.close()
        if actual_text := next(self._actual_texts, None):
            properties = pydyf.Dictionary({"ActualText": pydyf.String(actual_text)})
            self._stream.begin_marked_content("Span", properties)
            self._open = True
        self._stream.set_font_size(font, size)

    def close(self) -> None:
        if self._open:
            self._stream.end_marked_content()
            self._open = False


def _runs_by_font(line: Any) -> Iterator[tuple[Any, list[Any]]]:
    """The line's runs (PangoGlyphItems), grouped as WeasyPrint sets their fonts: each
    group a font and the consecutive runs in it."""
    group: list[Any] = []
    font = None
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        if group and glyph_item.item.analysis.font != font:
            yield font, group
            group = []
        font = glyph_item.item.analysis.font
        group.append(glyph_item)
        run = run.next
    if group:
        yield font, group


def _is_shaped(run: Any) -> bool:
    """Whether a run has a mark (a glyph of no advance, or raised or lowered), a cluster
    of several glyphs, or clusters out of the order of the text."""
    if run.item.analysis.level % 2:
        return False  # right to left: left as WeasyPrint draws it (the layouts set none)
    glyphs, count = run.glyphs, run.glyphs.num_glyphs
    clusters = glyphs.log_clusters
    return any(
        (glyphs.glyphs[i].geometry.width == 0 and glyphs.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY)
        or glyphs.glyphs[i].geometry.y_offset
        or (i + 1 < count and clusters[i] >= clusters[i + 1])
        for i in range(count)
    )


def _map_glyphs(font: Font, run: Any, text: bytes) -> None:
    """Map each glyph of the run that WeasyPrint has not mapped yet to its own text.

    A glyph that is the font's glyph of a character of its cluster reads as that
    character. The cluster's other characters are shared out, in order, among its other
    glyphs (a subscript, a ligature, a lowered mark), one each and the rest to the last,
    so that no character is lost or doubled; a glyph left over reads as the character
    the font gives it, if any.
    """
    glyphs, item = run.glyphs, run.item
    clusters: dict[int, list[int]] = {}  # where each cluster starts -> its glyphs, in order
    for i in range(glyphs.num_glyphs):
        glyph = glyphs.glyphs[i].glyph
        if glyph != pango.PANGO_GLYPH_EMPTY and not glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            clusters.setdefault(glyphs.log_clusters[i], []).append(glyph)
    starts = sorted({glyphs.log_clusters[i] for i in range(glyphs.num_glyphs)})
    ends = dict(zip(starts, [*starts[1:], item.length], strict=True))
    characters = _characters(font)
    for start, ids in clusters.items():
        chars = without_invisible(text[item.offset + start : item.offset + ends[start]].decode())
        own = {characters.glyph(c): c for c in chars}
        others = [g for g in ids if g not in own]
        shares = [c for c in chars if characters.glyph(c) not in ids]
        if len(shares) > len(others) > 0:
            shares[len(others) - 1 :] = ["".join(shares[len(others) - 1 :])]
        for glyph, share in itertools.zip_longest(others, shares[: len(others)]):
            own[glyph] = share or characters.char(glyph) or chars
        for glyph in ids:
            if glyph not in font.to_unicode and own.get(glyph):
                font.to_unicode[glyph] = own[glyph]


class _CharacterMap:
    """A font's character map, both ways."""

    def __init__(self, font: Font) -> None:
        face = harfbuzz.Face(font.file_content, font.index)
        self._font = harfbuzz.Font(face)
        self._chars: dict[int, str] = {}
        for code_point in sorted(face.unicodes, reverse=True):  # the lowest wins
            if (glyph := self._font.get_nominal_glyph(code_point)) is not None:
                self._chars[glyph] = chr(code_point)

    def glyph(self, char: str) -> int | None:
        return self._font.get_nominal_glyph(ord(char))

    def char(self, glyph: int) -> str | None:
        return self._chars.get(glyph)


# By WeasyPrint's name of the font: a few dozen in a process.
_CHARACTER_MAPS: dict[str, _CharacterMap] = {}


def _characters(font: Font) -> _CharacterMap:
    if (characters := _CHARACTER_MAPS.get(font.hash)) is None:
        characters = _CHARACTER_MAPS[font.hash] = _CharacterMap(font)
    return characters
