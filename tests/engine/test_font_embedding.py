"""Fonts embedded without empty glyph slots: smaller, and read and drawn exactly as before.

Each check compares the sample as briefpdf builds it with the sample as WeasyPrint embeds
its fonts by itself, in four independent PDF engines: poppler, MuPDF, PDFium (Chromium's)
and Ghostscript.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fontTools.cffLib import CFFFontSet, TopDict
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from helpers import SAMPLE, briefpdf, pdftotext
from PIL import Image, ImageChops, ImageFilter

from briefpdf.engine import font_embedding
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue
from briefpdf.paths import FONTS_DIR

DPI = 50


@pytest.fixture(scope="session")
def uncompacted_pdf(tmp_path_factory: pytest.TempPathFactory, sample_issue) -> Path:
    """The sample with the font programs as WeasyPrint embeds them by itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(font_embedding, "compact_fonts", lambda document, pdf: None)
        data = render_pdf(sample_issue, SAMPLE.parent).data
    path = tmp_path_factory.mktemp("uncompacted") / "sample.pdf"
    path.write_bytes(data)
    return path


def cid_fonts(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """The descendant CIDFonts of the PDF, by their BaseFont."""
    return {
        str(font.DescendantFonts[0].BaseFont): font.DescendantFonts[0]
        for page in pdf.pages
        for font in page.resources.Font.values()
    }


def font_program(cid_font: pikepdf.Dictionary) -> pikepdf.Stream:
    descriptor = cid_font.FontDescriptor
    return descriptor.get("/FontFile3") or descriptor.FontFile2


def bare_cff(program: pikepdf.Stream) -> TopDict:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program.read_bytes()), None)
    return cff.topDictIndex[0]


def widths_cids(cid_font: pikepdf.Dictionary) -> set[int]:
    widths = list(cid_font.W)
    return {
        int(first) + i
        for first, run in zip(widths[::2], widths[1::2], strict=True)
        for i in range(len(run))
    }


def cid(glyph_name: str) -> int:
    return 0 if glyph_name == ".notdef" else int(glyph_name.removeprefix("cid"))


def test_cff_fonts_are_embedded_bare_with_the_used_glyphs_only(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        fonts = [f for f in cid_fonts(pdf).values() if f.Subtype == "/CIDFontType0"]
        assert len(fonts) >= 3
        for cid_font in fonts:
            program = font_program(cid_font)
            assert program.Subtype == "/CIDFontType0C"
            charset = bare_cff(program).charset
            assert {cid(name) for name in charset} == widths_cids(cid_font) | {0}


def test_embedded_font_programs_are_a_third_of_weasyprints(
    sample_pdf: Path, uncompacted_pdf: Path
) -> None:
    def program_bytes(path: Path) -> int:
        with pikepdf.open(path) as pdf:
            programs = {font_program(f).objgen: font_program(f) for f in cid_fonts(pdf).values()}
            return sum(len(p.read_raw_bytes()) for p in programs.values())

    # Measured: 357 KB as WeasyPrint embeds them, 131 KB compacted.
    assert program_bytes(uncompacted_pdf) > 300_000
    assert program_bytes(sample_pdf) < 140_000


def test_each_glyph_draws_the_outline_of_the_bundled_font(sample_pdf: Path) -> None:
    # The content streams name glyphs by their ID in the bundled font; the compacted
    # font must draw CID n exactly as the bundled font draws its glyph n.
    bundled = {}
    for path in FONTS_DIR.glob("*.otf"):
        font = TTFont(path, lazy=True)
        bundled[font["CFF "].cff.fontNames[0]] = font
    with pikepdf.open(sample_pdf) as pdf:
        for cid_font in cid_fonts(pdf).values():
            if cid_font.Subtype != "/CIDFontType0":
                continue
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(font_program(cid_font).read_bytes()), None)
            original = bundled[cff.fontNames[0]]
            glyph_order, glyphs = original.getGlyphOrder(), original.getGlyphSet()
            compacted = cff.topDictIndex[0].CharStrings
            for name in cff.topDictIndex[0].charset:
                drawn, expected = RecordingPen(), RecordingPen()
                compacted[name].draw(drawn)
                glyphs[glyph_order[cid(name)]].draw(expected)
                assert drawn.value == expected.value, f"{cid_font.BaseFont} CID {cid(name)}"


