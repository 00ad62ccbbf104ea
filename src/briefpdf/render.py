"""From a validated issue to PDF bytes: fill the layout's template, let WeasyPrint set it.

The renderer sees only three places: the layout's folder, the bundled fonts (through
fontconfig, which `briefpdf.paths` points at `fonts/fonts.conf` before WeasyPrint
loads) and the issue's own folder, which is reached under the fixed URL scheme
`issue:` so that where the issue lies on disk never changes the PDF.
"""

from __future__ import annotations

import functools
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import jinja2
import weasyprint
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from briefpdf import font_embedding, typography
from briefpdf.model import Issue, Photo
from briefpdf.paths import LAYOUTS_DIR

ISSUE_SCHEME = "issue:"


class SandboxedFetcher(URLFetcher):
    """Lets the renderer read the layout's files and the issue's folder, nothing else.

    Any other URL (file://, http(s)://, data: …) fails the build instead of being
    fetched: an issue file received by e-mail must not reach the disk or the network.
    """

    def __init__(self, layout_dir: Path, issue_dir: Path) -> None:
        super().__init__(fail_on_errors=True)
        self._roots = {"layout:": layout_dir.resolve(), ISSUE_SCHEME: issue_dir.resolve()}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        for scheme, root in self._roots.items():
            if url.startswith(scheme):
                path = (root / unquote(url.removeprefix(scheme))).resolve()
                if not path.is_relative_to(root):
                    break
                mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})
        raise PermissionError(f"briefpdf does not fetch {url!r}")


class Layout:
    """A layout folder (`layouts/NAME/`): its Jinja2 template and its parsed stylesheet."""

    def __init__(self, name: str) -> None:
        self.directory = LAYOUTS_DIR / name
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.directory),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        environment.filters["typeset"] = typography.typeset
        self.template = environment.get_template("template.html")
        self.font_config = FontConfiguration()
        # Parsed once per process: batch builds and the preview render many issues.
        self.stylesheet = weasyprint.CSS(
            filename=self.directory / "style.css",
            url_fetcher=SandboxedFetcher(self.directory, self.directory),
            font_config=self.font_config,
        )


@functools.cache
def load_layout(name: str) -> Layout:
    return Layout(name)


def photo_url(photo: Photo) -> str:
    """The URL under which the renderer reads a photo of the issue's folder."""
    return ISSUE_SCHEME + photo.photo.replace("\\", "/")


def render_html(issue: Issue) -> str:
    layout = load_layout(issue.layout)
    photos = [b for article in issue.articles for b in article.body if isinstance(b, Photo)]
    return layout.template.render(issue=issue, photo_urls={p.photo: photo_url(p) for p in photos})


class RenderError(Exception):
    """WeasyPrint could not typeset the issue; the message says why."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def has_fast_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (under 1 s) rather than fontTools (~20 s)."""
    return harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0)


def render_pdf(issue: Issue, issue_dir: Path) -> RenderedPdf:
    """Typeset the issue; photos are read from `issue_dir`."""
    layout = load_layout(issue.layout)
    try:
        document = weasyprint.HTML(
            string=render_html(issue),
            base_url=ISSUE_SCHEME,
            url_fetcher=SandboxedFetcher(layout.directory, issue_dir),
        ).render(stylesheets=[layout.stylesheet], font_config=layout.font_config)
        # The finisher drops the empty glyph slots WeasyPrint's font subsets keep.
        pdf = document.write_pdf(finisher=font_embedding.compact_fonts)
        return RenderedPdf(pdf, len(document.pages))
    except FatalURLFetchingError as error:
        raise RenderError(str(error.__cause__ or error)) from error
