"""A picture of page 1 of a built PDF, for the body of an e-mail or a WeChat post."""

from __future__ import annotations

import contextlib
from pathlib import Path

from briefpdf.engine.pages import page_images, png

# 1240 px is an A4 page at 150 dpi: sharp on a phone, small enough to mail.
WIDTH_PX = 1240
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_path(pdf_path: Path) -> Path:
    """The picture goes next to the PDF, under the same name: 简报-2023年第1期.png."""
    return pdf_path.with_suffix(".png")


def first_page_png(pdf: bytes) -> bytes:
    """Page 1 of the PDF as PNG bytes, WIDTH_PX wide, with the page's aspect ratio."""
    with contextlib.closing(page_images(pdf, WIDTH_PX)) as pages:
        return png(next(pages))
