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
from typing import TYPE_CHECKING

from dladocs.errors import DladocsError
from dladocs.types import Logo

if TYPE_CHECKING:
    from dladocs.project import Project

# 240 px: 2 cm high on the report cover at 300 dpi, the print standard; LibreOffice pays for
# every pixel of a picture on every page that shows it (a 360 px emblem and 600 px placeholders
# cost the report a third of its conversion time).
EMBLEM_HEIGHT_PX = 240
# A placeholder spans at most 4 cm of the cover band: 450 px is 285 dpi there.
PLACEHOLDER_PX = (450, 150)


def source_digest(logo: Logo) -> str:
    """What the asset depends on: the file's bytes, or the label of a placeholder."""
    digest = hashlib.sha256(logo.id.encode())
    if logo.role == "eu-emblem" and logo.path is None:
        digest.update(f"emblem:{EMBLEM_HEIGHT_PX}".encode())
    elif logo.path is not None:
        from dladocs._userfiles import LOGO_MAX, read_user_file

        try:
            digest.update(read_user_file(logo.path, "le logo", LOGO_MAX))
        except DladocsError:
            # Not a regular file, or too heavy: never read here; preparing it says why.
            digest.update(str(logo.path).encode())
    else:
        digest.update(f"placeholder:{PLACEHOLDER_PX}:{logo.label}".encode())
    return digest.hexdigest()


def prepare(
    logos: Mapping[str, Logo],
    folder: Path,
    *,
    project: Project | None = None,
    notes: list[str] | None = None,
) -> dict[str, Path]:
    """A PNG file for every logo, made once per distinct source.

    ``notes`` collects what was done to a user's file to make it placeable
    (transparency flattened, colours converted, a tiny image...); errors name
    the project key that gave the file when ``project`` is known.
    """
    folder.mkdir(parents=True, exist_ok=True)
    assets: dict[str, Path] = {}
    for logo_id, logo in logos.items():
        target = folder / f"{source_digest(logo)[:24]}.png"
        if not target.exists() or notes is not None:
            try:
                data, said = _png(logo)
            except DladocsError as error:
                where = _where(logo, project)
                raise DladocsError(f"{where} : {error.message}", path=error.path) from None
            if notes is not None:
                notes.extend(f"{_where(logo, project)} : {note}" for note in said)
            if not target.exists():
                # Parallel workers may make the same asset at once: each writes its own
                # temporary file (named after its process) and renames it into place.
                from dladocs._output import write_atomic

                write_atomic(target, data)
        assets[logo_id] = target
    return assets


def _where(logo: Logo, project: Project | None) -> str:
    """Where the user declared this logo, to name it in a message."""
    key: tuple[str | int, ...] | None = None
    if logo.id in ("avise", "dla"):
        key = ("logos", logo.id)
    elif logo.id.startswith("region:") and logo.id != "region:porteur":
        key = ("logos", "autres", logo.id.split(":", 1)[1])
    elif logo.id.startswith("porteur:") and project is not None:
        from dladocs.regions import slugify

        for index, porteur in enumerate(project.porteurs):
            if f"porteur:{slugify(porteur.name)}" == logo.id:
                key = ("porteurs", index, "logo")
    if key is None:
        return f"logo « {logo.label} » fourni par un plugin"
    if project is None:
        return "clé « " + ".".join(str(k) for k in key) + " »"
    return f"{project.path} : {project.where(*key)}"


def _png(logo: Logo) -> tuple[bytes, list[str]]:
    if logo.role == "eu-emblem" and logo.path is None:
        from dladocs.emblem import emblem_png

        return emblem_png(EMBLEM_HEIGHT_PX), []
    if logo.path is None:
        from dladocs.images import placeholder_logo

        return placeholder_logo(
            logo.label, width_px=PLACEHOLDER_PX[0], height_px=PLACEHOLDER_PX[1]
        ), []
    from dladocs.images import prepare_logo

    prepared = prepare_logo(logo.path, label=logo.label)
    return prepared.png, list(prepared.notes)
