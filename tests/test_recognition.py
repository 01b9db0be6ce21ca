"""Recognising the EU emblem and reference logos in pictures dladocs did not draw.

Every emblem here is drawn by the test itself, independently of
dladocs.emblem: with matplotlib markers, or with pillow polygons computed
another way (other inner radius, other ring radius, no antialiasing), then
compressed, shrunk, enlarged, bordered, embedded in a block with text,
made transparent, recoloured, squashed or rotated.
"""

from __future__ import annotations

import cmath
import io
import math
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from dladocs.images import find_font, placeholder_logo
from dladocs.recognition import (
    EMBLEM_ID,
    EmblemMatch,
    Recogniser,
    find_emblem,
    find_emblem_shared,
    fingerprint,
    hamming,
)

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"

REFLEX = (0, 51, 153)
GOLD = (255, 204, 0)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)

# --------------------------------------------------------------------------- independent drawings


def star_points(
    centre: complex, outer: float, inner: float, turn: float = 0.0
) -> list[tuple[float, float]]:
    """A five-pointed star by complex rotation (y down), first point up unless turned."""
    points = []
    for j in range(10):
        radius = outer if j % 2 == 0 else inner
        z = centre + radius * cmath.exp(1j * (-math.pi / 2 + j * math.pi / 5 + turn))
        points.append((z.real, z.imag))
    return points


def pillow_flag(
    height: int,
    *,
    width: int | None = None,
    field: tuple[int, int, int] = REFLEX,
    stars: tuple[int, int, int] = GOLD,
    inner_ratio: float = 0.45,
    ring_ratio: float = 0.33,
    star_ratio: float = 0.058,
    count: int = 12,
    turn: float = 0.0,
    supersample: int = 1,
) -> Image.Image:
    """Someone else's emblem: close to the standards, but not dladocs' numbers."""
    s = supersample
    w = width if width is not None else round(height * 1.5)
    image = Image.new("RGB", (w * s, height * s), field)
    draw = ImageDraw.Draw(image)
    centre = complex(w * s / 2, height * s / 2)
    ring, outer = ring_ratio * height * s, star_ratio * height * s
    for k in range(count):
        angle = 2 * math.pi * k / count
        position = centre + ring * complex(math.sin(angle), -math.cos(angle))
        draw.polygon(star_points(position, outer, outer * inner_ratio, turn), fill=stars)
    if s > 1:
        image = image.resize((w, height), Image.Resampling.LANCZOS)
    return image


