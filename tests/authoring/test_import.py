"""`briefpdf import`: Word drafts, from python-docx and from LibreOffice, become articles."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm
from helpers import SAMPLE, SAMPLE_EN, briefpdf, pdftotext, require_program
from PIL import Image

from briefpdf.authoring.docx_import import DraftUnreadable, read_draft
from briefpdf.authoring.scaffold import EMPTY_ARTICLE


def image(fmt: str, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An issues folder holding the sample issue and its photos."""
    issues = tmp_path / "issues"
    shutil.copytree(SAMPLE.parent / "photos", issues / "photos")
    shutil.copy(SAMPLE, issues / SAMPLE.name)
    return issues


def write_draft(path: Path) -> bytes:
    """A draft with every mapped feature; returns the bytes of its JPEG photo."""
    jpeg = image("JPEG")
    document = docx.Document()
    document.add_paragraph("　　澜湄 周 活动\t在京举行 ", style="Title")
    document.add_paragraph("绿色低碳圆桌对话", style="Subtitle")
    document.add_paragraph("第一段　正文， 有多余的  空格。")
    document.add_paragraph("   ")
    document.add_heading("会议议程", level=1)
    document.add_picture(io.BytesIO(jpeg), width=Cm(4))
    document.add_paragraph("与会代表合影", style="Caption")
    document.add_heading("Next steps", level=2)
    document.add_paragraph("Second paragraph, in English.")
    document.add_picture(io.BytesIO(image("GIF", "blue")), width=Cm(4))
    document.add_paragraph("图2：湄公河风光")
    document.add_paragraph("图为最后一段，不是图片说明。")
    document.save(path)
    return jpeg


def test_a_draft_becomes_an_article_that_builds(folder: Path, tmp_path: Path) -> None:
    jpeg = write_draft(tmp_path / "论坛 稿件.docx")
    assert briefpdf("new", str(folder)).returncode == 0
    issue = max(folder.glob("20*.json"))  # the one `new` made
    result = briefpdf("import", str(tmp_path / "论坛 稿件.docx"), "--into", str(issue))
    assert result.returncode == 0, result.stderr
    assert "No problems" in result.stdout
    assert result.stderr == ""  # nothing left out

    text = issue.read_text(encoding="utf-8")
    assert text.startswith('{\n  "$schema": "schema.json",\n  "masthead": {')
    articles = json.loads(text)["articles"]
    assert articles == [  # the placeholder article of `new` is replaced
        {
            "headline": "澜湄周活动在京举行",
            "subheading": "绿色低碳圆桌对话",
            "body": [
                "第一段正文，有多余的空格。",
                {"subheading": "会议议程"},
                {"photo": "photos/论坛-稿件-1.jpg", "caption": "与会代表合影"},
                {"subheading": "Next steps"},
                "Second paragraph, in English.",
                {"photo": "photos/论坛-稿件-2.png", "caption": "湄公河风光"},
                "图为最后一段，不是图片说明。",
            ],
        }
    ]
    assert (folder / "photos" / "论坛-稿件-1.jpg").read_bytes() == jpeg  # the original bytes
    with Image.open(folder / "photos" / "论坛-稿件-2.png") as png:
        assert (png.format, png.size) == ("PNG", (120, 80))
        assert png.convert("RGB").getpixel((5, 5)) == (0, 0, 255)

    pdf = tmp_path / "issue.pdf"
    assert briefpdf("build", str(issue), "-o", str(pdf)).returncode == 0
    words = pdftotext(pdf)
    assert "绿色低碳圆桌对话" in words
    assert "Second paragraph, in English." in words


