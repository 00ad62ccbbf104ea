"""A page of a PDF as a picture, for the preview (and anything else that shows pages)."""

from __future__ import annotations

import io

import pypdfium2


def page_png(pdf_bytes: bytes, index: int, width_px: int) -> bytes:
    """Page `index` (0-based) of the PDF as a PNG `width_px` pixels wide."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        page = document[index]
        image = page.render(scale=width_px / page.get_width()).to_pil()
        buffer = io.BytesIO()
        # Fast compression: the preview shows pages within a second of a save.
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    finally:
        document.close()
