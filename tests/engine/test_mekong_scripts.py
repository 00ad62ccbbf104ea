"""Thai, Lao, Khmer, Myanmar and Vietnamese names in both editions: real PDFs, read back.

The names are set in a paragraph, a headline, a subheading (the bold sans stack of the
Chinese edition) and a caption (its kai stack), in a Chinese and in an English issue. Each check reads the PDF, not the HTML: the text pdftotext gives
back, the fonts embedded, the glyphs drawn and where, against HarfBuzz shaping the same
text with the bundled font, and the justification of the Chinese paragraph.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import uharfbuzz as harfbuzz
from fontTools.ttLib import TTFont
from helpers import SAMPLE, TYPE_AREA, pdftotext

from briefpdf.engine.profiles import Profile
from briefpdf.engine.render import render_pdf
from briefpdf.engine.typography import CLOSING, OPENING
from briefpdf.issue.loader import load_issue
from briefpdf.paths import FONTS_DIR

# A ministry's name in each language of the region but Chinese, and two Vietnamese names.
NAMES = {
    "Thai": "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
    "Lao": "ກະຊວງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
    "Khmer": "ក្រសួងបរិស្ថាន",
    "Myanmar": "သယံဇာတနှင့် သဘာဝပတ်ဝန်းကျင်ထိန်းသိမ်းရေးဝန်ကြီးဌာန",
    "Vietnamese": "Bộ Tài nguyên và Môi trường",
}
PERSONS = "阮文胜（Nguyễn Văn Thắng）和邓国庆（Đặng Quốc Khánh）"
PARAGRAPH = (
    f"2023年9月12日，澜湄环境合作圆桌对话在昆明召开。泰国自然资源与环境部（{NAMES['Thai']}）、"
    f"老挝自然资源与环境部（{NAMES['Lao']}）、柬埔寨环境部（{NAMES['Khmer']}）、"
    f"缅甸自然资源与环境保护部（{NAMES['Myanmar']}）和越南自然资源与环境部"
    f"（{NAMES['Vietnamese']}）的代表出席会议，越南代表{PERSONS}介绍了湄公河三角洲的"
    "水资源管理经验。与会代表一致认为，应进一步加强区域生态环境保护合作，共同推动绿色低碳"
    "与可持续发展，为澜湄流域各国人民带来更多福祉。"
)
HEADLINE = f"泰国自然资源与环境部（{NAMES['Thai']}）代表在昆明交流"
SUBHEADING = f"柬埔寨（{NAMES['Khmer']}）与缅甸（ကြီး）"
CAPTION = f"老挝代表（{NAMES['Lao']}）致辞"
PARAGRAPH_EN = (
    "On 12 September 2023 the Lancang-Mekong roundtable on environmental cooperation met in "
    f"Kunming. Representatives of the ministries of the environment of Thailand ({NAMES['Thai']}), "
    f"Laos ({NAMES['Lao']}), Cambodia ({NAMES['Khmer']}), Myanmar ({NAMES['Myanmar']}) and "
    f"Viet Nam ({NAMES['Vietnamese']}) attended, and Nguyễn Văn Thắng and Đặng Quốc Khánh "
    "presented how the Mekong Delta manages its water. The participants agreed to strengthen "
    "regional cooperation on environmental protection and to promote green, low-carbon and "
    "sustainable development for the benefit of the peoples of the basin."
)
EDITIONS = {
    "zh": [HEADLINE, PARAGRAPH, SUBHEADING, CAPTION],
    "en": [
        f"Thailand's ministry ({NAMES['Thai']}) meets its partners in Kunming",
        PARAGRAPH_EN,
        f"Cambodia ({NAMES['Khmer']}) and Myanmar (ကြီး)",
        f"The representative of Laos ({NAMES['Lao']}) speaks",
    ],
}
# The scripts' own blocks, to tell their glyphs from the Chinese and Latin around them.
MEKONG = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
BODY_PX = 21  # the body's 15.75 pt in CSS pixels, as WeasyPrint sets text


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def texts(edition: str) -> list[str]:
    """The headline, the paragraph, the subheading and the caption of the edition."""
    return EDITIONS[edition]


@pytest.fixture(scope="module")
def mekong_issue_file(
    tmp_path_factory: pytest.TempPathFactory, edition: str, texts: list[str]
) -> Path:
    sample = SAMPLE if edition == "zh" else SAMPLE.with_name("2023-01.en.json")
    data = json.loads(sample.read_text(encoding="utf-8"))
    photo = next(b for b in data["articles"][0]["body"] if isinstance(b, dict) and "photo" in b)
    headline, paragraph, subheading, caption = texts
    data["articles"] = [
        {
            "headline": headline,
            "body": [
                paragraph,
                {"subheading": subheading},
                photo | {"caption": caption},
                data["articles"][0]["body"][0],
            ],
        }
    ]
    folder = tmp_path_factory.mktemp(f"mekong-{edition}")
    (folder / "photos").mkdir()
    (folder / photo["photo"]).write_bytes((SAMPLE.parent / photo["photo"]).read_bytes())
    path = folder / "mekong.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=list(Profile))
def mekong_pdf(request: pytest.FixtureRequest, mekong_issue_file: Path) -> Path:
    issue = load_issue(mekong_issue_file)
    path = mekong_issue_file.with_name(f"mekong-{request.param}.pdf")
    path.write_bytes(render_pdf(issue, mekong_issue_file.parent, request.param).data)
    return path


# ---- The text ----


def test_pdftotext_gives_back_every_text_as_written(mekong_pdf: Path, texts: list[str]) -> None:
    # pdftotext breaks the lines (and joins a word hyphenated at the end of one) and reads
    # a wide gap between Chinese characters as a space: only whitespace may differ.
    text = re.sub(r"\s", "", pdftotext(mekong_pdf))
    # The running header and the page number, which interrupt a paragraph.
    text = re.sub(
        r"—\d+—|简报2023年第1期|澜沧江-湄公河环境合作中心|Bulletin.{0,12}2023"
        r"|Lancang-MekongEnvironmentalCooperationCenter|\d+$",
        "",
        text,
    )
    for written in texts:
        assert re.sub(r"\s", "", written) in text, written


def test_each_name_comes_back_verbatim(mekong_pdf: Path) -> None:
    # Marks in their written order (สิ่ง, not สิง่), Myanmar's vowel after its consonant.
    text = pdftotext(mekong_pdf).replace("\n", "")  # a name may run on to the next line
    for name in (NAMES["Khmer"], "สิ่งแวดล้อม", "ထိန်းသိမ်းရေး", "Nguyễn", "Thắng", "Đặng"):
        assert name in text, name


def test_each_glyph_of_the_scripts_reads_as_text_of_its_own(mekong_pdf: Path) -> None:
    # What tools that ignore /ActualText read (pdfplumber, pdf.js): every glyph maps to
    # text (PDF/A-3u), and no glyph to a whole cluster it shares with another.
    with pikepdf.open(mekong_pdf) as pdf:
        for name, font in fonts_by_name(pdf).items():
            cmap = font.ToUnicode.read_bytes().decode()
            targets = re.findall(r"<[0-9a-f]{4}> <([0-9a-f]*)>", cmap)
            assert targets and all(targets), name
            if MEKONG.search(bytes.fromhex("".join(targets)).decode("utf-16-be")):
                assert max(len(t) for t in targets) <= 4 * 3, name  # a consonant and a sign


def test_actual_text_spans_hold_the_runs_as_written(mekong_pdf: Path) -> None:
    spans = [span.text for span in drawn_spans(mekong_pdf)]
    assert any("สิ่งแวดล้อม" in span for span in spans)  # the name may run on a line
    assert NAMES["Khmer"] in spans
    # No invisible character: the break opportunities between Lao or Myanmar syllables.
    assert not any(re.search("[\u200b\u2060]", s) for s in spans)
    # Chinese runs, one glyph per character, need none.
    assert not any(re.search("[\u4e00-\u9fff]", s) for s in spans)


# ---- The fonts ----


def test_only_bundled_fonts_are_embedded_each_script_apart(mekong_pdf: Path, edition: str) -> None:
    bundled = bundled_names()
    with pikepdf.open(mekong_pdf) as pdf:
        embedded = {name: names_of(font) for name, font in fonts_by_name(pdf).items()}
    assert {f for f, _ in embedded.values()} <= {f for f, _ in bundled}
    assert {n for n in embedded.values() if "CJK" not in n[0]} <= bundled
    families = {family for family, _ in embedded.values()}
    for script in ("Thai", "Lao", "Khmer", "Myanmar"):
        assert f"Noto Serif {script}" in families  # the paragraph, headline and caption
    if edition == "zh":
        assert "Noto Sans Khmer" in families  # the subheading, in the sans stack
    assert ("Noto Serif Thai", "Bold") in embedded.values()  # the headline
    assert ("Noto Serif Myanmar", "Regular") in embedded.values()  # not bold: weight 700


def test_vietnamese_is_in_the_face_of_the_latin_around_it(mekong_pdf: Path, edition: str) -> None:
    # In the Chinese edition, the CJK face's Latin, as every Latin word there: a name set
    # half in it and half in Noto Serif showed ư ờ ắ ặ darker and wider than the letters
    # around them. In the English edition, Noto Serif, its text face.
    face = {"zh": "Noto-Serif-CJK-SC", "en": "Noto-Serif"}[edition]
    with pdfplumber.open(mekong_pdf) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    names = [c for c in chars if c["text"] in "NguyễnVănThắngĐặngQuốcKhánhBộTàiMôitrường"]
    vietnamese = [c for c in chars if c["text"] in "ộàôườễăắĐặốá"]
    assert len(vietnamese) >= 12
    assert {c["fontname"].split("+")[1] for c in vietnamese} == {face}
    assert face in {c["fontname"].split("+")[1] for c in names}


def test_embedded_glyphs_are_the_bundled_fonts_own(mekong_pdf: Path) -> None:
    # The TrueType fonts of the scripts and of Latin: WeasyPrint keeps glyph IDs, so each
    # glyph drawn is the bundled font's glyph of the same ID, outline for outline.
    with pikepdf.open(mekong_pdf) as pdf:
        for name, font in fonts_by_name(pdf).items():
            family, style = names_of(font)
            if "CJK" in family or "WenKai" in family:
                continue  # CFF, or 15 MB to read: test_font_embedding compares those
            embedded = TTFont(
                io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes())
            )
            own = bundled_font(family, style)
            used = [gid for gid in widths_of(font) if gid]
            assert used, name
            for gid in used:
                mine = embedded["glyf"][embedded.getGlyphOrder()[gid]]
                original = own["glyf"][own.getGlyphOrder()[gid]]
                assert (
                    mine.getCoordinates(embedded["glyf"])[0]
                    == original.getCoordinates(own["glyf"])[0]
                ), (name, gid)


# ---- The shaping ----


def test_glyphs_and_positions_are_harfbuzz_shaping_of_the_text(mekong_pdf: Path) -> None:
    # Stacked Thai and Lao marks, Khmer subscripts, Myanmar medials and the vowel drawn
    # before its consonant: the glyphs drawn, their order, and where each stands in its
    # cluster are what HarfBuzz makes of the text with the bundled font. Justification
    # may open gaps between clusters (word spaces; in English, a little tracking), never
    # inside one, and moves no cluster by more than a fifth of an em.
    checked = set()
    for span in drawn_spans(mekong_pdf):
        font = bundled_font(*span.font)
        shaped = shape(font, span.text, span.size)
        assert [g for g, _, _ in span.glyphs] == [g for g, _, _, _ in shaped], span.text
        starts: dict[int, tuple[float, float]] = {}  # cluster -> drawn, shaped x of its start
        for (_, x, y), (_, ex, ey, cluster) in zip(span.glyphs, shaped, strict=True):
            x0, ex0 = starts.setdefault(cluster, (x, ex))
            assert x - x0 == pytest.approx(ex - ex0, abs=0.02 * span.size), span.text
            assert y == pytest.approx(ey, abs=0.02 * span.size), span.text
        for x0, ex0 in starts.values():
            assert abs(x0 - ex0) < 0.2 * span.size * (1 + span.text.count(" ")), span.text
        checked.add(span.font[0])
    assert {
        "Noto Serif Thai",
        "Noto Serif Lao",
        "Noto Serif Khmer",
        "Noto Serif Myanmar",
    } <= checked


def test_marks_stand_above_or_below_their_letters(mekong_pdf: Path) -> None:
    # Drawn, not only mapped: the boxes of the glyphs as the PDF places them.
    spans = drawn_spans(mekong_pdf)
    # สิ่: the vowel above the letter, the tone mark above the vowel, both over the letter.
    thai = next(span for span in spans if "สิ่" in span.text)
    letter, vowel, tone = find(thai, "ส", "ิ", extra=1)  # ่ takes a form to sit on ิ
    assert letter.top < vowel.bottom < vowel.top < tone.bottom
    assert over(vowel, letter, 0.1 * thai.size) and over(tone, letter, 0.1 * thai.size)
    # ក្រសួងបរិស្ថាន: the vowel ួ under ស, the subscript ថ under ស (drawn with ា as one
    # glyph): each glyph of no advance drawn under the baseline stands under the glyph
    # before it.
    khmer = next(span for span in spans if span.text == NAMES["Khmer"])
    font = bundled_font(*khmer.font)
    below = [
        i
        for i, (gid, _, _) in enumerate(khmer.glyphs)
        if font["hmtx"][font.getGlyphOrder()[gid]][0] == 0 and box(khmer, i).top < 0
    ]
    assert len(below) == 2
    for i in below:
        base, mark = box(khmer, i - 1), box(khmer, i)
        assert over(mark, base, 0.1 * khmer.size)
        assert mark.top < 0 < base.top


@dataclass
class Box:
    left: float
    bottom: float
    right: float
    top: float


def box(span: Span, index: int) -> Box:
    """Where the PDF draws the `index`-th glyph of `span`: its outline's box, in text-space
    units from the span's start and the baseline."""
    font = bundled_font(*span.font)
    gid, x, rise = span.glyphs[index]
    glyph = font["glyf"][font.getGlyphOrder()[gid]]
    glyph.recalcBounds(font["glyf"])
    scale = span.size / font["head"].unitsPerEm
    return Box(
        x + glyph.xMin * scale,
        rise + glyph.yMin * scale,
        x + glyph.xMax * scale,
        rise + glyph.yMax * scale,
    )


