"""Chinese words, for the lines that must break between them: headlines, subheadings, captions.

ICU's word break iterator (through icu4py) finds the words with its dictionary of Chinese;
the bulletin's own words that it splits or does not know (澜湄, 可持续, 圆桌, names of
bodies) are kept whole from `words-zh.txt`. ICU is loaded (about 20 ms) only when a text
must break, so an issue whose headlines fit on one line never loads it.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

OWN_WORDS = Path(__file__).with_name("words-zh.txt")
# One-character words that ICU splits off a word they belong to: a suffix (委员/会, 办公/室,
# 多样/性, 环境/部) and a prefix (第/三, 副/主任).
SUFFIXES = frozenset("会处员室性链署司局部厅委届区省市县国化者院所站")
PREFIXES = frozenset("第副原前总非超")
_IDEOGRAPHS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@functools.cache
def own_words() -> tuple[str, ...]:
    """The words of `words-zh.txt`: one a line, after a "#" a comment."""
    lines = OWN_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(word for line in lines if (word := line.split("#")[0].strip()))


def words(text: str) -> list[tuple[int, int]]:
    """The words of `text` as (start, end) spans, in order; a space, a mark, a number or a
    Latin word is a word of its own."""
    from icu4py.breakers import WordBreaker  # here: loaded only when a text must break

    # ICU counts in UTF-16 code units: a character beyond the BMP (𠀀, an emoji) is two.
    index = {
        unit: i
        for i, unit in enumerate(
            itertools.accumulate((1 + (c > "\uffff") for c in text), initial=0)
        )
    }
    bounds = {0, len(text)} | {index[end] for _, end in WordBreaker(text, "zh").segments()}
    for word in own_words():
        start = text.find(word)
        while start >= 0:
            bounds -= set(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    spans = list(itertools.pairwise(sorted(bounds)))
    for (a, b), (_, c) in itertools.pairwise(spans):
        left, right = text[a:b], text[b:c]
        if (right in SUFFIXES and _IDEOGRAPHS.fullmatch(left)) or (
            left in PREFIXES and _IDEOGRAPHS.fullmatch(right)
        ):
            bounds.discard(b)
    return list(itertools.pairwise(sorted(bounds)))
