"""Presence: which surfaces a requirement covers, and whether each shows the logo it asks for."""

from __future__ import annotations

from collections.abc import Callable

from dladocs.rules._logos import Found, _logos
from dladocs.types import (
    CheckState,
    Requirement,
    Surface,
    SurfaceRef,
    Violation,
)

# --------------------------------------------------------------------------- presence


_EMPTY_KIND = {"pptx": "slide", "docx": "body", "pdf": "page"}
# From this height in pixels, a flag's twelve stars are each clearly drawn: one missing
# is a modified emblem, not a thumbnail or a JPEG that lost a star.
_COUNTABLE_HEIGHT = 60


def covered_surfaces(surfaces: list[Surface], scope: str) -> list[Surface]:
    """The surfaces a requirement of ``scope`` applies to.

    DOCX bodies are not pages: a page shows its header band (and its body),
    so requirements on every page are checked on the header bands; a body
    picture before the first page break stands in for the cover's band.
    """
    pages = [s for s in surfaces if s.kind in ("slide", "page", "header")]
    if scope == "every-surface":
        return pages
    if scope == "cover":
        if pages and pages[0].kind == "header":
            # A section with a distinct first page shows its first-page band on the cover.
            section = [s for s in pages if s.kind == "header" and s.index == pages[0].index]
            return [s for s in section if s.variant == "first"][:1] or pages[:1]
        return pages[:1]
    return []


def _presence(
    state: CheckState,
    found: dict[int, list[Found]],
    logo: str,
    scope: str,
    make: Callable[[SurfaceRef, str], Violation],
    message: str,
) -> list[Violation]:
    surfaces = state.inspection.surfaces
    if not surfaces:
        # No slide, no page: nothing can show the logo (an empty deck is not compliant).
        where = SurfaceRef(_EMPTY_KIND.get(state.inspection.format, "page"), 0, label="le fichier")
        return [make(where, f"{message} (le fichier ne contient aucune page ni diapositive)")]

    def has(surface: Surface) -> bool:
        return any(item.logo == logo for item in found[id(surface)])

    if scope == "document":
        if any(has(s) for s in surfaces):
            return []
        return [make(SurfaceRef.of(surfaces[0]), message)]
    violations = []
    for surface in covered_surfaces(surfaces, scope):
        if has(surface):
            continue
        if surface.kind == "header" and _body_first_page_has(surfaces, surface, found, logo):
            continue
        violations.append(make(SurfaceRef.of(surface), message))
    return violations


def _body_first_page_has(
    surfaces: list[Surface], band: Surface, found: dict[int, list[Found]], logo: str
) -> bool:
    """A first-page band without the logo is fine when the section's first page shows it in its body."""
    if band.variant != "first":
        return False
    return any(
        item.logo == logo and item.picture.origin == "body-first-page"
        for surface in surfaces
        if surface.kind == "body" and surface.index == band.index
        for item in found[id(surface)]
    )


def requirement_presence(
    state: CheckState,
    requirement: Requirement,
    make: Callable[[SurfaceRef, str], Violation],
    message: str,
) -> list[Violation]:
    found = {id(surface): _logos(surface, state) for surface in state.inspection.surfaces}
    return _presence(state, found, requirement.logo, requirement.scope, make, message)