def over(mark: Box, letter: Box, tolerance: float) -> bool:
    """Whether `mark` stands within the width of `letter`, give or take `tolerance`."""
    return letter.left - tolerance < mark.left < mark.right < letter.right + tolerance


def find(span: Span, *chars: str, extra: int = 0) -> list[Box]:
    """The boxes of the glyphs the font's character map gives `chars`, drawn in a row,
    and of the `extra` glyphs after them."""
    font = bundled_font(*span.font)
    wanted = [font.getGlyphID(font.getBestCmap()[ord(c)]) for c in chars]
    ids = [g for g, _, _ in span.glyphs]
    start = next(i for i in range(len(ids)) if ids[i : i + len(wanted)] == wanted)
    return [box(span, start + i) for i in range(len(wanted) + extra)]


# ---- The justification ----


def test_the_chinese_paragraph_stays_justified(mekong_pdf: Path, edition: str) -> None:
    # What typocheck measures (ragged, wide gaps, 禁则), with the marks of the scripts
    # (no width of their own, drawn over their letter) taken with their letters.
    if edition != "zh":
        pytest.skip("Chinese justification; tests/test_english.py measures the English")
    lines = paragraph_lines(mekong_pdf)
    assert len(lines) >= 6
    right = TYPE_AREA["right"]
    em = 15.75
    for line in lines[:-1]:  # every line but the last is flush right
        assert right - line[-1]["x1"] < 0.1 * em, text_of(line)
        gaps = [(b["x0"] - a["x1"]) / em for a, b in itertools.pairwise(line)]
        assert max(gaps) <= 0.5, text_of(line)
    for line in lines:
        assert line[0]["text"] not in CLOSING and line[-1]["text"] not in OPENING, text_of(line)


