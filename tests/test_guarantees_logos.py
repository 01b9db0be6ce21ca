"""Logo files of every kind, through a whole build: refused with a message, or converted and placed.

``[logos] avise`` points to a file a user dropped into the project.  A file
that cannot be a logo (corrupt, truncated, empty, vector, decompression bomb)
ends the build with exit code 2 and a French message naming the logo and the
file, without a traceback and without writing anything.  A file that can be
converted (CMYK, palette, transparent, animated, 10:1) is, and the build
succeeds: the logo sits in the band of the fiche (DOCX headers) and of every
slide, with its own proportions, never taller than the EU emblem; the emblem
is exactly 3:2 and keeps its official colours.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from docx import Document
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
EMBLEM = "dladocs:logo:eu-emblem"
AVISE = "dladocs:logo:avise"
EU_BLUE = (0x00, 0x33, 0x99)
EU_YELLOW = (0xFF, 0xCC, 0x00)
RED = (200, 30, 30)
NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def _png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header announces ``width`` × ``height`` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _noise_png() -> bytes:
    image = Image.effect_noise((400, 200), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _project(tmp_path: Path, name: str, data: bytes) -> Path:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    (project / "logos").mkdir()
    (project / "logos" / name).write_bytes(data)
    with (project / "dladocs.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[logos]\navise = "logos/{name}"\n')
    return project


def _build(project: Path, out: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["build", str(project), "-o", str(out), "--quiet", *extra])


# --------------------------------------------------------------------------- refused


REFUSED: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "corrompu": (
        "avise.png",
        lambda: b"\x89PNG but not really" + bytes(range(256)) * 4,
        "pas une image lisible",
    ),
    "tronque": (
        "avise.png",
        lambda: _noise_png()[: len(_noise_png()) // 2],
        "tronqué ou endommagé",
    ),
    "vide": ("avise.png", lambda: b"", "fichier vide"),
    "svg": (
        "avise.svg",
        lambda: (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="90" height="30"/>'
        ),
        "format SVG",
    ),
    "bombe": ("avise.png", lambda: _png_claiming(100_000, 100_000), "pixels"),
    "trop-de-pixels": (
        "avise.png",
        lambda: _png_claiming(8_000, 6_000),
        "8\u00a0000 × 6\u00a0000 pixels",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unusable_logo_file_stops_the_build_with_a_french_message(
    tmp_path: Path, case: str
) -> None:
    name, make, fragment = REFUSED[case]
    project = _project(tmp_path, name, make())
    out = tmp_path / "sortie"
    result = _build(project, out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Erreur : ")
    assert "« Logo Avise »" in result.output  # the logo
    assert str(project / "logos" / name) in result.output  # and the file
    assert fragment in result.output
    assert not (out / "manifest.json").exists()
    assert not list(out.glob("*/*.docx")) and not list(out.glob("*/*.pptx"))
    assert not list(out.glob(".dladocs-staging-*"))


def test_logo_refusal_crosses_worker_processes_intact(tmp_path: Path) -> None:
    """Two regions build in two processes: the refusal still reaches the user as a message."""
    project = _project(tmp_path, "avise.png", _png_claiming(100_000, 100_000))
    out = tmp_path / "sortie"
    result = _build(project, out, "--region", "32,84", "--jobs", "2", "--only", "fiche")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "« Logo Avise »" in result.output and "avise.png" in result.output
    assert not (out / "manifest.json").exists()


# --------------------------------------------------------------------------- converted


def _cmyk() -> tuple[bytes, str, tuple[int, int]]:
    image = Image.new("CMYK", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((40, 40, 360, 160), fill=(0, 220, 220, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue(), "avise.jpg", (400, 200)


def _palette() -> tuple[bytes, str, tuple[int, int]]:
    image = Image.new("P", (300, 300), 0)
    image.putpalette([255, 255, 255, *RED] + [0, 0, 0] * 254)
    ImageDraw.Draw(image).ellipse((30, 30, 270, 270), fill=1)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)
    return buffer.getvalue(), "avise.png", (300, 300)


def _transparent() -> tuple[bytes, str, tuple[int, int]]:
    image = Image.new("RGBA", (450, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((20, 20, 430, 130), fill=(*RED, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue(), "avise.png", (450, 150)


def _animated() -> tuple[bytes, str, tuple[int, int]]:
    frames = [Image.new("RGB", (320, 160), colour) for colour in (RED, (20, 40, 200))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return buffer.getvalue(), "avise.gif", (320, 160)


def _banner() -> tuple[bytes, str, tuple[int, int]]:
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 100), RED).save(buffer, "PNG")
    return buffer.getvalue(), "avise.png", (1000, 100)


CONVERTED: dict[str, Callable[[], tuple[bytes, str, tuple[int, int]]]] = {
    "cmjn": _cmyk,
    "palette": _palette,
    "transparent": _transparent,
    "anime": _animated,
    "bandeau-10-1": _banner,
}


def _docx_band_pictures(path: Path) -> list[list[tuple[str, int, int, bytes]]]:
    """For each header part: (name, cx, cy, image bytes) of every picture."""
    document = Document(str(path))
    headers = []
    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith("/word/header"):
            continue
        root: Any = etree.fromstring(part.blob)
        pictures: list[tuple[str, int, int, bytes]] = []
        for holder in root.iter(f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"):
            name = holder.find("wp:docPr", NS).get("name")
            extent = holder.find("wp:extent", NS)
            blip = holder.find(".//a:blip", NS)
            blob = part.related_parts[blip.get(f"{{{NS['r']}}}embed")].blob
            pictures.append((str(name), int(extent.get("cx")), int(extent.get("cy")), bytes(blob)))
        if pictures:
            headers.append(pictures)
    return headers


def _pptx_band_pictures(path: Path) -> list[list[tuple[str, int, int, bytes]]]:
    slides = []
    for slide in Presentation(str(path)).slides:
        slides.append(
            [
                (shape.name, int(shape.width), int(shape.height), shape.image.blob)
                for shape in slide.shapes
                if shape.shape_type == 13 and shape.name.startswith("dladocs:logo:")
            ]
        )
    return slides


def _assert_emblem_official(blob: bytes) -> None:
    with Image.open(io.BytesIO(blob)) as image:
        assert image.width * 2 == image.height * 3
        counted = image.convert("RGB").getcolors(maxcolors=image.width * image.height) or []
    colours = [colour for _count, colour in sorted(counted, reverse=True)[:2]]
    assert colours[0] == EU_BLUE  # the field, not recoloured
    assert colours[1] == EU_YELLOW  # the stars


def _assert_band(
    groups: list[list[tuple[str, int, int, bytes]]], aspect: float, where: str
) -> bytes:
    """Every band has the exact 3:2 emblem, the user's logo in its proportions, none taller than the emblem."""
    assert groups, f"no logo band in {where}"
    emblems: set[bytes] = set()
    for pictures in groups:
        names = [name for name, *_ in pictures]
        assert names.count(EMBLEM) == 1, (where, names)
        assert AVISE in names, (where, names)
        _, emblem_cx, emblem_cy, emblem_blob = next(p for p in pictures if p[0] == EMBLEM)
        assert emblem_cx * 2 == emblem_cy * 3, (
            f"emblem distorted in {where}: {emblem_cx} × {emblem_cy}"
        )
        emblems.add(emblem_blob)
        for name, _cx, cy, _blob in pictures:
            if name != EMBLEM:
                assert cy <= emblem_cy, f"{name} taller than the emblem in {where}"
        _, cx, cy, _ = next(p for p in pictures if p[0] == AVISE)
        assert cx / cy == pytest.approx(aspect, rel=0.01), f"logo distorted in {where}"
    assert len(emblems) == 1
    return emblems.pop()


