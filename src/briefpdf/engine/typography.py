"""Chinese typography for WeasyPrint: the one place that shapes how text is set.

After W3C "Requirements for Chinese Text Layout" (clreq), in three parts:

- `typeset(text)`, the Jinja filter every text of an issue goes through: it escapes the
  text and prepares it for line breaking (禁则) and punctuation compression (标点挤压)
  with invisible characters and `<span class="halt">` (styled by `STYLESHEET`), never
  adding a character that would end up in the PDF's text layer. A headline, subheading
  or caption is set in balanced lines that break between words (`briefpdf.engine.words`).
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
import math
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

from briefpdf.engine import words

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

STYLESHEET_CSS = """
/* briefpdf.engine.typography: the first mark of two adjacent full-width punctuation marks
   (the second, when both open) is set half-width, so that the pair takes 1.5 em. */
.halt { font-feature-settings: "halt"; }
"""
STYLESHEET = weasyprint.CSS(string=STYLESHEET_CSS)


@functools.cache  # asked of every character of every line
def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf"  # the joiners above, and marks of zero width


def _without_invisible(text: str) -> str:
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
    text = _bind_last_characters(_AFTER_QUOTE.sub(_MAY_BREAK, text))
    return text, _without_invisible(text)


def _may_break(text: str, index: int) -> bool:
    """Whether a line may break before `text[index]` (a headline's simple 禁则)."""
    before, after = text[index - 1], text[index]
    return not (
        after in CLOSING
        or before in OPENING
        or _NO_BREAK in (before, after)
        or (before == after and before in _DOUBLED)
        or (before.isascii() and not before.isspace() and after.isascii())
    )


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
        0.0 if _is_invisible(c) else 0.5 if i in halved else max(_side(c) * 2, 0.5)
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


def typeset(text: str, balance: float | None = None) -> Markup:
    """The HTML for a text of the issue: a paragraph, a caption, a headline.

    Always escaped, so markup in the text shows as text. Adds only invisible joiners,
    which are not drawn and so are not part of the PDF's text, and `<span class="halt">`
    around marks set half-width (see `STYLESHEET_CSS`). With `balance`, the measure in
    em of a centred text, it is broken into lines of about equal length (`<br>`), as a
    headline is set (WeasyPrint has no `text-wrap: balance`).
    """
    prepared, plain = _prepare(text)
    joins = (_EXTRA_JOINS.get() or {}).get(plain, frozenset())
    return _typeset(prepared, balance, joins)


# A build fills the template once a render, with the same texts each time.
@functools.lru_cache(maxsize=4096)
def _typeset(text: str, balance: float | None, joins: frozenset[int]) -> Markup:
    if joins:
        visible = (i for i, c in enumerate(text) if not _is_invisible(c))
        before = {i for n, i in enumerate(visible) if n in joins}
        text = "".join(_NO_BREAK + c if i in before else c for i, c in enumerate(text))
    halved = _halved(text)
    breaks = set(_balanced_breaks(text, halved, balance)) if balance else set()
    return Markup("").join(
        (Markup("<br>") if i in breaks else Markup(""))
        + (Markup('<span class="halt">{}</span>').format(c) if i in halved else escape(c))
        for i, c in enumerate(text)
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


@functools.cache  # a few thousand distinct characters; every line asks again
def _side(char: str) -> float:
    # Wide, full-width and ambiguous (“”—…·, which CJK fonts set wide) are Chinese text.
    return _CJK_SIDE if unicodedata.east_asian_width(char) in "WFA" else 0.0


def gap_weight(left: str, right: str) -> float:
    """The share of a line's slack that opens between two adjacent characters (no spaces)."""
    if (left == right and left in _DOUBLED) or left in _SPACES or right in _SPACES:
        return 0.0
    return _side(left) + _side(right)


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
    with one Latin space gets one wide hole. The layouts set text left to right only.
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
    weights = [gap_weight(a, b) for a, b in pairs]
    spaces = [a in _SPACES for a, _ in pairs]  # a space widens after itself
    stretchable, n_spaces = sum(weights), sum(spaces)
    if not pairs:
        return
    if not stretchable + n_spaces:
        # One unbreakable run, such as a piece of a URL: tracked evenly, so that it
        # ends flush and pdftotext, seeing even gaps, reads no space into it.
        weights, stretchable = [1.0] * len(pairs), len(pairs)
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
    text = _without_invisible(text)
    starts, position = [], 0
    for line in lines:
        line_text = _without_invisible("".join(box.text for box in _text_boxes(line)))
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
            looseness[_without_invisible("".join(element.itertext()))] = (
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
                plans[_without_invisible(text)] = frozenset(joins)
    return plans


def improving_joins(before: weasyprint.Document, after: weasyprint.Document, plans: Joins) -> Joins:
    """The `plans` that made their paragraph less loose in `after` than in `before`."""
    was, now = _looseness(before), _looseness(after)
    return {key: joins for key, joins in plans.items() if now.get(key, (0, 0.0)) < was[key]}
