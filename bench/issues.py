"""Issues for the benchmark, made from the sample when needed (none is committed).

- the large issue: 20 articles, 300 paragraphs, 40 photos (derived from the sample's 6);
- the sample without its photos, to compare PDF sizes of text and fonts alone;
- a year's archive: 24 issues of the sample, each with its own number and order of
  articles, in one folder with one photos/ folder, as `briefpdf build DIR` reads them.

Run as a script to write both: `python bench/issues.py OUTDIR`.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "issues" / "2023-01.json"
SAMPLE_PHOTOS = sorted((SAMPLE.parent / "photos").glob("*.jpg"))


def _sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _write(path: Path, issue: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(issue, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _derived_photo(index: int, target: Path) -> None:
    """Photo `index`: one of the sample's, mirrored, cropped and tinted its own way."""
    with Image.open(SAMPLE_PHOTOS[index % len(SAMPLE_PHOTOS)]) as source:
        photo = source.convert("RGB")
    if index // len(SAMPLE_PHOTOS) % 2:
        photo = ImageOps.mirror(photo)
    inset = index % 5 * photo.width // 40
    photo = photo.crop((inset, inset // 2, photo.width - inset, photo.height - inset // 2))
    tint = Image.new("RGB", photo.size, ((37 * index) % 256, (91 * index) % 256, 128))
    Image.blend(photo, tint, 0.12).save(target, quality=85)


def write_large_issue(
    folder: Path, articles: int = 20, paragraphs: int = 300, photos: int = 40
) -> Path:
    """The large issue in `folder`: its JSON file, and its photos in folder/photos."""
    sample = _sample()
    texts = [b for a in sample["articles"] for b in a["body"] if isinstance(b, str)]
    headlines = [a["headline"] for a in sample["articles"]]
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    bodies: list[list[Any]] = [[] for _ in range(articles)]
    for n in range(paragraphs):
        # Two sample paragraphs run together, so paragraphs differ and are of varied length.
        text = texts[n % len(texts)] + texts[(n * 7 + 3) % len(texts)][: 40 + n % 120]
        bodies[n * articles // paragraphs].append(text)
    for n in range(photos):
        name = f"photos/large-{n:02d}.jpg"
        _derived_photo(n, folder / name)
        body = bodies[n * articles // photos]
        body.insert(len(body) // 2 + n % 2, {"photo": name, "caption": f"图{n + 1} 会议现场"})
    sample["articles"] = [
        {"headline": f"{headlines[i % len(headlines)]}（{i + 1}）", "body": body}
        for i, body in enumerate(bodies)
    ]
    return _write(folder / "large.json", sample)


def write_text_only(folder: Path) -> Path:
    """The sample without its photos: PDF size then is text, fonts and page furniture."""
    sample = _sample()
    for article in sample["articles"]:
        article["body"] = [
            b for b in article["body"] if not isinstance(b, dict) or "photo" not in b
        ]
    return _write(folder / "text-only.json", sample)


def write_with_articles(folder: Path, articles: Path) -> Path:
    """The sample with the articles of `articles` (a JSON list, such as the typography
    fixtures of tests/engine/typography/) instead of its own."""
    sample = _sample()
    sample["articles"] = json.loads(articles.read_text(encoding="utf-8"))
    return _write(folder / f"{articles.stem}.json", sample)


def write_archive(folder: Path, count: int = 24) -> list[Path]:
    """A year's archive of `count` issues in `folder`, sharing the sample's photos."""
    shutil.copytree(SAMPLE.parent / "photos", folder / "photos", dirs_exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        issue = copy.deepcopy(_sample())
        issue["number"] = number
        shift = number % len(issue["articles"])
        issue["articles"] = issue["articles"][shift:] + issue["articles"][:shift]
        paths.append(_write(folder / f"2023-{number:02d}.json", issue))
    return paths


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(write_large_issue(out / "large"))
    print(len(write_archive(out / "archive")), "issues in", out / "archive")
