"""Regenerate the bundled fonts of briefpdf from pinned Debian packages.

Run from the checkout (``make fonts`` does this)::

    .venv/bin/python fonts/build_fonts.py [--deb-cache DIR]

Steps:

1. ``apt-get download PKG=VERSION`` for each pinned package into a temporary folder (or
   reuse the copies in ``--deb-cache``), then check each .deb's Package and Version fields
   and its SHA-256 against the constants below. Works without root.
2. ``dpkg-deb -x`` each package, pick the face out of the TrueType/OpenType collection by
   its name table (family and subfamily, never by index alone).
3. Subset each face with fontTools (two processes at a time) and write it next to this
   script. Outputs are byte-reproducible: the ``head`` timestamps of the source fonts are
   kept (``recalcTimestamp=False``) and nothing else depends on the clock or the machine.
   Byte-identical output also needs the same fontTools version (see FONTTOOLS_VERSION).
4. Copy each package's licence (``usr/share/doc/PKG/copyright`` and any OFL file) next to
   the fonts as ``LICENSE-*.txt``.
5. Check that every GBK character is covered by each stack of the layout and print counts.

The GBK repertoire is every character Python's ``gbk`` codec decodes from a valid two-byte
sequence (lead byte 0x81-0xFE, trail byte 0x40-0xFE except 0x7F), plus printable ASCII;
code points in the Private Use Area are out of scope.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FONTS_DIR = Path(__file__).resolve().parent

# Byte-identical output is only promised with this fontTools (another version still works,
# but may write different bytes).
FONTTOOLS_VERSION = "4.68.0"

# Size budget of the whole fonts/ folder.
MAX_TOTAL_BYTES = 60_000_000


@dataclass(frozen=True)
class Package:
    """A pinned Debian package (bookworm) and the SHA-256 of its .deb."""

    name: str
    version: str
    sha256: str


PACKAGES: dict[str, Package] = {
    package.name: package
    for package in (
        Package(
            "fonts-noto-cjk",
            "1:20220127+repack1-1",
            "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502",
        ),
        Package(
            "fonts-noto-cjk-extra",
            "1:20220127+repack1-1",
            "5f6536c99f9b3d77a3c383c3f1544f6d49350e7f20832c4c979af0e33f603cb5",
        ),
        Package(
            "fonts-lxgw-wenkai",
            "1.250+repack-1",
            "6d1e4c4aac78ad32062aefa2c836ee4d6e58f9dcf8b3f4407c9eefe304615318",
        ),
        Package(
            "fonts-noto-core",
            "20201225-1",
            "58f4f0bb6720f919f92096b3508e1412a0f1544424ade6c5b5bf1eb694dd64ba",
        ),
    )
}

# Licence file written next to the fonts -> the packages whose licence texts it holds.
LICENCES: dict[str, tuple[str, ...]] = {
    "LICENSE-NotoCJK.txt": ("fonts-noto-cjk", "fonts-noto-cjk-extra"),
    "LICENSE-LXGWWenKai.txt": ("fonts-lxgw-wenkai",),
    "LICENSE-Noto.txt": ("fonts-noto-core",),
}


# --- Repertoires -------------------------------------------------------------------------


def is_private_use(code_point: int) -> bool:
    return (
        0xE000 <= code_point <= 0xF8FF
        or 0xF0000 <= code_point <= 0xFFFFD
        or 0x100000 <= code_point <= 0x10FFFD
    )


def double_byte_repertoire(codec: str) -> frozenset[int]:
    """Every non-PUA character `codec` decodes from a two-byte sequence, plus printable ASCII."""
    characters = set(range(0x20, 0x7F))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            characters.update(ord(character) for character in text)
    return frozenset(c for c in characters if not is_private_use(c))


def code_points(*ranges: tuple[int, int]) -> frozenset[int]:
    """The code points of inclusive ranges."""
    return frozenset(c for first, last in ranges for c in range(first, last + 1))


GBK = double_byte_repertoire("gbk")
GB2312 = double_byte_repertoire("gb2312")

LATIN_AND_PUNCTUATION = code_points(
    (0x0020, 0x007E),  # Basic Latin (printable)
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)

# Symbols beyond GBK that Chinese documents use (GBK already has № ℃ ‰ ← → ① ⑴ ⒈ Ⅻ ㈠ …).
COMMON_SYMBOLS = code_points(
    (0x2100, 0x214F),  # Letterlike Symbols: ℃ ℉ № ™ …
    (0x2150, 0x218F),  # Number Forms: ½ Ⅰ–Ⅻ ⅰ–ⅻ
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x24FF),  # Enclosed Alphanumerics: ①–⑳ ⑴–⒇ ⒈–⒛ Ⓐ–ⓩ
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months: ㈠ ㊀ ㉑–㉟ ㊱–㊿
    (0x30FB, 0x30FB),  # ・ what the gb2312 codec (not gbk) reads from 0xA1A4
)

# Every letter of Vietnamese, precomposed: a vowel with each of the five tones, and đ.
VIETNAMESE = frozenset(
    ord(unicodedata.normalize("NFC", letter))
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for letter in (base, *(base + tone for tone in "\u0300\u0301\u0303\u0309\u0323"))
) | frozenset(map(ord, "đĐ"))

# Latin in a Chinese text is set in the CJK face's Latin letters: the body faces keep the
# Vietnamese letters they have (all 146), so that a Vietnamese name is not set half in
# them and half in Noto Serif (ư ờ ắ ặ are darker and wider there).
BODY_REPERTOIRE = GBK | LATIN_AND_PUNCTUATION | COMMON_SYMBOLS | VIETNAMESE
TITLE_REPERTOIRE = GB2312 | LATIN_AND_PUNCTUATION

# The Latin text face: the languages of the partners and organisations that write in Latin,
# Greek or Cyrillic letters, all of Vietnamese among them. Left out: IPA, polytonic Greek,
# the Latin Extended-C/D/E and phonetic blocks, which no bulletin text uses.
# Its format characters are left out (the bidi marks, invisible operators, soft hyphen):
# they print nothing, and the glyph guard points them out when they were pasted by mistake.
LATIN_TEXT = frozenset(
    c
    for c in code_points(
        (0x0020, 0x007E),  # Basic Latin (printable)
        (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B (Vietnamese ơ ư)
        (0x02B0, 0x02FF),  # Spacing Modifier Letters (ʼ ˆ ˜)
        (0x0300, 0x036F),  # Combining Diacritical Marks (Vietnamese tones typed decomposed)
        (0x0370, 0x03FF),  # Greek and Coptic
        (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
        (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese ạ ả ấ … ỹ)
        (0x2000, 0x206F),  # General Punctuation
        (0x2070, 0x209F),  # Superscripts and Subscripts
        (0x20A0, 0x20CF),  # Currency Symbols (€ ₫ ₭)
        (0x2100, 0x214F),  # Letterlike Symbols
        (0x2150, 0x218F),  # Number Forms
        (0x25CC, 0x25CC),  # ◌, which HarfBuzz draws under a mark that has no base letter
        (0xFB00, 0xFB06),  # Latin ligatures (ﬀ ﬁ ﬂ …)
    )
    if unicodedata.category(chr(c)) != "Cf"
)


# --- The fonts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One output font: which face of which package it is cut from, and what for."""

    output: str
    package: str
    path: str  # inside the package
    family: str  # name ID 1 of the face to pick
    subfamily: str  # name ID 2
    role: str


