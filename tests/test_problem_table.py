"""The problem table reads in an 80-column terminal: two columns, where (in words, the JSON
path, the line and column) and what (the value found, what to do)."""

from __future__ import annotations

import json

from helpers import ENGLISH_USER, SAMPLE, briefpdf
from rich.cells import cell_len

NARROW = ENGLISH_USER | {"COLUMNS": "80"}
# An officer as a new user: the default language (Chinese), in an 80-column terminal.
NARROW_CHINESE = {"PATH": "/usr/bin:/bin", "COLUMNS": "80", "LANG": "C.UTF-8"}


def test_the_table_of_problems_fits_80_columns_and_says_where_as_people_count(
    make_issue,
) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["articles"][0]["body"][3] = {"photo": "photos/roundtables.jpg", "caption": "圆桌对话"}
    data["year"] = "2023"
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    issue = make_issue(raw=raw)
    line = raw[: raw.index("photos/roundtables.jpg")].count("\n") + 1

    english = briefpdf("check", str(issue), env=NARROW)
    assert english.returncode == 3
    rows = [row.split("│")[1:3] for row in english.stderr.splitlines() if row.startswith("│")]
    where = [left.strip() for left, _ in rows]
    what = " ".join(" ".join(right.split()) for _, right in rows)
    year_line = raw[: raw.index('"year"')].count("\n") + 1
    assert where[:2] == ["year", f"Line:col {year_line}:3"]
    assert "article 1, body item 4" in where[3]
    assert "articles[0].body[3].photo" in where
    assert f"Line:col {line}:11" in where
    assert 'Found: "2023"' in what and "Found: photos/roundtables.jpg" in what
    assert all(cell_len(row) <= 80 for row in english.stderr.splitlines())

    chinese = briefpdf("check", str(issue), env=NARROW_CHINESE)
    assert "│ 第1篇文章，正文第4项" in chinese.stderr
    assert f"│ 行:列 {line}:11" in chinese.stderr
    assert "实际内容：photos/roundtables.jpg" in chinese.stderr
    assert all(cell_len(row) <= 80 for row in chinese.stderr.splitlines())
