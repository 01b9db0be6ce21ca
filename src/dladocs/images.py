"""Logo files from users, made safe to embed; honest placeholders; system fonts.

Users drop logo files into a folder: they may be empty, truncated, not images
at all, vector files, CMYK, 16-bit, animated, enormous in pixels (a
decompression bomb), tiny or oddly shaped.  :func:`prepare_logo` converts what
it can into a plain PNG and refuses the rest with a French message that says
what to do.  It never changes a logo's proportions, and changes colours only
to bring them to sRGB (CMYK, 16-bit or non-sRGB profiles), so an EU emblem
supplied as an RGB file comes out pixel for pixel as it went in.

Pillow is imported inside the functions: :func:`find_font` serves text
measurement elsewhere and must stay cheap to import.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs.errors import DladocsError

if TYPE_CHECKING:
    from typing import TypeAlias

    from PIL import Image, ImageDraw, ImageFont

    AnyFont: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont

__all__ = [
    "ACCEPTED_FORMATS",
    "PreparedImage",
    "find_font",
    "placeholder_logo",
    "prepare_logo",
]

# Raster formats a logo may come in.  Others that Pillow can read (PSD, ICO,
# PCX...) are refused by name: they are rarely what the designer meant to hand
# over, and each extra decoder is more attack surface for hostile files.
ACCEPTED_FORMATS: dict[str, str] = {
    "PNG": "PNG",
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "GIF": "GIF",
    "WEBP": "WebP",
    "BMP": "BMP",
    "TIFF": "TIFF",
}
_ACCEPTED_LIST = "PNG, JPEG, GIF, WebP, BMP ou TIFF"

# Longest side kept in documents: 2000 px prints a logo 17 cm wide at 300 dpi,
# far more than any header band needs, and keeps DOCX/PPTX files small.
MAX_SIDE = 2000
# Below 100 px on its longest side a logo prints blurred at any useful size.
SMALL_SIDE = 100
# Beyond 8:1 a "logo" is usually a whole banner or a logo with its tagline.
EXTREME_ASPECT = 8.0

_EXPORT_HINT = "exportez-le en PNG (au moins 600 px de large) et indiquez ce fichier"


@dataclass(frozen=True)
class PreparedImage:
    """A logo re-encoded as a clean PNG, with French remarks on what was done."""

    png: bytes
    width: int
    height: int
    notes: tuple[str, ...] = ()

    @property
    def aspect(self) -> float:
        return self.width / self.height


# --------------------------------------------------------------------------- sniffing


def _vector_format(head: bytes, suffix: str) -> str | None:
    """Name a vector (or page-description) format that Pillow cannot rasterise."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in (".svg", ".svgz") or text.startswith(b"<svg") or b"<svg" in text[:2048]:
        return "SVG"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"%!PS") or head.startswith(b"\xc5\xd0\xd3\xc6"):
        return "EPS"
    # EMF: record type 1 (EMR_HEADER) then the " EMF" signature at offset 40.
    if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
        return "EMF"
    # WMF: the "placeable" header key, or a bare header (type 1 or 2, size 9 words).
    if head[:4] == b"\xd7\xcd\xc6\x9a" or head[:6] in (
        b"\x01\x00\x09\x00\x00\x03",
        b"\x02\x00\x09\x00\x00\x03",
    ):
        return "WMF"
    named = {".emf": "EMF", ".wmf": "WMF", ".pdf": "PDF", ".eps": "EPS", ".ai": "AI"}
    return named.get(suffix)


def _who(label: str, path: Path) -> str:
    return f"le logo « {label} » ({path})"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " Mo"


def _thousands(number: int) -> str:
    # French groups digits with a (non-breaking) space: 40 000 000.
    return f"{number:,}".replace(",", "\u00a0")


# --------------------------------------------------------------------------- preparation