SERIF_REGULAR = Face(
    "NotoSerifCJKsc-Regular.otf",
    "fonts-noto-cjk",
    "usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "Noto Serif CJK SC",
    "Regular",
    "body text (宋体)",
)
SERIF_BOLD = Face(
    "NotoSerifCJKsc-Bold.otf",
    "fonts-noto-cjk",
    "usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "Noto Serif CJK SC",
    "Bold",
    "headline (标宋-like)",
)
SANS_BOLD = Face(
    "NotoSansCJKsc-Bold.otf",
    "fonts-noto-cjk",
    "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "Noto Sans CJK SC",
    "Bold",
    "section headings (黑体)",
)
SERIF_BLACK = Face(
    "NotoSerifCJKsc-Black.otf",
    "fonts-noto-cjk-extra",
    "usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc",
    "Noto Serif CJK SC Black",
    "Regular",
    "the red title 简报",
)
KAI = Face(
    "LXGWWenKai-Regular.ttf",
    "fonts-lxgw-wenkai",
    "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
    "LXGW WenKai",
    "Regular",
    "captions and the about box (楷体)",
)
FALLBACK = Face(
    "NotoSansMath-Regular.ttf",
    "fonts-noto-core",
    "usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf",
    "Noto Sans Math",
    "Regular",
    "fallback for the GBK characters the Noto CJK faces lack",
)

