"""From a validated issue to PDF bytes: fill the layout's template, let WeasyPrint set it.

The renderer sees only three places: the layout's folder, the bundled fonts (through
fontconfig, which `briefpdf.paths` points at `fonts/fonts.conf` before WeasyPrint
loads) and the issue's own folder, which is reached under the fixed URL scheme
`issue:` so that where the issue lies on disk never changes the PDF.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2
import pydyf

from briefpdf import __version__
from briefpdf.engine.profiles import Profile, finish_archive, weasyprint_options
from briefpdf.issue.model import Issue, Photo
from briefpdf.messages import Message, MessageError
from briefpdf.paths import LAYOUTS_DIR, weasyprint_libraries_found_fast

with weasyprint_libraries_found_fast():
    import weasyprint
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from briefpdf.engine import (
        font_embedding,
        latin,
        placement,
        resampling,
        tagging,
        text_layer,
        typography,
    )

ISSUE_SCHEME = "issue:"
# briefpdf replaces functions of this WeasyPrint (pinned in pyproject.toml) by its own.
WEASYPRINT_VERSION = "70.0"


def extend_weasyprint() -> None:
    """Install briefpdf's extensions of WeasyPrint: justification between characters
    (typography), photos prepared in threads (resampling), font subsets kept for the
    process (font_embedding), the text of complex scripts as written (text_layer),
    structure elements that know their HTML element (tagging). Each replaces a function
    of WeasyPrint 70.0."""
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise RuntimeError(
            f"briefpdf extends WeasyPrint {WEASYPRINT_VERSION}"
            f" and is not known to work with WeasyPrint {weasyprint.__version__}"
        )
    typography.install()
    resampling.install()
    font_embedding.install()
    tagging.install()
    text_layer.install()


extend_weasyprint()
# Python's cycle collector runs less often in a process that renders. A render makes
# hundreds of thousands of boxes and styles that live until it ends, and at the default
# threshold (a collection every 700 new objects) the collector went over them again and
# again: a tenth of the time of a build. These thresholds are mypy's, which allocates in
# the same pattern; the peak memory of a build grows by about 10%.
gc.set_threshold(200_000, 30, 30)


class SandboxedFetcher(URLFetcher):
    """Lets the renderer read the layout's files and the issue's folder, nothing else.

    Any other URL (file://, http(s)://, data: …) fails the build instead of being
    fetched: an issue file received by e-mail must not reach the disk or the network.
    """

    def __init__(self, layout_dir: Path, issue_dir: Path) -> None:
        super().__init__(fail_on_errors=True)
        self._roots = {"layout:": layout_dir.resolve(), ISSUE_SCHEME: issue_dir.resolve()}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        # A RenderError raised here stops the rendering (fail_on_errors) and reaches
        # render_pdf as the cause of WeasyPrint's FatalURLFetchingError.
        for scheme, root in self._roots.items():
            if url.startswith(scheme):
                path = (root / unquote(url.removeprefix(scheme))).resolve()
                if not path.is_relative_to(root):
                    break
                mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                try:
                    data = path.read_bytes()
                except OSError:
                    raise RenderError(Message("render_resource_failed", {"url": url})) from None
                return URLFetcherResponse(url, data, {"Content-Type": mime_type})
        raise RenderError(Message("render_refused", {"url": url}))


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
        # Written into the PDF as its Creator; no other run-dependent value may be.
        environment.globals["generator"] = f"briefpdf {__version__}"
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
    """The URL under which the renderer reads a photo of the issue's folder.

    Quoted, so that the fetcher reads exactly the file the checks looked at: a "#", "?"
    or "%41" in a file name is part of the name, not of the URL.
    """
    return ISSUE_SCHEME + quote(photo.photo.replace("\\", "/"))


def render_html(issue: Issue, order: placement.Order) -> str:
    """The layout's template filled with the issue, its bodies' blocks set in `order`."""
    layout = load_layout(issue.layout)
    photos = [b for article in issue.articles for b in article.body if isinstance(b, Photo)]
    return layout.template.render(
        issue=issue,
        bodies=placement.blocks_in_order(issue.articles, order),
        photo_urls={p.photo: photo_url(p) for p in photos},
        photo_id=placement.photo_id,
    )


class RenderError(MessageError):
    """WeasyPrint could not typeset the issue; `message` says why, in the user's words."""


class _Faults(logging.Handler):
    """Collects WeasyPrint's reports that mean the PDF would be wrong.

    WeasyPrint only logs a missing glyph (it draws the .notdef box) or an image it
    could not load (it leaves a hole). Both become errors; its other warnings, about
    CSS it ignores, are the layout's business and stay silent. The texts matched are
    those of WeasyPrint 70.0, which pyproject.toml pins.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing_glyphs: dict[str, None] = {}  # ordered, without repeats
        self.failed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg)
        if text.startswith(".notdef glyph rendered"):
            char, codepoint = record.args
            self.missing_glyphs[f"“{char}” (U+{codepoint:04X})"] = None
        elif text.startswith(("Failed to load", "Failed to render")):
            self.failed.append(str(record.args[0] if record.args else text))

    def raise_first(self) -> None:
        if self.missing_glyphs:
            chars = ", ".join(self.missing_glyphs)
            raise RenderError(Message("render_missing_glyph", {"chars": chars}))
        if self.failed:
            raise RenderError(Message("render_resource_failed", {"url": self.failed[0]}))


@contextlib.contextmanager
def _faults_raised() -> Iterator[None]:
    faults = _Faults()
    LOGGER.addHandler(faults)
    try:
        yield
    finally:
        LOGGER.removeHandler(faults)
    faults.raise_first()


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    notes: tuple[Message, ...] = ()  # what the layout did (placement.layout_notes)


def has_fast_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (under 1 s) rather than fontTools (~20 s)."""
    return harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0)


