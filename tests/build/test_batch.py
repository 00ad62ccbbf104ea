"""Building a folder of issues: real builds in parallel, skipping, failures, the page-1 PNG."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import SAMPLE, briefpdf
from PIL import Image, ImageStat
from pypdf import PdfReader

from briefpdf.build.batch import Job, build_one, inputs_hash, is_batch, issue_files
from briefpdf.build.manifest import MANIFEST_NAME
from briefpdf.engine.profiles import Profile
from briefpdf.issue.loader import load_issue
from briefpdf.issue.schema import schema_text
from briefpdf.messages import ExitCode


def pdf_name(number: int) -> str:
    return f"简报-2023年第{number}期.pdf"


def test_a_batch_builds_every_good_issue_and_reports_the_broken_one(make_issue) -> None:
    folder = make_issue(name="2023-01.json").parent
    make_issue(name="2023-02.json", number=2)
    make_issue(name="2023-03.json", number=3, date="2023-02-30")  # no such day
    out = folder.parent / "archive"

    result = briefpdf("build", str(folder), "-o", str(out), "--png")

    assert result.returncode == 3, result.stderr
    assert "2023-03.json" in result.stderr and "28 days" in result.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == [pdf_name(1), pdf_name(2)]
    assert sorted(p.name for p in out.glob("*.png")) == [
        pdf_name(n).replace(".pdf", ".png") for n in (1, 2)
    ]
    for number in (1, 2):
        assert len(PdfReader(out / pdf_name(number)).pages) > 1
    assert "3 issue(s): 2 built, 0 up to date, 1 failed" in result.stderr


def test_a_second_run_builds_only_what_changed(make_issue) -> None:
    first = make_issue(name="2023-01.json")
    second = make_issue(name="2023-02.json", number=2)
    out = first.parent.parent / "out"
    assert briefpdf("build", str(first.parent), "-o", str(out)).returncode == 0
    built = {n: (out / pdf_name(n)).stat().st_mtime_ns for n in (1, 2)}

    unchanged = briefpdf("build", str(first.parent), "-o", str(out))
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 built, 2 up to date" in unchanged.stdout
    assert {n: (out / pdf_name(n)).stat().st_mtime_ns for n in (1, 2)} == built

    make_issue(name="2023-02.json", number=2, about="一段新的中心简介。")
    changed = briefpdf("build", str(first.parent), "-o", str(out))
    assert changed.returncode == 0, changed.stderr
    assert "1 built, 1 up to date" in changed.stdout
    assert (out / pdf_name(1)).stat().st_mtime_ns == built[1]
    assert "一段新的中心简介" in PdfReader(out / pdf_name(2)).pages[-1].extract_text()

    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["issues"]
    assert manifest[pdf_name(2)]["source"] == str(second)

    forced = briefpdf("build", str(first), str(second), "-o", str(out), "--force", "-j", "1")
    assert "2 built, 0 up to date" in forced.stdout


def test_a_pdf_changed_by_hand_is_built_again(make_issue) -> None:
    issue = make_issue()
    out = issue.parent.parent / "out"
    assert briefpdf("build", str(issue.parent), "-o", str(out)).returncode == 0
    (out / pdf_name(1)).write_bytes(b"%PDF-1.7 edited by hand")
    result = briefpdf("build", str(issue.parent), "-o", str(out))
    assert "1 built" in result.stdout
    assert (out / pdf_name(1)).read_bytes() != b"%PDF-1.7 edited by hand"


def test_two_issues_with_the_same_number_are_refused(make_issue) -> None:
    make_issue(name="a.json")
    folder = make_issue(name="b.json").parent
    out = folder.parent / "out"
    result = briefpdf("build", str(folder), "-o", str(out))
    said = " ".join(result.stderr.split())  # rich wraps long lines
    assert result.returncode == 3
    assert "a.json" in said and "b.json" in said
    assert "would go to the same file" in said and "None of them was built" in said
    assert not out.exists() or not list(out.glob("*.pdf"))

    # Built one at a time (a quoted pattern is a batch too): b.json must not replace a.json's.
    assert briefpdf("build", str(folder / "a.*"), "-o", str(out)).returncode == 0
    kept = (out / pdf_name(1)).read_bytes()
    later = briefpdf("build", str(folder / "b.*"), "-o", str(out))
    said = " ".join(later.stderr.split())
    assert later.returncode == 3
    assert "was built from" in said and "a.json" in said and "b.json was not built" in said
    assert (out / pdf_name(1)).read_bytes() == kept


def test_a_batch_does_not_write_over_a_file_that_is_not_a_pdf(make_issue) -> None:
    issue = make_issue()
    out = issue.parent.parent / "out"
    out.mkdir()
    (out / pdf_name(1)).write_text("notes", encoding="utf-8")
    result = briefpdf("build", str(issue.parent), "-o", str(out))
    assert result.returncode == 5
    assert (out / pdf_name(1)).read_text(encoding="utf-8") == "notes"


def test_png_shows_page_one_with_the_red_letterhead(tmp_path: Path) -> None:
    result = briefpdf("build", str(SAMPLE), "--png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf, png = tmp_path / "out" / pdf_name(1), tmp_path / "out" / "简报-2023年第1期.png"
    assert str(png.relative_to(tmp_path)) in result.stdout

    page = PdfReader(pdf).pages[0].mediabox
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.width == 1240
        assert abs(image.height / image.width - float(page.height) / float(page.width)) < 0.002
        rgb = image.convert("RGB")
    assert max(ImageStat.Stat(rgb.convert("L")).stddev) > 20  # not a blank page
    top = rgb.crop((0, 0, rgb.width, rgb.height // 4))
    pixels = top.tobytes()
    red = sum(
        1
        for i in range(0, len(pixels), 3)
        if pixels[i] > 170 and pixels[i + 1] < 70 and pixels[i + 2] < 90
    )
    assert red > 2000  # the red title 简报 and the red rule


def test_png_is_not_written_over_another_kind_of_file(tmp_path: Path) -> None:
    (tmp_path / "kept.png").write_text("not a picture", encoding="utf-8")
    result = briefpdf("build", str(SAMPLE), "-o", str(tmp_path / "kept.pdf"), "--png")
    assert result.returncode == 5
    assert not (tmp_path / "kept.pdf").exists()
    assert (tmp_path / "kept.png").read_text(encoding="utf-8") == "not a picture"


def test_an_issue_that_fails_to_typeset_is_reported_as_such(make_issue, tmp_path: Path) -> None:
    issue = load_issue(make_issue())
    elsewhere = tmp_path / "elsewhere" / "issue.json"  # a folder without the photos
    target = tmp_path / "out" / pdf_name(1)
    outcome = build_one(Job(elsewhere, issue, target, Profile.EMAIL, png=False))
    assert outcome.code == ExitCode.RENDER_FAILED
    assert "photos/" in outcome.message.text("en")
    assert not target.exists()


def test_the_fingerprint_follows_contents_not_dates(make_issue) -> None:
    path = make_issue()
    issue = load_issue(path)
    before = inputs_hash(path, issue, Profile.EMAIL)
    photo = path.parent / "photos" / "keynotes.jpg"
    os.utime(path, (0, 0))
    os.utime(photo, (0, 0))
    assert inputs_hash(path, issue, Profile.EMAIL) == before
    photo.write_bytes(photo.read_bytes() + b"\0")
    assert inputs_hash(path, issue, Profile.EMAIL) != before


def test_folders_files_and_quoted_patterns_name_the_issues(make_issue) -> None:
    first = make_issue(name="2023-01.json")
    second = make_issue(name="2023-02.json")
    folder = first.parent
    assert not is_batch([first])
    assert is_batch([folder]) and is_batch([first, second])
    assert is_batch([folder / "2023-*.json"])
    (folder / "schema.json").write_text(schema_text(), encoding="utf-8")  # as `new` leaves it
    assert issue_files([folder]) == [first, second]
    assert issue_files([folder / "*-02.json", second, folder]) == [second, first]


def test_a_batch_of_archive_copies_sits_beside_the_e_mail_copies(make_issue) -> None:
    issue = make_issue()
    out = issue.parent.parent / "out"
    assert briefpdf("build", str(issue.parent), "-o", str(out)).returncode == 0
    archive = briefpdf("build", str(issue.parent), "-o", str(out), "--for", "archive")
    assert archive.returncode == 0, archive.stderr
    assert "1 built, 0 up to date" in archive.stdout  # another copy, not the same one
    assert {p.name for p in out.glob("*.pdf")} == {pdf_name(1), "简报-2023年第1期-存档.pdf"}
    again = briefpdf("build", str(issue.parent), "-o", str(out), "--for", "archive")
    assert "0 built, 1 up to date" in again.stdout
