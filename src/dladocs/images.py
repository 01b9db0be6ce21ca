"""Logo files from users, made safe to embed; honest placeholders; system fonts.

Users drop logo files into a folder: they may be empty, truncated, not images
at all, vector files, CMYK, 16-bit, animated, enormous in pixels (a
decompression bomb), tiny or oddly shaped.  :func:`prepare_logo` converts what
it can into a plain PNG and refuses the rest with a French message that says
what to do.  It never changes a logo's proportions, and changes colours only
to bring them to sRGB (CMYK, 16-bit or non-sRGB profiles), so an EU emblem
supplied as an RGB file comes out pixel for pixel as it went in.

Pillow is imported inside the functions: :func:`find_font` serves text
measurement elsewhere and must stay cheap to import.  Font lookup lives in
``_system_fonts`` and placeholder drawing in ``_placeholder``; both are
re-exported here.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs._placeholder import placeholder_logo
from dladocs._system_fonts import _fc_match, find_font  # noqa: F401  - tests clear _fc_match's cache here
from dladocs.errors import DladocsError

if TYPE_CHECKING:
    from PIL import Image

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
