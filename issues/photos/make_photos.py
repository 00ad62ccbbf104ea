"""Draws the sample issue's stand-in photos (CC0): python issues/photos/make_photos.py.

The printed bulletin had photos of the meeting; these flat drawings take their places.
They are drawn deterministically, so a rerun gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1500, 1000)
HERE = Path(__file__).resolve().parent
Colour = tuple[int, int, int]


def gradient(top: Colour, bottom: Colour, size: tuple[int, int] = SIZE) -> Image.Image:
    strip = Image.new("RGB", (1, size[1]))
    for y in range(size[1]):
        t = y / (size[1] - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize(size)


def person(
    draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, suit: Colour, rng: random.Random
) -> None:
    """A seated or standing figure: head at (x, y), shoulders below."""
    head = 34 * scale
    skin = rng.choice([(236, 196, 160), (214, 170, 130), (190, 145, 110)])
    hair = rng.choice([(30, 30, 35), (60, 45, 35), (90, 90, 95)])
    draw.rounded_rectangle(
        (x - 70 * scale, y + head * 0.9, x + 70 * scale, y + head * 4.2),
        radius=int(40 * scale),
        fill=suit,
    )
    draw.polygon(
        [(x - 14 * scale, y + head), (x + 14 * scale, y + head), (x, y + head * 2.2)],
        fill=(245, 245, 245),
    )
    draw.ellipse((x - head, y - head, x + head, y + head), fill=skin)
    draw.chord((x - head, y - head * 1.1, x + head, y + head * 0.6), 180, 360, fill=hair)


def grain(image: Image.Image, seed: int) -> Image.Image:
    """A little noise and softness, so the drawings read as photographs."""
    noise = Image.frombytes(
        "L", image.size, random.Random(seed).randbytes(image.width * image.height)
    )
    return Image.blend(image, noise.convert("RGB"), 0.04).filter(ImageFilter.GaussianBlur(1.2))


def roundtable(rng: random.Random) -> Image.Image:
    image = gradient((236, 230, 220), (200, 190, 175))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1500, 330), fill=(160, 30, 40))  # red backdrop
    draw.rectangle((450, 50, 1050, 300), fill=(25, 35, 60))  # screen with the online speakers
    for i in range(4):
        for j in range(2):
            x0, y0 = 470 + i * 145, 65 + j * 115
            draw.rectangle((x0, y0, x0 + 130, y0 + 100), fill=(70 + 20 * i, 90, 120 + 10 * j))
            person(draw, x0 + 65, y0 + 40, 0.45, (40, 40, 50), rng)
    for k in range(6):  # seated delegates behind the table
        person(
            draw,
            180 + k * 230,
            470,
            1.0,
            rng.choice([(35, 40, 60), (50, 50, 55), (30, 55, 70)]),
            rng,
        )
    draw.polygon([(0, 640), (1500, 640), (1500, 1000), (0, 1000)], fill=(120, 80, 50))
    draw.rectangle((0, 620, 1500, 660), fill=(245, 245, 240))  # table cloth edge
    for k in range(6):
        draw.rectangle((150 + k * 230, 590, 210 + k * 230, 625), fill=(250, 250, 250))
    return image


def podium_speaker(rng: random.Random) -> Image.Image:
    image = gradient((40, 80, 130), (20, 45, 80))
    draw = ImageDraw.Draw(image)
    for x in range(0, 1500, 120):
        draw.line((x, 0, x + 300, 1000), fill=(55, 95, 145), width=3)
    person(draw, 750, 300, 2.2, (30, 32, 40), rng)
    draw.polygon([(560, 560), (940, 560), (900, 1000), (600, 1000)], fill=(120, 70, 40))
    draw.rectangle((540, 540, 960, 580), fill=(150, 90, 50))
    draw.line((700, 540, 720, 420), fill=(20, 20, 20), width=8)
    draw.ellipse((705, 400, 735, 430), fill=(20, 20, 20))
    draw.ellipse((700, 700, 800, 800), fill=(200, 30, 45))
    return image


def seated_speaker(rng: random.Random) -> Image.Image:
    image = gradient((225, 220, 210), (180, 170, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1500, 420), fill=(175, 35, 45))
    person(draw, 750, 330, 2.4, (45, 45, 60), rng)
    draw.rectangle((0, 720, 1500, 1000), fill=(240, 240, 235))
    draw.rectangle((560, 640, 940, 730), fill=(250, 250, 250), outline=(190, 40, 50), width=6)
    draw.line((1000, 720, 900, 560), fill=(25, 25, 25), width=8)
    draw.ellipse((885, 540, 915, 570), fill=(25, 25, 25))
    draw.ellipse((280, 650, 380, 720), fill=(235, 235, 240), outline=(150, 150, 150), width=3)
    return image


def online_speakers(rng: random.Random) -> Image.Image:
    image = gradient((30, 30, 38), (15, 15, 20))
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 70, 1410, 930), fill=(10, 10, 14))
    for i in range(3):
        for j in range(2):
            x0, y0 = 110 + i * 435, 90 + j * 420
            background = rng.choice(
                [(90, 120, 150), (140, 120, 100), (100, 140, 110), (150, 150, 160)]
            )
            draw.rectangle((x0, y0, x0 + 415, y0 + 400), fill=background)
            person(
                draw,
                x0 + 207,
                y0 + 150,
                1.3,
                rng.choice([(40, 40, 60), (60, 40, 40), (30, 60, 50)]),
                rng,
            )
            draw.rectangle((x0 + 10, y0 + 360, x0 + 170, y0 + 388), fill=(0, 0, 0))
    return image


def keynotes(rng: random.Random) -> Image.Image:
    image = gradient((30, 60, 110), (15, 30, 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1500, 380), fill=(25, 100, 80))
    draw.rectangle((0, 380, 1500, 395), fill=(230, 200, 90))
    for k in range(4):
        person(
            draw,
            250 + k * 330,
            470,
            1.3,
            rng.choice([(35, 35, 45), (55, 45, 45), (40, 50, 70)]),
            rng,
        )
        draw.rectangle((170 + k * 330, 660, 330 + k * 330, 690), fill=(245, 245, 245))
    draw.rectangle((0, 690, 1500, 760), fill=(235, 235, 230))
    draw.rectangle((0, 760, 1500, 1000), fill=(90, 30, 35))
    return image


def mekong_river(rng: random.Random) -> Image.Image:
    image = gradient((150, 195, 235), (235, 240, 235))
    draw = ImageDraw.Draw(image)
    for layer, (colour, base) in enumerate(
        [((90, 130, 110), 420), ((60, 110, 80), 500), ((40, 95, 60), 580)]
    ):
        points = [(0, 1000)]
        for x in range(0, 1560, 60):
            points.append(
                (x, base - 90 * abs(((x / 500 + layer * 0.7) % 2) - 1) - rng.randint(0, 25))
            )
        points.append((1500, 1000))
        draw.polygon(points, fill=colour)
    river = [
        (650, 560),
        (780, 560),
        (900, 700),
        (760, 820),
        (1000, 1000),
        (420, 1000),
        (620, 830),
        (560, 690),
    ]
    draw.polygon(river, fill=(120, 165, 185))
    draw.line([(700, 600), (800, 700), (700, 820), (800, 980)], fill=(200, 225, 235), width=6)
    for _ in range(40):  # trees on the banks
        x, y = rng.randint(0, 1500), rng.randint(640, 980)
        if not 380 < x < 1050:
            draw.ellipse((x - 22, y - 40, x + 22, y + 10), fill=(30, 80 + rng.randint(0, 40), 45))
    draw.ellipse((1180, 90, 1280, 190), fill=(255, 245, 210))
    return image


PHOTOS: dict[str, Callable[[random.Random], Image.Image]] = {
    "roundtable.jpg": roundtable,
    "sun-xuefeng.jpg": podium_speaker,
    "li-yonghong.jpg": seated_speaker,
    "online-speakers.jpg": online_speakers,
    "keynotes.jpg": keynotes,
    "mekong-river.jpg": mekong_river,
}


def main() -> None:
    for seed, (name, draw) in enumerate(PHOTOS.items()):
        image = grain(draw(random.Random(seed)), seed)
        image.save(HERE / name, "JPEG", quality=82, optimize=True, progressive=False)
        print(f"{name}: {(HERE / name).stat().st_size // 1000} KB")


if __name__ == "__main__":
    main()
