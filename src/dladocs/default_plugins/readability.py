"""Checks that a deck stays readable when shared on a screen: numbered slides, no small text.

Participants follow a webinar on a laptop, often a phone: on a 13.33-inch
slide (960 points wide) nothing may be set under 12 pt and body text not
under 18 pt; sizes scale with the slide's width.  Every slide shows its
number, so that a participant can say « slide 12 » in the chat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

if TYPE_CHECKING:
    from dladocs.inspect._opc import Package

SOURCE = "Cahier des charges, « Méthodologie » ; lisibilité d'un support partagé à l'écran (règle dladocs)"
NUMBERED = Rule("PED-04", "Chaque diapositive montre son numéro", SOURCE, "D", "warning")
SMALL = Rule(
    "PED-05",
    "Aucun texte sous 12 pt, texte courant à 18 pt au moins (diapositive de 13,33 pouces)",
    SOURCE,
    "D",
    "warning",
)
REFERENCE_WIDTH = 960.0
SMALLEST = 12.0
BODY = 18.0
# Text boxes dladocs writes that hold body text (the rest: labels, sources, tables).
BODY_NAMES = ("dladocs:texte", "dladocs:colonne:")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@hookimpl
def dladocs_checks(
    document: DocumentType | None, inspection: Inspection, project: Any
) -> list[Violation]:
    if inspection.format != "pptx" or document is None or document.id != "deck":
        return []
    from dladocs.errors import DladocsError
    from dladocs.inspect._opc import Package
    from dladocs.inspect._safety import Limits

    try:
        with Package(inspection.path, Limits()) as package:
            return check(package)
    except DladocsError:
        return []  # the inspection reports an unreadable part; these checks only advise


def check(package: Package) -> list[Violation]:
    from dladocs.inspect._opc import R_ID

    main = package.main_part("ppt/presentation.xml")
    root = package.xml(main)
    size = root.find(f"{_P}sldSz")
    scale = int(size.get("cx", 12192000)) / 12700 / REFERENCE_WIDTH if size is not None else 1.0
    smallest, body = SMALLEST * scale, BODY * scale
    rels = package.rels(main)
    violations: list[Violation] = []
    for number, slide_id in enumerate(root.findall(f"{_P}sldIdLst/{_P}sldId"), start=1):
        rel = rels.get(slide_id.get(R_ID, ""))
        if rel is None or rel.external or not package.has(rel.target):
            continue
        slide = package.xml(rel.target)
        where = SurfaceRef("slide", number, label=f"diapositive {number}")
        if not _numbered(slide):
            violations.append(
                NUMBERED.violation(
                    where,
                    "la diapositive ne montre pas son numéro : ajoutez le champ « numéro de "
                    "diapositive » (Insertion > Numéro de diapositive)",
                )
            )
        worst = _smallest(slide, smallest, body)
        if worst is not None:
            text, points, floor = worst
            kind = "texte courant" if floor == body else "texte"
            violations.append(
                SMALL.violation(
                    where,
                    f"« {text[:40]} » est en {points:g} pt : un {kind} partagé à l'écran demande "
                    f"{floor:g} pt au moins sur cette taille de diapositive",
                )
            )
    return violations


def _numbered(slide: Any) -> bool:
    for field in slide.iter(f"{_A}fld"):
        if field.get("type") == "slidenum":
            return True
    return any(ph.get("type") == "sldNum" for ph in slide.iter(f"{_P}ph"))


def _smallest(slide: Any, smallest: float, body: float) -> tuple[str, float, float] | None:
    """The text furthest under its floor on ``slide``: (text, size, floor), or None."""
    worst: tuple[str, float, float] | None = None
    tree = slide.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return None
    for shape in tree.iter(f"{_P}sp", f"{_P}graphicFrame"):
        floor = body if _is_body(shape) else smallest
        for run in shape.iter(f"{_A}r", f"{_A}fld"):
            props = run.find(f"{_A}rPr")
            text = run.findtext(f"{_A}t") or ""
            if props is None or not props.get("sz") or not text.strip():
                continue
            points = int(props.get("sz")) / 100
            if points < floor - 0.05 and (worst is None or points / floor < worst[1] / worst[2]):
                worst = (text.strip(), points, floor)
    return worst


def _is_body(shape: Any) -> bool:
    props = shape.find(f"{_P}nvSpPr")
    if props is None:
        return False
    c_nv = props.find(f"{_P}cNvPr")
    name = c_nv.get("name", "") if c_nv is not None else ""
    if name.startswith(BODY_NAMES) and not name.endswith(":titre"):
        return True
    ph = props.find(f"{_P}nvPr/{_P}ph")
    return (
        ph is not None
        and ph.get("type", "obj") in ("body", "obj")
        and ph.get("idx")
        not in (
            None,
            "0",
        )
    )
