"""What the core and the built-in document contexts must agree on.

The plan keys a document on its date and on the logos of its band, the
renderers size pictures from their pixels, and the built-in contexts print
the same date and place the same logos.  These live in the core so that the
core never imports the built-in plugin's private modules
(``dladocs.default_plugins._context`` re-exports them for its own use).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dladocs.project import Project
    from dladocs.types import DocumentType, Logo

# The closing dossier's file name, without ``.pdf``: the renderer writes it, the plan and the
# manifest expect it; one name, here.
DOSSIER_FILENAME = "dossier-cloture"


def document_date(project: Project) -> date:
    """The date printed on the documents and written in their properties.

    ``SOURCE_DATE_EPOCH`` wins (reproducible builds), then the project's
    ``date_documents``, then the debriefing, then the webinar: never the clock.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _epoch_date(epoch)
    return (
        project.accompaniment.document_date or project.progress.debriefing or project.webinar.date
    )


def _epoch_date(epoch: str) -> date:
    """The UTC day of ``SOURCE_DATE_EPOCH``; a value that is not such a number stops the build.

    The reproducible-builds convention is a whole number of seconds since
    1970-01-01 UTC: « abc », « 1e9 » or a date past year 9999 are refused
    rather than silently ignored (the documents would carry another date).
    """
    from dladocs.errors import DladocsError

    text = epoch.strip()
    try:
        if not text.isdigit():
            raise ValueError(text)
        return datetime.fromtimestamp(int(text), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        raise DladocsError(
            f"la variable d'environnement SOURCE_DATE_EPOCH vaut « {epoch} » : un nombre entier "
            "de secondes depuis le 1er janvier 1970 (UTC) est attendu, avant l'an 10000, par "
            "exemple 1700000000 ; corrigez-la ou retirez-la."
        ) from None


def band_logo_ids(document: DocumentType, logos: Mapping[str, Logo]) -> list[str]:
    """The logos beside the EU block: Avise and DLA on communication pieces, then the region's."""
    if not document.communication:
        return []
    ids = [logo_id for logo_id in ("avise", "dla") if logo_id in logos]
    ids += [
        logo.id
        for logo in logos.values()
        if logo.role in ("porteur", "partner") and logo.id.startswith("region:")
    ]
    return ids


@functools.cache
def image_size(path: Path) -> tuple[int, int]:
    """A picture's size in pixels, read once per path."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size
