"""The EU emblem drawn from the geometry of eu-visibility.md §5, G-02 and G-03."""

from __future__ import annotations

import io
import math
import struct
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from dladocs.emblem import (
    EU_BLUE,
    EU_YELLOW,
    border_width,
    draw_emblem,
    emblem_geometry,
    emblem_png,
    emblem_size,
    emblem_svg,
)
from dladocs.recognition import find_emblem

# §5, "Star centres for h = 1", clockwise from 12 o'clock.
CENTRES = [
    (0.75, 0.1667),
    (0.9167, 0.2113),
    (1.0387, 0.3333),
    (1.0833, 0.5),
    (1.0387, 0.6667),
    (0.9167, 0.7887),
    (0.75, 0.8333),
    (0.5833, 0.7887),
    (0.4613, 0.6667),
    (0.4167, 0.5),
    (0.4613, 0.3333),
    (0.5833, 0.2113),
]

SVG = "{http://www.w3.org/2000/svg}"


# --------------------------------------------------------------------------- geometry


def test_rectangle_is_three_by_two_with_ring_in_the_middle() -> None:
    geometry = emblem_geometry(1.0)
    assert geometry.width == 1.5
    assert geometry.centre == (0.75, 0.5)
    assert geometry.ring_radius == pytest.approx(1 / 3)
    assert geometry.star_radius == pytest.approx(1 / 18)
    assert geometry.star_inner_radius == pytest.approx((3 - math.sqrt(5)) / 2 / 18)


def test_star_centres_are_the_published_ones() -> None:
    geometry = emblem_geometry(1.0)
    assert len(geometry.star_centres) == 12
    for found, expected in zip(geometry.star_centres, CENTRES, strict=True):
        assert found == pytest.approx(expected, abs=1e-3)


def test_ring_extent() -> None:
    geometry = emblem_geometry(1.0)
    r = geometry.star_radius
    assert min(y - r for _, y in geometry.star_centres) == pytest.approx(1 / 9)
    assert max(y + r for _, y in geometry.star_centres) == pytest.approx(8 / 9)
    assert min(x - r for x, _ in geometry.star_centres) == pytest.approx(0.3611, abs=1e-4)
    assert max(x + r for x, _ in geometry.star_centres) == pytest.approx(1.1389, abs=1e-4)
    vertices = [point for star in geometry.stars for point in star]
    assert min(y for _, y in vertices) == pytest.approx(1 / 9)
    assert all(0.36 < x < 1.14 and 1 / 9 - 1e-9 <= y <= 8 / 9 for x, y in vertices)


def test_adjacent_stars_never_touch() -> None:
    geometry = emblem_geometry(1.0)
    centres = geometry.star_centres
    for k in range(12):
        distance = math.dist(centres[k], centres[(k + 1) % 12])
        assert distance == pytest.approx(2 / 3 * math.sin(math.radians(15)), abs=1e-9)
        assert distance == pytest.approx(0.17255, abs=1e-5)
        assert distance > 2 * geometry.star_radius


def test_stars_are_upright_regular_pentagrams() -> None:
    geometry = emblem_geometry(90.0)
    for (cx, cy), star in zip(geometry.star_centres, geometry.stars, strict=True):
        assert len(star) == 10
        top = star[0]
        assert top[0] == pytest.approx(cx)
        assert top[1] == pytest.approx(cy - 5.0)  # h/18 straight up
        # The two upper arms lie on one horizontal line, at right angles to the mast.
        assert star[2][1] == pytest.approx(star[8][1])
        for j, (x, y) in enumerate(star):
            radius = math.dist((x, y), (cx, cy))
            expected = 5.0 if j % 2 == 0 else 5.0 * (3 - math.sqrt(5)) / 2
            assert radius == pytest.approx(expected)


def test_geometry_scales_and_moves() -> None:
    unit = emblem_geometry(1.0)
    moved = emblem_geometry(200.0, origin=(10.0, 20.0))
    assert moved.width == 300.0
    for (x1, y1), (x2, y2) in zip(unit.star_centres, moved.star_centres, strict=True):
        assert (x2, y2) == pytest.approx((10 + 200 * x1, 20 + 200 * y1))


def test_geometry_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        emblem_geometry(0)


# --------------------------------------------------------------------------- raster


@pytest.mark.parametrize("height", [20, 27, 99, 100, 333, 600])
def test_pixel_size_is_exact(height: int) -> None:
    image = draw_emblem(height)
    assert image.mode == "RGB"
    assert image.size == (round(1.5 * height), height) == emblem_size(height)
    framed = draw_emblem(height, border=True)
    extra = 2 * round(height / 25)
    assert framed.size == (round(1.5 * height) + extra, height + extra)
    assert framed.size == emblem_size(height, border=True)


def test_colour_version_pixels() -> None:
    image = draw_emblem(300)
    geometry = emblem_geometry(300.0)
    assert image.getpixel((225, 150)) == EU_BLUE
    assert image.getpixel((0, 0)) == EU_BLUE
    assert image.getpixel((449, 299)) == EU_BLUE
    for x, y in geometry.star_centres:
        assert image.getpixel((int(x), int(y))) == pytest.approx(EU_YELLOW, abs=2)
    # Antialiased: edges of stars hold intermediate colours.
    assert len(image.getcolors(100_000) or []) > 10


