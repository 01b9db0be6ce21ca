"""Logo assets turned into PNG files that every renderer can place.

The EU emblem is drawn from its geometry, user files are checked and
re-encoded (see :mod:`dladocs.images`), and missing logos become honest
placeholders.  Files are named by the hash of what they were made from, so a
cache folder can hold them across builds and processes without clashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from dladocs.errors import DladocsError
from dladocs.types import Logo

# 360 px: 2 cm on the report cover at 450 dpi; more only slows LibreOffice down.
EMBLEM_HEIGHT_PX = 360


def source_digest(logo: Logo) -> str:
    """What the asset depends on: the file's bytes, or the label of a placeholder."""
    digest = hashlib.sha256(logo.id.encode())
    if logo.role == "eu-emblem" and logo.path is None:
        digest.update(f"emblem:{EMBLEM_HEIGHT_PX}".encode())
    elif logo.path is not None:
        digest.update(logo.path.read_bytes() if logo.path.is_file() else str(logo.path).encode())
    else:
        digest.update(f"placeholder:{logo.label}".encode())
    return digest.hexdigest()


def prepare(logos: Mapping[str, Logo], folder: Path) -> dict[str, Path]:
    """A PNG file for every logo, made once per distinct source."""
    folder.mkdir(parents=True, exist_ok=True)
    assets: dict[str, Path] = {}
    for logo_id, logo in logos.items():
        target = folder / f"{source_digest(logo)[:24]}.png"
        if not target.exists():
            # Parallel workers may make the same asset at once: each writes its own
            # temporary file (named after its process) and renames it into place.
            from dladocs._output import write_atomic

            try:
                data = _png(logo)
            except DladocsError as error:
                raise DladocsError(f"{_where(logo)} : {error.message}", path=error.path) from None
            write_atomic(target, data)
        assets[logo_id] = target
    return assets


def _where(logo: Logo) -> str:
    """Where the user declared this logo, to name it in an error."""
    if logo.id in ("avise", "dla"):
        return f"clé « logos.{logo.id} »"
    if logo.id.startswith("region:") and logo.id != "region:porteur":
        return f"clé « logos.autres.{logo.id.split(':', 1)[1]} » (ou plugin régional)"
    if logo.id.startswith("porteur:"):
        return "clé « logo » d'un [[porteurs]]"
    return f"logo « {logo.label} » fourni par un plugin"


def _png(logo: Logo) -> bytes:
    if logo.role == "eu-emblem" and logo.path is None:
        from dladocs.emblem import emblem_png

        return emblem_png(EMBLEM_HEIGHT_PX)
    if logo.path is None:
        from dladocs.images import placeholder_logo

        return placeholder_logo(logo.label, width_px=600, height_px=200)
    from dladocs.images import prepare_logo

    return prepare_logo(logo.path, label=logo.label).png