# ---- Reading the PDF ----


@dataclass
class Span:
    """A run drawn inside a span with /ActualText: its text, font, size and glyphs (ID,
    x of the origin, rise, in text-space units from the run's start)."""

    text: str
    font: tuple[str, str]  # family, style of the embedded font
    size: float
    glyphs: list[tuple[int, float, float]] = field(default_factory=list)


def drawn_spans(path: Path) -> list[Span]:
    """The /ActualText spans of every page, with the glyphs drawn in them."""
    spans = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = {str(k): names_of(v) for k, v in page.resources.Font.items()}
            widths = {str(k): widths_of(v) for k, v in page.resources.Font.items()}
            span, font, size, x, rise = None, "", 0.0, 0.0, 0.0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    if "/ActualText" in operands[1]:
                        span = Span(str(operands[1].ActualText), fonts[font], size)
                        x = 0.0
                elif op == "EMC" and span is not None:
                    spans.append(span)
                    span = None
                elif op == "Tf":
                    font, size = str(operands[0]), float(operands[1])
                    if span is not None:
                        span.font, span.size = fonts[font], size
                elif op == "Ts":
                    rise = float(operands[0])
                elif op == "TJ" and span is not None:
                    for item in operands[0]:
                        if isinstance(item, pikepdf.String):
                            data = bytes(item)
                            for i in range(0, len(data), 2):
                                gid = int.from_bytes(data[i : i + 2], "big")
                                span.glyphs.append((gid, x, rise))
                                x += widths[font][gid] / 1000 * size
                        else:
                            x -= float(item) / 1000 * size
    return spans


