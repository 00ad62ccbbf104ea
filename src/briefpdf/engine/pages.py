"""The pages of a PDF as pictures, for the preview (and anything else that shows pages)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image


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
