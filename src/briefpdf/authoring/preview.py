"""`briefpdf preview`: the issue's pages as they will print, live in the browser.

One process does everything. The main thread watches the issue's folder and `layouts/`
and rebuilds after each burst of saves, one build at a time, reusing the layout and fonts
WeasyPrint has already loaded. A small HTTP server on 127.0.0.1 (its own threads) serves
the latest result: the pages as PNG pictures, or the table of problems. The page in the
browser polls a version counter and swaps in the new result when it changes.

The server answers only requests addressed to it by name, `127.0.0.1:PORT` or
`localhost:PORT` in the Host header. A web page open in the officer's browser can point a
name of its own at 127.0.0.1 (DNS rebinding) and so reach this port as its own site;
its requests then carry that name, and are refused. No CORS header lets another site in.
"""

from __future__ import annotations

import errno
import hashlib
import mimetypes
import re
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import watchfiles
from rich.console import Console
from rich.markup import escape

from briefpdf.engine import render
from briefpdf.engine.pages import page_images, png
from briefpdf.issue.loader import load_issue
from briefpdf.issue.problems import IssueProblems
from briefpdf.messages import Lang, say, shown, write_error_log
from briefpdf.paths import LAYOUTS_DIR

PAGE_WIDTH_PX = 1100  # more than the 800 px a page is shown at, for zooming; still quick
# Changes closer together than STEP_MS are one burst (an editor's "save all", a copied
# folder of photos); a burst that goes on is cut after DEBOUNCE_MS so the preview keeps up.
STEP_MS = 50
DEBOUNCE_MS = 500

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent),
    autoescape=True,  # problems quote the issue file, which may contain anything
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Snapshot:
    """One result of building the issue: its pages, or what went wrong. Never changed."""

    version: int
    pages: tuple[str, ...] = ()  # each page's key in `images`
    images: dict[str, bytes] = field(default_factory=dict)  # PNGs, keyed by their pixels
    heading: str = ""  # set when there are no pages: what went wrong
    rows: tuple[tuple[str, str, str, str], ...] = ()  # where, line:column, found, what to do
    notes: tuple[str, ...] = ()  # what the layout did (a photo moved, a page ending short)
    built_at: str = ""


class InputsFilter(watchfiles.DefaultFilter):
    """The changes that can change the pages: the issue file, pictures in its folder, layouts.

    Other files there are left alone: another issue beside this one, a PDF just built, or
    this command's own output redirected into the folder (which would rebuild forever).
    """

    def __init__(self, issue_file: Path) -> None:
        super().__init__()  # also skips editors' swap and backup files
        self.issue_file = issue_file.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        return super().__call__(change, path) and (
            changed == self.issue_file
            or changed.is_relative_to(LAYOUTS_DIR)
            or (mimetypes.guess_type(changed.name)[0] or "").startswith("image/")
        )