def fonts_by_name(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    return {str(f.BaseFont): f for page in pdf.pages for f in page.resources.Font.values()}


def names_of(font: pikepdf.Dictionary) -> tuple[str, str]:
    """The family and style of an embedded font: from the name table of its program, or
    for a bare CFF (briefpdf.engine.font_embedding), which has none, from its BaseFont
    (WeasyPrint's name, the family and style with hyphens: Noto-Serif-CJK-SC-Bold)."""
    descriptor = font.DescendantFonts[0].FontDescriptor
    if "/FontFile2" in descriptor:
        name = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))["name"]
        return name.getDebugName(1), name.getDebugName(2)
    base = str(font.BaseFont).split("+", 1)[1]
    family = max((f for f, _ in bundled_names() if base.startswith(f.replace(" ", "-"))), key=len)
    return family, base.removeprefix(family.replace(" ", "-")).strip("-") or "Regular"


def widths_of(font: pikepdf.Dictionary) -> dict[int, float]:
    widths: dict[int, float] = {}
    array = list(font.DescendantFonts[0].W)
    for first, run in zip(array[::2], array[1::2], strict=True):
        for i, width in enumerate(run):
            widths[int(first) + i] = float(width)
    return widths


def bundled_names() -> set[tuple[str, str]]:
    """The family and style of each bundled font."""
    names = set()
    for path in FONTS_DIR.glob("*.[ot]tf"):
        table = TTFont(path, lazy=True)["name"]
        names.add((table.getDebugName(1), table.getDebugName(2)))
    return names


