"""Optimal line breaking for English text, imposed on WeasyPrint's greedy line breaker.

WeasyPrint 70 breaks a paragraph one line at a time, taking as many words as fit: in a
justified English paragraph about one line in seven then has word spaces wider than
half an em, where a word that did not fit left the line short. Typesetters (TeX,
InDesign, Typst) break the paragraph as a whole instead, after Knuth and Plass
("Breaking paragraphs into lines", 1981). This module does that for every justified,
hyphenated paragraph of Latin text (`hyphens: auto`, a language other than Chinese):

- `plans(document, previous)` reads from a render each such paragraph's font, measure
  and first-line indent, measures its words with Pango as WeasyPrint does, and chooses
  its breaks among Pango's break opportunities, Pyphen's hyphenation points (the
  paragraph's language and `hyphenate-limit-chars`, as WeasyPrint would use them) and
  the hyphens of compounds (Lancang-Mekong breaks there, never inside Lancang). The
  breaks chosen cost the least demerits, keep every word space between 75% of its width
  and under half an em (`typography.LATIN_SPACE_SHRINK`, `LATIN_SPACE_STRETCH`; a line
  that cannot be set so may space its letters by up to `MAX_TRACKING`), and allow at
  most `MAX_HYPHEN_RUN` lines in a row to end with a hyphen.
- The plan is the paragraph's text with invisible hints (`Plan.text`): a WORD JOINER
  before every break opportunity not taken, a SOFT HYPHEN at each hyphenation taken.
  `typography.typeset` sets it in place of the text, in a block that turns WeasyPrint's
  own hyphenation off and is `typography.PLAN_ROOM` wider than the measure, so that a
  line whose spaces the plan narrows still fits: WeasyPrint's greedy breaker can then
  only break where the plan does, and `typography.justify_line` brings each line back
  to the measure.
- A line at the foot of a page must not end with a hyphen: after a render such a line
  is found, and the paragraph planned again with that line unhyphenated (the caller
  renders again, as for photos that move).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyphen
import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout.percent import percentage
from weasyprint.text.line_break import Layout, get_log_attrs, line_size

from briefpdf.engine import typography

_NO_BREAK = "\u2060"  # WORD JOINER: no line break on either side
_SOFT_HYPHEN = "\u00ad"
_SPACES = " \u00a0"  # what justification stretches
# What the letters of a line may be spaced apart (or closer) by, in em, where its word
# spaces at their widest or narrowest cannot fill it: 2% of an em, which the eye does
# not see, for the rare line of long names that nothing else can set.
MAX_TRACKING = 0.02
TRACKING_BADNESS = 5000  # a line that needs it, only when no other will do
# What a space grows by without cost, in em; beyond it the badness rises steeply.
COMFORTABLE_STRETCH = 0.08
MAX_HYPHEN_RUN = 2
# Renders, after the photos have settled, to break again paragraphs with a hyphen at the
# foot of a page (each may move the page breaks after it).
MAX_ROUNDS = 2
# Demerits, as TeX counts them: each line, each hyphen, two hyphenated lines in a row,
# and a last line shorter than a fifth of the measure (a word or two left alone).
LINE_PENALTY = 10
HYPHEN_PENALTY = 50
PROPER_NOUN_HYPHEN_PENALTY = 200  # a capitalised word is hyphenated only when needed
COMPOUND_PENALTY = 50  # a line ending with a compound's own hyphen, Lancang-/Mekong
DOUBLE_HYPHEN_DEMERITS = 3000
SHORT_LAST_LINE_DEMERITS = 2000
# Room kept at the end of each line, in CSS pixels, for what adding up the widths of
# separately measured words misses (kerning across a space).
SAFETY = 0.5


@dataclass(frozen=True)
class Plan:
    """How one paragraph is broken: its text with the hints that impose the breaks,
    what it was planned for (font, measure, indent), and the lines (counted from 0)
    that must not end with a hyphen because they end a page."""

    text: str | None  # None: the plan did not hold, WeasyPrint breaks the paragraph
    setting: tuple[object, ...]
    unhyphenated: frozenset[int]
    hyphenated: tuple[bool, ...]  # for each line, whether it ends with a hyphen


Plans = dict[str, Plan]  # paragraph text (as typed) -> its plan


@dataclass(frozen=True)
class _Break:
    at: int  # index in the text where the next line starts
    hyphen: bool  # the line before ends with a hyphen: one added, or a compound's own
    penalty: int
    compound: bool = False  # after the hyphen of a compound, which a joiner now holds


@dataclass
class _Paragraph:
    """A paragraph of a render as the planner sees it."""

    text: str  # as typed, without invisible characters
    style: object  # the computed style of its text
    measure: float
    indent: float
    pages: list[int]  # the page of each of its lines in this render


def _paragraphs(document: weasyprint.Document) -> Iterator[_Paragraph]:
    """The justified, hyphenated paragraphs of Latin text of a render."""
    found: dict[object, _Paragraph] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.BlockBox) or box.element is None:
                continue
            lines = [child for child in box.children if isinstance(child, boxes.LineBox)]
            style = box.style
            planned = typography.is_planned(box)
            if (
                not lines
                or style["text_align_all"] != "justify"
                or not (planned or style["hyphens"] == "auto")
                or (style["lang"] or "zh").startswith("zh")
            ):
                continue
            if box.element not in found:
                text = typography.without_invisible("".join(box.element.itertext()))
                room = typography.PLAN_ROOM * style["font_size"] if planned else 0.0
                found[box.element] = _Paragraph(
                    text=text,
                    style=style,
                    measure=box.width - room,
                    indent=percentage(style["text_indent"], style, box.width),
                    pages=[],
                )
            found[box.element].pages += [number] * len(lines)
    yield from found.values()


def _setting(paragraph: _Paragraph) -> tuple[object, ...]:
    style = paragraph.style
    return (
        tuple(style["font_family"]),
        style["font_size"],
        style["font_weight"],
        style["font_style"],
        style["lang"],
        style["hyphenate_limit_chars"],
        round(paragraph.measure, 3),
        round(paragraph.indent, 3),
    )


def plans(document: weasyprint.Document, previous: Plans) -> Plans:
    """A plan for each justified paragraph of Latin text in `document`: the one in
    `previous` while it still holds, else a new one (for a paragraph not yet planned,
    set in another measure, or with a hyphenated line at the foot of a page)."""
    result = {}
    for paragraph in _paragraphs(document):
        plan = previous.get(paragraph.text)
        unhyphenated = plan.unhyphenated if plan else frozenset()
        if plan and plan.setting == _setting(paragraph):
            if plan.text is None or len(paragraph.pages) != len(plan.hyphenated):
                # Set otherwise than planned (a width misjudged): WeasyPrint breaks it.
                result[paragraph.text] = Plan(None, plan.setting, unhyphenated, ())
                continue
            # A hyphenated line at the foot of a page, with the paragraph going on.
            feet = {
                i
                for i, (page, following) in enumerate(itertools.pairwise(paragraph.pages))
                if page != following and i < len(plan.hyphenated) and plan.hyphenated[i]
            }
            if feet <= unhyphenated:
                result[paragraph.text] = plan
                continue
            unhyphenated |= feet
        if plan := _plan(paragraph, unhyphenated):
            result[paragraph.text] = plan
    return result


class _Measure:
    """Widths of pieces of text in one computed style, as WeasyPrint's Pango sets them."""

    def __init__(self, style: object) -> None:
        self._style = style
        self._layout = Layout(style)
        self._widths: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        if text not in self._widths:
            self._layout.set_text(text)
            line, _ = self._layout.get_first_line()
            self._widths[text] = line_size(line, self._style)[0] if text else 0.0
        return self._widths[text]


