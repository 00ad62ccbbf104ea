"""Chinese typography for WeasyPrint: the one place that shapes how text is set.

After W3C "Requirements for Chinese Text Layout" (clreq), in three parts:

- `typeset(text)`, the Jinja filter every text of an issue goes through: it escapes the
  text and prepares it for line breaking (禁则) and punctuation compression (标点挤压)
  with invisible characters and `<span class="halt">` (styled by `STYLESHEET`), never
  adding a character that would end up in the PDF's text layer. A headline, subheading
  or caption is set in balanced lines that break between words (`briefpdf.engine.words`).
- `install()`, the one change to WeasyPrint's layout: `justify_line`, justification
  between characters (两端对齐), in place of WeasyPrint's, which stretches spaces only.
- `better_plans(document, …)` and `improving_plans(…)`: for a render again (driven by
  `briefpdf.engine.render`), a paragraph with a line that a Latin word, a name or an
  address which did not fit left too loose to justify unnoticed is broken anew by a
  paragraph-wide line breaker: earlier breaks above, marks set half-width, a hyphen.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

import pyphen
import weasyprint
from markupsafe import Markup, escape
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import TO_UNITS, ffi
from weasyprint.text.line_break import Layout, get_log_attrs

from briefpdf.engine import words

# Marks whose blank half lies after the glyph (in Simplified Chinese fonts) and before it.
CLOSING = frozenset("，。、；：？！）》」』】〕〉”’〗｝．")
OPENING = frozenset("（《「『【〔〈“‘〖｛")
# Invisible joiners: drawn as no glyph, so they never reach the PDF's text layer.
_NO_BREAK = "\u2060"  # WORD JOINER
_MAY_BREAK = "\u200b"  # ZERO WIDTH SPACE
_SOFT_HYPHEN = "\u00ad"  # where a Latin word may be hyphenated; drawn only if it is
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
/* A Latin word hyphenated at the end of a line (the plans of briefpdf.engine.typography)
   takes a Latin hyphen, not the full-width U+2010 of the CJK fonts. */
:root {{ hyphenate-character: "-"; }}
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
    """A URL or address may break after "/" and ".", and before "-", "@" and the marks
    of a query (?#&=_), never after them (after the Chicago Manual of Style)."""
    url = re.sub(r"(?<!/)([./])(?=[^/])", "\\1" + _MAY_BREAK, url)
    return re.sub(r"(?<=.)([-@?#&=_])", _MAY_BREAK + "\\1", url)


@functools.lru_cache(maxsize=4096)  # each render of a build prepares the same texts
def _prepare(text: str) -> tuple[str, str]:
    """The text with invisible line-breaking hints, before it is escaped; and the text
    without any invisible character, by which later renders name the paragraph."""
    text = _URL.sub(lambda m: _break_url(m.group()), text)
    # pdftotext takes a "-" that ends a line for a hyphenation and drops it.
    text = re.sub(r"-(?=\S)", "-" + _NO_BREAK, text)
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


# What a break before a character of a headline costs, added to the squared differences
# (in em) of its lines from the even share: nothing after a pause, so that a break there
# wins over one between words up to two characters nearer the middle; more beside a
# word of one character (a name ICU does not know falls apart into them) and between the
# words of a Latin phrase (mostly a name); a break inside a word only when nothing else fits.
_PAUSES = frozenset("，。、；：？！")
_BETWEEN_WORDS, _BESIDE_ONE, _BETWEEN_ONES, _INSIDE = 8.0, 12.0, 20.0, 100.0
# A number with its magnitude (3.2亿) and with a Latin unit after a space (45 MW, 10 m).
_MAGNITUDE = re.compile(r"\d[十百千万亿]+")
_LATIN_UNIT = re.compile(r"\d\s+(?:[A-Za-z]{1,3}|%)(?![A-Za-z])")
_LATIN_SPACE = re.compile(r"(?<=[A-Za-z,.)]) +(?=[A-Za-z(])")
# The middle dot between the parts of a foreign name (苏克萨蒙·帕塔马沃因).
_NAME_DOTS = frozenset("·・‧")
_TITLE = re.compile(r"《[^《》]*》")


def _break_costs(text: str, widths: list[float], measure: float) -> list[float]:
    """The cost of a break before each character of `text` (visible characters only)."""
    costs = [_INSIDE] * (len(text) + 1)
    spans = words.words(text)
    ones = [len(w) == 1 and bool(_IDEOGRAPH.match(w)) for w in (text[a:b] for a, b in spans)]
    for k, (_, b) in enumerate(spans[:-1]):
        if text[b - 1] in _PAUSES:
            costs[b] = 0.0
        else:
            costs[b] = (_BETWEEN_WORDS, _BESIDE_ONE, _BETWEEN_ONES)[ones[k] + ones[k + 1]]
    for m in _LATIN_SPACE.finditer(text):  # a Latin phrase is more of a name than a sentence
        costs[m.start()] = costs[m.end()] = _BESIDE_ONE
    keep = [m.span() for m in _LATIN_UNIT.finditer(text)]  # a quantity stays whole
    for k, (a, b) in enumerate(spans):
        if _MAGNITUDE.fullmatch(text[max(0, a - 1) : b]) and b < len(text):
            keep.append((a, b + 1))  # 3.2亿|美元
        if text[a:b] in _NAME_DOTS:  # and a foreign name: the one-character words about its dots
            first, last = k, k
            while first > 0 and ones[first - 1]:
                first -= 1
            while last + 1 < len(spans) and ones[last + 1]:
                last += 1
            keep.append((spans[first][0], spans[last][1]))
    # And a book title that fits on a line.
    keep += [m.span() for m in _TITLE.finditer(text) if sum(widths[slice(*m.span())]) <= measure]
    for a, b in keep:
        costs[a + 1 : b] = [_INSIDE] * (b - a - 1)
    return costs


def _balanced_breaks(text: str, halved: set[int], measure: float) -> list[int]:
    """Where to break `text` so that its lines, at most `measure` em, are about equal,
    and break between words (`_break_costs`): the indexes of the characters that start
    a line: the cheapest of all the ways to break it in as few lines as fit (a headline
    has few places to break, so all are tried).

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
    lines = int(-(-sum(widths) // (measure * 0.95)))
    if lines < 2:
        return []
    visible = [i for i, c in enumerate(text) if not _is_invisible(c)]
    costs = _break_costs("".join(text[i] for i in visible), [widths[i] for i in visible], measure)
    ends = [0.0, *itertools.accumulate(widths)]  # ends[i]: the width before text[i]
    # Where a line may start, with the cost of breaking there: each visible character
    # whose rules (禁则) let a line break before it.
    starts = {i: costs[n] for n, i in enumerate(visible) if n and _may_break(text, i)}
    fewest = _best_breaks(starts, ends, lines, measure)
    if fewest[0] >= _INSIDE:  # one line more, if the fewest cannot keep every word whole
        fewest = min(fewest, _best_breaks(starts, ends, lines + 1, measure))
    return list(fewest[1])


def _best_breaks(
    starts: dict[int, float], ends: list[float], lines: int, measure: float
) -> tuple[float, tuple[int, ...]]:
    """The least costly way to set a text in `lines` lines: its cost and its breaks.
    `starts` maps where a line may start to the cost of breaking there, `ends[i]` is the
    width before the i-th character of the text."""
    points, share = [0, *starts, len(ends) - 1], ends[-1] / lines
    best = {0: (0.0, ())}  # the cheapest ways to set the text up to a point in k lines
    for _ in range(lines):
        if not best:
            break
        best = {
            end: min(
                (
                    cost
                    + (ends[end] - ends[start] - share) ** 2
                    + starts.get(end, 0.0)
                    + _INSIDE * (ends[end] - ends[start] > measure * 0.97),
                    (*breaks, end),
                )
                for start, (cost, breaks) in best.items()
                if start < end
            )
            for end in points
            if end > min(best)
        }
    if points[-1] not in best:
        return math.inf, ()  # fewer places to break than lines
    cost, breaks = best[points[-1]]
    return cost, breaks[:-1]


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
    headline is set (WeasyPrint has no `text-wrap: balance`). Within `plans_applied`,
    a Chinese paragraph is set as its plan says (see `better_plans`); within
    `latin_plans_applied`, an English one as briefpdf.engine.latin broke it. In a text of
    another language than Chinese (`lang`, the edition's), no mark is set half-width: its
    quotes and apostrophes are Latin ones, and its lines break at spaces.
    """
    prepared, plain = _prepare(text)
    planned = (_LATIN_PLANS.get() or {}).get(plain)
    if planned is not None:
        return Markup('<span class="planned">{}</span>').format(planned)
    return _typeset(prepared, balance, (_PLANS.get() or {}).get(plain), lang != "zh")


# A build fills the template once a render, with the same texts each time.
@functools.lru_cache(maxsize=4096)
def _typeset(text: str, balance: float | None, plan: Plan | None, latin: bool) -> Markup:
    halved = set()
    if plan:
        visible = [i for i, c in enumerate(text) if not _is_invisible(c)]
        joins = {visible[n] for n in plan.joins}
        hyphens = {visible[n] for n in plan.hyphens}
        marked: list[str] = []
        for i, c in enumerate(text):
            if i in joins:
                if marked and marked[-1] == _MAY_BREAK:
                    marked.pop()  # it allows a break even before a joiner (UAX #14 LB8)
                marked.append(_NO_BREAK)
            marked += [_SOFT_HYPHEN] * (i in hyphens) + [c]
        text = "".join(marked)
        visible = [i for i, c in enumerate(text) if not _is_invisible(c)]
        halved = {visible[n] for n in plan.halved}
    if not latin:
        halved |= _halved(text)
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
# The widest gap between two Chinese characters that keeps a line as even as the page
# (pure Chinese lines open by less) and that pdftotext does not read as a space in a line
# with gaps left as they are (in a Latin word, a number).
LOOSE_GAP = 0.09
# What a Latin space (0.256 em in the bundled serif) may grow by, in em; then no gap of a
# line is wider than MAX_GAP, what clreq's quarter em between Chinese and Latin may become.
SPACE_STRETCH = 0.09
MAX_GAP = 0.35
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


_ADDRESS = re.compile(r"[/@]|\w\.\w+\.\w")


def _gaps(text: str) -> tuple[list[float], list[bool], list[bool], list[bool]]:
    """What each gap between two characters of `text` is, as justification stretches it:
    its Chinese weight (`gap_weight`); whether it follows a Latin space; whether it is
    inside an address (a URL, an e-mail), or else inside a Latin word or a number."""
    pairs = list(itertools.pairwise(text))
    weights = [gap_weight(a, b) for a, b in pairs]
    # A space widens after itself, unless a full-width mark, which has a blank of its own,
    # follows or opens before it.
    spaces = [
        a in _SPACES and b not in CLOSING and (i == 0 or text[i - 1] not in OPENING)
        for i, (a, b) in enumerate(pairs)
    ]
    in_address = [False] * len(text)
    for token in re.finditer(r"[^\s\u2e80-\uffef]+", text):
        if _ADDRESS.search(token.group()):
            in_address[token.start() : token.end()] = [True] * len(token.group())
    inside = [
        not w and not (a in _SPACES or b in _SPACES or a == b in _DOUBLED or _is_mark(b))
        for w, (a, b) in zip(weights, pairs, strict=True)
    ]
    addresses = [gap and in_address[i] for i, gap in enumerate(inside)]
    letters = [gap and not address for gap, address in zip(inside, addresses, strict=True)]
    return weights, spaces, addresses, letters


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
    if len(chars) < 2:
        return
    if not (line.style["lang"] or "zh").startswith("zh"):
        pairs = [(a[2], b[2]) for a, b in itertools.pairwise(chars)]
        _justify_latin(line, chars, pairs, extra_width)
        return
    text = "".join(c for _, _, c in chars)
    weights, spaces, addresses, letters = _gaps(text)
    if not sum(weights) + sum(spaces):
        # One unbreakable run, such as a piece of a URL: tracked evenly, so that it
        # ends flush and pdftotext, seeing even gaps, reads no space into it.
        weights = [0.0 if _is_mark(b) else 1.0 for _, b in itertools.pairwise(text)]
        addresses = letters = [False] * len(weights)
    em = line.style["font_size"]
    # Each kind of gap in turn takes the slack, up to its limit: the Chinese gaps (by
    # weight), up to LOOSE_GAP; each Latin space, SPACE_STRETCH more, and the letters of an
    # address, LOOSE_GAP. That is the room a line takes unnoticed. More, and the line is
    # loose: marked to be set again (`better_plans`), and meanwhile its widest gap is kept
    # as narrow as can be: the Chinese gaps widen up to MAX_GAP (a stretched Latin space),
    # the letters of Latin words are tracked by LOOSE_GAP, then the letters up to MAX_GAP,
    # then all gaps widen together.
    kinds = {"chinese": sum(weights), "space": sum(spaces), "address": sum(addresses)}
    kinds["letter"] = sum(letters)
    extra = dict.fromkeys(kinds, 0.0)
    rest = extra_width
    for names, limit in [
        (("chinese",), LOOSE_GAP),
        (("space",), SPACE_STRETCH),
        (("address",), LOOSE_GAP),
        (("chinese",), MAX_GAP),
        (("letter",), LOOSE_GAP),
        (("address", "letter"), MAX_GAP),
        (tuple(kinds), math.inf),
    ]:
        if (count := sum(kinds[name] for name in names)) and rest > 0.01:
            widest = max(extra[name] for name in names if kinds[name])
            more = min(rest / count, limit * em - widest)
            for name in names:
                extra[name] += more
            rest -= more * count
        if names == ("address",) and rest > 0.01:
            line.briefpdf_excess = rest / em  # what the room could not take
    line.briefpdf_measure = line.width + extra_width  # with the indent of a first line
    gaps: dict[int, dict[int, float]] = {}
    for (box, end, _), weight, is_space, is_letter, is_address in zip(
        chars, weights, spaces, letters, addresses, strict=False
    ):
        if width := (
            weight * extra["chinese"]
            + is_space * extra["space"]
            + is_letter * extra["letter"]
            + is_address * extra["address"]
        ):
            box_gaps = gaps.setdefault(id(box), {})
            box_gaps[end] = box_gaps.get(end, 0.0) + width
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


# ---- Setting paragraphs again around loose lines ----

# Later passes: per paragraph text, the text with the invisible hints that impose the
# breaks briefpdf.engine.latin chose for it, set in its place.
_LATIN_PLANS: ContextVar[dict[str, str] | None] = ContextVar("latin_plans", default=None)
# Renders that set loose paragraphs again, at most (each but the first after a photo moves
# costs a render of its own).
MAX_ROUNDS = 5
# Hyphenation patterns for the Latin words of a Chinese text: names and titles in English.
HYPHENATION_LANGUAGE = "en_GB"
# The shortest Latin word hyphenated, and the fewest letters before and after a hyphen.
_HYPHENATE_MIN, _HYPHENATE_LEFT, _HYPHENATE_RIGHT = 6, 3, 3
# What a paragraph's breaks cost (`_best_paragraph`), in em² as a line's looseness: the
# square of the room, in em, that its gaps cannot take unnoticed. A mark set half-width
# costs little, a hyphen more (and more after a hyphenated line), a loose line most; a
# line shorter than it could be costs a trifle, so that of equal ways, the greedy one is kept.
_HALF_MARK, _HYPHEN, _HYPHEN_AGAIN, _SHORT, _OVERFLOW = 0.05, 1.0, 4.0, 0.001, 100.0


@dataclass(frozen=True)
class Plan:
    """How a paragraph is set again, by index among its visible characters: before which
    no line may break (`joins`), which marks are set half-width (`halved`) and before
    which letter a Latin word is hyphenated (`hyphens`)."""

    joins: frozenset[int] = frozenset()
    halved: frozenset[int] = frozenset()
    hyphens: frozenset[int] = frozenset()


Plans = dict[str, Plan]  # paragraph text (without invisible characters) -> its plan
_PLANS: ContextVar[Plans | None] = ContextVar("plans", default=None)


@contextlib.contextmanager
def plans_applied(plans: Plans) -> Iterator[None]:
    """Within it, `typeset` sets each paragraph as its plan in `plans` says."""
    token = _PLANS.set(plans)
    try:
        yield
    finally:
        _PLANS.reset(token)


def _loose_paragraphs(document: weasyprint.Document) -> dict[str, list[boxes.LineBox]]:
    """The paragraphs of `document` with a loose line (marked by `justify_line`): their
    text without invisible characters, and their lines in order, across pages."""
    paragraphs: dict[object, list[boxes.LineBox]] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.LineBox) and box.element is not None:
                paragraphs.setdefault(box.element, []).append(box)
    return {
        without_invisible("".join(element.itertext())): lines
        for element, lines in paragraphs.items()
        if any(hasattr(line, "briefpdf_excess") for line in lines)
    }