LATIN_FACES = tuple(
    Face(
        f"NotoSerif-{style.replace(' ', '')}.ttf",
        "fonts-noto-core",
        f"usr/share/fonts/truetype/noto/NotoSerif-{style.replace(' ', '')}.ttf",
        "Noto Serif",
        style,
        "Latin, Greek, Cyrillic and Vietnamese text (the English edition's text face)",
    )
    for style in ("Regular", "Bold", "Italic", "Bold Italic")
)


@dataclass(frozen=True)
class Script:
    """A script of the Mekong countries, which its own Noto faces print."""

    name: str  # as in the font's family name: Noto Serif Thai
    blocks: tuple[tuple[int, int], ...]  # its Unicode blocks, inclusive


MEKONG_SCRIPTS = (
    Script("Thai", ((0x0E00, 0x0E7F),)),
    Script("Lao", ((0x0E80, 0x0EFF),)),
    Script("Khmer", ((0x1780, 0x17FF), (0x19E0, 0x19FF))),  # and Khmer Symbols
    Script("Myanmar", ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))),  # Extended-B, -A
)
# Besides its blocks, a script's face keeps what its runs of text need: the space and
# no-break space (Pango sets a space in the font of the text around it and assumes every
# font has one), ZWSP, ZWNJ, ZWJ, variation selector 1 (Myanmar's dotted letter forms)
# and ◌, which HarfBuzz draws under a mark that has no base. Its Latin letters and
# punctuation are left out: the faces before it in every stack have them, in the
# layout's own design.
SHAPING_CHARACTERS = frozenset({0x0020, 0x00A0, 0x200B, 0x200C, 0x200D, 0xFE00, 0x25CC})

# Each script in a serif (text, headlines, captions) and a bold sans (the 黑体 headings,
# which are all bold).
MEKONG_FACES: dict[Face, Script] = {
    Face(
        f"Noto{kind}{script.name}-{style}.ttf",
        "fonts-noto-core",
        f"usr/share/fonts/truetype/noto/Noto{kind}{script.name}-{style}.ttf",
        f"Noto {kind} {script.name}",
        style,
        f"{script.name} in the {role} stacks",
    ): script
    for script in MEKONG_SCRIPTS
    for kind, style, role in (
        ("Serif", "Regular", "serif and kai"),
        ("Serif", "Bold", "bold serif and title"),
        ("Sans", "Bold", "sans"),
    )
}

# FALLBACK_METRICS: the Mekong faces are cut with the ascender and descender of the text
# faces they follow in the stacks (the smaller of Noto Serif CJK's and Noto Serif's), not
# their own (Noto Serif Myanmar's descender is 1.26 em). Pango places a line's baseline
# from the tallest and deepest font on it, so a Thai name would push its line off the
# grid of the others (by 1.7 pt in a Chinese paragraph), and viewers and text tools take
# a character's box from the font's descent, so the name would not sit on its line for
# them. The glyphs are drawn as designed: metrics only space lines, they clip nothing.

CJK_FACES = (SERIF_REGULAR, SERIF_BOLD, SANS_BOLD, KAI, SERIF_BLACK)  # slowest first
ALL_FACES = (*CJK_FACES, *LATIN_FACES, *MEKONG_FACES, FALLBACK)
# What each face keeps; the fallback's characters are worked out from the sources.
REPERTOIRES: dict[Face, frozenset[int]] = {
    SERIF_REGULAR: BODY_REPERTOIRE,
    SERIF_BOLD: BODY_REPERTOIRE,
    SANS_BOLD: BODY_REPERTOIRE,
    SERIF_BLACK: TITLE_REPERTOIRE,
    **{face: LATIN_TEXT for face in LATIN_FACES},
}
# Shipped whole, unmodified: LXGW WenKai reserves the names "LXGW" and "霞鹜" (Debian's
# copyright file), and under OFL §3 a subset is a modified version that could not keep them.
UNMODIFIED = (KAI,)

