"""The e-mail and archive copies, read back: metadata, navigation, size, PDF/A-3, sources.

Every PDF here is built for real; the claims of issue #5 are checked on its bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest
from helpers import ENGLISH_USER, SAMPLE, briefpdf
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from briefpdf.authoring.archive import ExtractError, _is_safe_name, extract
from briefpdf.engine.profiles import (
    DEFAULT_MAX_SIZE,
    EMAIL_DPI,
    Profile,
    parse_size,
    source_json_name,
)
from briefpdf.engine.render import render_pdf
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue, Photo

PRINTED_PHOTO_INCHES = 100 / 25.4  # `figure img { width: 100mm }` in the layout


def photos_of(issue: Issue) -> list[str]:
    return [b.photo for a in issue.articles for b in a.body if isinstance(b, Photo)]


@pytest.fixture(scope="module")
def archive_pdf(tmp_path_factory: pytest.TempPathFactory, sample_issue: Issue) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.pdf"
    path.write_bytes(render_pdf(sample_issue, SAMPLE.parent, Profile.ARCHIVE).data)
    return path


# ---- 1. Metadata ----


@pytest.mark.parametrize("profile", ["email", "archive"])
def test_metadata_comes_from_the_issue(
    profile: str, sample_pdf: Path, archive_pdf: Path, sample_issue: Issue
) -> None:
    pdf = pypdf.PdfReader(sample_pdf if profile == "email" else archive_pdf)
    info = pdf.metadata
    headline = sample_issue.articles[0].headline
    assert info.title == f"简报 2023年第1期：{headline}"
    assert info.author == "澜沧江-湄公河环境合作中心"
    assert info.subject == headline
    assert info["/Keywords"] == (
        "简报, 2023年第1期, 澜沧江-湄公河环境合作中心, "
        "Lancang-Mekong Environmental Cooperation Center"
    )
    assert info.creator.startswith("briefpdf ")
    # The issue's date, never the time of the build.
    assert info["/CreationDate"] == info["/ModDate"] == "D:20230425"
    assert pdf.trailer["/Root"]["/Lang"] == "zh-CN"


def test_the_archive_xmp_says_the_same(archive_pdf: Path, sample_issue: Issue) -> None:
    with pikepdf.open(archive_pdf) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == f"简报 2023年第1期：{sample_issue.articles[0].headline}"
        assert xmp["dc:creator"] == ["澜沧江-湄公河环境合作中心"]
        assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2023-04-25"


# ---- 2. Navigation ----


def test_one_bookmark_per_article_pointing_at_its_headline(make_issue, tmp_path: Path) -> None:
    headlines = ["第一篇：圆桌对话在京召开", "第二篇：湄公河流域考察", "第三篇：能力建设培训班"]
    paragraph = "澜湄环境合作持续深化，各方围绕绿色低碳发展开展交流。" * 12
    articles = [
        {"headline": h, "body": [paragraph, {"subheading": "一、背景"}, paragraph, paragraph]}
        for h in headlines
    ]
    issue_file = make_issue(articles=articles)
    pdf_path = tmp_path / "three.pdf"
    pdf_path.write_bytes(render_pdf(load_issue(issue_file), issue_file.parent).data)

    reader = pypdf.PdfReader(pdf_path)
    # Flat and only the articles: no masthead, section subheading or 联系我们.
    assert all(not isinstance(item, list) for item in reader.outline)
    assert [item.title for item in reader.outline] == headlines
    with pdfplumber.open(pdf_path) as pdf:
        for item, headline in zip(reader.outline, headlines, strict=True):
            page = pdf.pages[reader.get_destination_page_number(item)]
            # The destination is the headline's top, give or take its leading.
            (found,) = page.search(headline)
            assert abs((page.height - float(item.top)) - found["top"]) < 20


def test_contact_emails_and_website_are_live_links(sample_pdf: Path, sample_issue: Issue) -> None:
    contact = sample_issue.contact
    expected = {f"mailto:{e}": e for e in contact.emails} | {contact.website: contact.website}
    with pdfplumber.open(sample_pdf) as pdf:
        links = {link["uri"]: (page, link) for page in pdf.pages for link in page.hyperlinks}
        assert set(links) == set(expected)
        for uri, text in expected.items():
            page, link = links[uri]
            # The clickable area is where the address is printed.
            (found,) = page.search(text)
            assert link["x0"] <= found["x0"] + 1 and found["x1"] <= link["x1"] + 1
            assert link["top"] <= found["top"] + 1 and found["bottom"] <= link["bottom"] + 1


def test_a_website_without_scheme_links_to_https(make_issue, tmp_path: Path) -> None:
    contact = json.loads(SAMPLE.read_text(encoding="utf-8"))["contact"]
    issue_file = make_issue(contact=contact | {"website": "www.lmcc.org.cn"})
    pdf_path = tmp_path / "site.pdf"
    pdf_path.write_bytes(render_pdf(load_issue(issue_file), issue_file.parent).data)
    with pdfplumber.open(pdf_path) as pdf:
        uris = {link["uri"] for page in pdf.pages for link in page.hyperlinks}
    assert "https://www.lmcc.org.cn" in uris


# ---- 3. Reproducibility ----


@pytest.mark.parametrize("profile", ["email", "archive"])
def test_rebuilding_elsewhere_and_later_gives_the_same_bytes(profile: str, tmp_path: Path) -> None:
    # A second copy of the issue with fresh file dates, built from another folder, another
    # time zone, another hash seed (the order of Python's sets of strings) and a relative path.
    copy = tmp_path / "elsewhere" / "issue"
    shutil.copytree(SAMPLE.parent, copy, copy_function=shutil.copy)
    (tmp_path / "a").mkdir()
    first = briefpdf(
        "build", str(SAMPLE), "--for", profile, "-o", "one.pdf", cwd=tmp_path / "a",
        env=ENGLISH_USER | {"TZ": "UTC", "PYTHONHASHSEED": "1"},
    )  # fmt: skip
    second = briefpdf(
        "build", "issue/2023-01.json", "--for", profile, "-o", str(tmp_path / "two.pdf"),
        cwd=copy.parent, env=ENGLISH_USER | {"TZ": "Asia/Shanghai", "PYTHONHASHSEED": "2"},
    )  # fmt: skip
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert (tmp_path / "a" / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()


# ---- 4. The e-mail copy ----


@dataclass(frozen=True)
class EmbeddedImage:
    width: int
    filters: list[str]
    raw: bytes


def images(path: Path) -> list[EmbeddedImage]:
    """Each image of the PDF once (WeasyPrint shares one resource dictionary among pages)."""
    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for image in page.get_images().values():
                found[image.objgen] = EmbeddedImage(
                    int(image.Width), pikepdf.PdfImage(image).filters, image.read_raw_bytes()
                )
    return list(found.values())


def test_email_photos_are_at_most_150_dpi(make_issue, tmp_path: Path) -> None:
    # Ten camera-sized photos (2400 × 1600, 2 MB each) print 100 mm wide, about 600 px at 150 dpi.
    issue_file = make_issue()
    big = []
    for n in range(10):
        noise = [Image.effect_noise((2400, 1600), 40 + 4 * n) for _ in range(2)]
        gradient = Image.linear_gradient("L").resize((2400, 1600))
        photo = issue_file.parent / "photos" / f"camera-{n}.jpg"
        Image.merge("RGB", [noise[0], gradient, noise[1]]).save(photo, quality=90)
        big.append({"photo": f"photos/{photo.name}", "caption": f"第{n + 1}张照片"})
    articles = [{"headline": "十张照片", "body": ["会议现场。", *big]}]
    issue_file = make_issue(articles=articles)
    originals = sum(p.stat().st_size for p in (issue_file.parent / "photos").glob("camera-*"))
    assert originals > 20_000_000

    pdf = render_pdf(load_issue(issue_file), issue_file.parent)
    pdf_path = tmp_path / "ten.pdf"
    pdf_path.write_bytes(pdf.data)
    assert len(pdf.data) < DEFAULT_MAX_SIZE / 2
    found = images(pdf_path)
    assert len(found) == 10
    for image in found:
        assert image.filters == ["/DCTDecode"]
        assert image.width <= EMAIL_DPI * PRINTED_PHOTO_INCHES + 1


def test_the_archive_keeps_photos_untouched(archive_pdf: Path, sample_issue: Issue) -> None:
    originals = {(SAMPLE.parent / p).read_bytes() for p in photos_of(sample_issue)}
    embedded = {image.raw for image in images(archive_pdf)}
    assert embedded == originals


def test_build_prints_the_size_and_warns_above_the_budget(tmp_path: Path) -> None:
    quiet = briefpdf("build", str(SAMPLE), "-o", "a.pdf", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert " KB)" in quiet.stdout
    assert "Warning" not in quiet.stderr

    loud = briefpdf("build", str(SAMPLE), "-o", "a.pdf", "--max-size", "100KB", cwd=tmp_path)
    assert loud.returncode == 0
    assert "above the e-mail limit of 100 KB" in loud.stderr

    wrong = briefpdf("build", str(SAMPLE), "--max-size", "big", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "is not a size" in wrong.stderr


@pytest.mark.parametrize(
    ("text", "size"),
    [("5MB", 5_000_000), ("800 KB", 800_000), ("2.5mb", 2_500_000), ("1200", 1200)],
)
def test_sizes_are_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "5 MiB", "-1MB", "five"])
def test_other_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


# ---- 4. The archive copy ----


def test_the_archive_is_tagged_pdf_a_3(archive_pdf: Path) -> None:
    with pikepdf.open(archive_pdf) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "3"
        assert xmp["pdfaid:conformance"] == "U"
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert len(pdf.trailer.ID) == 2


def structure(node: pikepdf.Object) -> list[tuple[str, str]]:
    """The structure elements under `node` in reading order: (type, alternative text)."""
    if isinstance(node, pikepdf.Array):
        return [element for child in node for element in structure(child)]
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return []
    own = [(str(node.S), str(node.get("/Alt", "")))]
    return own + (structure(node.K) if "/K" in node else [])


@pytest.mark.parametrize("profile", ["email", "archive"])
def test_each_copy_tags_each_photo_with_its_alternative_text(
    profile: str, sample_pdf: Path, archive_pdf: Path, sample_issue: Issue
) -> None:
    photos = [b for a in sample_issue.articles for b in a.body if isinstance(b, Photo)]
    with pikepdf.open(sample_pdf if profile == "email" else archive_pdf) as pdf:
        elements = structure(pdf.Root.StructTreeRoot.K)
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures == [p.alt or p.caption for p in photos]


@pytest.mark.parametrize("profile", ["email", "archive"])
def test_qpdf_finds_no_errors(profile: str, sample_pdf: Path, archive_pdf: Path) -> None:
    path = sample_pdf if profile == "email" else archive_pdf
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_archive_meets_the_pdf_a_rules_we_can_check(archive_pdf: Path) -> None:
    # Checks of ISO 19005-3 that need no validator; veraPDF is not available here.
    with pikepdf.open(archive_pdf) as pdf:
        assert not pdf.is_encrypted
        assert pdf.pdf_version == "1.7"
        (intent,) = pdf.Root.OutputIntents
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        xmp = pdf.open_metadata()
        for info, xmp_key in [
            ("/Title", "dc:title"),
            ("/Subject", "dc:description"),
            ("/Keywords", "pdf:Keywords"),
            ("/Producer", "pdf:Producer"),
            ("/Creator", "xmp:CreatorTool"),
        ]:
            assert str(pdf.docinfo[info]) == xmp[xmp_key]
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                continue
            if obj.get("/Type") == "/FontDescriptor":  # every font is embedded
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(obj.keys())
            if obj.get("/Subtype") == "/Type0":  # its text maps to Unicode (the "u" of 3u)
                assert "/ToUnicode" in obj
            if obj.get("/Type") == "/Annot":  # every annotation prints
                assert int(obj.F) & 4
            if obj.get("/Subtype") == "/Image":  # no image asks to be smoothed (6.2.8)
                assert obj.get("/Interpolate", False) is False
            assert "/JS" not in obj and "/JavaScript" not in obj


def test_the_archive_carries_its_sources(archive_pdf: Path, sample_issue: Issue) -> None:
    with pikepdf.open(archive_pdf) as pdf:
        attachments = {name: spec for name, spec in pdf.attachments.items()}
        names = [source_json_name(sample_issue), *photos_of(sample_issue)]
        assert sorted(attachments) == sorted(names)
        for photo in photos_of(sample_issue):
            assert (
                attachments[photo].get_file().read_bytes() == (SAMPLE.parent / photo).read_bytes()
            )
        for spec in attachments.values():
            assert spec.obj.AFRelationship == "/Source"
            params = spec.get_file().obj.Params
            assert params.CreationDate == params.ModDate == "D:20230425000000Z"
        assert len(pdf.Root.AF) == len(names)
        issue_json = attachments[source_json_name(sample_issue)].get_file().read_bytes()
    assert Issue.model_validate_json(issue_json) == sample_issue.model_copy(
        update={"schema_url": None}
    )


def test_the_archive_copy_has_its_own_default_name(tmp_path: Path) -> None:
    email = tmp_path / "out" / "简报-2023年第1期.pdf"
    email.parent.mkdir()
    email.write_bytes(b"%PDF-1.7 the e-mail copy")
    result = briefpdf("build", str(SAMPLE), "--for", "archive", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "out/简报-2023年第1期-存档.pdf" in result.stdout
    assert (tmp_path / "out" / "简报-2023年第1期-存档.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert email.read_bytes() == b"%PDF-1.7 the e-mail copy"


def test_extract_then_build_gives_the_archive_back(archive_pdf: Path, tmp_path: Path) -> None:
    result = briefpdf("extract", str(archive_pdf), "sources", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Extracted 7 files" in result.stdout
    assert (tmp_path / "sources" / "photos" / "roundtable.jpg").read_bytes() == (
        SAMPLE.parent / "photos" / "roundtable.jpg"
    ).read_bytes()

    rebuilt = briefpdf(
        "build", "sources/2023-01.json", "--for", "archive", "-o", "again.pdf", cwd=tmp_path
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (tmp_path / "again.pdf").read_bytes() == archive_pdf.read_bytes()


def test_extract_never_overwrites(archive_pdf: Path, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    kept = tmp_path / "photos" / "keynotes.jpg"
    kept.write_bytes(b"my own photo")
    result = briefpdf("extract", str(archive_pdf), ".", cwd=tmp_path)
    assert result.returncode == 5
    assert "keynotes.jpg" in result.stderr
    assert kept.read_bytes() == b"my own photo"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["keynotes.jpg", "photos"]


@pytest.mark.parametrize(
    "name",
    ["../escape.json", "/tmp/escape.json", "photos/../../escape.jpg", "C:escape", "a\\..\\b"],
)
def test_extract_refuses_names_leaving_the_folder(
    name: str, archive_pdf: Path, tmp_path: Path
) -> None:
    crafted = tmp_path / "crafted.pdf"
    with pikepdf.open(archive_pdf) as pdf:
        pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, b"x", filename=name)
        pdf.save(crafted)
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(ExtractError) as error:
        extract(crafted, target)
    assert error.value.message.code == "extract_unsafe_name"
    assert list(target.iterdir()) == []
    assert not (tmp_path / "escape.json").exists()


@given(st.lists(st.sampled_from(["..", ".", "", "a", "照片", "/", "\\", ":", "C:"]), max_size=6))
def test_every_name_extract_accepts_stays_inside_the_folder(parts: list[str]) -> None:
    name = "/".join(parts)
    root = Path("/srv/extract")
    if _is_safe_name(name):
        assert Path(os.path.normpath(root / name)).is_relative_to(root)
        assert Path(os.path.normpath(root / name)) != root


def test_extract_refuses_a_symbolic_link_out_of_the_folder(
    archive_pdf: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "out"
    target.mkdir()
    os.symlink(outside, target / "photos")
    with pytest.raises(ExtractError):
        extract(archive_pdf, target)
    assert list(outside.iterdir()) == []


def test_extract_explains_a_pdf_without_sources(sample_pdf: Path, tmp_path: Path) -> None:
    result = briefpdf("extract", str(sample_pdf), "x", cwd=tmp_path)
    assert result.returncode == 3
    assert "--for archive" in result.stderr
    assert not (tmp_path / "x").exists()


def test_extract_explains_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"hello")
    result = briefpdf("extract", "notes.pdf", "x", cwd=tmp_path)
    assert result.returncode == 3
    assert "not a readable PDF" in result.stderr


def test_the_command_line_does_not_load_weasyprint_until_it_builds() -> None:
    # `--for` is defined on import; WeasyPrint (over a second to import) must wait.
    code = "import sys, briefpdf.cli; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
