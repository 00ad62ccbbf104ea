"""Chinese typography for WeasyPrint: the one place that shapes how text is set.

After W3C "Requirements for Chinese Text Layout" (clreq), in three parts:

- `typeset(text)`, the Jinja filter every text of an issue goes through: it escapes the
  text and prepares it for line breaking (禁则) and punctuation compression (标点挤压)
  with invisible characters and `<span class="halt">` (styled by `STYLESHEET`), never
  adding a character that would end up in the PDF's text layer.
- `install()`, the one change to WeasyPrint's layout: `justify_line`, justification
  between characters (两端对齐), in place of WeasyPrint's, which stretches spaces only.
- `loose_line_joins(document)` and `improving_joins(…)`: for a render again (driven by
  `briefpdf.engine.render`), earlier breaks in the lines above a line that a Latin word which
  did not fit left too loose to justify unnoticed.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar

import weasyprint
from markupsafe import Markup, escape
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi
from weasyprint.text.line_break import Layout

# Marks whose blank half lies after the glyph (in Simplified Chinese fonts) and before it.
CLOSING = frozenset("，。、；：？！）》」』】〕〉”’〗｝．")
OPENING = frozenset("（《「『【〔〈“‘〖｛")
# Invisible joiners: drawn as no glyph, so they never reach the PDF's text layer.
_NO_BREAK = "\u2060"  # WORD JOINER
_MAY_BREAK = "\u200b"  # ZERO WIDTH SPACE
_URL = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u9fff\uff00-\uffef]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# A number and the character after it (its unit or measure word): 600亿, 18个, 25日, 30℃.
_NUMBER_UNIT = re.compile(rf"(?<=\d)(?=[^\x00-\x7f\s\u3000{''.join(CLOSING | OPENING)}])")
_SPACE_THEN_CLOSING = re.compile(rf"(?<=\s)(?=[{''.join(CLOSING)}])")
_OPENING_THEN_SPACE = re.compile(rf"(?<=[{''.join(OPENING)}]\s)")
_WIDE = "\u3000-\u9fff\uf900-\ufaff\uff00-\uffef"
_BEFORE_QUOTE = re.compile(rf"(?<=[{_WIDE}”’])(?<![{''.join(OPENING)}])(?=[“‘])")
_AFTER_QUOTE = re.compile(rf"(?<=[”’])(?=[{_WIDE}“‘])(?![{''.join(CLOSING)}])")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Lao and Myanmar are written without spaces between words, and Pango breaks them only at
# spaces (it knows Thai words, through libthai, and no others): a ministry's name would
# be one unbreakable block, and the Chinese line before it loose. Both break between
# syllables (Lao words are mostly of one syllable); only boundaries the spelling makes
# certain are marked. Lao: after ະ, ຳ or ໆ, which end a syllable, and before ເ ແ ໂ ໃ ໄ,
# which start one. Myanmar: before a consonant, independent vowel, digit or sign that
# starts a syllable: not one that a virama (္) stacks under the consonant before, nor
# one that an asat (်, maybe after a dot below ့) or a virama after it makes part of the
# syllable before.
_LAO_SYLLABLE = re.compile(
    "(?<=[\u0eb0\u0eb3\u0ec6])(?=[\u0e81-\u0eae\u0ec0-\u0ec4\u0edc-\u0edf])"
    "|(?<=[\u0e81-\u0edf])(?=[\u0ec0-\u0ec4])"
)
_MYANMAR_SYLLABLE = re.compile(
    "(?<=[\u1000-\u109f])(?<!\u1039)"
    "(?=[\u1000-\u102a\u103f\u1040-\u1049\u104c-\u104f](?!\u1037?[\u1039\u103a]))"
)

# A paragraph broken by briefpdf.engine.latin is laid out this much wider (in em) than
# its measure, so that WeasyPrint takes each planned line whole even where the plan
# narrows its word spaces; `justify_line` sets each line back to the measure.
PLAN_ROOM = 1.0
STYLESHEET_CSS = f"""
/* briefpdf.engine.typography: the first mark of two adjacent full-width punctuation marks
   (the second, when both open) is set half-width, so that the pair takes 1.5 em. */