@functools.cache
def _dictionary(lang: str, left: int, right: int) -> pyphen.Pyphen | None:
    found = pyphen.language_fallback(lang)
    return pyphen.Pyphen(lang=found, left=left, right=right) if found else None


def _breaks(text: str, style: object) -> list[_Break]:
    """Where a line may start: after Pango's break opportunities (at spaces, after a
    dash …) and inside words at Pyphen's hyphenation points."""
    lang = style["lang"]
    total, left, right = style["hyphenate_limit_chars"]
    attributes = get_log_attrs(text, lang)
    opportunities = [i for i in range(1, len(text)) if attributes[i].is_line_break]
    dictionary = _dictionary(lang, left, right)
    hyphens = []
    if dictionary:
        for start, end in zip([0, *opportunities], [*opportunities, len(text)], strict=True):
            chunk = text[start:end]
            if "-" in chunk:  # a hyphenated compound breaks at its hyphen only
                continue
            word_start = start + next((i for i, c in enumerate(chunk) if c.isalpha()), len(chunk))
            word_end = word_start
            while word_end < end and text[word_end].isalpha():
                word_end += 1
            word = text[word_start:word_end]
            if len(word) < total or not word.isalpha():
                continue
            penalty = PROPER_NOUN_HYPHEN_PENALTY if word[0].isupper() else HYPHEN_PENALTY
            hyphens += [_Break(word_start + p, True, penalty) for p in dictionary.positions(word)]
    # A compound's own hyphen (held to the next letter by typography's joiner).
    compounds = [
        _Break(i + 2, True, COMPOUND_PENALTY, compound=True)
        for i in range(len(text) - 2)
        if text[i] == "-"
        and text[i + 1] == _NO_BREAK
        and text[i + 2].isalpha()
        and i > 0
        and text[i - 1].isalpha()
    ]
    spaced = [_Break(i, False, 0) for i in opportunities]
    return sorted(spaced + hyphens + compounds, key=lambda b: b.at)


