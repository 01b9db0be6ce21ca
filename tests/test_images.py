"""Preparing users' logo files, placeholders, and finding system fonts."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageFile, PngImagePlugin

from dladocs import images
from dladocs.emblem import emblem_png
from dladocs.errors import DladocsError
from dladocs.images import PreparedImage, find_font, placeholder_logo, prepare_logo

# --------------------------------------------------------------------------- helpers


def png_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kinds.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return kinds


def chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_claiming(width: int, height: int) -> bytes:
    """A 60-byte PNG whose header declares ``width`` × ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def save(image: Image.Image, path: Path, **options: object) -> Path:
    image.save(path, **options)  # type: ignore[arg-type]
    return path


def logo(size: tuple[int, int] = (300, 200)) -> Image.Image:
    image = Image.new("RGB", size, (200, 30, 40))
    image.paste((20, 120, 60), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    return image


def extrema(band: Image.Image) -> tuple[int, int]:
    """(darkest, lightest) value of a one-band image."""
    low, high = band.getextrema()
    assert isinstance(low, int) and isinstance(high, int)
    return low, high


def opened(prepared: PreparedImage) -> Image.Image:
    image = Image.open(io.BytesIO(prepared.png))
    image.load()
    return image


def refusal(path: Path, **options: int) -> str:
    with pytest.raises(DladocsError) as caught:
        prepare_logo(path, label="Avise", **options)
    assert caught.value.path == path
    message = str(caught.value)
    assert "« Avise »" in message
    assert str(path) in message
    return message


# --------------------------------------------------------------------------- refusals


def test_missing_file(tmp_path: Path) -> None:
    message = refusal(tmp_path / "logos" / "avise.png")
    assert "introuvable" in message


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "est un dossier" in refusal(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "avise.png"
    path.write_bytes(b"")
    message = refusal(path)
    assert "vide" in message
    assert "exportez-le en PNG" in message


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "avise.png"
    path.write_bytes(os.urandom(2048))
    message = refusal(path)
    assert "n'est pas une image lisible" in message
    assert "PNG, JPEG" in message


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "avise.png"
    path.write_text("logo à venir\n", encoding="utf-8")
    assert "n'est pas une image lisible" in refusal(path)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image(tmp_path: Path, fmt: str) -> None:
    buffer = io.BytesIO()
    logo((600, 400)).save(buffer, format=fmt)
    path = tmp_path / f"avise.{fmt.lower()}"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    message = refusal(path)
    assert "tronqué ou endommagé" in message
    assert "réexportez-le en PNG" in message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_corrupt_png_data(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    logo((600, 400)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"IDAT") + 8
    data[start : start + 64] = os.urandom(64)
    path = tmp_path / "avise.png"
    path.write_bytes(bytes(data))
    assert "tronqué ou endommagé" in refusal(path)


def test_decompression_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "avise.png"
    path.write_bytes(png_claiming(100_000, 100_000))
    assert path.stat().st_size < 100
    message = refusal(path)
    assert "10\u00a0000\u00a0000\u00a0000 pixels" in message
    assert "limite de 40\u00a0000\u00a0000 pixels" in message


def test_image_above_dladocs_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    # 49 megapixels: under Pillow's own bomb limit, over dladocs' limit.  The
    # file holds no real pixel data, so decoding would fail with another message.
    path = tmp_path / "avise.png"
    path.write_bytes(png_claiming(7000, 7000))
    message = refusal(path)
    assert "7\u00a0000 × 7\u00a0000 pixels" in message


def test_file_too_heavy(tmp_path: Path) -> None:
    path = save(logo((400, 400)), tmp_path / "avise.bmp")
    message = refusal(path, max_bytes=10_000)
    assert "pèse 0,5 Mo" in message
    assert "limite de 0,0 Mo" in message


SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
  <rect width="100" height="50"/>
</svg>
"""


def test_svg_is_refused_with_export_advice(tmp_path: Path) -> None:
    folder = tmp_path / "logos"
    folder.mkdir()
    path = folder / "avise.svg"
    path.write_text(SVG, encoding="utf-8")
    message = refusal(path)
    assert message == (
        f"le logo « Avise » ({path}) est au format SVG, que dladocs ne sait pas convertir : "
        "exportez-le en PNG (au moins 600 px de large) et indiquez ce fichier"
    )


def test_svg_content_is_recognised_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "avise.png"
    path.write_text(SVG, encoding="utf-8")
    assert "au format SVG" in refusal(path)


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("avise.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("avise.emf", b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40, "EMF"),
        ("avise.wmf", b"\xd7\xcd\xc6\x9a" + b"\x00" * 40, "WMF"),
        ("avise.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n", "EPS"),
        ("avise.bin", b"\x01\x00\x09\x00\x00\x03" + b"\x00" * 40, "WMF"),
    ],
)
def test_vector_formats_are_refused(tmp_path: Path, name: str, head: bytes, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    message = refusal(path)
    assert f"au format {fmt}, que dladocs ne sait pas convertir" in message


def test_other_raster_formats_are_refused_by_name(tmp_path: Path) -> None:
    path = save(logo((64, 64)), tmp_path / "avise.ico")
    message = refusal(path)
    assert "au format ICO, que dladocs n'accepte pas" in message


# --------------------------------------------------------------------------- conversions


def test_plain_rgb_png_comes_out_unchanged(tmp_path: Path) -> None:
    source = logo()
    prepared = prepare_logo(save(source, tmp_path / "avise.png"), label="Avise")
    assert (prepared.width, prepared.height) == (300, 200)
    assert prepared.notes == ()
    result = opened(prepared)
    assert result.mode == "RGB"
    assert result.tobytes() == source.tobytes()


def test_output_is_deterministic_and_carries_no_metadata(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Logo Studio 2024")
    info.add_text("Creation Time", "2024-05-01T10:00:00")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x0131] = "Logo Studio"
    path = save(logo(), tmp_path / "avise.png", pnginfo=info, icc_profile=srgb, exif=exif)
    first = prepare_logo(path, label="Avise")
    second = prepare_logo(path, label="Avise")
    assert first.png == second.png
    assert png_chunks(first.png) == [b"IHDR", b"IDAT", b"IEND"]


def test_cmyk_jpeg_is_converted(tmp_path: Path) -> None:
    source = Image.new("CMYK", (300, 200), (0, 0, 255, 0))
    path = save(source, tmp_path / "avise.jpg", quality=95)
    prepared = prepare_logo(path, label="Avise")
    result = opened(prepared)
    assert result.mode == "RGB"
    assert result.getpixel((150, 100)) == pytest.approx((255, 255, 0), abs=4)
    assert any("CMJN convertie en RVB" in note for note in prepared.notes)


def test_palette_png_keeps_its_transparency(tmp_path: Path) -> None:
    source = Image.new("P", (200, 100), 0)
    source.putpalette([255, 255, 255, 200, 30, 40] + [0] * 762)
    source.paste(1, (50, 25, 150, 75))
    path = save(source, tmp_path / "avise.png", transparency=0)
    prepared = prepare_logo(path, label="Avise")
    result = opened(prepared)
    assert result.mode == "RGBA"
    assert result.getpixel((5, 5))[3] == 0  # type: ignore[index]
    assert result.getpixel((100, 50)) == (200, 30, 40, 255)


def test_opaque_alpha_channel_is_dropped(tmp_path: Path) -> None:
    path = save(logo().convert("RGBA"), tmp_path / "avise.png")
    prepared = prepare_logo(path, label="Avise")
    assert opened(prepared).mode == "RGB"
    assert prepared.notes == ()


@pytest.mark.parametrize("mode", ["L", "LA", "1", "P"])
def test_other_modes_become_rgb_or_rgba(tmp_path: Path, mode: str) -> None:
    source = logo().convert(mode)
    path = save(source, tmp_path / "avise.png")
    result = opened(prepare_logo(path, label="Avise"))
    assert result.mode in ("RGB", "RGBA")
    assert result.size == (300, 200)


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    source = Image.new("I;16", (200, 100), 32896)
    source.paste(65535, (0, 0, 100, 100))
    path = save(source, tmp_path / "avise.png")
    prepared = prepare_logo(path, label="Avise")
    result = opened(prepared)
    assert result.getpixel((50, 50)) == (255, 255, 255)
    assert result.getpixel((150, 50)) == (128, 128, 128)
    assert "image 16 bits convertie en 8 bits" in prepared.notes


@pytest.mark.parametrize(("suffix", "fmt"), [("gif", "GIF"), ("png", "PNG"), ("webp", "WEBP")])
def test_animated_image_uses_its_first_frame(tmp_path: Path, suffix: str, fmt: str) -> None:
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((200, 0, 0), (0, 200, 0))]
    frames.append(Image.new("RGB", (120, 80), (0, 0, 200)))
    path = tmp_path / f"avise.{suffix}"
    options = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(path, format=fmt, save_all=True, append_images=frames[1:], **options)
    prepared = prepare_logo(path, label="Avise")
    assert opened(prepared).convert("RGB").getpixel((60, 40)) == pytest.approx((200, 0, 0), abs=3)
    assert "image animée (3 images) : seule la première image est utilisée" in prepared.notes


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    source = logo((300, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = save(source, tmp_path / "avise.jpg", exif=exif, quality=95)
    prepared = prepare_logo(path, label="Avise")
    assert (prepared.width, prepared.height) == (200, 300)
    assert any("orientation EXIF" in note for note in prepared.notes)


def test_very_small_image_is_accepted_with_a_warning(tmp_path: Path) -> None:
    prepared = prepare_logo(save(logo((40, 30)), tmp_path / "avise.png"), label="Avise")
    assert (prepared.width, prepared.height) == (40, 30)
    assert any("très petite (40 × 30 px)" in note for note in prepared.notes)


def test_banner_is_accepted_with_a_warning(tmp_path: Path) -> None:
    prepared = prepare_logo(save(logo((1000, 100)), tmp_path / "avise.png"), label="Avise")
    assert (prepared.width, prepared.height) == (1000, 100)
    assert any("proportions inhabituelles (10,0:1)" in note for note in prepared.notes)
    tall = prepare_logo(save(logo((90, 900)), tmp_path / "tall.png"), label="Avise")
    assert any("proportions inhabituelles (1:10,0)" in note for note in tall.notes)


def test_large_image_is_reduced_without_changing_its_proportions(tmp_path: Path) -> None:
    prepared = prepare_logo(save(logo((4500, 3000)), tmp_path / "avise.png"), label="Avise")
    assert (prepared.width, prepared.height) == (2000, 1333)
    assert any("réduite de 4500 × 3000 px à 2000 × 1333 px" in n for n in prepared.notes)


def test_eu_emblem_file_is_neither_distorted_nor_recoloured(tmp_path: Path) -> None:
    path = tmp_path / "drapeau-ue.png"
    path.write_bytes(emblem_png(400))
    prepared = prepare_logo(path, label="Union européenne")
    original = Image.open(io.BytesIO(emblem_png(400)))
    assert (prepared.width, prepared.height) == original.size
    assert opened(prepared).tobytes() == original.convert("RGB").tobytes()
    assert prepared.notes == ()


def test_prepared_image_aspect() -> None:
    assert PreparedImage(b"", 300, 200).aspect == 1.5


# --------------------------------------------------------------------------- placeholders


def test_placeholder_is_a_grey_png_of_the_requested_size() -> None:
    data = placeholder_logo("Avise")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (900, 300)
    assert png_chunks(data) == [b"IHDR", b"IDAT", b"IEND"]
    red, green, blue = image.convert("RGB").split()
    # No colour at all: grey levels only, so nothing mistakes it for an emblem.
    assert extrema(ImageChops.difference(red, green))[1] <= 2
    assert extrema(ImageChops.difference(green, blue))[1] <= 2
    assert extrema(red)[0] < 100  # the text is there


def test_placeholder_is_deterministic_and_differs_by_label() -> None:
    assert placeholder_logo("Avise") == placeholder_logo("Avise")
    placeholder_logo.cache_clear()
    first = placeholder_logo("Avise")
    placeholder_logo.cache_clear()
    assert placeholder_logo("Avise") == first
    assert placeholder_logo("DLA") != first


def test_placeholder_text_stays_inside_the_frame() -> None:
    label = "Dispositif local d'accompagnement de Provence-Alpes-Côte d'Azur et de Corse"
    image = Image.open(io.BytesIO(placeholder_logo(label, width_px=400, height_px=120)))
    assert image.size == (400, 120)
    grey = image.convert("L")
    # Text is darker than the frame's dashes (128); none of it may touch the sides.
    margin = 12
    for side in (grey.crop((0, 0, margin, 120)), grey.crop((400 - margin, 0, 400, 120))):
        assert extrema(side)[0] >= 110


def test_placeholder_rejects_absurd_sizes() -> None:
    with pytest.raises(ValueError):
        placeholder_logo("Avise", width_px=10, height_px=5)


# --------------------------------------------------------------------------- fonts


def test_find_font_finds_installed_families() -> None:
    regular = find_font("Liberation Sans")
    bold = find_font("Liberation Sans", bold=True)
    italic = find_font("Carlito", italic=True)
    assert regular is not None and regular.is_file()
    assert bold is not None and "Bold" in bold.name
    assert italic is not None and "Italic" in italic.name
    assert regular != bold


def test_find_font_never_returns_a_substitute() -> None:
    assert find_font("No Such Font Family 42") is None
    arial = find_font("Arial")
    assert arial is None or "arial" in arial.name.lower()


def test_find_font_without_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    images._fc_match.cache_clear()
    try:
        found = find_font("DejaVu Sans", bold=True)
        assert found is not None
        assert found.name == "DejaVuSans-Bold.ttf"
        assert find_font("Carlito") is not None
    finally:
        images._fc_match.cache_clear()