def bundled_font(family: str, style: str) -> TTFont:
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        font = TTFont(path)
        if (font["name"].getDebugName(1), font["name"].getDebugName(2)) == (family, style):
            font.path = path
            return font
    raise LookupError(family, style)


def shape(font: TTFont, text: str, size: float) -> list[tuple[int, float, float, int]]:
    """HarfBuzz's glyphs for `text` in `font` at `size`: ID, x of the origin, rise, and
    the cluster (the index in the text of its first character)."""
    face = harfbuzz.Face(font.path.read_bytes())
    hb_font = harfbuzz.Font(face)
    buffer = harfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    harfbuzz.shape(hb_font, buffer)
    scale = size / face.upem
    glyphs, x = [], 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        origin = x + position.x_offset * scale
        glyphs.append((info.codepoint, origin, position.y_offset * scale, info.cluster))
        x += position.x_advance * scale
    return glyphs


def paragraph_lines(path: Path) -> list[list[dict]]:
    """The lines of PARAGRAPH: its body-size characters between its first and last,
    each line's characters in order, marks (no width of their own) left out."""
    rows: dict[tuple[int, int], list[dict]] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for char in page.chars:
                if (
                    abs(char["size"] - 15.75) < 0.05
                    and char["text"].strip()
                    and char["x1"] - char["x0"] > 0.01
                ):
                    rows.setdefault((number, round(char["bottom"] / 5)), []).append(char)
    lines = [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]
    start = next(i for i, line in enumerate(lines) if text_of(line).startswith("2023年9月12日"))
    end = next(i for i, line in enumerate(lines) if text_of(line).endswith("更多福祉。"))
    return lines[start : end + 1]


def text_of(line: list[dict]) -> str:
    return "".join(c["text"] for c in line)


def test_the_archive_copy_with_the_scripts_is_valid(mekong_pdf: Path) -> None:
    check = subprocess.run(["qpdf", "--check", str(mekong_pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