# The faces whose missing GBK characters the fallback provides.
FALLBACK_FOR = (SERIF_REGULAR, SERIF_BOLD, SANS_BOLD)

# The layout's font stacks (layouts/*/style.css) that must cover all of GBK.
GBK_STACKS: dict[str, tuple[Face, ...]] = {
    "body": (SERIF_REGULAR, FALLBACK),
    "headline": (SERIF_BOLD, FALLBACK),
    "headings": (SANS_BOLD, FALLBACK),
    "kai": (KAI, SERIF_REGULAR, FALLBACK),
}

# Only these OpenType language systems (besides each script's default) are kept. The SC
# faces' `locl` lookups for JAN, KOR, ZHT and ZHH switch to the other regions' glyph forms;
# keeping them nearly doubles the glyph count (about 40,000 instead of 22,000) for text the
# bulletin never has (it is set with lang="zh-CN").
KEPT_LANGUAGE_SYSTEMS = frozenset({"ZHS "})


# --- Fetching the packages --------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; on failure stop with its output."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def find_deb(directory: Path, package: Package) -> Path | None:
    """The .deb of `package` in `directory` if its fields and checksum are the pinned ones."""
    for deb in sorted(directory.glob(f"{package.name}_*.deb")):
        fields = run("dpkg-deb", "--field", deb, "Package", "Version").splitlines()
        if fields == [f"Package: {package.name}", f"Version: {package.version}"]:
            if sha256_of(deb) != package.sha256:
                sys.exit(f"{deb}: SHA-256 is not the pinned {package.sha256}")
            return deb
    return None


def fetch_debs(directory: Path) -> dict[str, Path]:
    """Download the pinned packages into `directory` (keeping verified copies already there)."""
    missing = [p for p in PACKAGES.values() if find_deb(directory, p) is None]
    if missing:
        print("apt-get download", " ".join(f"{p.name}={p.version}" for p in missing))
        run("apt-get", "download", *(f"{p.name}={p.version}" for p in missing), cwd=directory)
    debs = {}
    for package in PACKAGES.values():
        deb = find_deb(directory, package)
        if deb is None:
            sys.exit(f"apt-get did not download {package.name}={package.version}")
        debs[package.name] = deb
        print(f"  {deb.name}: sha256 {package.sha256} OK")
    return debs


# --- Subsetting --------------------------------------------------------------------------


def open_face(path: Path, face: Face) -> TTFont:
    """The face of `path` (a font or a collection) whose name table matches `face`."""
    # recalcTimestamp=False: saving keeps head.modified of the source, not the time of the build.
    if path.suffix == ".ttc":
        candidates = TTCollection(path, recalcTimestamp=False).fonts
    else:
        candidates = [TTFont(path, recalcTimestamp=False)]
    matches = [
        font
        for font in candidates
        if font["name"].getDebugName(1) == face.family
        and font["name"].getDebugName(2) == face.subfamily
    ]
    if len(matches) != 1:
        sys.exit(f"{path}: {len(matches)} faces named {face.family!r} {face.subfamily!r}")
    return matches[0]


def cmap_of(path: Path, face: Face) -> frozenset[int]:
    return frozenset(open_face(path, face).getBestCmap())


def script_repertoire(path: Path, face: Face, script: Script) -> frozenset[int]:
    """What the face of a Mekong script keeps of its character map."""
    return frozenset(
        c
        for c in cmap_of(path, face)
        if c in SHAPING_CHARACTERS or any(first <= c <= last for first, last in script.blocks)
    )


