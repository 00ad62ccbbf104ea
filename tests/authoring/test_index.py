"""`briefpdf index`: the catalogue of a folder of real bulletins, read from the PDFs."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

from helpers import SAMPLE, briefpdf
from pypdf import PdfReader, PdfWriter

from briefpdf.authoring.catalogue import read_entry
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue


def test_index_lists_each_bulletin_from_its_pdf(make_issue, sample_pdf: Path) -> None:
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    articles = [
        {"headline": "<b>水&电</b>合作", "body": ["第一篇。"]},
        {"headline": "第二篇文章", "body": ["第二篇。"]},
    ]
    issue = make_issue(year=2024, number=7, date="2024-12-03", articles=articles)
    folder = issue.parent.parent / "archive"
    folder.mkdir()
    (folder / "简报-2024年第7期.pdf").write_bytes(render_pdf(load_issue(issue), issue.parent).data)
    shutil.copy(sample_pdf, folder / "简报-2023年第1期.pdf")  # built before, by `build`
    (folder / "notes.pdf").write_text("not a pdf", encoding="utf-8")
    other = PdfWriter()
    other.add_blank_page(100, 100)
    other.write(folder / "other.pdf")

    result = briefpdf("index", str(folder))

    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "notes.pdf: it is not a readable PDF" in said
    assert "other.pdf: it is not a bulletin made by briefpdf" in said

    raw = (folder / "index.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header[:4] == ["文件 file", "年份 year", "期号 number", "日期 date"]
    assert [row[:5] for row in rows] == [
        [
            "简报-2023年第1期.pdf",
            "2023",
            "1",
            "2023-04-25",
            sample["articles"][0]["headline"],
        ],
        ["简报-2024年第7期.pdf", "2024", "7", "2024-12-03", "<b>水&电</b>合作；第二篇文章"],
    ]
    for name, _, _, _, _, pages, size, sha256 in rows:
        data = (folder / name).read_bytes()
        assert int(pages) == len(PdfReader(folder / name).pages)
        assert int(size) == len(data)
        assert sha256 == hashlib.sha256(data).hexdigest()

    html = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="{quote("简报-2024年第7期.pdf")}"' in html
    assert "&lt;b&gt;水&amp;电&lt;/b&gt;合作" in html and "<b>水" not in html
    assert rows[1][7] in html
    assert "notes.pdf" not in html


def test_headlines_come_from_flat_bookmarks_too(tmp_path: Path) -> None:
    # Builds that bookmark only the headlines, one per article, with sections under them.
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "工作 简报 2025年第12期：甲"})
    first = writer.add_outline_item(title="甲", page_number=0)
    writer.add_outline_item(title="甲的一节", page_number=0, parent=first)
    writer.add_outline_item(title="乙", page_number=0)
    writer.write(tmp_path / "flat.pdf")
    entry = read_entry(tmp_path / "flat.pdf")
    assert (entry.year, entry.number) == (2025, 12)
    assert entry.headlines == ["甲", "乙"]
    assert (entry.pages, entry.date) == (1, "")


def test_index_of_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = briefpdf("index", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "There is no folder" in result.stderr