def _advances(style: dict, text: str) -> list[float]:
    """The advance of each character of `text` set in `style` on one line, as WeasyPrint
    sets it (through Pango), in CSS pixels; a cluster's goes to its first character."""
    layout = Layout(style)
    layout.set_text(text)
    starts = itertools.accumulate((len(c.encode()) for c in text), initial=0)
    index = {offset: i for i, offset in enumerate(starts)}
    advances = [0.0] * len(text)
    run = layout.get_first_line()[0].runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        for g in range(glyphs.num_glyphs):
            cluster = index[item.offset + glyphs.log_clusters[g]]
            advances[cluster] += glyphs.glyphs[g].geometry.width / TO_UNITS
        run = run.next
    return advances


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION_LANGUAGE, left=_HYPHENATE_LEFT, right=_HYPHENATE_RIGHT)


def _breaks(marked: str, lang: str | None) -> set[int]:
    """Where a line of the paragraph `marked` (with its invisible hints) may break, as
    Pango breaks it (UAX #14 and the hints), by index among its visible characters."""
    attrs = get_log_attrs(marked, lang)
    breaks, visible = set(), 0
    for j, char in enumerate(marked):
        if j and attrs[j].is_line_break:
            breaks.add(visible)
        visible += not _is_invisible(char)
    return breaks - {0}