class Preview:
    """Builds the issue whenever asked; the latest `snapshot` is what the server shows."""

    def __init__(self, issue_file: Path, lang: Lang, console: Console) -> None:
        self.issue_file = issue_file
        self.lang = lang
        self.console = console
        # Replaced whole by the builder and read by the server's threads: no lock needed.
        self.snapshot = Snapshot(version=0)

    def rebuild(self) -> None:
        started = time.monotonic()
        version = self.snapshot.version + 1
        built_at = time.strftime("%H:%M:%S")
        try:
            issue = load_issue(self.issue_file)
            pdf = render.render_pdf(issue, self.issue_file.parent)
            pages, images = self.pictures(pdf.data)
            notes = tuple(note.text(self.lang) for note in pdf.notes)
            snapshot = Snapshot(version, pages, images, notes=notes, built_at=built_at)
            seconds = f"{time.monotonic() - started:.2f}"
            note = say("preview_updated", self.lang, pages=pdf.pages, seconds=seconds)
        except IssueProblems as error:
            heading = say("preview_problems", self.lang, path=error.path, count=len(error.problems))
            snapshot = Snapshot(
                version, heading=heading, rows=tuple(error.rows(self.lang)), built_at=built_at
            )
            note = heading
        except render.RenderError as error:
            note = say("render_failed", self.lang, detail=error.message)
            snapshot = Snapshot(version, heading=note, built_at=built_at)
        except Exception:
            # A bug must not end the preview: the next save may well build again.
            note = say("internal_error", self.lang, log=write_error_log())
            snapshot = Snapshot(version, heading=note, built_at=built_at)
        self.snapshot = snapshot
        self.console.print(f"[dim]{built_at}[/dim] {escape(note)}", highlight=False)

    def pictures(self, pdf: bytes) -> tuple[tuple[str, ...], dict[str, bytes]]:
        """The pages as PNGs, keyed by their pixels.

        An edit usually changes a page or two: the others keep their key, so they are not
        compressed again here, nor fetched and decoded again by the browser.
        """
        known = self.snapshot.images
        pages, images = [], {}
        for image in page_images(pdf, PAGE_WIDTH_PX):
            key = hashlib.sha256(image.tobytes()).hexdigest()[:32]
            if key not in images:
                images[key] = known.get(key) or png(image)
            pages.append(key)
        return tuple(pages), images

    def watch(self) -> None:
        """Build now, then after every burst of changes, until Ctrl-C."""
        self.rebuild()
        for changes in watchfiles.watch(
            self.issue_file.parent.resolve(),
            LAYOUTS_DIR,
            watch_filter=InputsFilter(self.issue_file),
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
        ):
            if any(Path(path).is_relative_to(LAYOUTS_DIR) for _, path in changes):
                render.load_layout.cache_clear()  # the layout is cached per process
            self.rebuild()

    def page(self) -> str:
        return _templates.get_template("preview.html").render(
            snapshot=self.snapshot,
            issue_file=shown(str(self.issue_file)),
            issue_name=shown(self.issue_file.name),
            lang=self.lang,
            say=lambda code, **values: say(code, self.lang, **values),
        )


_PAGE_PNG = re.compile(r"/pages/(\w+)\.png")


class _Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        preview = self.server.preview
        port = self.server.server_address[1]
        hosts = [host.lower() for host in self.headers.get_all("Host", [])]
        if hosts not in ([f"127.0.0.1:{port}"], [f"localhost:{port}"]):
            said = say("preview_wrong_host", preview.lang, url=f"http://127.0.0.1:{port}/")
            self._send(said.encode(), "text/plain; charset=utf-8", status=HTTPStatus.FORBIDDEN)
            return
        images = preview.snapshot.images  # read once: a rebuild may replace the snapshot
        path = urlsplit(self.path).path
        if path == "/":
            self._send(preview.page().encode(), "text/html; charset=utf-8")
        elif path == "/version":
            self._send(str(preview.snapshot.version).encode(), "text/plain")
        elif (match := _PAGE_PNG.fullmatch(path)) and match[1] in images:
            # A page's URL names its pixels, so a browser may keep it for good.
            self._send(images[match[1]], "image/png", "max-age=31536000, immutable")
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(
        self,
        body: bytes,
        content_type: str,
        cache: str = "no-store",
        status: HTTPStatus = HTTPStatus.OK,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the console shows rebuilds, not every request of the polling page


class Server(ThreadingHTTPServer):
    # A browser asks for all the pages at once; the default queue of 5 may drop some
    # connections, which the browser retries only after a second.
    request_queue_size = 64

    def __init__(self, port: int, preview: Preview) -> None:
        self.preview = preview
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # Instead of a traceback on the console. A browser that left mid-answer is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            self.preview.console.print(
                say("internal_error", self.preview.lang, log=write_error_log())
            )


def listen(port: int, preview: Preview) -> Server:
    """A server on `port` of 127.0.0.1 only, or on a free port if that one is taken."""
    try:
        return Server(port, preview)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
    server = Server(0, preview)
    preview.console.print(
        say("preview_port_busy", preview.lang, port=port, other=server.server_address[1])
    )
    return server


def serve(preview: Preview, server: Server, open_browser: bool) -> None:
    """Serve the live preview until Ctrl-C or SIGTERM (which the caller turns into Ctrl-C)."""
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    try:
        # Not wrapped: a terminal keeps a long URL clickable, and scripts find it on one line.
        message = say("preview_url", preview.lang, url=url)
        preview.console.print(f"[green]{message}", highlight=False, soft_wrap=True)
        if open_browser:
            webbrowser.open(url)
        preview.watch()
    except KeyboardInterrupt:
        # A second Ctrl-C while stopping must not turn into a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    finally:
        server.shutdown()
        server.server_close()  # the port is free again once this returns
    preview.console.print(say("preview_stopped", preview.lang))
