"""How evenly a PDF's body text is set, measured on its glyphs (pdfplumber), for `make bench`.

The body is the most common font size. A continuation line is one followed on its page by
a line of the same paragraph (flush left, at the body's leading). For those lines:
ragged, lines ending over 0.1 em short of the measure; max_gap_em, the widest gap
between two glyphs; wide_gaps, lines with a gap over 0.5 em. And for all lines: kinsoku,
lines that start with a closing mark or end with an opening one; hyphen_run, the most
lines in a row ending in a hyphenated word.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pdfplumber

CLOSING = set("，。、；：？！）》」』】〕〉”’〗｝．")
OPENING = set("（《「『【〔〈“‘〖｛")


def figures(pdf_path: Path) -> dict[str, float]:
    with pdfplumber.open(pdf_path) as pdf:
        pages = [[c for c in page.chars if c["text"].strip()] for page in pdf.pages]
    body = Counter(round(c["size"], 1) for chars in pages for c in chars).most_common(1)[0][0]
    lines_by_page = []
    for chars in pages:
        rows: dict[int, list[dict]] = {}
        for c in chars:
            if abs(round(c["size"], 1) - body) < 0.05:
                rows.setdefault(round(c["bottom"] / (body * 0.3)), []).append(c)
        lines_by_page.append(
            [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]
        )
    lines = [line for page in lines_by_page for line in page if len(line) > 3]
    right = Counter(round(line[-1]["x1"] * 2) / 2 for line in lines).most_common(1)[0][0]
    left = min(Counter(round(line[0]["x0"]) for line in lines).most_common(3))[0]
    result = {"ragged": 0, "wide_gaps": 0, "max_gap_em": 0.0, "kinsoku": 0, "hyphen_run": 0}
    run = 0
    for page in lines_by_page:
        for line, following in itertools.zip_longest(page, page[1:]):
            text = "".join(c["text"] for c in line)
            run = run + 1 if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() else 0
            result["hyphen_run"] = max(result["hyphen_run"], run)
            result["kinsoku"] += text[0] in CLOSING or text[-1] in OPENING
            if (
                following
                and abs(following[0]["x0"] - left) < body * 0.3
                and abs(line[0]["x0"] - left) < body * 2.5
                and following[0]["bottom"] - line[0]["bottom"] < body * 2.2
                and len(line) > 5
            ):
                gap = max((b["x0"] - a["x1"]) / body for a, b in itertools.pairwise(line))
                result["max_gap_em"] = round(max(result["max_gap_em"], gap), 2)
                result["wide_gaps"] += gap > 0.5
                result["ragged"] += (right - line[-1]["x1"]) / body > 0.1
    return result
