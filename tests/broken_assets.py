"""The files of the broken-issue cases that are made at test time, never committed:
an issue file of several hundred MB, and photos that are enormous, damaged or not photos."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from helpers import ROOT
from PIL import Image

BROKEN = Path(__file__).parent / "broken"
SAMPLE_PHOTO = ROOT / "issues" / "photos" / "keynotes.jpg"


def _sparse(path: Path, size: int) -> None:
    # A sparse file: as large as asked for, without using the disk.
    with path.open("wb") as file:
        file.truncate(size)


def enormous_png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` pixels, without those pixels' memory."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def make_broken_folder(folder: Path) -> Path:
    """tests/broken/ copied into `folder`, with the generated files. `folder`'s parent
    holds secret.jpg, a photo outside the issue's folder."""
    folder.mkdir(parents=True)
    for case in BROKEN.iterdir():
        (folder / case.name).write_bytes(case.read_bytes())
    _sparse(folder / "several-hundred-mb.json", 300_000_000)
    (folder.parent / "secret.jpg").write_bytes(SAMPLE_PHOTO.read_bytes())

    photos = folder / "photos"
    photos.mkdir()
    (photos / "notes.jpg").write_text("会议记录：……", encoding="utf-8")
    photo = SAMPLE_PHOTO.read_bytes()
    (photos / "truncated.jpg").write_bytes(photo[: len(photo) // 2])
    (photos / "enormous.png").write_bytes(enormous_png(30_000, 30_000))
    _sparse(photos / "heavy.jpg", 60_000_000)
    Image.new("RGB", (8, 8), "red").save(photos / "animation.gif")
    (photos / "vector.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="file:///etc/passwd" width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (photos / "link.jpg").symlink_to(Path("..", "..", "secret.jpg"))
    return folder