def matplotlib_flag(dpi: int, *, blue: str = "#039", yellow: str = "#fc0") -> Image.Image:
    """The emblem as a plotting library draws it: a Rectangle patch and star markers."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle

    figure = plt.figure(figsize=(3, 2), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 1.5)
    axes.set_ylim(0, 1)
    axes.axis("off")
    axes.add_patch(Rectangle((0, 0), 1.5, 1, color=blue))
    xs = [0.75 + math.sin(math.radians(30 * k)) / 3 for k in range(12)]
    ys = [0.5 + math.cos(math.radians(30 * k)) / 3 for k in range(12)]
    # Figure 2 in = 144 pt tall: star diameter h/9 = 16 pt; size is in pt².
    axes.scatter(xs, ys, s=16**2, marker=(5, 1, 0), color=yellow, linewidths=0)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer)


def text_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = find_font("Liberation Sans") or find_font("DejaVu Sans")
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)


def block(flag: Image.Image, *, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """The flag beside « Cofinancé par l'Union européenne », as one picture."""
    canvas = Image.new("RGB", (flag.width * 5, round(flag.height * 1.6)), background)
    top = (canvas.height - flag.height) // 2
    canvas.paste(flag, (flag.height // 5, top))
    draw = ImageDraw.Draw(canvas)
    font = text_font(round(flag.height * 0.28))
    left = flag.width + flag.height // 2
    draw.text((left, top), "Cofinancé par", font=font, fill=REFLEX)
    draw.text((left, top + flag.height // 2), "l'Union européenne", font=font, fill=REFLEX)
    return canvas


def bordered(flag: Image.Image, canvas_colour: tuple[int, int, int]) -> Image.Image:
    """G-02: a white border of h/25 around the flag, on a coloured page."""
    border = round(flag.height / 25)
    framed = Image.new("RGB", (flag.width + 2 * border, flag.height + 2 * border), WHITE)
    framed.paste(flag, (border, border))
    canvas = Image.new("RGB", (framed.width + 80, framed.height + 60), canvas_colour)
    canvas.paste(framed, (40, 30))
    return canvas


def transparent(flag: Image.Image) -> Image.Image:
    canvas = Image.new("RGBA", (flag.width + 60, flag.height + 60), (0, 0, 0, 0))
    canvas.paste(flag.convert("RGBA"), (30, 30))
    return canvas


def outlined_black(height: int) -> Image.Image:
    """G-03 black version, drawn by hand: frame and stars in black on white."""
    width = round(height * 1.5)
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=BLACK, width=max(2, height // 40))
    centre = complex(width / 2, height / 2)
    for k in range(12):
        position = centre + height / 3 * cmath.exp(1j * math.radians(30 * k))
        draw.polygon(star_points(position, height / 18, height / 18 * 0.4), fill=BLACK)
    return image


def cmyk_jpeg(flag: Image.Image) -> Image.Image:
    """The print version: 100/80/0/0 and 0/0/100/0, stored as a CMYK JPEG."""
    pixels = flag.convert("RGB")
    cmyk = Image.new("CMYK", pixels.size)
    blue_mask = Image.eval(pixels.getchannel("B"), lambda v: 255 if v > 100 else 0)
    cmyk.paste((0, 0, 255, 0), (0, 0, *pixels.size))
    cmyk.paste((255, 204, 0, 0), (0, 0, *pixels.size), blue_mask)
    buffer = io.BytesIO()
    cmyk.save(buffer, format="JPEG", quality=90)
    buffer.seek(0)
    return Image.open(buffer)


def reference_flag() -> Image.Image:
    return pillow_flag(200, supersample=4)


POSITIVES: dict[str, Callable[[], Image.Image]] = {
    "matplotlib-50dpi": lambda: matplotlib_flag(50),
    "matplotlib-100dpi": lambda: matplotlib_flag(100),
    "matplotlib-300dpi": lambda: matplotlib_flag(300),
    "matplotlib-pure-colours": lambda: matplotlib_flag(120, blue="#003399", yellow="#ffcc00"),
    "pillow-aliased": lambda: pillow_flag(240),
    "pillow-fat-stars": lambda: pillow_flag(300, inner_ratio=0.55, star_ratio=0.06),
    "pillow-thin-stars": lambda: pillow_flag(300, inner_ratio=0.32, supersample=3),
    "pillow-wider-ring": lambda: pillow_flag(300, ring_ratio=0.35, supersample=2),
    "pillow-stars-pointing-down": lambda: pillow_flag(200, turn=math.pi / 5, supersample=4),
    "gold-variant": lambda: pillow_flag(200, stars=(255, 221, 0), supersample=4),
    "jpeg-q30": lambda: jpeg(pillow_flag(300, supersample=4), 30),
    "jpeg-q30-matplotlib": lambda: jpeg(matplotlib_flag(80), 30),
    "tiny-45x30": lambda: reference_flag().resize((45, 30), Image.Resampling.LANCZOS),
    "tiny-40x27": lambda: reference_flag().resize((40, 27), Image.Resampling.LANCZOS),
    "tiny-jpeg-60x40": lambda: jpeg(reference_flag().resize((60, 40)), 50),
    "huge-3000x2000": lambda: pillow_flag(2000),
    "white-border-on-orange": lambda: bordered(reference_flag(), (240, 120, 20)),
    "white-border-on-white": lambda: bordered(reference_flag(), WHITE),
    "block-with-text": lambda: block(reference_flag()),
    "block-on-grey": lambda: block(reference_flag(), background=(225, 225, 225)),
    "block-jpeg": lambda: jpeg(block(pillow_flag(120, supersample=4)), 60),
    "transparent-png": lambda: transparent(reference_flag()),
    "palette-gif": lambda: reference_flag().convert("P", palette=Image.Palette.ADAPTIVE),
    "blurred": lambda: reference_flag().filter(ImageFilter.GaussianBlur(1.2)),
}


def test_every_independent_emblem_is_found() -> None:
    missed = [name for name, make in POSITIVES.items() if find_emblem(make()) is None]
    assert missed == []


@pytest.mark.parametrize("name", sorted(POSITIVES))
def test_independent_emblem_is_colour_with_twelve_stars(name: str) -> None:
    match = find_emblem(POSITIVES[name]())
    assert match is not None
    assert match.palette == "colour"
    assert match.stars >= 11
    assert 1.44 <= match.aspect <= 1.56
    assert match.score >= 0.9


def test_the_shared_analysis_answers_as_find_emblem_once_per_pixels_and_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dladocs.recognition._recogniser as recogniser

    calls: list[dict[str, object]] = []

    def counted(image: Image.Image, **options: object) -> EmblemMatch | None:
        calls.append(options)
        return find_emblem(image, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(recogniser, "find_emblem", counted)
    monkeypatch.setattr(recogniser, "_SHARED_EMBLEMS", type(recogniser._SHARED_EMBLEMS)())
    flag = block(reference_flag())
    same_pixels = flag.copy()  # another image object, the same pixels (the next page's band)

    first = find_emblem_shared(flag, stars=False)
    again = find_emblem_shared(same_pixels, stars=False)
    with_stars = find_emblem_shared(same_pixels)

    assert first == again == find_emblem(flag, stars=False)
    assert with_stars == find_emblem(flag)
    assert first is not None and first.star_shape is None and with_stars is not None
    assert calls == [{"stars": False}, {}]  # the second page's analysis was not done again
    assert find_emblem_shared(pillow_flag(120)) is not None and len(calls) == 3


def test_box_is_the_flag_rectangle_without_border_or_text() -> None:
    flag = reference_flag()
    match = find_emblem(block(flag))
    assert match is not None
    left = flag.height // 5
    top = (round(flag.height * 1.6) - flag.height) // 2
    assert match.box == pytest.approx((left, top, left + flag.width, top + flag.height), abs=1)
    assert match.coverage == pytest.approx(1 / (5 * 1.6), abs=0.01)

    framed = find_emblem(bordered(flag, (240, 120, 20)))
    assert framed is not None
    border = round(flag.height / 25)
    assert framed.box == pytest.approx(
        (40 + border, 30 + border, 340 + border, 230 + border), abs=1
    )


def test_huge_image_box_is_in_original_pixels() -> None:
    match = find_emblem(pillow_flag(2000))
    assert match is not None
    assert match.box == pytest.approx((0, 0, 3000, 2000), abs=10)
    assert match.aspect == pytest.approx(1.5, abs=0.01)
    assert match.coverage == pytest.approx(1.0, abs=0.01)


def test_exact_aspect_of_an_undistorted_emblem() -> None:
    match = find_emblem(pillow_flag(300, supersample=2))
    assert match is not None
    assert match.aspect == pytest.approx(1.5, abs=0.005)


def test_monochrome_black_outline_version() -> None:
    for height in (30, 80, 300):
        match = find_emblem(outlined_black(height))
        assert match is not None, height
        assert match.palette == "black"
        assert match.stars >= 11


def test_blue_only_version_with_white_stars() -> None:
    for image in (
        pillow_flag(200, stars=WHITE, supersample=2),
        jpeg(pillow_flag(90, stars=WHITE), 40),
    ):
        match = find_emblem(image)
        assert match is not None
        assert match.palette == "blue"


def test_black_field_with_white_stars_is_black_and_white() -> None:
    match = find_emblem(pillow_flag(200, field=BLACK, stars=WHITE, supersample=2))
    assert match is not None
    assert match.palette == "black"


def test_greyscale_conversion_is_reported_as_other_palette() -> None:
    grey = reference_flag().convert("L")
    match = find_emblem(grey)
    assert match is not None
    assert match.palette == "other"


def test_wrong_blue_is_reported_as_other_palette() -> None:
    match = find_emblem(pillow_flag(200, field=(0, 0, 255), supersample=2))
    assert match is not None
    assert match.palette == "other"
    assert match.field == pytest.approx((0, 0, 255), abs=2)


@pytest.mark.parametrize("stars", [(255, 128, 0), (255, 255, 0), (200, 200, 200)])
def test_recoloured_stars_are_reported_as_other_palette(stars: tuple[int, int, int]) -> None:
    match = find_emblem(pillow_flag(200, stars=stars, supersample=2))
    assert match is not None
    assert match.palette == "other"
    assert match.star_colour == pytest.approx(stars, abs=6)


def test_bilevel_black_version_is_black() -> None:
    match = find_emblem(outlined_black(150).convert("1"))
    assert match is not None
    assert match.palette == "black"


def test_cmyk_print_version_is_colour() -> None:
    image = cmyk_jpeg(reference_flag())
    assert image.mode == "CMYK"
    match = find_emblem(image)
    assert match is not None
    assert match.palette == "colour"


def test_squashed_emblem_is_found_and_its_aspect_says_so() -> None:
    squashed = reference_flag().resize((400, 200), Image.Resampling.LANCZOS)
    match = find_emblem(squashed)
    assert match is not None
    assert match.aspect == pytest.approx(2.0, abs=0.02)
    assert not match.rotated
    assert match.score < find_emblem(reference_flag()).score  # type: ignore[union-attr]


def test_rotated_emblem_is_found_and_flagged() -> None:
    rotated = reference_flag().transpose(Image.Transpose.ROTATE_90)
    match = find_emblem(rotated)
    assert match is not None
    assert match.rotated
    assert match.aspect == pytest.approx(2 / 3, abs=0.01)


# --------------------------------------------------------------------------- negatives


def tricolour() -> Image.Image:
    image = Image.new("RGB", (300, 200), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 99, 199), fill=(0, 35, 149))
    draw.rectangle((200, 0, 299, 199), fill=(237, 41, 57))
    return image


def yellow_disc() -> Image.Image:
    image = Image.new("RGB", (300, 200), REFLEX)
    ImageDraw.Draw(image).ellipse((83, 33, 217, 167), fill=GOLD)
    return image


def yellow_ring() -> Image.Image:
    image = Image.new("RGB", (300, 200), REFLEX)
    ImageDraw.Draw(image).ellipse((83, 33, 217, 167), outline=GOLD, width=10)
    return image


def stars_in_a_row() -> Image.Image:
    image = Image.new("RGB", (300, 200), REFLEX)
    draw = ImageDraw.Draw(image)
    for k in range(5):
        draw.polygon(star_points(complex(50 + 50 * k, 100), 14, 6), fill=GOLD)
    return image


def blue_logo_with_white_text() -> Image.Image:
    image = Image.new("RGB", (300, 200), REFLEX)
    ImageDraw.Draw(image).text((30, 50), "DLA", font=text_font(100), fill=WHITE)
    return image


def noise(seed: int) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes(
        "RGB", (320, 240), bytes(rng.randrange(256) for _ in range(320 * 240 * 3))
    )


def photo_like(seed: int) -> Image.Image:
    """Smooth blobs of colour plus grain, as a photograph has."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (8, 6), bytes(rng.randrange(256) for _ in range(8 * 6 * 3)))
    return Image.blend(
        small.resize((400, 300), Image.Resampling.BICUBIC), noise(seed).resize((400, 300)), 0.2
    )


def dark_blue_photo() -> Image.Image:
    """Night sky: a dark blue field with scattered bright dots (not on a ring)."""
    rng = random.Random(7)
    image = Image.new("RGB", (300, 200), (10, 30, 110))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(300), rng.randrange(200)
        draw.ellipse((x, y, x + 3, y + 3), fill=(255, 230, 120))
    return image


NEGATIVES: dict[str, Callable[[], Image.Image]] = {
    "plain-reflex-blue": lambda: Image.new("RGB", (300, 200), REFLEX),
    "plain-reflex-blue-jpeg": lambda: jpeg(Image.new("RGB", (300, 200), REFLEX), 30),
    "yellow-disc": yellow_disc,
    "yellow-ring": yellow_ring,
    "french-tricolour": tricolour,
    "noise": lambda: noise(1),
    "photo-like": lambda: photo_like(2),
    "photo-like-2": lambda: photo_like(3),
    "night-sky": dark_blue_photo,
    "five-stars-in-a-row": stars_in_a_row,
    "eight-stars-on-the-ring": lambda: pillow_flag(200, count=8, supersample=2),
    "blue-logo-with-white-text": blue_logo_with_white_text,
    "placeholder": lambda: Image.open(io.BytesIO(placeholder_logo("Avise"))),
    "placeholder-small": lambda: Image.open(
        io.BytesIO(placeholder_logo("Union européenne", width_px=150, height_px=100))
    ),
    "white": lambda: Image.new("RGB", (300, 200), WHITE),
    "transparent": lambda: Image.new("RGBA", (300, 200), (0, 0, 0, 0)),
    "one-pixel": lambda: Image.new("RGB", (1, 1), REFLEX),
}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_non_emblems_are_not_found(name: str) -> None:
    assert find_emblem(NEGATIVES[name]()) is None


def corpus_pictures() -> list[tuple[str, bytes]]:
    pictures = []
    for document in sorted([*CORPUS.glob("pptx/*.pptx"), *CORPUS.glob("docx/*.docx")]):
        try:
            with zipfile.ZipFile(document) as archive:
                for name in archive.namelist():
                    if "/media/" in name and name.lower().endswith(
                        (".png", ".jpg", ".jpeg", ".gif")
                    ):
                        pictures.append((f"{document.name}:{name}", archive.read(name)))
        except (zipfile.BadZipFile, OSError):
            continue  # encrypted or broken packages hold no readable media
    return pictures


def test_no_picture_of_the_third_party_corpus_is_an_emblem() -> None:
    pictures = corpus_pictures()
    assert len(pictures) >= 20
    found = []
    for name, data in pictures:
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except Exception:
            continue
        if find_emblem(image) is not None:
            found.append(name)
    assert found == []


# --------------------------------------------------------------------------- fingerprints


def distinctive_logo() -> Image.Image:
    """A made-up partner logo: a red disc, a green bar and bold letters."""
    image = Image.new("RGB", (600, 240), WHITE)
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), fill=(200, 30, 40))
    draw.rectangle((250, 150, 580, 190), fill=(40, 150, 60))
    draw.text((250, 30), "AVISO", font=text_font(100), fill=(30, 30, 30))
    return image


def other_logo() -> Image.Image:
    """Another partner logo with the same proportions but a different layout."""
    image = Image.new("RGB", (600, 240), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((380, 20, 580, 220), fill=(20, 90, 170))
    draw.text((20, 60), "DLA", font=text_font(120), fill=(220, 120, 0))
    return image


def test_fingerprint_survives_resizing_and_recompression() -> None:
    logo = distinctive_logo()
    base = fingerprint(logo)
    variants = {
        "x0.3": logo.resize((180, 72), Image.Resampling.LANCZOS),
        "x3": logo.resize((1800, 720), Image.Resampling.BICUBIC),
        "jpeg-q40": jpeg(logo, 40),
        "padded": block_of_white(logo),
        "transparent": logo_on_transparency(logo),
    }
    distances = {
        name: hamming(fingerprint(logo, trim=True), fingerprint(image, trim=True))
        for name, image in variants.items()
    }
    assert all(distance <= 6 for distance in distances.values()), distances
    assert hamming(base, fingerprint(other_logo())) > 16
    assert hamming(base, fingerprint(variants["x0.3"])) <= 6


def block_of_white(image: Image.Image) -> Image.Image:
    canvas = Image.new("RGB", (image.width + 200, image.height + 100), WHITE)
    canvas.paste(image, (100, 50))
    return canvas


def logo_on_transparency(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    pixels = rgba.load()
    assert pixels is not None
    for y in range(rgba.height):
        for x in range(rgba.width):
            if pixels[x, y] == (255, 255, 255, 255):
                pixels[x, y] = (0, 0, 0, 0)
    return rgba


def test_hamming_counts_differing_bits() -> None:
    assert hamming(0b1011, 0b0001) == 2
    assert hamming(0, (1 << 64) - 1) == 64


def test_blank_image_hashes_to_zero() -> None:
    assert fingerprint(Image.new("RGB", (50, 50), WHITE)) == 0
    assert fingerprint(Image.new("RGBA", (50, 50), (0, 0, 0, 0))) == 0


def test_recogniser_names_reference_logos_and_the_emblem() -> None:
    logo = distinctive_logo()
    recogniser = Recogniser({"avise": logo, "dla": other_logo()})
    assert recogniser.identify(logo.resize((180, 72), Image.Resampling.LANCZOS)) == "avise"
    assert recogniser.identify(logo.resize((1800, 720), Image.Resampling.BICUBIC)) == "avise"
    assert recogniser.identify(jpeg(logo, 35)) == "avise"
    assert recogniser.identify(jpeg(other_logo().resize((300, 120)), 50)) == "dla"
    assert recogniser.identify(matplotlib_flag(100)) == EMBLEM_ID
    assert recogniser.identify(block(reference_flag())) == EMBLEM_ID
    assert recogniser.identify(photo_like(5)) is None
    assert recogniser.identify(Image.open(io.BytesIO(placeholder_logo("Avise")))) is None


def test_recogniser_refuses_a_reference_with_other_proportions() -> None:
    logo = distinctive_logo()
    recogniser = Recogniser({"avise": logo})
    stretched = logo.resize((600, 480), Image.Resampling.LANCZOS)
    assert recogniser.identify(stretched) is None


def test_recogniser_ignores_blank_references() -> None:
    recogniser = Recogniser(
        {"blank": Image.new("RGB", (10, 10), WHITE), "avise": distinctive_logo()}
    )
    assert recogniser.references == ("avise",)
    assert recogniser.identify(Image.new("RGB", (10, 10), WHITE)) is None


def test_recogniser_caches_by_key() -> None:
    recogniser = Recogniser({"avise": distinctive_logo()})
    assert recogniser.identify(distinctive_logo(), key="sha-1") == "avise"
    # Same key, another picture: the cached answer stands (keys are content hashes).
    assert recogniser.identify(Image.new("RGB", (20, 20), WHITE), key="sha-1") == "avise"
    flag = reference_flag()
    first = recogniser.emblem(flag, key="sha-2")
    assert isinstance(first, EmblemMatch)
    assert recogniser.emblem(Image.new("RGB", (20, 20), WHITE), key="sha-2") is first
    assert recogniser.identify(Image.new("RGB", (20, 20), WHITE), key="sha-2") == EMBLEM_ID


def test_recognisers_with_other_references_share_each_pictures_fingerprints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dladocs.recognition._recogniser as recogniser

    real = recogniser._hashes
    analysed: list[tuple[int, int]] = []

    def counted(image: Image.Image) -> object:
        analysed.append(image.size)
        return real(image)

    monkeypatch.setattr(recogniser, "_SHARED_HASHES", type(recogniser._SHARED_HASHES)())
    references = {"avise": distinctive_logo()}
    # One region's logos, then another's: each has its own recogniser (the build's identifiers).
    first = Recogniser(references)
    second = Recogniser({**references, "dla": other_logo()})
    monkeypatch.setattr(recogniser, "_hashes", counted)
    picture = jpeg(distinctive_logo().resize((300, 120)), 50)

    assert first.identify(picture) == "avise"
    assert second.identify(picture.copy()) == "avise"  # the same pixels, another image object
    assert second.identify(jpeg(other_logo().resize((300, 120)), 50)) == "dla"
    assert analysed == [(300, 120), (300, 120)]  # the first picture once, the second once