def _plan(paragraph: _Paragraph, unhyphenated: frozenset[int]) -> Plan | None:
    """The best breaking of `paragraph`; None if it has a stretch wider than the measure
    that cannot be broken (a long address), which WeasyPrint is then left to set."""
    style = paragraph.style
    prepared = typography._prepare(paragraph.text)[0]
    breaks = _breaks(prepared, style)
    measure = _Measure(style)
    em = style["font_size"]
    starts = [_Break(0, False, 0), *breaks]
    opportunities = {b.at for b in breaks if not b.hyphen}
    # Pieces between break points: "word " with its space. Each is measured without the
    # spaces that end it, which are added as spaces inside a line are wide (WeasyPrint
    # gives word spacing twice to a space at the end of a text, for Pango's sake).
    space = measure("x x") - measure("xx")
    ends = [b.at for b in breaks] + [len(prepared)]
    pieces = [prepared[s.at : e] for s, e in zip(starts, ends, strict=True)]
    bare = [p.rstrip(" ") for p in pieces]
    full = [measure(b) + (len(p) - len(b)) * space for p, b in zip(pieces, bare, strict=True)]
    # Line ends at a hyphenation, with the hyphen; elsewhere without the spaces after.
    ending = [
        measure(b + "-")
        if j < len(starts) and starts[j].hyphen and not starts[j].compound
        else measure(b)
        for j, b in enumerate(bare, start=1)
    ]
    width_before = [0.0, *itertools.accumulate(full)]
    # Word spaces and visible characters before each index of the text.
    spaces_before = [0, *itertools.accumulate(c in _SPACES for c in prepared)]
    visible_before = [0, *itertools.accumulate(not typography._is_invisible(c) for c in prepared)]

    def line(i: int, j: int) -> tuple[float, int, int]:
        """Natural width, word spaces and other gaps between characters of the line from
        starts[i] to starts[j] (or to the end of the paragraph, for j == len(starts))."""
        start, end = starts[i].at, ends[j - 1] - (len(pieces[j - 1]) - len(bare[j - 1]))
        spaces = spaces_before[end] - spaces_before[start]
        visible = visible_before[end] - visible_before[start]
        width = width_before[j - 1] - width_before[i] + ending[j - 1]
        return width, spaces, max(visible - 1 - 2 * spaces, 0)

    stretch = typography.LATIN_SPACE_STRETCH
    for widest in (stretch, 2 * stretch, math.inf):
        found = _best_breaks(starts, line, paragraph, unhyphenated, widest * em, em)
        if found is not None:
            break
    else:
        return None
    taken = {starts[j].at: starts[j] for j in found[:-1]}
    # Every opportunity not taken is closed; a hyphenation taken becomes a soft hyphen,
    # and a compound broken at its hyphen loses the joiner after it.
    text = []
    for i, char in enumerate(prepared):
        if i + 1 in taken and taken[i + 1].compound:
            continue  # the joiner
        if i in taken and taken[i].hyphen and not taken[i].compound:
            text.append(_SOFT_HYPHEN)
        elif i in opportunities and i not in taken:
            text.append(_NO_BREAK)
        text.append(char)
    hyphenated = tuple(starts[j].hyphen for j in found[:-1])
    return Plan("".join(text), _setting(paragraph), unhyphenated, (*hyphenated, False))


