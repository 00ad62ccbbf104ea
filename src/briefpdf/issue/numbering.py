"""The numbers of a folder's issues: each edition's issues of a year should run 1, 2, 3 …

A number skipped or given twice is usually a slip in `year` or `number` (a file copied
and not renumbered), so `check` of several issues warns of it; it is not an error, as
an issue may be withdrawn, or its file kept elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from briefpdf.issue.editions import Edition
from briefpdf.messages import Message


def numbering_warnings(editions: list[Edition]) -> list[Message]:
    """Warnings for each language and year whose numbers repeat or leave gaps."""
    by_series: dict[tuple[str, int], dict[int, list[Path]]] = defaultdict(lambda: defaultdict(list))
    for edition in editions:
        issue = edition.issue
        by_series[(issue.language, issue.year)][issue.number].append(edition.path)
    warnings = []
    for (_, year), numbers in sorted(by_series.items()):
        for number, paths in sorted(numbers.items()):
            if len(paths) > 1:
                files = "、".join(map(str, paths))
                warnings.append(
                    Message("number_repeated", {"year": year, "number": number, "paths": files})
                )
        missing = [n for n in range(1, max(numbers)) if n not in numbers]
        if missing:
            said = "、".join(map(str, missing))
            warnings.append(Message("number_skipped", {"year": year, "numbers": said}))
    return warnings