Render = Callable[[placement.Order, typography.Plans, latin.Plans], weasyprint.Document]


def _set_well(issue: Issue, render: Render) -> tuple[weasyprint.Document, placement.Order]:
    """The issue set, then set again while it can be set better, in as few renders as
    can be (a render is most of a build's time): photos that leave a gap at the foot of
    a page move down (briefpdf.engine.placement); Chinese paragraphs with a line left
    loose by a Latin word are set again (briefpdf.engine.typography); English paragraphs
    are broken as wholes (briefpdf.engine.latin). All are found in the same render and
    applied in the next, since a paragraph's lines do not depend on where it falls. A plan
    for a Chinese paragraph is tried once, and kept if it sets it better. Once the photos
    have settled, an English paragraph with a hyphen at the foot of a page is broken again.
    Returns the document and the order its blocks were set in.
    """
    order, plans, latin_plans = placement.issue_order(issue.articles), {}, {}
    document = render(order, plans, latin_plans)
    planned = latin.plans(document, latin_plans)
    tried: set[tuple[str, typography.Plan]] = set()
    stale = False  # `document` was set with plans that are not kept
    for round_ in range(typography.MAX_ROUNDS):
        moved = order
        if round_ < placement.MAX_ROUNDS:
            photos = placement.photos_after_gaps(document)
            moved = placement.moved_down(issue.articles, order, photos)
        pending = {
            text: plan
            for text, plan in typography.better_plans(document, plans).items()
            if (text, plan) not in tried
        }
        if moved == order and not pending and not stale and planned == latin_plans:
            break
        tried.update(pending.items())
        trial = render(moved, plans | pending, planned)
        kept = typography.improving_plans(document, trial, pending) if pending else {}
        stale, plans = kept != pending, plans | kept
        order, document, latin_plans = moved, trial, planned
        planned = latin.plans(document, latin_plans)
    if stale:
        document = render(order, plans, latin_plans)
        planned = latin.plans(document, latin_plans)
    for _ in range(latin.MAX_ROUNDS):
        if planned == latin_plans:
            break
        latin_plans = planned
        document = render(order, plans, latin_plans)
        planned = latin.plans(document, latin_plans)
    return document, order


def _finisher(profile: Profile) -> Callable[[weasyprint.Document, pydyf.PDF], None]:
    """What is done to WeasyPrint's PDF before it is written: the embedded CJK fonts lose
    the empty glyph slots of WeasyPrint's subsets, the structure tree is mended (joined
    across page breaks, with each element's language), then the archive's corrections."""

    def finish(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        font_embedding.compact_fonts(document, pdf)
        tagging.mend_tags(document, pdf)
        if profile == Profile.ARCHIVE:
            finish_archive(document, pdf)

    return finish


def render_pdf(issue: Issue, issue_dir: Path, profile: Profile = Profile.EMAIL) -> RenderedPdf:
    """Typeset the issue as the PDF of `profile` (see briefpdf.engine.profiles).

    Photos (and, for the archive, the sources to embed) are read from `issue_dir`. The
    result depends on the issue, its photos and the layout only: two calls give the same bytes.
    """
    layout = load_layout(issue.layout)
    options = weasyprint_options(profile, issue, issue_dir)

    def render(
        order: placement.Order, plans: typography.Plans, latin_plans: latin.Plans
    ) -> weasyprint.Document:
        texts = {paragraph: plan.text for paragraph, plan in latin_plans.items() if plan.text}
        with typography.plans_applied(plans), typography.latin_plans_applied(texts):
            html = render_html(issue, order)
        return weasyprint.HTML(
            string=html,
            base_url=ISSUE_SCHEME,
            url_fetcher=SandboxedFetcher(layout.directory, issue_dir),
        ).render(
            stylesheets=[typography.STYLESHEET, layout.stylesheet],
            font_config=layout.font_config,
            **options,
        )

    try:
        with _faults_raised():
            document, order = _set_well(issue, render)
            notes = tuple(placement.layout_notes(issue.articles, order, document))
            data = document.write_pdf(finisher=_finisher(profile), **options)
    except FatalURLFetchingError as error:
        if isinstance(error.__cause__, RenderError):
            raise error.__cause__ from None
        raise
    return RenderedPdf(data, len(document.pages), notes)