def pdfium_text(pdf: Path) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\f".join(page.get_textpage().get_text_range() for page in document)


def ghostscript_text(pdf: Path) -> str:
    return ghostscript(pdf, "txtwrite", "-sOutputFile=-").decode()


def ghostscript(pdf: Path, *args: str) -> bytes:
    result = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", f"-sDEVICE={args[0]}", *args[1:], str(pdf)],
        check=True,
        capture_output=True,
    )
    assert b"rror" not in result.stderr, result.stderr.decode()
    return result.stdout


TEXT_ENGINES: dict[str, Callable[[Path], str]] = {
    "poppler": pdftotext,
    "pdfium": pdfium_text,
    "ghostscript": ghostscript_text,
}


@pytest.mark.parametrize("engine", TEXT_ENGINES)
def test_text_extracts_the_same(engine: str, sample_pdf: Path, uncompacted_pdf: Path) -> None:
    extract = TEXT_ENGINES[engine]
    text = extract(sample_pdf)
    assert "澜沧江-湄公河环境合作中心" in text
    if engine == "ghostscript":
        # Ghostscript lays the text out in columns from the glyphs' widths, which in
        # WeasyPrint's own embedding it takes from the wrong glyphs (see compact_fonts):
        # the characters are the same, the spaces before them may not be.
        assert text.split() == extract(uncompacted_pdf).split()
    else:
        assert text == extract(uncompacted_pdf)


def poppler_pages(pdf: Path, folder: Path) -> list[Image.Image]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "p")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("p-*.png"))]


def pdfium_pages(pdf: Path) -> list[Image.Image]:
    return [
        page.render(scale=DPI / 72).to_pil().convert("RGB") for page in pypdfium2.PdfDocument(pdf)
    ]


# Debian's MuPDF is built without colour management, and says so on every run.
MUPDF_NOTICE = "warning: ICC support is not available"


def mupdf_pages(pdf: Path, folder: Path) -> list[Image.Image]:
    folder.mkdir()
    result = subprocess.run(
        ["mutool", "draw", "-q", "-r", str(DPI), "-o", str(folder / "p-%03d.png"), str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    )
    # A glyph MuPDF cannot read from the embedded font is drawn as nothing, with a warning.
    assert [line for line in result.stderr.splitlines() if line != MUPDF_NOTICE] == []
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("p-*.png"))]


def blurred(page: Image.Image) -> Image.Image:
    return page.filter(ImageFilter.BoxBlur(1))


def largest_difference(pages: list[Image.Image], expected: list[Image.Image]) -> int:
    """The largest difference of a colour channel of one pixel, over all pages (0-255)."""
    assert pages and len(pages) == len(expected)
    return max(
        max(high for _, high in ImageChops.difference(page, other).getextrema())
        for page, other in zip(pages, expected, strict=True)
    )


def test_poppler_draws_the_pages_pixel_identical(
    sample_pdf: Path, uncompacted_pdf: Path, tmp_path: Path
) -> None:
    pages = poppler_pages(sample_pdf, tmp_path / "compacted")
    assert largest_difference(pages, poppler_pages(uncompacted_pdf, tmp_path / "original")) == 0


def with_cids_equal_to_glyph_ids(pdf_path: Path, folder: Path) -> Path:
    """The PDF with WeasyPrint's own font subsets, each glyph given the CID of its glyph ID.

    MuPDF, like Ghostscript, finds a glyph by its CID in the CFF charset even inside an
    OpenType wrapper, so it draws WeasyPrint's own embedding with most glyphs missing (its
    CIDs are the bundled font's, not the glyph IDs the content streams use). Renamed so,
    every glyph slot and outline of WeasyPrint's subset stays as it was.
    """
    with pikepdf.open(pdf_path) as pdf:
        programs = {font_program(f).objgen: font_program(f) for f in cid_fonts(pdf).values()}
        for program in programs.values():
            if program.get("/Subtype") != "/OpenType":
                continue
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(TTFont(io.BytesIO(program.read_bytes())).reader["CFF "]), None)
            top = cff.topDictIndex[0]
            names = [".notdef", *(f"cid{gid:05d}" for gid in range(1, len(top.charset)))]
            charstrings = top.CharStrings.charStrings
            top.CharStrings.charStrings = {
                name: charstrings[old] for name, old in zip(names, top.charset, strict=True)
            }
            top.charset = names
            bare = io.BytesIO()
            cff.compile(bare, TTFont())
            program.write(bare.getvalue())
            program.Subtype = pikepdf.Name.CIDFontType0C
        path = folder / pdf_path.name
        pdf.save(path)
    return path


