"""Photos prepared for the PDF on the other cores while WeasyPrint paints the pages.

WeasyPrint prepares each photo for the PDF (resampled to the `dpi` of the e-mail copy,
re-encoded) only once it has painted every page and embedded the fonts, one photo after
the other: a fifth of a rebuild of the sample, over half a second for 40 photos. Pillow
lets other threads run while it decodes, resizes and encodes, so each photo is prepared
in a thread as soon as a page draws it, and WeasyPrint takes the result when it writes
the photo.

The work done is WeasyPrint's own (`RasterImage.get_x_object`), on a copy of the photo
that shares none of what the call changes, so the PDF holds the bytes WeasyPrint would
have written itself, and WeasyPrint's own call remains the fallback.
"""

from __future__ import annotations

import copy
import functools
import os
from concurrent.futures import Future, ThreadPoolExecutor

import pydyf
from weasyprint.images import RasterImage
from weasyprint.pdf.stream import Stream

_prepare = RasterImage.get_x_object  # WeasyPrint's own
_register = Stream.add_image


@functools.cache
def _threads() -> ThreadPoolExecutor:
    # Made on first use, in the process that renders: not in a forkserver before it forks.
    return ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="briefpdf-photo")


def _prepare_copy(image: RasterImage, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
    # get_x_object replaces the photo's data, and stores it in the document's image
    # cache under the key of the original: the copy gets its own data and cache.
    image = copy.copy(image)
    image._cache = dict(image._cache)
    return _prepare(image, interpolate, dpi_ratio)


def _add_image(stream: Stream, image: object, interpolate: bool, ratio: float) -> str:
    name = _register(stream, image, interpolate, ratio)
    if isinstance(image, RasterImage) and "briefpdf_prepared" not in image.__dict__:
        image.briefpdf_prepared = (
            interpolate,
            ratio,
            _threads().submit(_prepare_copy, image, interpolate, ratio),
        )
    return name


def _get_x_object(image: RasterImage, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
    # Taken once: a document written twice prepares its photos again, as WeasyPrint does.
    prepared: tuple[bool, float, Future[pydyf.Stream]] | None
    prepared = image.__dict__.pop("briefpdf_prepared", None)
    # A photo drawn twice, at different sizes, is written once, for the larger.
    if prepared and prepared[:2] == (interpolate, dpi_ratio):
        return prepared[2].result()
    return _prepare(image, interpolate, dpi_ratio)


def install() -> None:
    """Make WeasyPrint prepare photos in threads; called once before rendering.

    The extension points are the method by which a page registers a photo it draws
    (`Stream.add_image`) and the one by which the PDF writer gets it (`get_x_object`).
    """
    Stream.add_image = _add_image
    RasterImage.get_x_object = _get_x_object
