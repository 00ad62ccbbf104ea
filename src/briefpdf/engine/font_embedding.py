"""Smaller embedded CJK fonts: WeasyPrint's subsets without their empty glyph slots.

WeasyPrint 70.0 subsets each font with HarfBuzz's retain-GIDs flag, because its content
streams show text as Identity-H codes equal to the glyph IDs of the original font. So a
subset that uses 500 of Noto Serif CJK's 23,000 glyphs still carries 23,000 entries in
its CFF CharStrings INDEX, charset and FDSelect and in hmtx and vmtx: 50-200 KB of
dead weight per font, and most of the bytes of a bulletin without photos.

`compact_fonts` runs as WeasyPrint's finisher, on the PDF objects before they are
written, and replaces each embedded OpenType/CFF program by a bare CID-keyed CFF
(FontFile3 /CIDFontType0C) that holds the used glyphs only. Through a bare CFF, viewers
find a glyph by its CID in the CFF charset (not by its index, as inside an OpenType
wrapper), so giving each kept glyph the CID that equals its old glyph ID keeps the content
streams, /W widths, ToUnicode maps and any CIDSet valid as they are. (It also mends
Ghostscript and MuPDF, which look CIDs up in the charset inside an OpenType wrapper too, and
so drew .notdef boxes or nothing for WeasyPrint's own embedding, whose CIDs are not the
charset's.)

TrueType programs (FontFile2) are left alone: their empty slots are runs of equal loca
offsets and zero advances, which Flate already squeezes; re-subsetting LXGW WenKai would
save about 2 KB of its 29 KB, before the /CIDToGIDMap it would then need.

The builds of one process (a batch worker, the preview, a build's own trial renders)
mostly embed the same subsets again, so both subsetting steps keep their results for the
process: WeasyPrint's own (`install()` memoizes `Font._harfbuzz_subset`, its two HarfBuzz
passes over a 5-15 MB font, 5-10 ms each) and briefpdf's (`compact_cff`).

The finisher hook, the subsetting method and the object layout read are those of
WeasyPrint 70.0 (pinned in pyproject.toml) and its pydyf.
"""

from __future__ import annotations

import functools
import io
from collections import OrderedDict

import pydyf
import uharfbuzz as harfbuzz
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from weasyprint.pdf.fonts import Font

_harfbuzz_subset = Font._harfbuzz_subset  # WeasyPrint's own
# The last subsets made, by font and glyphs: a few issues' worth of fonts.
_SUBSETS: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
_MAX_SUBSETS = 32


def _remembered_subset(font: Font, to_unicode: dict[int, str], hinting: bool) -> None:
    # WeasyPrint names a font file by `font.hash` (a digest of its Pango description)
    # when it embeds each file once; the fonts fontconfig finds do not change while a
    # process runs. The glyphs and the flags are the rest of what the subset depends on.
    key = (font.hash, font.index, frozenset(to_unicode), hinting, bool(font.missing))
    if (subset := _SUBSETS.get(key)) is not None:
        _SUBSETS.move_to_end(key)
        font.file_content = subset
        return
    _harfbuzz_subset(font, to_unicode, hinting)
    _SUBSETS[key] = font.file_content
    if len(_SUBSETS) > _MAX_SUBSETS:
        _SUBSETS.popitem(last=False)


def install() -> None:
    """Make WeasyPrint keep its font subsets for the process; called once before rendering."""
    Font._harfbuzz_subset = _remembered_subset


def compact_fonts(document: object, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: re-embed each CFF font with its used glyphs only."""
    used_by_program: dict[int, set[int]] = {}
    for cid_font in pdf.objects:
        if not isinstance(cid_font, pydyf.Dictionary) or cid_font.get("Subtype") != (
            "/CIDFontType0"
        ):
            continue
        descriptor = _resolve(pdf, cid_font["FontDescriptor"])
        number = _number(descriptor["FontFile3"])
        # Several font dictionaries (one per size) may share one embedded program.
        used_by_program.setdefault(number, set()).update(_cids_with_widths(cid_font["W"]))
    for number, cids in used_by_program.items():
        program = pdf.objects[number]
        if program.extra.get("Subtype") != "/OpenType":
            continue
        if compact := compact_cff(b"".join(program.stream), frozenset(cids)):
            program.stream = [compact]
            program.extra["Subtype"] = "/CIDFontType0C"


@functools.lru_cache(maxsize=_MAX_SUBSETS)
def compact_cff(opentype: bytes, cids: frozenset[int]) -> bytes | None:
    """The CFF of an OpenType font, reduced to the glyphs `cids` (and .notdef).

    The glyphs are the glyph IDs of `opentype`; in the result, each glyph has the CID that
    equals its glyph ID in `opentype`, which is how the PDF's content streams name it.
    HarfBuzz subsets (fontTools takes ~7x longer to read a 23,000-slot CFF); fontTools then
    renames the glyphs, copying charstrings as compiled, so outlines stay as they were.
    None for a name-keyed CFF (a Latin OpenType font, say), which has no CIDs to keep.
    """
    face = harfbuzz.Face(opentype)
    subset_input = harfbuzz.SubsetInput()
    subset_input.glyph_set.update(cid for cid in cids if cid < face.glyph_count)
    plan = harfbuzz.SubsetPlan(face, subset_input)
    old_gid = dict(plan.new_to_old_glyph_mapping)
    font = TTFont(recalcBBoxes=False)
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(plan.execute().reference_table("CFF ").data), font)
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None
    # fontTools names the glyphs of a CID-keyed CFF cidNNNNN and writes NNNNN to the charset.
    names = [".notdef", *(f"cid{old_gid[gid]:05d}" for gid in range(1, len(top.charset)))]
    charstrings = top.CharStrings
    charstrings.charStrings = {
        name: charstrings[old_name] for name, old_name in zip(names, top.charset, strict=True)
    }
    charstrings.charStringsAreIndexed = False
    top.charset = names
    output = io.BytesIO()
    cff.compile(output, font)
    return output.getvalue()


def _number(reference: bytes) -> int:
    """The object number of a pydyf reference, b'12 0 R'."""
    return int(reference.split()[0])


def _resolve(pdf: pydyf.PDF, reference: bytes) -> pydyf.Dictionary:
    return pdf.objects[_number(reference)]


def _cids_with_widths(widths: pydyf.Array) -> set[int]:
    """The CIDs of a /W array, which WeasyPrint writes as `first [w1 w2 …]` runs."""
    cids: set[int] = set()
    for first, run in zip(widths[::2], widths[1::2], strict=True):
        cids.update(range(first, first + len(run)))
    return cids
