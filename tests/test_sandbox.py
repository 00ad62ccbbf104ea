"""The sandbox: an issue file received by e-mail cannot make a build read outside the
issue's folder, the layout and fonts/, nor reach the network, and its texts stay text.

Builds run in a subprocess under `sys.addaudithook`, which records every file Python
opens and every socket call. What C libraries open themselves is fontconfig reading
fonts/ (fonts.conf names no other folder; tests/test_fonts.py checks that only the
bundled fonts are visible); images and stylesheets reach WeasyPrint only through
briefpdf's fetcher, in Python, so they are recorded.
"""

from __future__ import annotations

import io
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from broken_assets import make_broken_folder
from helpers import pdftotext

from briefpdf.engine.render import RenderError, SandboxedFetcher, render_pdf
from briefpdf.issue.loader import load_issue
from briefpdf.issue.model import Issue
from briefpdf.messages import Message
from briefpdf.paths import FONTS_DIR, LAYOUTS_DIR, ROOT

# Runs `briefpdf ARGS…` and writes to LOG what it opened and which sockets it used.
DRIVER = """
import json, sys
events = []
def record(event, args):
    if event == "open" and isinstance(args[0], str | bytes):
        events.append(["open", args[0] if isinstance(args[0], str) else args[0].decode()])
    elif event.startswith("socket."):
        events.append([event, repr(args)])
sys.addaudithook(record)
log, *argv = sys.argv[1:]
from briefpdf.cli import main
sys.argv = ["briefpdf", *argv]
code = 0
try:
    main()
except SystemExit as exit:
    code = int(exit.code or 0)
recorded = events.copy()  # not the opening of the log itself
with open(log, "w") as file:
    json.dump({"code": code, "events": recorded}, file)
"""

HOSTILE = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'


def audited_build(tmp_path: Path, issue: Path, *args: str) -> tuple[int, list[str], list[str]]:
    """Exit code, files opened and socket calls of `briefpdf build ISSUE ARGS…`."""
    driver, log, temp = tmp_path / "driver.py", tmp_path / "log.json", tmp_path / "tmp"
    driver.write_text(DRIVER, encoding="utf-8")
    temp.mkdir()
    subprocess.run(
        [sys.executable, str(driver), str(log), "build", str(issue), "--lang", "en", *args],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "TMPDIR": str(temp), "HOME": os.environ.get("HOME", "/")},
    )
    result = json.loads(log.read_text(encoding="utf-8"))
    opened = [path for kind, path in result["events"] if kind == "open"]
    # The manifest's lock names its owner's computer (filelock: socket.gethostname, which
    # asks the kernel, not the network); any other socket call is one too many.
    sockets = [
        f"{kind} {args}"
        for kind, args in result["events"]
        if kind not in {"open", "socket.gethostname"}
    ]
    return result["code"], opened, sockets


def _lock_owner_check(path: str) -> bool:
    """What filelock's lease reads to tell whether a lock's owner is alive (the manifest's
    lock, which every build into a folder takes): the kernel's view, no user's file."""
    return path in {
        "/proc/self/mountinfo",
        "/proc/self/status",
        "/proc/sys/kernel/random/boot_id",
    } or bool(re.fullmatch(r"/proc/\d+/stat", path))


def outside(opened: list[str], *allowed: Path) -> list[str]:
    """The opened paths outside `allowed` folders and Python's own files."""
    roots = [
        *(p.resolve() for p in allowed),
        LAYOUTS_DIR,
        FONTS_DIR,
        ROOT / "src",
        Path(sys.prefix),
        Path(sys.base_prefix),
    ]
    # Python's standard library reads the MIME types table (mimetypes) and /dev/null.
    system = {Path(p) for p in [*mimetypes.knownfiles, os.devnull]}
    return [
        path
        for path in opened
        if Path(path).is_absolute()
        and Path(path) not in system
        and not _lock_owner_check(path)
        and not any(Path(path).resolve().is_relative_to(root) for root in roots)
    ]


