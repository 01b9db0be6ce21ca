"""What inspection could not read, said beside the verdict; and what kind of document it is.

Three facts about a file change how far its verdict can be trusted, or which
rules apply, without being rules of the EU themselves:

* a page or slide whose content is only a picture (a scan, a flattened export)
  has no text to read: the mention next to the emblem cannot be checked, so the
  page is « non vérifiable » — never « conforme » — and the user is told to
  check it by eye or to supply a text version;
* a file damaged and repaired on reading (a broken cross-reference table, a
  part missing from the package) is judged on what could be rebuilt, which the
  user must know;
* forms, attendance sheets and certificates must carry the cofinancing
  statement on every page (pages get separated): such a document is recognised
  by its form fields, its title, or the ``--type formulaire`` option.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from dladocs.types import Inspection, Surface, SurfaceRef, Violation

__all__ = [
    "FORM_TYPES",
    "UNVERIFIABLE",
    "image_only",
    "is_form",
    "reading_violations",
]

# The rule id of a page that could not be read (not an EU rule: a limit of the check).
UNVERIFIABLE = "VERIF-01"
REPAIRED = "VERIF-02"
_SOURCE = "dladocs : vérification automatique impossible ou partielle"
# Document types (``--type``, or a document type's ``form`` attribute in builds) that
# must show the statement on every page.
FORM_TYPES = ("formulaire", "emargement", "attestation", "certificat")
# Titles that say "form": attendance sheets, certificates, forms, sign-in sheets.
_FORM_TITLE = re.compile(
    r"emargement|feuille\s+de\s+(presence|signature)s?|attestation|certificat|formulaire"
    r"|attendance\s+(sheet|list)|certificate"
)
# A picture covering this share of a slide or page, with no text at all, is the page.
_FULL_PAGE = 0.6


def image_only(surface: Surface) -> bool:
    """Whether a slide or page shows only a picture: no text to read, one picture covering it."""
    if surface.kind not in ("slide", "page") or not surface.width or not surface.height:
        return False
    if any(run.text.strip() for run in surface.texts):
        return False
    page = surface.width * surface.height
    for picture in surface.pictures:
        box = picture.box
        if box is None or picture.origin == "shapes":
            continue
        width = min(box.right, surface.width) - max(box.x, 0.0)
        height = min(box.bottom, surface.height) - max(box.y, 0.0)
        if width > 0 and height > 0 and width * height >= _FULL_PAGE * page:
            return True
    return False


def _fold(text: str) -> str:
    from dladocs.typography import fold

    return fold(text)


def is_form(inspection: Inspection, document_type: str = "") -> bool:
    """Whether the statement is due on every page: by type, form fields, or title."""
    if document_type:
        return document_type in FORM_TYPES
    if int(inspection.metadata.get("form_fields") or 0) > 0:
        return True
    title = str(inspection.metadata.get("title") or "")
    if _FORM_TITLE.search(_fold(title)):
        return True
    first = next((s for s in inspection.surfaces if s.kind in ("slide", "page", "body")), None)
    if first is None:
        return False
    # The title of the first page: the largest text on it (or its first line when sizes
    # are unknown), not any word of the body.
    runs = [run for run in first.texts if run.text.strip()]
    sizes = [run.size for run in runs if run.size]
    heads = runs[:1]
    if sizes and max(sizes) > min(sizes) + 0.5:
        # A distinct heading size: the title is the largest text, wherever it stands.
        heads = [run for run in runs if (run.size or 0.0) >= max(sizes) - 0.5]
    return any(_FORM_TITLE.search(_fold(run.text)) for run in heads)


def reading_violations(
    inspection: Inspection, emblem_on: Callable[[Surface], bool]
) -> list[Violation]:
    """Pages that are only a picture (error: never « conforme »), and repairs made on reading."""
    violations: list[Violation] = []
    for surface in inspection.surfaces:
        if not image_only(surface):
            continue
        what = surface.label
        found = (
            "l'emblème de l'Union européenne y a été reconnu dans l'image"
            if emblem_on(surface)
            else "aucun emblème de l'Union européenne n'a été reconnu dans l'image"
        )
        violations.append(
            Violation(
                UNVERIFIABLE,
                "error",
                SurfaceRef.of(surface),
                f"la {what} n'est qu'une image (numérisation ou export aplati) : dladocs ne peut "
                f"pas y lire la mention ni sa police ({found}) ; vérifiez la mention à l'œil, ou "
                "fournissez une version texte du fichier (PDF exporté depuis le logiciel "
                "d'origine)",
                _SOURCE,
            )
        )
    repairs: Sequence[Any] = inspection.metadata.get("repaired") or ()
    if repairs:
        violations.append(
            Violation(
                REPAIRED,
                "warning",
                SurfaceRef(_first_kind(inspection), 0, label="le fichier"),
                "le fichier est endommagé et a été réparé à la lecture ("
                + " ; ".join(str(r) for r in repairs)
                + ") : le verdict porte sur ce que dladocs a pu reconstituer ; enregistrez-en "
                "une nouvelle copie depuis son logiciel d'origine",
                _SOURCE,
            )
        )
    return violations


def _first_kind(inspection: Inspection) -> str:
    return {"pptx": "slide", "docx": "body"}.get(inspection.format, "page")


def unverifiable_surfaces(violations: Sequence[Violation]) -> list[SurfaceRef]:
    """The pages reported as unreadable, for the file's status."""
    return [v.surface for v in violations if v.rule == UNVERIFIABLE]