def prepare_logo(
    path: Path,
    *,
    label: str,
    max_pixels: int = 40_000_000,
    max_bytes: int = 20_000_000,
) -> PreparedImage:
    """Read a user's logo file and return it as a clean RGB(A) PNG.

    Raises :class:`~dladocs.errors.DladocsError` (French, naming ``label`` and
    ``path``) for a file that is missing, empty, too heavy, not an image, in a
    vector format, declared bigger than ``max_pixels`` (checked from the
    header, before any decoding) or corrupt.
    """
    path = Path(path)
    who = _who(label, path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DladocsError(
            f"{who} est introuvable : vérifiez le chemin indiqué", path=path
        ) from None
    except OSError as exc:
        raise DladocsError(f"{who} n'a pas pu être lu ({exc.strerror})", path=path) from None
    if path.is_dir():
        raise DladocsError(f"{who} est un dossier, pas un fichier image", path=path)
    if not path.is_file():
        raise DladocsError(
            f"{who} n'est pas un fichier ordinaire (tube, périphérique...) : {_EXPORT_HINT}",
            path=path,
        )
    if size == 0:
        raise DladocsError(f"{who} est un fichier vide (0 octet) : {_EXPORT_HINT}", path=path)
    if size > max_bytes:
        raise DladocsError(
            f"{who} pèse {_megabytes(size)}, au-delà de la limite de {_megabytes(max_bytes)} : "
            f"{_EXPORT_HINT}, d'au plus {MAX_SIDE} px de large",
            path=path,
        )
    from dladocs._userfiles import read_user_file

    try:
        data = read_user_file(path, who, max_bytes)
    except OSError as exc:
        raise DladocsError(f"{who} n'a pas pu être lu ({exc.strerror})", path=path) from None

    vector = _vector_format(data[:4096], path.suffix.lower())
    if vector is not None:
        raise DladocsError(
            f"{who} est au format {vector}, que dladocs ne sait pas convertir : {_EXPORT_HINT}",
            path=path,
        )
    image, notes = _decode(data, who, path, max_pixels)
    return _encode(image, notes)


def _decode(data: bytes, who: str, path: Path, max_pixels: int) -> tuple[Image.Image, list[str]]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    notes: list[str] = []
    # Image.open reads only the header.  Pillow's own guard raises for more
    # than 2 × MAX_IMAGE_PIXELS; the warning it gives below that is silenced
    # because dladocs applies its own, lower, limit right after.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            declared = f"{_thousands(int(found.group(1)))} pixels" if found else "trop de pixels"
            raise DladocsError(
                f"{who} annonce {declared}, au-delà de la limite de "
                f"{_thousands(max_pixels)} pixels : {_EXPORT_HINT}, d'au plus {MAX_SIDE} px "
                "de large",
                path=path,
            ) from None
        except UnidentifiedImageError:
            raise DladocsError(
                f"{who} n'est pas une image lisible (formats acceptés : {_ACCEPTED_LIST}) : "
                f"{_EXPORT_HINT}",
                path=path,
            ) from None
        except Exception as exc:  # a hostile header can raise anything
            raise DladocsError(
                f"{who} est endommagé et ne peut pas être lu ({type(exc).__name__}) : "
                f"{_EXPORT_HINT}",
                path=path,
            ) from None

    if image.format not in ACCEPTED_FORMATS:
        raise DladocsError(
            f"{who} est au format {image.format}, que dladocs n'accepte pas "
            f"(formats acceptés : {_ACCEPTED_LIST}) : {_EXPORT_HINT}",
            path=path,
        )
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise DladocsError(
            f"{who} annonce {_thousands(width)} × {_thousands(height)} pixels, au-delà de la "
            f"limite de {_thousands(max_pixels)} pixels : {_EXPORT_HINT}, d'au plus "
            f"{MAX_SIDE} px de large",
            path=path,
        )

    frames = getattr(image, "n_frames", 1)
    try:
        # Decode fully now, with LOAD_TRUNCATED_IMAGES left at False, so that a
        # truncated or corrupt file fails here and not inside a renderer.
        image.seek(0)
        image.load()
        orientation = image.getexif().get(0x0112, 1)
        oriented = ImageOps.exif_transpose(image) if orientation in range(2, 9) else image
    except Exception:  # decoders raise OSError, SyntaxError, ValueError, zlib errors...
        raise DladocsError(
            f"{who} est tronqué ou endommagé et ne peut pas être décodé : réexportez-le en PNG "
            "et indiquez ce fichier",
            path=path,
        ) from None
    if isinstance(frames, int) and frames > 1:
        if image.format == "TIFF":
            notes.append(f"fichier de {frames} pages : seule la première page est utilisée")
        elif image.format != "MPO":  # a camera's JPEG with its preview, not an animation
            notes.append(f"image animée ({frames} images) : seule la première image est utilisée")
    if oriented is not image:
        notes.append("orientation EXIF appliquée (image tournée ou retournée)")
    try:
        icc = oriented.info.get("icc_profile") or image.info.get("icc_profile")
        keyed = "transparency" in oriented.info or "transparency" in image.info
        return _to_rgb(
            oriented, notes, icc=icc if isinstance(icc, bytes) else None, keyed=keyed
        ), notes
    except (ValueError, OSError) as exc:
        raise DladocsError(
            f"{who} utilise un mode de couleur que dladocs ne sait pas convertir "
            f"({image.mode}, {exc}) : {_EXPORT_HINT}",
            path=path,
        ) from None


def _to_rgb(image: Image.Image, notes: list[str], *, icc: bytes | None, keyed: bool) -> Image.Image:  # noqa: C901  - one case per image mode (CMYK, palette, alpha, ICC), each said in a note
    """Bring any Pillow mode to RGB or RGBA, keeping transparency.

    ``icc`` is the embedded colour profile, ``keyed`` whether a colour or
    palette entry is declared transparent (PNG tRNS, GIF transparency).
    """
    from PIL import ImageCms

    mode = image.mode
    if mode == "CMYK":
        converted: Image.Image | None = None
        if icc:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                target = ImageCms.createProfile("sRGB")
                converted = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
            except (ImageCms.PyCMSError, OSError, ValueError):
                converted = None
        if converted is not None:
            notes.append("image CMJN convertie en RVB avec son profil de couleur")
            return converted
        notes.append(
            "image CMJN convertie en RVB sans profil de couleur : vérifiez les teintes, "
            "ou fournissez la version RVB du logo"
        )
        return image.convert("RGB")
    if mode.startswith("I;16") or mode == "I":
        scaled = image.convert("I")
        low, high = scaled.getextrema()
        if mode.startswith("I;16") or (isinstance(high, int) and high > 255):
            scaled = scaled.point(lambda value: value * (1 / 257))
        notes.append("image 16 bits convertie en 8 bits")
        return scaled.convert("L").convert("RGB")
    if mode == "F":
        return image.convert("L").convert("RGB")

    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or keyed
    if has_alpha:
        rgba = image.convert("RGBA")
        low, high = rgba.getchannel("A").getextrema()
        if isinstance(low, int) and low >= 255:
            return rgba.convert("RGB")
        return rgba

    if mode == "RGB" and icc:
        # A non-sRGB profile (Adobe RGB, Display P3...) would be lost in the
        # bare PNG; convert to sRGB so the colours look as the designer saw them.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(source).lower():
                target = ImageCms.createProfile("sRGB")
                srgb = ImageCms.profileToProfile(image, source, target, outputMode="RGB")
                if srgb is not None:
                    notes.append("couleurs converties en sRGB d'après le profil de l'image")
                    return srgb
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image if mode == "RGB" else image.convert("RGB")


def _encode(image: Image.Image, notes: list[str]) -> PreparedImage:
    from PIL import Image

    width, height = image.size
    longest = max(width, height)
    if longest > MAX_SIDE:
        ratio = MAX_SIDE / longest
        size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        notes.append(
            f"image réduite de {width} × {height} px à {size[0]} × {size[1]} px "
            "(proportions conservées)"
        )
    elif longest < SMALL_SIDE:
        notes.append(
            f"image très petite ({width} × {height} px) : elle paraîtra floue une fois "
            "imprimée ; fournissez une version d'au moins 600 px de large"
        )
    aspect = width / height
    if aspect > EXTREME_ASPECT or aspect < 1 / EXTREME_ASPECT:
        shown = f"{aspect:.1f}:1" if aspect >= 1 else f"1:{1 / aspect:.1f}"
        notes.append(
            f"proportions inhabituelles ({shown.replace('.', ',')}) : vérifiez que le fichier "
            "contient le logo seul, sans slogan ni marges"
        )
    # A fresh image from raw pixels carries no info dict: no ICC profile, EXIF,
    # text chunks or timestamps can leak into the PNG, which is then a pure
    # function of the pixels.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=False, compress_level=9)
    return PreparedImage(buffer.getvalue(), clean.width, clean.height, tuple(notes))


# --------------------------------------------------------------------------- fonts

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_STYLE_SUFFIXES: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): ("", "regular", "book", "roman", "normal"),
    (True, False): ("bold", "bd", "b"),
    (False, True): ("italic", "oblique", "it", "i"),
    (True, True): ("bolditalic", "boldoblique", "bi", "z"),
}


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@functools.lru_cache(maxsize=64)
def _fc_match(family: str, bold: bool, italic: bool) -> Path | None:
    executable = shutil.which("fc-match")
    if executable is None:
        return None
    pattern = family + (":bold" if bold else ":weight=regular") + (":italic" if italic else "")
    try:
        result = subprocess.run(
            [executable, "--format=%{family}\n%{style}\n%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 3:
        return None
    families, style, file = lines[0], lines[1].lower(), lines[2]
    # fc-match always answers with *some* font; accept only the family asked for.
    if _squash(family) not in {_squash(name) for name in families.split(",")}:
        return None
    if bold != ("bold" in style) or italic != ("italic" in style or "oblique" in style):
        return None
    found = Path(file)
    return found if found.is_file() else None


@functools.lru_cache(maxsize=1)
def _font_files() -> tuple[Path, ...]:
    roots = [Path(folder).expanduser() for folder in _FONT_DIRS]
    if sys.platform == "win32":
        roots.append(Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts")
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(p for p in root.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES))
    return tuple(files)


@functools.lru_cache(maxsize=64)
def _scan_fonts(family: str, bold: bool, italic: bool) -> Path | None:
    wanted = _squash(family)
    suffixes = _STYLE_SUFFIXES[(bold, italic)]
    # Windows names Arial's files arial.ttf, arialbd.ttf...; most others
    # "FamilyName-Style.ttf".
    names = {wanted + suffix for suffix in suffixes}
    for file in _font_files():
        if _squash(file.stem) in names:
            return file
    return None


def find_font(family: str, *, bold: bool = False, italic: bool = False) -> Path | None:
    """The font file of ``family`` in the requested style, or None if not installed.

    Asks fontconfig (``fc-match``) when it is there, and otherwise looks for a
    file named after the family in the usual font folders.  Substitutes are
    never returned: ``find_font("Arial")`` is None on a system that only has
    Liberation Sans.
    """
    return _fc_match(family, bold, italic) or _scan_fonts(family, bold, italic)


_PLACEHOLDER_FAMILIES = ("Liberation Sans", "Carlito", "DejaVu Sans", "Arial")


def _font(size: int, bold: bool) -> AnyFont:
    from PIL import ImageFont

    for family in _PLACEHOLDER_FAMILIES:
        file = find_font(family, bold=bold)
        if file is not None:
            try:
                return ImageFont.truetype(str(file), size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _metrics(font: AnyFont) -> tuple[int, int]:
    """(ascent, descent) of a font; the bitmap fallback font has no such thing."""
    getmetrics = getattr(font, "getmetrics", None)
    if getmetrics is None:
        return 11, 3
    ascent, descent = getmetrics()
    return int(ascent), int(descent)


def _fit(text: str, width: float, size: int, bold: bool) -> tuple[str, AnyFont]:
    """The largest font (≤ size) whose rendering of ``text`` fits ``width``."""
    floor = max(6, size // 4)
    for candidate in range(size, floor - 1, -1):
        font = _font(candidate, bold)
        if font.getlength(text) <= width:
            return text, font
    font = _font(floor, bold)
    while len(text) > 1 and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…", font


def _font_size(font: AnyFont, default: int) -> int:
    size = getattr(font, "size", default)
    return int(size) if isinstance(size, int | float) else default


def _title_lines(title: str, width: float, size: int) -> list[tuple[str, AnyFont, int]]:
    """The title on one line, or on two balanced lines rather than in a tiny font."""
    text, font = _fit(title, width, size, True)
    words = title.split()
    if _font_size(font, size) >= size * 0.7 or len(words) < 2:
        return [(text, font, 64)]
    probe = _font(size, True)
    cut = min(
        range(1, len(words)),
        key=lambda i: max(
            probe.getlength(" ".join(words[:i])), probe.getlength(" ".join(words[i:]))
        ),
    )
    smaller = round(size * 0.8)
    halves = [_fit(" ".join(part), width, smaller, True) for part in (words[:cut], words[cut:])]
    if any(text.endswith("…") for text, _ in halves):
        return [(text, font, 64) for text, font in halves]
    common = _font(min(_font_size(font, smaller) for _, font in halves), True)
    return [(text, common, 64) for text, _ in halves]


@functools.lru_cache(maxsize=64)
def placeholder_logo(label: str, *, width_px: int = 900, height_px: int = 300) -> bytes:
    """A grey PNG that says plainly which logo it stands for and that it must be replaced.

    Grey on light grey, dashed frame: it cannot pass for a real logo, and it
    has none of the EU emblem's blue and yellow, so recognition never takes it
    for one.
    """
    from PIL import Image, ImageDraw

    if width_px < 40 or height_px < 20:
        raise ValueError(f"placeholder too small: {width_px}×{height_px}")
    scale = 2
    w, h = width_px * scale, height_px * scale
    canvas = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(min(w, h) / 100))
    radius = round(min(w, h) / 8)
    inset = line
    box = (inset, inset, w - 1 - inset, h - 1 - inset)
    draw.rounded_rectangle(box, radius=radius, fill=(238, 238, 238))
    _dashed_frame(draw, box, radius, line, (128, 128, 128))

    title = " ".join(label.split()) or "sans nom"
    if not title.lower().startswith("logo"):
        title = f"Logo {title}"
    usable = w - 2 * (radius + line)
    lines = _title_lines(title, usable, round(h * 0.22))
    lines.append((*_fit("à remplacer par le logo officiel", usable, round(h * 0.12), False), 96))
    # Line boxes from the fonts' ascent and descent, not from the glyphs, so
    # that "Logo Avise" and "Logo AVISE" sit on the same baselines.
    metrics = [_metrics(font) for _, font, _ in lines]
    gap = round(h * 0.06)
    block = sum(a + d for a, d in metrics) + gap * (len(lines) - 1)
    y = (h - block) / 2
    for (text, font, grey), (ascent, descent) in zip(lines, metrics, strict=True):
        draw.text((w / 2, y + ascent), text, font=font, fill=(grey, grey, grey), anchor="ms")
        y += ascent + descent + gap
    image = canvas.resize((width_px, height_px), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def _dashed_frame(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    radius: int,
    line: int,
    colour: tuple[int, int, int],
) -> None:
    """Dashes along the straight sides, solid rounded corners: reads as a frame to fill."""
    left, top, right, bottom = box
    dash, space = line * 6, line * 4
    half = line // 2
    for start, stop, fixed, horizontal in (
        (left + radius, right - radius, top + half, True),
        (left + radius, right - radius, bottom - half, True),
        (top + radius, bottom - radius, left + half, False),
        (top + radius, bottom - radius, right - half, False),
    ):
        position = start
        while position < stop:
            end = min(position + dash, stop)
            if horizontal:
                draw.line((position, fixed, end, fixed), fill=colour, width=line)
            else:
                draw.line((fixed, position, fixed, end), fill=colour, width=line)
            position = end + space
    diameter = 2 * radius
    for corner, angles in (
        ((left, top), (180, 270)),
        ((right - diameter, top), (270, 360)),
        ((right - diameter, bottom - diameter), (0, 90)),
        ((left, bottom - diameter), (90, 180)),
    ):
        x, y = corner
        draw.arc((x, y, x + diameter, y + diameter), *angles, fill=colour, width=line)