@pytest.mark.parametrize("case", sorted(CONVERTED))
def test_convertible_logo_is_placed_in_the_band(tmp_path: Path, case: str) -> None:
    data, name, (width, height) = CONVERTED[case]()
    project = _project(tmp_path, name, data)
    out = tmp_path / "sortie"
    result = _build(project, out, "--only", "deck,fiche")
    assert result.exit_code == 0, result.output
    aspect = width / height

    fiche = _docx_band_pictures(out / "hauts-de-france" / "fiche-pratique.docx")
    deck = _pptx_band_pictures(out / "hauts-de-france" / "support-webinaire.pptx")
    emblem_docx = _assert_band(fiche, aspect, "fiche")
    emblem_pptx = _assert_band(deck, aspect, "deck")
    assert emblem_docx == emblem_pptx
    _assert_emblem_official(emblem_docx)

    logo = next(blob for name_, _, _, blob in fiche[0] if name_ == AVISE)
    with Image.open(io.BytesIO(logo)) as image:
        assert image.format == "PNG"
        assert image.mode in ("RGB", "RGBA")
        assert image.width / image.height == pytest.approx(aspect, rel=0.01)
        pixels: Any = image.convert("RGBA")
        centre = pixels.getpixel((image.width // 2, image.height // 2))
        corner = pixels.getpixel((0, 0))
    if case in ("palette", "transparent"):
        assert corner[3] == 0  # transparency kept
        assert centre == (*RED, 255)
    if case in ("anime", "bandeau-10-1"):
        assert centre == (*RED, 255)  # the first frame of the animation
    if case == "cmjn":
        assert (
            centre[0] > 150 and centre[1] < 120 and centre[2] < 120
        )  # cyan-free magenta+yellow: a red
