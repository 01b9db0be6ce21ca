"""The funding statement in a document's text, and the fonts embedded in a PDF."""

from __future__ import annotations

from collections.abc import Callable

from dladocs.reading import image_only
from dladocs.rules._mention import mention_runs
from dladocs.rules._presence import covered_surfaces
from dladocs.rules._wording import Wording
from dladocs.types import (
    CheckState,
    Requirement,
    SurfaceRef,
    Violation,
)
from dladocs.typography import fold

# --------------------------------------------------------------------------- statement and fonts


def _statement(
    state: CheckState, requirement: Requirement, make: Callable[..., Violation], wording: Wording
) -> list[Violation]:
    surfaces = state.inspection.surfaces
    message = (
        "la mention du cofinancement européen est absente : ajoutez-la "
        f"(par exemple en pied de page) — {wording.statement_example}"
    )
    if any(image_only(s) for s in surfaces):
        return []  # the statement may be in the pixels: those pages are reported unverifiable
    if requirement.scope == "document":
        everything = fold(" ".join(s.text for s in surfaces))
        if wording.statement.search(everything):
            return []
        return [make(SurfaceRef.of(surfaces[0]), message)] if surfaces else []
    violations = []
    pattern = wording.page_statement or wording.statement
    for surface in covered_surfaces(surfaces, requirement.scope):
        if not pattern.search(fold(surface.text)):
            violations.append(
                make(
                    SurfaceRef.of(surface),
                    message + " sur chaque page, car les pages d'un formulaire sont séparées",
                )
            )
    return violations


def _pdf_fonts(state: CheckState, make: Callable[..., Violation]) -> list[Violation]:
    # Form-field widgets name standard fonts that viewers supply: only the text
    # printed on the pages themselves must carry its fonts.
    printed = {
        run.font
        for surface in state.inspection.surfaces
        for run in surface.texts
        if run.font and run.origin != "annotation" and run.text.strip()
    }
    fonts = state.inspection.metadata.get("fonts", [])
    not_embedded = sorted(
        {f["name"] for f in fonts if not f.get("embedded") and f["name"] in printed}
    )
    if not not_embedded:
        return []
    where = SurfaceRef("page", 1, label="page 1")
    # The mention is concerned only when it is set in one of those fonts.
    in_mention = {
        run.font
        for surface in state.inspection.surfaces
        for run in mention_runs(surface.texts)
        if run.origin != "annotation"
    }
    mention = [name for name in not_embedded if name in in_mention]
    others = [name for name in not_embedded if name not in in_mention]
    violations = []
    if mention:
        violations.append(
            make(
                where,
                "police de la mention non incorporée au PDF ("
                + ", ".join(mention)
                + ") : l'affichage de la mention dépendra de l'ordinateur du lecteur ; exportez "
                "le PDF avec les polices incorporées",
                severity="warning",
            )
        )
    if others:
        # Not the EU font rule (the mention is fine): a reading warning of dladocs' own.
        violations.append(
            Violation(
                "VERIF-03",
                "warning",
                where,
                "polices non incorporées au PDF ("
                + ", ".join(others)
                + ") : elles ne servent pas à la mention, mais le texte qu'elles composent "
                "s'affichera selon les polices de l'ordinateur du lecteur ; exportez le PDF avec "
                "les polices incorporées",
                "dladocs : lisibilité du PDF",
            )
        )
    return violations