def _hyphenations(plain: str) -> set[int]:
    """Where the Latin words of `plain` may be hyphenated, never in an address."""
    addresses = [m.span() for m in _URL.finditer(plain)]
    return {
        word.start() + position
        for word in re.finditer(rf"[A-Za-z]{{{_HYPHENATE_MIN},}}", plain)
        if not any(a <= word.start() < b for a, b in addresses)
        for position in _hyphenator().positions(word.group())
    }


# Plans found, by paragraph text and measure: each render of a build (and each build of a
# batch or of the preview) finds the same paragraphs loose.
_PLANNED: dict[tuple[str, float, float, float], Plan] = {}


def _planned(plain: str, lines: list[boxes.LineBox]) -> Plan:
    measured = next(line for line in lines if hasattr(line, "briefpdf_measure"))
    key = (
        plain,
        measured.briefpdf_measure,
        getattr(lines[0], "text_indent", 0.0),
        lines[0].style["font_size"],
    )
    if key not in _PLANNED:
        _PLANNED[key] = _best_paragraph(plain, lines)
    return _PLANNED[key]


def _best_paragraph(plain: str, lines: list[boxes.LineBox]) -> Plan:
    """The best way to set the paragraph `plain`, now set in `lines`, as a plan.

    A paragraph-wide line breaker (after Knuth and Plass): of all the ways to break it,
    where each line fits its measure with as many marks set half-width as it takes
    (clreq allows it on a tight line), the one whose lines are least loose, and then
    with fewest marks set half-width and fewest hyphens. The widths are those Pango
    gives; WeasyPrint, which breaks each line as late as fits, then sets these breaks
    when the later breaks that would still fit are forbidden (`joins`).
    """
    style = lines[0].style
    em = style["font_size"]
    measured = next(line for line in lines if hasattr(line, "briefpdf_measure"))
    measure, indent = measured.briefpdf_measure, getattr(lines[0], "text_indent", 0.0)
    marked = _prepare(plain)[0]
    visible = [i for i, c in enumerate(marked) if not _is_invisible(c)]
    halved_marks = _halved(marked)
    halved = {n for n, i in enumerate(visible) if i in halved_marks}
    widths = _advances(style, plain)
    for n in halved:
        widths[n] /= 2
    breaks = _breaks(marked, style["lang"])
    hyphen = _advances(style, "-")[0]
    compressible = [c in CLOSING or c in OPENING for c in plain]
    for n in halved:
        compressible[n] = False
    # Sums from the start of the paragraph: widths, the room of the gaps (as
    # `justify_line` fills it up to the room a line takes unnoticed), marks.
    weights, spaces, addresses, _ = _gaps(plain)
    gap_room = [
        LOOSE_GAP * (weight + address) + SPACE_STRETCH * space
        for weight, space, address in zip(weights, spaces, addresses, strict=True)
    ]
    width = list(itertools.accumulate(widths, initial=0.0))
    room_before = list(itertools.accumulate(gap_room, initial=0.0))
    marks = list(itertools.accumulate(compressible, initial=0))

    def line(start: int, end: int, hyphenated: bool) -> tuple[float, int, float] | None:
        """How loose the line from `start` to `end` is (the room, in em, its gaps cannot
        take unnoticed), how many marks it sets half-width to fit (None if it cannot)
        and how short of its measure it is, in em."""
        stop = end - (plain[end - 1] in _SPACES)  # a space at a break is not set
        natural = width[stop] - width[start] + hyphen * hyphenated + indent * (start == 0)
        halve = max(0, math.ceil((natural - measure) / (em / 2) - 1e-6))
        if halve > marks[stop] - marks[start]:
            return None
        slack = measure - natural + halve * em / 2
        room = room_before[max(stop - 1, start)] - room_before[start]
        return max(0.0, slack / em - room), halve, slack / em

    def best_breaks(hyphen_breaks: set[int]) -> dict[int, tuple[float, int, bool]]:
        """For each place the paragraph may break, the least cost of setting the text
        before it, and where the line that ends there starts, and if it is hyphenated."""
        points = [0, *sorted(breaks | hyphen_breaks | {len(plain)})]
        best: dict[int, tuple[float, int, bool]] = {0: (0.0, -1, False)}
        for i, end in enumerate(points[1:], start=1):
            hyphenated = end in hyphen_breaks and end not in breaks
            for start in reversed(points[:i]):
                if start not in best:
                    continue
                if (fit := line(start, end, hyphenated)) is None:
                    break  # a line starting earlier is longer still
                loose, halve, slack = fit
                cost = best[start][0] + _HALF_MARK * halve
                if end < len(plain):  # the last line is not justified
                    cost += loose**2 + _SHORT * slack
                    cost += hyphenated * (_HYPHEN + _HYPHEN_AGAIN * best[start][2])
                if end not in best or cost < best[end][0]:
                    best[end] = (cost, start, hyphenated)
            if end not in best:  # a piece wider than the measure: it overflows, as set
                start = max(b for b in best if b < end)
                best[end] = (best[start][0] + _OVERFLOW, start, hyphenated)
        return best

    def chosen(best: dict[int, tuple[float, int, bool]]) -> list[tuple[int, int, bool]]:
        lines, end = [], len(plain)
        while end:
            _, start, hyphenated = best[end]
            lines.insert(0, (start, end, hyphenated))
            end = start
        return lines

    breaks_set = chosen(best_breaks(set()))
    # Hyphens only if nothing else keeps the lines even (pyphen's patterns take 0.08 s to load).
    if any((line(*set_) or (0.0,))[0] > 0.01 for set_ in breaks_set[:-1]):
        breaks_set = chosen(best_breaks(_hyphenations(plain)))
    # The plan: marks set half-width (those nearest the end of the line), hyphens, and
    # the later breaks at which each line would still fit, forbidden.
    joins, halves, hyphens = set(), set(), set()
    for start, end, hyphenated in breaks_set:
        if hyphenated:
            hyphens.add(end)
        if halve := (line(start, end, hyphenated) or (0.0, 0, 0.0))[1]:
            halves.update([n for n in range(start, end) if compressible[n]][-halve:])
        if end < len(plain):
            for later in sorted(b for b in breaks if b > end):
                if line(start, later, False) is None:
                    break
                joins.add(later)
    return Plan(frozenset(joins), frozenset(halves), frozenset(hyphens))