def test_white_border_is_one_twenty_fifth_of_the_height() -> None:
    image = draw_emblem(250, border=True)
    border = round(border_width(250))
    assert border == 10
    assert image.getpixel((border - 1, 100)) == (255, 255, 255)
    assert image.getpixel((100, border - 1)) == (255, 255, 255)
    assert image.getpixel((border, border)) == EU_BLUE
    assert image.getpixel((image.width - border - 1, image.height - border - 1)) == EU_BLUE


def test_monochrome_versions() -> None:
    black = draw_emblem(300, variant="black")
    top = emblem_geometry(300.0).star_centres[0]
    assert black.getpixel((225, 150)) == (255, 255, 255)
    assert black.getpixel((0, 150)) == (0, 0, 0)  # the outline
    assert black.getpixel((int(top[0]), int(top[1]))) == pytest.approx((0, 0, 0), abs=2)
    blue = draw_emblem(300, variant="blue")
    assert blue.getpixel((225, 150)) == EU_BLUE
    assert blue.getpixel((int(top[0]), int(top[1]))) == pytest.approx((255, 255, 255), abs=2)


def test_big_emblem_is_drawn_without_exhausting_memory() -> None:
    assert draw_emblem(3000).size == (4500, 3000)


@pytest.mark.parametrize("height", [0, -5, 20001])
def test_draw_refuses_nonsense_heights(height: int) -> None:
    with pytest.raises(ValueError):
        draw_emblem(height)


def test_draw_refuses_unknown_variant() -> None:
    with pytest.raises(ValueError):
        draw_emblem(100, variant="gold")  # type: ignore[arg-type]


def png_chunks(data: bytes) -> list[bytes]:
    kinds, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kinds.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return kinds


def test_png_is_deterministic_and_bare() -> None:
    first = emblem_png(120)
    emblem_png.cache_clear()
    second = emblem_png(120)
    assert first == second
    assert png_chunks(first) == [b"IHDR", b"IDAT", b"IEND"]
    decoded = Image.open(io.BytesIO(first))
    assert decoded.size == (180, 120)
    assert decoded.convert("RGB").tobytes() == draw_emblem(120).tobytes()
    assert emblem_png(120, variant="blue") != first
    assert emblem_png(120, border=True) != first


# --------------------------------------------------------------------------- svg


def test_svg_geometry_and_colours() -> None:
    text = emblem_svg(200.0)
    assert text == emblem_svg(200.0)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("300", "200")
    assert root.get("viewBox") == "0 0 300 200"
    rect = root.find(f"{SVG}rect")
    assert rect is not None and rect.get("fill") == "#003399"
    group = root.find(f"{SVG}g")
    assert group is not None and group.get("fill") == "#FFCC00"
    polygons = root.findall(f".//{SVG}polygon")
    assert len(polygons) == 12
    geometry = emblem_geometry(200.0)
    for polygon, star in zip(polygons, geometry.stars, strict=True):
        points = [tuple(map(float, pair.split(","))) for pair in polygon.get("points", "").split()]
        flat = [value for point in star for value in point]
        assert [value for point in points for value in point] == pytest.approx(flat, abs=1e-3)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Emblème de l'Union européenne"


def test_svg_border_and_monochrome() -> None:
    root = ET.fromstring(emblem_svg(100.0, border=True))
    assert (root.get("width"), root.get("height")) == ("158", "108")
    rects = root.findall(f"{SVG}rect")
    assert rects[0].get("fill") == "#FFFFFF"
    assert (rects[1].get("x"), rects[1].get("width")) == ("4", "150")
    black = ET.fromstring(emblem_svg(120.0, variant="black"))
    outline = black.findall(f"{SVG}rect")[-1]
    assert outline.get("stroke") == "#000000"
    assert outline.get("stroke-width") == "2"
    group = black.find(f"{SVG}g")
    assert group is not None and group.get("fill") == "#000000"
    blue = ET.fromstring(emblem_svg(120.0, variant="blue"))
    group = blue.find(f"{SVG}g")
    assert group is not None and group.get("fill") == "#FFFFFF"


# --------------------------------------------------------------------------- recognition


def test_own_drawing_is_recognised_at_every_size() -> None:
    missed = []
    for height in [*range(20, 60, 3), *range(60, 200, 17), 200, 333, 480, 600, 801, 1200]:
        match = find_emblem(draw_emblem(height))
        # The only aspect error allowed is the rounding of 1.5 h to whole pixels.
        exact = match is not None and abs(match.aspect - 1.5) <= 0.75 / height + 1e-9
        if match is None or match.palette != "colour" or match.stars != 12 or not exact:
            missed.append(height)
    assert missed == []


@pytest.mark.parametrize("variant", ["colour", "black", "blue"])
def test_own_versions_are_recognised_with_their_palette(variant: str) -> None:
    for height in (24, 100, 500):
        for border in (False, True):
            image = draw_emblem(height, variant=variant, border=border)  # type: ignore[arg-type]
            match = find_emblem(image)
            assert match is not None, (height, border)
            assert match.palette == variant