def test_mupdf_draws_the_pages_pixel_identical(
    sample_pdf: Path, uncompacted_pdf: Path, tmp_path: Path
) -> None:
    original = with_cids_equal_to_glyph_ids(uncompacted_pdf, tmp_path)
    pages = mupdf_pages(sample_pdf, tmp_path / "compacted")
    assert largest_difference(pages, mupdf_pages(original, tmp_path / "original")) == 0


def test_pdfium_draws_the_pages_alike(sample_pdf: Path, uncompacted_pdf: Path) -> None:
    # PDFium smooths a bare CFF a shade differently (measured: at most 17 of 255 at an
    # edge); a glyph drawn wrong or missing would differ by up to 255.
    assert largest_difference(pdfium_pages(sample_pdf), pdfium_pages(uncompacted_pdf)) <= 32


def test_ghostscript_draws_the_same_glyphs(sample_pdf: Path, tmp_path: Path) -> None:
    # Ghostscript's own rendering smooths unlike poppler's, so Ghostscript rewrites the PDF
    # with the glyphs it selected and poppler draws both. (WeasyPrint's own embedding fails
    # here: Ghostscript looks CIDs up in the charset of an OpenType CFF, and finds .notdef.)
    # Ghostscript also rounds the fractional glyph positions of justified lines its own
    # way, moving a glyph edge by a pixel (measured: 64 of 255 at one edge); blurred by a
    # pixel that is at most 22, where a glyph missing or drawn wrong stays near 255.
    rewritten = tmp_path / "rewritten.pdf"
    ghostscript(sample_pdf, "pdfwrite", f"-sOutputFile={rewritten}")
    pages = [blurred(page) for page in poppler_pages(rewritten, tmp_path / "rewritten")]
    expected = [blurred(page) for page in poppler_pages(sample_pdf, tmp_path / "compacted")]
    assert largest_difference(pages, expected) <= 32


def test_a_name_keyed_cff_font_is_left_as_weasyprint_embeds_it() -> None:
    # Only a CID-keyed CFF can give its glyphs back their old IDs (as CIDs); a Latin
    # OpenType font has glyph names instead, so it keeps its glyph slots.
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "a"])
    builder.setupCharacterMap({ord("a"): "a"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((400, 0))
    pen.lineTo((0, 400))
    pen.closePath()
    triangle = pen.getCharString()
    builder.setupCFF("Latin", {}, {".notdef": triangle, "a": triangle}, {})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "a": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupOS2()
    builder.setupPost()
    builder.setupNameTable({"familyName": "Latin", "styleName": "Regular"})
    opentype = io.BytesIO()
    builder.save(opentype)
    assert font_embedding.compact_cff(opentype.getvalue(), frozenset({1})) is None


def test_subsets_kept_for_the_process_are_the_ones_a_fresh_build_makes(
    make_issue, sample_issue, tmp_path: Path
) -> None:
    # The sample's subsets are kept (font_embedding.install); an issue with other text
    # in the same fonts and sizes must get its own, as a build in a new process does.
    render_pdf(sample_issue, SAMPLE.parent)
    other = make_issue(
        articles=[{"headline": "另一期的标题", "body": ["完全不同的正文：鹦鹉、麒麟、饕餮。"]}]
    )
    in_process = render_pdf(load_issue(other), other.parent).data
    fresh = tmp_path / "fresh.pdf"
    assert briefpdf("build", str(other), "-o", str(fresh)).returncode == 0
    assert in_process == fresh.read_bytes()
    assert (
        render_pdf(sample_issue, SAMPLE.parent).data == render_pdf(sample_issue, SAMPLE.parent).data
    )