def _best_breaks(
    starts: list[_Break],
    line: Callable[[int, int], tuple[float, int, int]],
    paragraph: _Paragraph,
    unhyphenated: frozenset[int],
    max_extra: float,
    em: float,
) -> list[int] | None:
    """Where the lines end, at least demerits: indexes into `starts` of the line after
    each, and len(starts) for the end of the paragraph. None if no breaking keeps every
    word space within `max_extra` of its width (letters spaced by at most MAX_TRACKING)."""
    count = len(starts)
    room = typography.PLAN_ROOM * em - SAFETY  # the most a line may be narrowed by
    shrink = typography.LATIN_SPACE_SHRINK * em
    # A state: a line starting at starts[i], after `run` hyphenated lines in a row, as
    # line number `number` (counted only when some line must not be hyphenated); kept
    # with its demerits, the state before it and the width of the line ending there.
    track_lines = bool(unhyphenated)
    State = tuple[int, int]
    best: dict[int, dict[State, tuple[float, tuple[int, int, int] | None, float]]] = {
        0: {(0, 0): (0.0, None, 0.0)}
    }
    for j in range(1, count + 1):
        last_line = j == count
        hyphen = not last_line and starts[j].hyphen
        penalty = 0 if last_line else starts[j].penalty
        for i in range(j - 1, -1, -1):
            width, spaces, gaps = line(i, j)
            extra = paragraph.measure - (paragraph.indent if i == 0 else 0.0) - width
            if extra < -room:
                break  # longer lines, from earlier starts, cannot be narrowed enough either
            states = best.get(i)
            if not states:
                continue
            if last_line:  # set as it comes, not justified
                if extra < SAFETY:
                    continue
                badness = 0.0
            elif spaces:
                per_space = min(max(extra / spaces, -shrink), max_extra)
                tracking = abs(extra - per_space * spaces) / gaps if gaps else math.inf
                if tracking > MAX_TRACKING * em:
                    continue
                scale = COMFORTABLE_STRETCH * em if per_space > 0 else shrink
                badness = 100 * abs(per_space / scale) ** 3
                if tracking > 0.001 * em:
                    badness += TRACKING_BADNESS
            elif -SAFETY <= extra <= 0.05 * em:
                badness = 0.0  # one unbreakable stretch that fills the line
            else:
                continue
            demerits_line = (LINE_PENALTY + min(badness, 10_000)) ** 2 + penalty**2
            for (run, number), (demerits, _, before) in states.items():
                new_run = run + 1 if hyphen else 0
                if new_run > MAX_HYPHEN_RUN or (hyphen and number in unhyphenated):
                    continue
                total = demerits + demerits_line + (DOUBLE_HYPHEN_DEMERITS if hyphen and run else 0)
                if last_line and i:
                    # WeasyPrint would pull a last line this short up into the line
                    # before, which it lays out a little wider (PLAN_ROOM).
                    if before + width <= paragraph.measure + room + 2 * SAFETY:
                        continue
                    if width < paragraph.measure / 5:
                        total += SHORT_LAST_LINE_DEMERITS
                key = (new_run, number + 1 if track_lines else 0)
                at_j = best.setdefault(j, {})
                if key not in at_j or total < at_j[key][0]:
                    at_j[key] = (total, (i, run, number), width)
    if count not in best:
        return None
    ends = []
    j, key = count, min(best[count], key=lambda k: best[count][k][0])
    while j:
        ends.append(j)
        _, (j, *previous), _ = best[j][key]
        key = tuple(previous)
    return ends[::-1]
