"""The pages of a PDF as pictures: for the preview, and page 1 for an e-mail or WeChat post."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

# 1240 px is an A4 page at 150 dpi: sharp on a phone, small enough to mail.
WIDTH_PX = 1240
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def page_images(pdf_bytes: bytes, width_px: int) -> Iterator[Image.Image]:
    """Each page of the PDF, in order, as a picture `width_px` pixels wide."""
    import pypdfium2  # here: only the preview and --png draw pages

    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        for page in document:
            yield page.render(scale=width_px / page.get_width()).to_pil()
    finally:
        document.close()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Fast compression: the preview shows pages within a second of a save.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def png_path(pdf_path: Path) -> Path:
    """The picture goes next to the PDF, under the same name: 简报-2023年第1期.png."""
    return pdf_path.with_suffix(".png")


def first_page_png(pdf: bytes) -> bytes:
    """Page 1 of the PDF as PNG bytes, WIDTH_PX wide, with the page's aspect ratio."""
    with contextlib.closing(page_images(pdf, WIDTH_PX)) as pages:
        return png(next(pages))