def keep_language_systems(font: TTFont, kept: frozenset[str]) -> None:
    """Drop the OpenType language systems not in `kept`; the scripts' defaults stay."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag in kept]
            script.LangSysCount = len(script.LangSysRecord)


def subset_options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]  # all features (halt, palt, vhal, vpal, locl, kern, …)
    options.hinting = False  # WeasyPrint drops hints when it embeds fonts in the PDF anyway
    options.glyph_names = False
    options.notdef_outline = True  # a visible box if a character is missing
    options.name_IDs = ["*"]  # keep copyright, licence and typographic family names
    options.name_languages = ["*"]  # keep 霞鹜文楷
    return options


def line_metrics(path: Path, face: Face) -> tuple[int, int]:
    """The ascender and descender (negative) by which Pango spaces lines of `face`."""
    hhea = open_face(path, face)["hhea"]
    return hhea.ascent, hhea.descent


def set_line_metrics(font: TTFont, ascender: int, descender: int) -> None:
    """Give `font` these ascender and descender in all three places fonts keep them."""
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascender, descender, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascender, descender, 0
    os2.usWinAscent, os2.usWinDescent = ascender, -descender


def build_face(
    face: Face,
    source: Path,
    characters: Iterable[int],
    metrics: tuple[int, int] | None = None,
) -> float:
    """Subset `face` of `source` to `characters` and write it to fonts/; return the seconds.

    With `metrics`, the face gets that ascender and descender (see FALLBACK_METRICS)."""
    start = time.monotonic()
    font = open_face(source, face)
    if face in CJK_FACES:
        keep_language_systems(font, KEPT_LANGUAGE_SYSTEMS)
    if metrics:
        set_line_metrics(font, *metrics)
    if face.subfamily.startswith("Bold"):
        # Debian's Noto Serif Myanmar Bold says weight 400, and fontconfig, taking it for
        # a second Regular, set Myanmar text in bold at random.
        font["OS/2"].usWeightClass = 700
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    data = buffer.getvalue()
    is_cff = data[:4] == b"OTTO"
    if is_cff != face.output.endswith(".otf"):
        raise ValueError(f"{face.output}: outlines do not match the file extension")
    temporary = FONTS_DIR / f".{face.output}.tmp"
    temporary.write_bytes(data)
    temporary.replace(FONTS_DIR / face.output)
    return time.monotonic() - start


# --- Licences ----------------------------------------------------------------------------


def licence_text(root: Path, package: str) -> str:
    """The package's copyright file, followed by its OFL text if it ships one."""
    doc = root / "usr/share/doc" / package
    parts = [(doc / "copyright").read_text(encoding="utf-8")]
    for ofl in sorted(doc.glob("OFL*")):
        if ofl.suffix == ".gz":
            parts.append(run("zcat", ofl))
        else:
            parts.append(ofl.read_text(encoding="utf-8"))
    return "\n".join(parts)


def write_licences(roots: dict[str, Path]) -> None:
    for filename, packages in LICENCES.items():
        texts: list[str] = []
        for package in packages:
            text = licence_text(roots[package], package)
            if text not in texts:  # fonts-noto-cjk and -extra carry the same file
                texts.append(text)
        (FONTS_DIR / filename).write_text("\n".join(texts), encoding="utf-8")


# --- Checks ------------------------------------------------------------------------------


def describe(code_point_set: Iterable[int]) -> str:
    return " ".join(f"U+{c:04X} {chr(c)}" for c in sorted(code_point_set))


def check_coverage() -> None:
    """Every GBK character must be in each stack of the layout; print the counts."""
    covered = {face: cmap_of(FONTS_DIR / face.output, face) for face in ALL_FACES}
    print(f"\nGBK: {len(GBK)} characters (two-byte GBK without PUA, plus printable ASCII)")
    for face in (*CJK_FACES, FALLBACK):
        missing = GBK - covered[face]
        listed = f": {describe(missing)}" if 0 < len(missing) <= 10 else ""
        print(f"  {face.output:27} has {len(GBK & covered[face]):5}, lacks {len(missing)}{listed}")
    for stack, faces in GBK_STACKS.items():
        missing = set(GBK)
        shares = []
        for face in faces:
            shares.append(f"{len(missing & covered[face])} from {face.output}")
            missing -= covered[face]
        if missing:
            sys.exit(f"the {stack} stack lacks {describe(missing)}")
        print(f"  {stack} stack covers all {len(GBK)}: {' + '.join(shares)}")
    missing = GB2312 - covered[SERIF_BLACK]
    if missing:
        sys.exit(f"{SERIF_BLACK.output} lacks {describe(missing)} of GB2312")
    print(f"  title: {SERIF_BLACK.output} covers all {len(GB2312)} of GB2312 + printable ASCII")
    for face in (SERIF_REGULAR, SERIF_BOLD, SANS_BOLD, *LATIN_FACES):
        missing = VIETNAMESE - covered[face]
        if missing:
            sys.exit(f"{face.output} lacks {describe(missing)} of Vietnamese")
    print(f"  Vietnamese: the body CJK faces and Noto Serif have all {len(VIETNAMESE)} letters")