def test_what_cannot_be_imported_is_listed_not_dropped(folder: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Headline from Heading 1", level=1)
    document.add_paragraph("A paragraph.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Unit", "People"
    commented = document.add_paragraph("Numbers to check.")
    document.add_comment(commented.runs, text="Check these", author="Wang")
    document.add_picture(io.BytesIO(image("PNG")))
    document.save(tmp_path / "draft.docx")

    issue = folder / SAMPLE.name
    result = briefpdf("import", str(tmp_path / "draft.docx"), "--into", str(issue))
    assert result.returncode == 0, result.stderr
    report = " ".join(result.stderr.split())
    assert "3 part(s) of the draft could not be imported" in report
    assert "A table" in report and "Unit | People" in report
    assert "A comment" in report and "Numbers to check." in report
    assert "A photo without a caption" in report and "photos/draft-1.png" in report
    # The caption left to write is what `check` still asks for, with its place in the file.
    assert "articles[1].body[2].caption" in result.stderr
    assert "Once the problems above are fixed" in result.stdout

    articles = json.loads(issue.read_text(encoding="utf-8"))["articles"]
    assert len(articles) == 2  # appended to the sample's article
    assert articles[1]["headline"] == "Headline from Heading 1"
    assert articles[1]["body"][:2] == ["A paragraph.", "Numbers to check."]


def test_without_title_or_heading_the_first_paragraph_is_the_headline(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("First words")
    document.add_paragraph("The body.")
    document.save(tmp_path / "draft.docx")
    draft = read_draft(tmp_path / "draft.docx")
    assert (draft.headline, draft.body) == ("First words", ["The body."])


def test_photos_never_overwrite_and_a_new_issue_is_started(folder: Path, tmp_path: Path) -> None:
    write_draft(tmp_path / "draft.docx")
    (folder / "photos" / "draft-1.jpg").write_bytes(b"an officer's own photo")
    result = briefpdf("import", str(tmp_path / "draft.docx"), cwd=tmp_path)  # into issues/
    assert result.returncode == 0, result.stderr
    assert (folder / "photos" / "draft-1.jpg").read_bytes() == b"an officer's own photo"
    created = [p for p in folder.glob("20*.json") if p.name != SAMPLE.name]
    assert len(created) == 1
    issue = json.loads(created[0].read_text(encoding="utf-8"))
    assert issue["articles"][0]["body"][2]["photo"] == "photos/draft-2.jpg"
    assert EMPTY_ARTICLE["zh"] not in issue["articles"]
    assert issue["masthead"] == json.loads(SAMPLE.read_text(encoding="utf-8"))["masthead"]


def test_a_file_that_is_not_a_docx_is_refused_plainly(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "draft.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    before = (folder / SAMPLE.name).read_bytes()
    result = briefpdf("import", str(tmp_path / "draft.doc"), "--into", str(folder / SAMPLE.name))
    assert result.returncode == 3
    assert "cannot be read as a Word .docx file" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert (folder / SAMPLE.name).read_bytes() == before


def test_a_damaged_docx_is_refused_plainly(tmp_path: Path) -> None:
    write_draft(tmp_path / "whole.docx")
    with (
        zipfile.ZipFile(tmp_path / "whole.docx") as whole,
        zipfile.ZipFile(tmp_path / "damaged.docx", "w") as damaged,
    ):
        for name in whole.namelist():  # document.xml cut in half, as by a failed download
            data = whole.read(name)
            damaged.writestr(name, data[: len(data) // 2] if name == "word/document.xml" else data)
    result = briefpdf("import", str(tmp_path / "damaged.docx"))
    assert result.returncode == 3
    assert "it is not one, or it is damaged" in " ".join(result.stderr.split())


def test_an_empty_draft_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("  ")
    document.save(tmp_path / "empty.docx")
    with pytest.raises(DraftUnreadable) as error:
        read_draft(tmp_path / "empty.docx")
    assert error.value.message.code == "draft_empty"


# A draft as LibreOffice writes it (Flat ODT, converted to .docx by LibreOffice itself):
# a title, a heading, a photo with a “图1：” caption, and the four kinds of content an
# article has no place for.
FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1"
   style:family="paragraph" style:default-outline-level="1"/>
 </office:styles>
 <office:body><office:text>
  <text:tracked-changes><text:changed-region text:id="c1"><text:insertion>
   <office:change-info><dc:creator>王</dc:creator><dc:date>2023-04-20T10:00:00</dc:date>
   </office:change-info></text:insertion></text:changed-region></text:tracked-changes>
  <text:p text:style-name="Title">澜湄周活动在京举行</text:p>
  <text:p>第一段。<text:note text:id="n1" text:note-class="footnote">
   <text:note-citation>1</text:note-citation>
   <text:note-body><text:p>脚注内容</text:p></text:note-body></text:note></text:p>
  <text:p/>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">会议议程</text:h>
  <text:p><draw:frame draw:name="p1" text:anchor-type="as-char" svg:width="4cm"
   svg:height="3cm"><draw:image><office:binary-data>{jpeg}</office:binary-data>
   </draw:image></draw:frame></text:p>
  <text:p>图1：主旨发言环节</text:p>
  <text:p>第二段，<text:change-start text:change-id="c1"/>新增的文字<text:change-end
   text:change-id="c1"/>。</text:p>
  <table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>单位</text:p></table:table-cell>
   <table:table-cell><text:p>人数</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p><draw:frame draw:name="box" text:anchor-type="paragraph" svg:width="5cm"
   svg:height="2cm"><draw:text-box><text:p>文本框里的话</text:p></draw:text-box>
   </draw:frame>最后一段。</text:p>
 </office:text></office:body>
</office:document>
"""


def test_a_draft_saved_by_libreoffice(folder: Path, tmp_path: Path) -> None:
    soffice = require_program("soffice")
    jpeg = (SAMPLE.parent / "photos" / "keynotes.jpg").read_bytes()
    source = tmp_path / "稿件.fodt"
    source.write_text(FODT.format(jpeg=base64.b64encode(jpeg).decode()), encoding="utf-8")
    started = time.monotonic()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # no shared profile
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    print(f"LibreOffice converted the draft in {time.monotonic() - started:.1f} s")

    issue = folder / SAMPLE.name
    result = briefpdf("import", str(tmp_path / "稿件.docx"), "--into", str(issue))
    assert result.returncode == 0, result.stderr
    assert "Once the parts listed above are seen to" in " ".join(result.stdout.split())
    article = json.loads(issue.read_text(encoding="utf-8"))["articles"][-1]
    assert article == {
        "headline": "澜湄周活动在京举行",
        "body": [
            "第一段。",
            {"subheading": "会议议程"},
            {"photo": "photos/稿件-1.jpg", "caption": "主旨发言环节"},
            "第二段，。",  # without the tracked insertion, which is reported
            "最后一段。",
        ],
    }
    with Image.open(folder / "photos" / "稿件-1.jpg") as photo:
        assert photo.size == Image.open(io.BytesIO(jpeg)).size
    report = " ".join(result.stderr.split())
    for kind, text in (
        ("A table", "单位 | 人数"),
        ("A footnote", "第一段。"),
        ("Tracked changes", "第二段，新增的文字。"),
        ("A text box", "文本框里的话"),
    ):
        assert kind in report and text in report, (kind, report)


def test_a_picture_without_caption_in_an_english_issue(tmp_path: Path) -> None:
    issues = tmp_path / "issues"
    shutil.copytree(SAMPLE_EN.parent / "photos", issues / "photos")
    shutil.copy(SAMPLE_EN, issues / SAMPLE_EN.name)
    document = docx.Document()
    document.add_paragraph("Delegates visit a wetland", style="Title")
    document.add_paragraph("The delegates visited the wetland.")
    document.add_picture(io.BytesIO(image("JPEG")), width=Cm(4))
    document.save(tmp_path / "visit.docx")
    result = briefpdf(
        "import", str(tmp_path / "visit.docx"), "--into", str(issues / SAMPLE_EN.name)
    )
    assert result.returncode == 0, result.stderr
    issue = json.loads((issues / SAMPLE_EN.name).read_text(encoding="utf-8"))
    article = issue["articles"][-1]
    assert article["body"][-1]["caption"] == "(Please fill in the caption)"
    assert briefpdf("check", str(issues / SAMPLE_EN.name)).returncode == 3


def test_the_left_out_table_shows_an_override_by_its_code_point(
    folder: Path, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_heading("Headline", level=1)
    document.add_paragraph("A paragraph.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "单位\u202e人数"
    document.save(tmp_path / "draft.docx")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefpdf",
            "import",
            str(tmp_path / "draft.docx"),
            "--into",
            str(folder / SAMPLE.name),
        ],
        capture_output=True,
        env={"BRIEFPDF_LANG": "en", "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0, said.decode()
    assert "单位<U+202E>人数".encode() in said
    assert "\u202e".encode() not in said