def test_a_hostile_issue_is_built_as_text_and_reads_nothing_outside(
    make_issue, tmp_path: Path
) -> None:
    issue = make_issue(
        articles=[
            {
                "headline": HOSTILE,
                "body": [
                    "<style>@import url('file:///etc/passwd');</style>{{ 7*7 }}{% raw %}",
                    {"photo": "photos/keynotes.jpg", "caption": HOSTILE, "alt": '"><img src="/x">'},
                ],
            }
        ],
        contact={
            "organisations": [HOSTILE],
            "address": "北京",
            "website": "http://127.0.0.1:9/etc/passwd",  # a live link, never fetched
            "emails": ['x@example.com"><img src="file:///etc/passwd">'],
        },
    )
    out = tmp_path / "out"
    code, opened, sockets = audited_build(tmp_path, issue, "-o", str(out / "hostile.pdf"))
    assert code == 0
    assert str(issue.parent / "photos" / "keynotes.jpg") in opened  # the record sees reads
    assert outside(opened, issue.parent, out, tmp_path / "tmp") == []
    assert sockets == []
    text = pdftotext(out / "hostile.pdf")
    assert text.count('<img src="file:///etc/passwd">') >= 3  # shown, not obeyed
    assert "{{ 7*7 }}{% raw %}" in text


@pytest.mark.parametrize(
    "case", ["hostile-photo-paths.json", "hostile-symlink.json", "hostile-svg.json"]
)
def test_hostile_photos_are_refused_without_being_read(tmp_path: Path, case: str) -> None:
    broken = make_broken_folder(tmp_path / "outside" / "broken")
    out = tmp_path / "out.pdf"
    code, opened, sockets = audited_build(tmp_path, broken / case, "-o", str(out))
    assert code == 3
    assert not out.exists()
    # The secret photo next to the issue's folder, and /etc/passwd, are never opened.
    assert outside(opened, broken, tmp_path / "tmp") == []
    assert str(tmp_path / "outside" / "secret.jpg") not in opened
    assert sockets == []


@pytest.fixture
def fetcher(tmp_path: Path) -> SandboxedFetcher:
    issue_dir = tmp_path / "issue"
    (issue_dir / "photos").mkdir(parents=True)
    (issue_dir / "photos" / "a.jpg").write_bytes(b"\xff\xd8 inside")
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    (issue_dir / "photos" / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    return SandboxedFetcher(LAYOUTS_DIR / "jianbao", issue_dir)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/a.jpg",
        "https://example.com/a.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "issue:../secret.jpg",
        "issue:/etc/passwd",
        "issue:photos/link.jpg",
        "issue:%2e%2e/secret.jpg",
        "layout:../../fonts/../../../etc/passwd",
        "/etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_outside(fetcher: SandboxedFetcher, url: str) -> None:
    with pytest.raises(RenderError) as caught:
        fetcher.fetch(url)
    assert caught.value.message == Message("render_refused", {"url": url})


def test_the_fetcher_reads_inside_and_says_what_is_missing(fetcher: SandboxedFetcher) -> None:
    assert fetcher.fetch("issue:photos/a.jpg").read() == b"\xff\xd8 inside"
    assert fetcher.fetch("layout:style.css").read().startswith(b"/*")
    with pytest.raises(RenderError) as caught:
        fetcher.fetch("issue:photos/gone.jpg")
    assert caught.value.message.code == "render_resource_failed"


def test_an_image_the_renderer_cannot_load_stops_the_build(
    sample_issue: Issue, tmp_path: Path
) -> None:
    # Past the checks of load_issue (a program building the model itself), WeasyPrint
    # would leave a hole where the image is; its report stops the build instead.
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "notes.jpg").write_text("会议记录", encoding="utf-8")
    articles = [{"headline": "标题", "body": [{"photo": "photos/notes.jpg", "caption": "图"}]}]
    issue = Issue.model_validate(sample_issue.model_dump(by_alias=True) | {"articles": articles})
    with pytest.raises(RenderError) as caught:
        render_pdf(issue, tmp_path)
    assert caught.value.message == Message(
        "render_resource_failed", {"url": "issue:photos/notes.jpg"}
    )


def test_a_photo_is_read_by_its_exact_name(make_issue, sample_pdf: Path) -> None:
    # URL syntax in a file name is part of the name: the file checked is the file printed.
    issue = make_issue()
    odd = "photos/会场 #1 (50%41).jpg"
    shutil.copy(issue.parent / "photos" / "keynotes.jpg", issue.parent / odd)
    data = json.loads(issue.read_text(encoding="utf-8"))
    data["articles"][0]["body"].append({"photo": odd, "caption": "会场"})
    issue.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with_odd = render_pdf(load_issue(issue), issue.parent)
    assert image_count(with_odd.data) == image_count(sample_pdf.read_bytes()) + 1


def image_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return sum(
            isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
            for o in document.objects
        )
