"""`briefpdf preview` as a user runs it: a real server process, real saves, a real browser."""

from __future__ import annotations

import http.client
import io
import json
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import briefpdf, require_program
from PIL import Image
from playwright.sync_api import Browser, expect, sync_playwright
from pypdf import PdfReader

BRIEFPDF = [sys.executable, "-m", "briefpdf"]
# As root, and without the background services that wait on a network this machine lacks.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
A4_RATIO = 297 / 210
PARAGRAPH = "澜湄六国在生态环境保护与应对气候变化等领域开展了诸多务实合作。" * 12


@dataclass
class RunningPreview:
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)  # stdout, line by line, as it comes
    url: str = ""

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def version(self) -> int:
        return int(self.get("/version")[1])

    def wait_for_version(self, newer_than: int, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while (version := self.version()) <= newer_than:
            assert time.monotonic() < deadline, f"no rebuild in {timeout} s: {self.output}"
            time.sleep(0.05)
        return version


@contextmanager
def running_preview(issue: Path, port: int = 0) -> Iterator[RunningPreview]:
    """`briefpdf preview ISSUE --no-browser` in its own process, until the block ends."""
    process = subprocess.Popen(
        [*BRIEFPDF, "preview", str(issue), "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"BRIEFPDF_LANG": "en", "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    preview = RunningPreview(process)
    assert process.stdout is not None
    threading.Thread(target=lambda: preview.output.extend(process.stdout), daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while not preview.url:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, f"no URL printed: {preview.output}"
            found = re.search(r"http://127\.0\.0\.1:\d+/", "".join(preview.output))
            preview.url = found[0] if found else ""
            time.sleep(0.05)
        yield preview
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def hang_up(url: str) -> None:
    """Connect, then drop the connection at once (a reset, as a closed browser tab does)."""
    host, port = url.removeprefix("http://").strip("/").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def with_paragraphs(issue: Path, count: int) -> str:
    data = json.loads(issue.read_text(encoding="utf-8"))
    data["articles"][0]["body"].extend([PARAGRAPH] * count)
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_the_server_shows_pages_then_problems_then_pages_again(make_issue, sample_pdf) -> None:
    issue = make_issue()
    sample_text = issue.read_text(encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy_port = taken.getsockname()[1]
        with running_preview(issue, port=busy_port) as preview:
            assert f":{busy_port}/" not in preview.url
            assert f"Port {busy_port} is in use" in "".join(preview.output)

            version = preview.wait_for_version(0)
            status, html = preview.get("/")
            assert status == 200
            pages = re.findall(r'<img class="page" src="(/pages/\w+\.png)"', html.decode())
            assert len(pages) == page_count(sample_pdf)
            for page in pages:
                status, png = preview.get(page)
                assert status == 200
                width, height = Image.open(io.BytesIO(png)).size
                assert height / width == pytest.approx(A4_RATIO, rel=0.01)
            assert preview.get("/pages/0123.png")[0] == 404
            assert preview.get("/elsewhere")[0] == 404
            for _ in range(3):  # browsers that give up on a request are no error
                hang_up(preview.url)

            # A longer article: more pages, and the first page's picture is kept as it was.
            issue.write_text(with_paragraphs(issue, 12), encoding="utf-8")
            version = preview.wait_for_version(version)
            longer = re.findall(
                r'<img class="page" src="(/pages/\w+\.png)"', preview.get("/")[1].decode()
            )
            assert len(longer) > len(pages)
            assert longer[0] == pages[0]

            # A mistake shows the table of `check`, with the issue's text escaped.
            data = json.loads(sample_text)
            data["<script>alert(1)</script>"] = 1
            issue.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            version = preview.wait_for_version(version)
            html = preview.get("/")[1].decode()
            assert "<img" not in html.split("<main")[1].split("</main>")[0]
            assert "Unknown key" in html
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
            assert "<script>alert(1)" not in html
            assert re.search(r"<td>1:\d+</td>", html)
            assert preview.get(pages[0])[0] == 404  # only the pages now shown are served

            issue.write_text(sample_text, encoding="utf-8")
            preview.wait_for_version(version)
            assert f'src="{pages[0]}"' in preview.get("/")[1].decode()
    assert preview.process.stderr is not None
    errors = preview.process.stderr.read()
    assert "Traceback" not in errors
    assert "Exception" not in errors


def test_a_burst_of_saves_is_one_rebuild_and_other_files_none(make_issue) -> None:
    issue = make_issue()
    with running_preview(issue) as preview:
        first = preview.wait_for_version(0)
        for _ in range(20):
            issue.write_text(issue.read_text(encoding="utf-8"), encoding="utf-8")
            time.sleep(0.01)
        preview.wait_for_version(first)
        time.sleep(3)  # until the last rebuild is done
        version = preview.version()
        assert version - first <= 3  # not 20: a rebuild takes what came in meanwhile

        (issue.parent / "notes.txt").write_text("not part of the issue", encoding="utf-8")
        make_issue(name="another-issue.json")
        time.sleep(1.5)
        assert preview.version() == version
        (issue.parent / "photos" / "roundtable.jpg").touch()  # a photo is part of it
        preview.wait_for_version(version)


@pytest.mark.parametrize(
    ("stop", "while_typesetting"),
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGTERM, True)],
    ids=["SIGTERM", "Ctrl-C", "SIGTERM-while-typesetting"],
)
def test_a_signal_stops_the_preview_cleanly(
    make_issue, stop: signal.Signals, while_typesetting: bool
) -> None:
    issue = make_issue()
    with running_preview(issue) as preview:
        preview.wait_for_version(0)
        port = int(preview.url.rsplit(":", 1)[1].strip("/"))
        if while_typesetting:
            issue.write_text(with_paragraphs(issue, 30), encoding="utf-8")
            time.sleep(0.3)
        preview.process.send_signal(stop)
        assert preview.process.wait(timeout=30) == 0
        assert "Traceback" not in (preview.process.stderr.read() if preview.process.stderr else "")
    assert "The preview has stopped." in "".join(preview.output)
    with socket.socket() as again:  # the port is free for the next preview
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        again.bind(("127.0.0.1", port))


def test_preview_of_a_missing_file_says_so(tmp_path: Path) -> None:
    result = briefpdf("preview", str(tmp_path / "nope.json"), "--no-browser")
    assert result.returncode == 3
    assert "There is no file" in result.stderr


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    chromium = require_program("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_the_browser_follows_every_save(
    chromium: Browser, make_issue: Callable[..., Path], sample_pdf: Path
) -> None:
    issue = make_issue()
    sample_text = issue.read_text(encoding="utf-8")
    pages = page_count(sample_pdf)
    all_loaded = """n => { const images = [...document.querySelectorAll("img.page")];
        return images.length == n && images.every(i => i.complete && i.naturalWidth > 0); }"""
    with running_preview(issue) as preview:
        tab = chromium.new_page()
        tab.goto(preview.url)
        tab.wait_for_function(all_loaded, arg=pages, timeout=60_000)
        sizes = tab.eval_on_selector_all(
            "img.page", "images => images.map(i => i.naturalHeight / i.naturalWidth)"
        )
        assert sizes == pytest.approx([A4_RATIO] * pages, rel=0.01)
        tab.evaluate("window.neverReloaded = true")  # gone if the page were reloaded

        issue.write_text(with_paragraphs(issue, 12), encoding="utf-8")
        tab.wait_for_function(
            "n => document.querySelectorAll('img.page').length > n", arg=pages, timeout=30_000
        )
        assert tab.evaluate("window.neverReloaded")

        issue.write_text(sample_text.replace('"year": 2023,', '"year": 2023,,'), encoding="utf-8")
        problems = tab.get_by_role("alert")
        expect(problems).to_be_visible(timeout=30_000)
        expect(problems).to_contain_text("A key in double quotes is expected here")
        expect(problems).to_contain_text("has 1 problem(s)")
        expect(tab.locator("img.page")).to_have_count(0)

        issue.write_text(sample_text, encoding="utf-8")
        tab.wait_for_function(all_loaded, arg=pages, timeout=30_000)
        expect(problems).to_have_count(0)
        assert tab.evaluate("window.neverReloaded")

        # Without a save, nothing is swapped in again: the shown pages stay as they are.
        expect(tab.locator("#status")).to_contain_text(f"{pages} page(s), updated")
        shown = tab.query_selector("#content")
        time.sleep(1)
        assert shown is not None and shown.evaluate("content => content.isConnected")

        preview.process.send_signal(signal.SIGINT)
        expect(tab.locator("#status")).to_have_text("The preview has stopped.")


@dataclass
class Answer:
    status: int
    headers: list[str]  # their names
    content_type: str
    body: bytes


def ask(url: str, path: str, hosts: list[str]) -> Answer:
    """GET `path` from the preview at `url` with these Host headers (none, one, or more)."""
    host, port = url.removeprefix("http://").strip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        for value in hosts:
            connection.putheader("Host", value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return Answer(
        response.status, list(response.headers), response.getheader("Content-Type", ""), body
    )


def no_cors(answer: Answer) -> bool:
    return not [name for name in answer.headers if name.lower().startswith("access-control-")]


def test_the_preview_answers_only_requests_addressed_to_it(make_issue) -> None:
    issue = make_issue()
    with running_preview(issue) as preview:
        port = preview.url.removeprefix("http://127.0.0.1:").strip("/")
        preview.wait_for_version(0)
        page = ask(preview.url, "/", [f"127.0.0.1:{port}"]).body.decode()
        pages = re.findall(r"/pages/\w+\.png", page)
        assert pages
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}"):
            for path in ("/", "/version", pages[0]):
                answer = ask(preview.url, path, [host])
                assert answer.status == 200, (host, path)
                assert no_cors(answer)
        assert ask(preview.url, pages[0], [f"localhost:{port}"]).body.startswith(b"\x89PNG")

        refused = [
            [f"rebound.example.com:{port}"],  # a web page's own name, pointed at 127.0.0.1
            ["rebound.example.com"],
            [],  # no Host at all
            [f"127.0.0.1:{int(port) + 1}"],  # another port: another server's name
            ["127.0.0.1"],
            [f"[::1]:{port}"],
            [f"127.0.0.1:{port}", f"rebound.example.com:{port}"],
        ]
        for hosts in refused:
            for path in ("/", "/version", pages[0], "/missing"):
                answer = ask(preview.url, path, hosts)
                assert answer.status == 403, (hosts, path)
                assert answer.content_type == "text/plain; charset=utf-8"
                assert answer.body.decode() == (
                    "This preview answers only requests made to this computer's address. "
                    f"Open http://127.0.0.1:{port}/ in the browser."
                )
                assert no_cors(answer)


def test_the_problem_page_shows_an_override_by_its_code_point(make_issue) -> None:
    data = json.loads(make_issue().read_text(encoding="utf-8"))
    data["articles"][0]["body"][0] = "前文\u202eevil后文"
    issue = make_issue(raw=json.dumps(data, ensure_ascii=False))
    with running_preview(issue) as preview:
        preview.wait_for_version(0)
        page = preview.get("/")[1].decode()
    assert "The text holds invisible control characters (U+202E)" in page
    assert "前文&lt;U+202E&gt;evil后文" in page
    assert "\u202e" not in page