def better_plans(document: weasyprint.Document, plans: Plans) -> Plans:
    """For each paragraph of `document` with a loose line, a plan to set it better, if
    it differs from the one in `plans`. A paragraph's lines depend on its text and
    measure only, not on where it falls on a page, so a plan holds for any render of the
    same texts.

    A loose line ends before a piece of text (a Latin word, a number, a URL) that did not
    fit, with more room than its gaps can take unnoticed. A better plan breaks the lines
    above it earlier, sets marks half-width so that it takes the piece, or hyphenates the
    piece's Latin word (`_best_paragraph`).
    """
    better = {}
    for plain, lines in _loose_paragraphs(document).items():
        plan = _planned(plain, lines)
        if plan != plans.get(plain, Plan()):
            better[plain] = plan
    return better


def _looseness(document: weasyprint.Document) -> dict[str, float]:
    """How loose each paragraph with a loose line is: the sum of the squares of the room,
    in em, that the gaps of each of its lines could not take unnoticed (a line twice as
    loose counts four times)."""
    return {
        plain: sum(getattr(line, "briefpdf_excess", 0.0) ** 2 for line in lines)
        for plain, lines in _loose_paragraphs(document).items()
    }


@contextlib.contextmanager
def latin_plans_applied(plans: dict[str, str]) -> Iterator[None]:
    """Within it, `typeset` sets each text `plans` names as it says (briefpdf.engine.latin)."""
    token = _LATIN_PLANS.set(plans)
    try:
        yield
    finally:
        _LATIN_PLANS.reset(token)


def improving_plans(before: weasyprint.Document, after: weasyprint.Document, plans: Plans) -> Plans:
    """The `plans` that set their paragraph better in `after` than it was in `before`."""
    was, now = _looseness(before), _looseness(after)
    return {plain: plan for plain, plan in plans.items() if now.get(plain, 0.0) < was[plain]}