def report_sizes() -> None:
    files = [p for p in sorted(FONTS_DIR.iterdir()) if p.is_file() and not p.name.startswith(".")]
    total = sum(p.stat().st_size for p in files)
    print("\nfonts/:")
    for path in files:
        print(f"  {path.name:28} {path.stat().st_size:>11,} B  sha256 {sha256_of(path)}")
    print(f"  {'total':28} {total:>11,} B")
    if total >= MAX_TOTAL_BYTES:
        sys.exit(f"fonts/ is {total:,} bytes, over the budget of {MAX_TOTAL_BYTES:,}")


# --- Main --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--deb-cache",
        type=Path,
        help="keep the downloaded .debs in this folder and reuse them (default: a temp dir)",
    )
    arguments = parser.parse_args()
    if fontTools.version != FONTTOOLS_VERSION:
        print(
            f"warning: fontTools {fontTools.version}, not {FONTTOOLS_VERSION}: the fonts "
            "will work but may not be byte-identical to the committed ones",
            file=sys.stderr,
        )

    with tempfile.TemporaryDirectory(prefix="briefpdf-fonts-") as temporary:
        work = Path(temporary)
        deb_dir = arguments.deb_cache or work / "debs"
        deb_dir.mkdir(parents=True, exist_ok=True)
        print(f"Fetching the pinned packages into {deb_dir}")
        debs = fetch_debs(deb_dir)

        print("Extracting with dpkg-deb -x")
        roots: dict[str, Path] = {}
        for name, deb in debs.items():
            roots[name] = work / name
            run("dpkg-deb", "-x", deb, roots[name])
        sources = {face: roots[face.package] / face.path for face in ALL_FACES}

        # The fallback holds the GBK characters that a Noto CJK face would otherwise lack.
        lacking = frozenset().union(*(GBK - cmap_of(sources[f], f) for f in FALLBACK_FOR))
        unavailable = lacking - cmap_of(sources[FALLBACK], FALLBACK)
        if unavailable:
            sys.exit(f"{FALLBACK.output} lacks {describe(unavailable)} too")
        print(f"The Noto CJK faces lack {len(lacking)} GBK characters: {describe(lacking)}")
        repertoires = {
            **REPERTOIRES,
            FALLBACK: lacking,
            **{f: script_repertoire(sources[f], f, s) for f, s in MEKONG_FACES.items()},
        }

        # See FALLBACK_METRICS: no taller, no deeper than either text face's.
        text_metrics = [line_metrics(sources[f], f) for f in (SERIF_REGULAR, LATIN_FACES[0])]
        fallback_metrics = (min(a for a, _ in text_metrics), max(d for _, d in text_metrics))
        print(
            f"Line metrics of the Mekong faces: ascender {fallback_metrics[0]}, "
            f"descender {fallback_metrics[1]}"
        )

        for face in UNMODIFIED:
            shutil.copyfile(sources[face], FONTS_DIR / face.output)
            print(f"  {face.output:27} {face.role} (copied unmodified)")

        print("Subsetting, two faces at a time")
        with ProcessPoolExecutor(max_workers=2) as pool:
            futures = {
                face: pool.submit(
                    build_face,
                    face,
                    sources[face],
                    repertoires[face],
                    fallback_metrics if face in MEKONG_FACES else None,
                )
                for face in ALL_FACES
                if face not in UNMODIFIED
            }
            for face, future in futures.items():
                seconds = future.result()
                print(f"  {face.output:27} {face.role} ({seconds:.0f} s)")

        write_licences(roots)

    report_sizes()
    check_coverage()


if __name__ == "__main__":
    main()