.halt {{ font-feature-settings: "halt"; }}
/* A paragraph broken by briefpdf.engine.latin: its soft hyphens are its only ones. */
.planned {{ display: block; hyphens: manual; margin-right: -{PLAN_ROOM}em; }}
"""
STYLESHEET = weasyprint.CSS(string=STYLESHEET_CSS)


@functools.cache  # asked of every character of every line
def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf"  # the joiners above, and marks of zero width


def without_invisible(text: str) -> str:
    """The text without its invisible characters (format characters, drawn as no glyph)."""
    return "".join(c for c in text if not _is_invisible(c))


def _halved(text: str) -> set[int]:
    """Indexes of the marks set half-width (标点挤压, clreq §3.1.6): the first of two
    adjacent marks (the second if both open), and an opening mark that starts a
    paragraph, whose blank half would widen the indent."""
    marks = CLOSING | OPENING
    visible = [i for i, c in enumerate(text) if not _is_invisible(c)]
    halved = {visible[0]} if visible and text[visible[0]] in OPENING else set()
    for i, j in itertools.pairwise(visible):
        if text[i] in marks and text[j] in marks:
            if text[i] not in OPENING:
                halved.add(i)
            elif text[j] in OPENING:
                halved.add(j)
    return halved


def _bind_last_characters(text: str) -> str:
    """Join the last two ideographs of a paragraph so that none stands alone on a line."""
    ideographs = [m.start() for m in _IDEOGRAPH.finditer(text)]
    if len(ideographs) < 2 or ideographs[-1] != ideographs[-2] + 1:
        return text
    if any(c.isalnum() for c in text[ideographs[-1] + 1 :]):
        return text  # it ends with Latin text, which breaks only at its spaces
    return text[: ideographs[-1]] + _NO_BREAK + text[ideographs[-1] :]


def _break_url(url: str) -> str:
    """A URL or address may break after "/" and "." and before "-", never after it."""
    url = re.sub(r"(?<!/)([./])(?=[^/])", "\\1" + _MAY_BREAK, url)
    return url.replace("-", _MAY_BREAK + "-")


@functools.lru_cache(maxsize=4096)  # each render of a build prepares the same texts
def _prepare(text: str) -> tuple[str, str]:
    """The text with invisible line-breaking hints, before it is escaped; and the text
    without any invisible character, by which later renders name the paragraph."""
    # pdftotext takes a "-" that ends a line for a hyphenation and drops it.
    text = re.sub(r"-(?=\S)", "-" + _NO_BREAK, text)
    text = _URL.sub(lambda m: _break_url(m.group()), text)
    text = _NUMBER_UNIT.sub(_NO_BREAK, text)
    # UAX #14 lets a line break after a space even before ；：！ or after （.
    text = _SPACE_THEN_CLOSING.sub(_NO_BREAK, text)
    text = _OPENING_THEN_SPACE.sub(_NO_BREAK, text)
    # Pango 1.50 never breaks before “ nor after ” (UAX #14 before LB19a, Unicode 15.1):
    # in Chinese text a line may start with “ and end with ”.
    text = _BEFORE_QUOTE.sub(_MAY_BREAK, text)
    text = _LAO_SYLLABLE.sub(_MAY_BREAK, _MYANMAR_SYLLABLE.sub(_MAY_BREAK, text))
    text = _bind_last_characters(_AFTER_QUOTE.sub(_MAY_BREAK, text))
    return text, without_invisible(text)


def _may_break(text: str, index: int) -> bool:
    """Whether a line may break before `text[index]` (a headline's simple 禁则)."""
    before, after = text[index - 1], text[index]
    return not (
        after in CLOSING
        or before in OPENING
        or _NO_BREAK in (before, after)
        or (before == after and before in _DOUBLED)
        or (before.isascii() and not before.isspace() and after.isascii())
        or (_in_word(before) and _in_word(after))
    )


@functools.cache
def _in_word(char: str) -> bool:
    """A letter, digit or mark of a script that is not set character by character
    (Latin with its accents, Thai, Lao, Khmer, Myanmar): a headline breaks only at its
    spaces, as words of Thai or Lao are not found without a dictionary."""
    return _side(char) == 0 and (char.isalnum() or unicodedata.category(char).startswith("M"))


def _balanced_breaks(text: str, halved: set[int], measure: float) -> list[int]:
    """Where to break `text` so that its lines, at most `measure` em, are about equal.

    Widths are estimated: 1 em a Chinese character or mark, half a Latin one (the
    bundled serif's Latin is about that wide), half a mark set half-width.
    """
    widths = [
        0.0
        if _is_invisible(c) or unicodedata.category(c) in ("Mn", "Me")  # marks stack
        else 0.5
        if i in halved
        else max(_side(c) * 2, 0.5)
        for i, c in enumerate(text)
    ]
    # A little room is kept for the estimate's error: a line too long is broken again.
    lines = -(-sum(widths) // (measure * 0.95))
    if lines < 2:
        return []
    ends = list(itertools.accumulate(widths))  # where each character ends, in em
    candidates = [i for i in range(1, len(text)) if _may_break(text, i)]
    breaks = []
    for n in range(1, int(lines)):
        target = ends[-1] * n / lines
        # Nearest the even share; on a tie, after punctuation, where the sense pauses.
        breaks.append(
            min(candidates, key=lambda i: (abs(ends[i - 1] - target), text[i - 1] not in CLOSING))
        )
    return breaks


def _balanced_latin_breaks(text: str, measure: float) -> list[int]:
    """Where to break a Latin `text` (an English headline) so that its lines, at most
    `measure` em, are as even as can be: in as few lines as fit, the longest as short
    as it can be. Breaks are at spaces only; widths are estimated (`_latin_width`)."""
    widths = [0.0 if _is_invisible(c) else _latin_width(c) for c in text]
    ends = [0.0, *itertools.accumulate(widths)]
    starts = [0] + [i for i in range(1, len(text)) if text[i - 1] == " " and text[i] != _NO_BREAK]

    def width(a: int, b: int) -> float:  # a line from starts[a] to starts[b], no end space
        end = starts[b] if b < len(starts) else len(text)
        return ends[end] - ends[starts[a]] - (0.26 if text[end - 1 : end] == " " else 0.0)

    # A little room is kept for the estimate's error: a line too long is broken again.
    limit = measure * 0.95
    for lines in range(1, len(starts) + 1):
        # longest[n][b]: the longest of n lines that end before starts[b], at best.
        longest = [{0: (0.0, -1)}]
        for _ in range(lines):
            step = {}
            for b in range(1, len(starts) + 1):
                options = [(max(w, width(a, b)), a) for a, (w, _) in longest[-1].items() if a < b]
                if options:
                    step[b] = min(options)
            longest.append(step)
        if (best := longest[lines].get(len(starts))) and best[0] <= limit:
            breaks, b = [], len(starts)
            for n in range(lines, 0, -1):
                b = longest[n][b][1]
                breaks.append(starts[b])
            return sorted(breaks)[1:]  # the first line starts at 0
    return []


def _latin_width(char: str) -> float:
    """The width of a Latin character in em, as Noto Serif Bold (the English headlines')
    sets it on average: a capital, a small letter or figure, a space, punctuation."""
    if char == " ":
        return 0.26
    if char.isupper():
        return 0.71
    return 0.57 if char.isalnum() else 0.3


def typeset(text: str, balance: float | None = None, lang: str = "zh") -> Markup:
    """The HTML for a text of the issue: a paragraph, a caption, a headline.

    Always escaped, so markup in the text shows as text. Adds only invisible joiners,
    which are not drawn and so are not part of the PDF's text, and `<span class="halt">`
    around marks set half-width (see `STYLESHEET_CSS`). With `balance`, the measure in
    em of a centred text, it is broken into lines of about equal length (`<br>`), as a
    headline is set (WeasyPrint has no `text-wrap: balance`). In a text of another
    language than Chinese (`lang`, the edition's), no mark is set half-width: its quotes
    and apostrophes are Latin ones, and its lines break at spaces.
    """
    prepared, plain = _prepare(text)
    planned = (_LATIN_PLANS.get() or {}).get(plain)
    if planned is not None:
        return Markup('<span class="planned">{}</span>').format(planned)
    joins = (_EXTRA_JOINS.get() or {}).get(plain, frozenset())
    return _typeset(prepared, balance, joins, lang != "zh")


# A build fills the template once a render, with the same texts each time.
@functools.lru_cache(maxsize=4096)
def _typeset(text: str, balance: float | None, joins: frozenset[int], latin: bool) -> Markup:
    if joins:
        visible = (i for i, c in enumerate(text) if not _is_invisible(c))
        before = {i for n, i in enumerate(visible) if n in joins}
        text = "".join(_NO_BREAK + c if i in before else c for i, c in enumerate(text))
    halved = set() if latin else _halved(text)
    if not balance:
        breaks = set()
    elif latin:
        breaks = set(_balanced_latin_breaks(text, balance))
    else:
        breaks = set(_balanced_breaks(text, halved, balance))
    return Markup("").join(
        (Markup("<br>") if i in breaks else Markup(""))
        + (Markup('<span class="halt">{}</span>').format(c) if i in halved else escape(c))
        for i, c in enumerate(text)
        # A Latin line broken at a space ends without it, or it would be centred with it.
        if not (latin and i + 1 in breaks)
    )


# ---- Justification ----

# Share of a justified line's slack each side of a character takes: a gap between two
# Chinese characters gets 1, between Chinese and Latin ½, and nothing opens inside a
# Latin word or a number, nor in —— and …… (clreq §3.8). Latin spaces stretch apart.
_CJK_SIDE = 0.5
_SPACES = " \u00a0"
# Marks set as one unbroken rule or row of dots when doubled: ——, …….
_DOUBLED = "—…"
# The widest gap between two Chinese characters of a line that also has gaps left as
# they are (in a Latin word, a number): pdftotext reads a wider one as a space.
LOOSE_GAP = 0.09
# What a Latin space (a quarter em) may grow by, in em: it stays under half an em.
SPACE_STRETCH = 0.2
# The most characters a line gives up to the loose line below it (3 em over 27 gaps).
MAX_GIVE = 3
# What a word space of Latin text (the English edition) may grow by, in em: Noto Serif's
# space, 0.26 em, stays under half an em. What a justified Latin line has left over
# beyond it goes between its letters (briefpdf.engine.latin plans lines that need that
# rarely, and by little).
LATIN_SPACE_STRETCH = 0.21
# What it may narrow by (to 75% of the space: typesetters allow that, TeX 67%).
LATIN_SPACE_SHRINK = 0.065


@functools.cache  # a few thousand distinct characters; every line asks again
def _side(char: str) -> float:
    # Wide, full-width and ambiguous (“”—…·, which CJK fonts set wide) are Chinese text.
    return _CJK_SIDE if unicodedata.east_asian_width(char) in "WFA" else 0.0


def gap_weight(left: str, right: str) -> float:
    """The share of a line's slack that opens between two adjacent characters (no spaces)."""
    if (
        (left == right and left in _DOUBLED)
        or left in _SPACES
        or right in _SPACES
        or _is_mark(right)
    ):
        return 0.0
    return _side(left) + _side(right)


@functools.cache
def _is_mark(char: str) -> bool:
    """A combining mark (a Thai vowel or tone mark, a Myanmar medial, a Vietnamese tone
    typed apart): no gap may open before it, which would push it off its letter."""
    return unicodedata.category(char).startswith("M")


class _JustifiedLayout(Layout):
    """A Pango layout of one text box whose glyphs are drawn with extra space after them.

    `gaps` maps the UTF-8 byte offset where a character ends to the width (in CSS
    pixels) added after it. The widths are added to the shaped glyphs themselves, so
    shaping, and the text layer of the PDF, stay exactly as without justification.
    """

    def __init__(self, box: boxes.TextBox, gaps: dict[int, float]) -> None:
        # Not set up with Pango here: WeasyPrint sets a text box's layout up anew
        # (`reactivate`) when it draws the box, and most renders of a build are never
        # drawn (briefpdf.engine.render sets an issue again while it can be set better).
        self._gaps = gaps
        self._stretched = False
        self.text = box.text
        self.justification_spacing = 0
        self.max_width = None
        self.first_line_direction = box.pango_layout.first_line_direction

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        self._stretched = False  # Pango shapes the text anew

    def get_first_line(self) -> tuple[object, int | None]:  # a cffi PangoLayoutLine
        line, index = super().get_first_line()
        if not self._stretched:
            self._stretched = True
            run = line.runs
            while run != ffi.NULL:
                item, glyphs = run.data.item, run.data.glyphs
                clusters = glyphs.log_clusters
                # A right-to-left run (a Hebrew or Arabic word) is left as it is.
                for i in range(0 if item.analysis.level % 2 else glyphs.num_glyphs):
                    # The extra width goes to the last glyph of each cluster.
                    end = clusters[i + 1] if i + 1 < glyphs.num_glyphs else item.length
                    if end != clusters[i] and (extra := self._gaps.get(item.offset + end)):
                        glyphs.glyphs[i].geometry.width += round(extra * TO_UNITS)
                run = run.next
        return line, index


def _text_boxes(box: boxes.Box) -> Iterator[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _shift(box: boxes.Box, widths: dict[int, float], x_advance: float) -> float:
    """Move `box` by `x_advance` and widen its text boxes; return the advance after it."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        extra = widths.get(id(box), 0.0)
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        start = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _shift(child, widths, x_advance)
        box.width += x_advance - start
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline: an image, an inline block
    return x_advance


def justify_line(context: object, line: boxes.LineBox, extra_width: float) -> None:
    """Spread `extra_width` over the gaps of a left-to-right line, by `gap_weight`,
    and over its Latin spaces.

    Replaces `weasyprint.layout.inline.justify_line` of WeasyPrint 70.0, which gives all
    of it to the spaces of the line: a Chinese line has none and stays ragged, and a line
    with one Latin space gets one wide hole. A line of another language (the English
    edition) is justified by `_justify_latin`. The layouts set text left to right only.
    """
    # Every visible character of the line, with its box and where it ends in the box
    # (a UTF-8 byte offset, as Pango counts).
    chars = []
    for box in _text_boxes(line):
        end = 0
        for char in box.text:
            end += len(char.encode())
            if not _is_invisible(char):
                chars.append((box, end, char))
    while chars and chars[-1][2] in _SPACES:
        chars.pop()
    pairs = [(a[2], b[2]) for a, b in itertools.pairwise(chars)]
    if not (line.style["lang"] or "zh").startswith("zh"):
        _justify_latin(line, chars, pairs, extra_width)
        return
    weights = [gap_weight(a, b) for a, b in pairs]
    spaces = [a in _SPACES for a, _ in pairs]  # a space widens after itself
    stretchable, n_spaces = sum(weights), sum(spaces)
    if not pairs:
        return
    if not stretchable + n_spaces:
        # One unbreakable run, such as a piece of a URL: tracked evenly, so that it
        # ends flush and pdftotext, seeing even gaps, reads no space into it.
        weights = [0.0 if _is_mark(b) else 1.0 for _, b in pairs]
        stretchable = sum(weights)
    gaps: dict[int, dict[int, float]] = {}
    em = line.style["font_size"]
    # A gap that stays as set (in a Latin word, a number) makes pdftotext read the wide
    # ones as spaces: first widen the Chinese gaps up to LOOSE_GAP, then the spaces up to
    # SPACE_STRETCH, and only then the Chinese gaps (or, if none, the spaces) further.
    mixed = any(
        w == 0 and a not in _SPACES and b not in _SPACES
        for w, (a, b) in zip(weights, pairs, strict=True)
    )
    unit = extra_width / stretchable if stretchable else 0.0
    if mixed:
        unit = min(unit, LOOSE_GAP * em)
    rest = extra_width - unit * stretchable
    space = min(rest / n_spaces, SPACE_STRETCH * em) if n_spaces else 0.0
    rest -= space * n_spaces
    excess, rest = max(rest, 0.0), max(rest, 0.0)
    if rest > 0.01:
        if stretchable:
            unit += rest / stretchable
        else:
            space += rest / n_spaces
    # A gap wider than half an em (a Latin space is about a quarter em) is a hole.
    wide = max(unit / em, (space / em + 0.25) * bool(n_spaces)) > 0.5
    if excess > 0.01 or wide:
        # Marked for `loose_line_joins`: the slack, the part no gap hides, the hole.
        line.briefpdf_slack, line.briefpdf_excess = extra_width / em, excess / em
        line.briefpdf_wide = wide
    for (box, end, _), weight, is_space in zip(chars, weights, spaces, strict=False):
        if extra := weight * unit + is_space * space:
            box_gaps = gaps.setdefault(id(box), {})
            box_gaps[end] = box_gaps.get(end, 0.0) + extra
    for box in _text_boxes(line):
        if box_gaps := gaps.get(id(box)):
            box.pango_layout = _JustifiedLayout(box, box_gaps)
    _shift(line, {key: sum(value.values()) for key, value in gaps.items()}, 0.0)


def _justify_latin(
    line: boxes.LineBox,
    chars: list[tuple[boxes.TextBox, int, str]],
    pairs: list[tuple[str, str]],
    extra_width: float,
) -> None:
    """Justify a line of Latin text (the English edition): its word spaces take the extra
    width, from LATIN_SPACE_SHRINK to LATIN_SPACE_STRETCH (briefpdf.engine.latin plans its
    lines so); only what they cannot take goes between its letters. A line set by a
    plan was laid out PLAN_ROOM wider than its measure, which it is brought back to."""
    em = line.style["font_size"]
    if is_planned(line):
        extra_width -= PLAN_ROOM * em
    spaces = [a in _SPACES for a, _ in pairs]  # a space widens after itself
    letters = [a not in _SPACES and b not in _SPACES and not _is_mark(b) for a, b in pairs]
    n_spaces, n_letters = sum(spaces), sum(letters)
    space = extra_width / n_spaces if n_spaces else 0.0
    if n_spaces and n_letters:
        space = min(max(space, -LATIN_SPACE_SHRINK * em), LATIN_SPACE_STRETCH * em)
    unit = (extra_width - space * n_spaces) / n_letters if n_letters else 0.0
    gaps: dict[int, dict[int, float]] = {}
    for (box, end, _), is_space, is_letter in zip(chars, spaces, letters, strict=False):
        if extra := is_space * space + is_letter * unit:
            box_gaps = gaps.setdefault(id(box), {})
            box_gaps[end] = box_gaps.get(end, 0.0) + extra
    for box in _text_boxes(line):
        if box_gaps := gaps.get(id(box)):
            box.pango_layout = _JustifiedLayout(box, box_gaps)
    _shift(line, {key: sum(value.values()) for key, value in gaps.items()}, 0.0)


def is_planned(box: boxes.Box) -> bool:
    """Whether `box` is (a line of) a paragraph set by a plan of briefpdf.engine.latin."""
    return box.element is not None and box.element.get("class") == "planned"


def install() -> None:
    """Make WeasyPrint justify lines by `justify_line`; called once before rendering.

    WeasyPrint calls `justify_line` from `text_align` in `weasyprint.layout.inline`
    by its module-level name, which is the extension point replaced here.
    """
    inline.justify_line = justify_line


# ---- Breaking paragraphs again around loose lines ----

# Later passes: per paragraph text (without invisible characters), before which of its
# characters a line must not break.
_EXTRA_JOINS: ContextVar[dict[str, frozenset[int]] | None] = ContextVar("extra_joins", default=None)
# Later passes: per paragraph text, the text with the invisible hints that impose the
# breaks briefpdf.engine.latin chose for it, set in its place.
_LATIN_PLANS: ContextVar[dict[str, str] | None] = ContextVar("latin_plans", default=None)


def _paragraph_lines(document: weasyprint.Document) -> dict[object, list[boxes.LineBox]]:
    """The lines of each paragraph element, in order, across pages."""
    paragraphs: dict[object, list[boxes.LineBox]] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.LineBox) and box.element is not None:
                paragraphs.setdefault(box.element, []).append(box)
    return paragraphs


def _joins_for_loose_lines(lines: list[boxes.LineBox], text: str) -> set[int]:
    """Where to forbid breaks so that the lines before a loose line end a little earlier.

    A loose line is one that ends before a Latin word that did not fit, leaving more
    room than its Chinese characters can take up unnoticed. Giving up one character on
    each of the lines before it brings as many characters down onto it, as a
    paragraph-wide line breaker (Knuth–Plass) would.
    """
    text = without_invisible(text)
    starts, position = [], 0
    for line in lines:
        line_text = without_invisible("".join(box.text for box in _text_boxes(line)))
        line_text = line_text.strip(_SPACES)
        if not line_text or (position := text.find(line_text, position)) < 0:
            return set()  # not this paragraph's text as typed: leave it as it is
        starts.append(position)
        position += len(line_text)
    visible = [i for i, c in enumerate(text) if c not in _SPACES]  # where a line can start
    joins = set()
    for k, line in enumerate(lines):
        chars = int(getattr(line, "briefpdf_slack", 0) - 0.1)  # what the line can take
        # Lines k - 1, k - 2, … each give up at most MAX_GIVE characters (in Chinese text
        # one character less is one break earlier; in Latin text, a word).
        gives: list[int] = []
        while chars > sum(gives) and len(gives) < k:
            end = visible.index(starts[k - len(gives)])
            give = min(MAX_GIVE, chars - sum(gives))
            if end <= chars:
                break
            gives.append(give)
        earlier = sum(gives)  # characters given up by the lines above the one considered
        for i, give in enumerate(gives, start=1):
            earlier -= give
            # Line k - i starts `earlier` characters sooner: forbid the `give` breaks
            # at and before the place it would then end.
            end = visible.index(starts[k - i + 1]) - earlier
            joins.update(visible[p] for p in range(end - give + 1, end + 1))
    return joins


def _looseness(document: weasyprint.Document) -> dict[str, tuple[int, float]]:
    """How loose the lines of each paragraph with loose lines are, worst first: how many
    have a gap wider than half an em, and the room, in em, that no gap could hide."""
    looseness = {}
    for element, lines in _paragraph_lines(document).items():
        if any(hasattr(line, "briefpdf_slack") for line in lines):
            looseness[without_invisible("".join(element.itertext()))] = (
                sum(getattr(line, "briefpdf_wide", False) for line in lines),
                sum(getattr(line, "briefpdf_excess", 0.0) for line in lines),
            )
    return looseness


Joins = dict[str, frozenset[int]]  # paragraph text -> positions where no line may break


@contextlib.contextmanager
def joins_applied(joins: Joins) -> Iterator[None]:
    """Within it, `typeset` forbids the breaks `joins` names (see `loose_line_joins`)."""
    token = _EXTRA_JOINS.set(joins)
    try:
        yield
    finally:
        _EXTRA_JOINS.reset(token)


@contextlib.contextmanager
def latin_plans_applied(plans: dict[str, str]) -> Iterator[None]:
    """Within it, `typeset` sets each text `plans` names as it says (briefpdf.engine.latin)."""
    token = _LATIN_PLANS.set(plans)
    try:
        yield
    finally:
        _LATIN_PLANS.reset(token)


def loose_line_joins(document: weasyprint.Document) -> Joins:
    """For each paragraph of `document` with a line left loose by a Latin word that did
    not fit, the breaks to forbid so that the lines above it break earlier and the loose
    line takes the word. A paragraph's lines depend on its text and measure only, not on
    where it falls on a page, so the joins hold for any render of the same texts."""
    plans = {}
    for element, lines in _paragraph_lines(document).items():
        if any(hasattr(line, "briefpdf_slack") for line in lines):
            text = "".join(element.itertext())
            if joins := _joins_for_loose_lines(lines, text):
                plans[without_invisible(text)] = frozenset(joins)
    return plans


def improving_joins(before: weasyprint.Document, after: weasyprint.Document, plans: Joins) -> Joins:
    """The `plans` that made their paragraph less loose in `after` than in `before`."""
    was, now = _looseness(before), _looseness(after)
    return {key: joins for key, joins in plans.items() if now.get(key, (0, 0.0)) < was[key]}
