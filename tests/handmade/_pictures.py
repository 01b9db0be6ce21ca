"""Pictures for the hand-made files, drawn here with Pillow (never by dladocs).

The emblem is drawn from the published geometry with parameters that plant a
defect: a star missing, another blue, white stars, a distorted rectangle.
Partner logos are flat graphics; the "photograph" is a noisy, many-coloured
image such as a camera gives.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE = "#003399"
YELLOW = "#FFCC00"


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """A regular upright five-pointed star (pentagram outline), y pointing down."""
    inner = outer * math.cos(math.radians(72)) / math.cos(math.radians(36))
    points = []
    for j in range(10):
        radius = outer if j % 2 == 0 else inner
        angle = math.radians(90 + 36 * j)
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def emblem(
    path: Path,
    *,
    height: int = 240,
    stars: int = 12,
    blue: str = BLUE,
    star: str = YELLOW,
    ratio: float = 1.5,
) -> Path:
    """The flag: ``ratio`` is the rectangle's width over height (1.5 when right)."""
    width = round(height * ratio)
    image = Image.new("RGB", (width, height), blue)
    draw = ImageDraw.Draw(image)
    cx, cy, ring = width / 2, height / 2, height / 3
    for k in range(stars):
        angle = math.radians(90 - 30 * k)
        x, y = cx + ring * math.cos(angle) * ratio / 1.5, cy - ring * math.sin(angle)
        draw.polygon(star_points(x, y, height / 18), fill=star)
    image.save(path)
    return path


def logo(path: Path, *, colour: str = "#2E7D32", text: str = "ASSO") -> Path:
    """A flat partner logo: a few plain shapes and a word on white, 2:1."""
    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 30, 160, 170), fill=colour)
    draw.rectangle((180, 70, 380, 130), fill=colour)
    draw.text((200, 85), text, fill="white", font=ImageFont.load_default(size=36))
    image.save(path)
    return path


def photograph(path: Path, *, seed: int = 7) -> Path:
    """A camera-like picture: smooth gradients of many colours plus sensor noise, 4:3."""
    import numpy as np

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:480, 0:640].astype(np.float64)
    channels = [
        120 + 90 * np.sin(x / 70),
        110 + 80 * np.cos(y / 55),
        90 + 60 * np.sin((x + y) / 90),
    ]
    noisy = np.stack(channels, axis=-1) + rng.integers(-25, 26, size=(480, 640, 3))
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(path, quality=85)
    return path


def scanned_page(
    path: Path, lines: list[str], flag: Path, size: tuple[int, int] = (1240, 1754)
) -> Path:
    """A whole page as one picture (a scan, A4 at 150 dpi by default): the flag and the
    text exist only as pixels."""
    width, height = size
    page = Image.new("RGB", (width, height), "white")
    with Image.open(flag) as opened:
        page.paste(opened.convert("RGB").resize((270, 180)), (90, 90))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=34)
    draw.text((390, 150), "Cofinancé par l'Union européenne", fill="black", font=font)
    for number, line in enumerate(lines):
        draw.text((90, 400 + 60 * number), line, fill="black", font=font)
    page.save(path)
    return path
