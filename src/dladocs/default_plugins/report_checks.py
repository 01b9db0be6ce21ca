"""Checks of the final report's completeness: a report is final only with the debrief's conclusions."""

from __future__ import annotations

from typing import Any

from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

SOURCE = "Cahier des charges, § 5 « Convention et bilan » : bilan après le débriefing"
FINAL = Rule(
    "RAP-01", "Le rapport final porte les conclusions du débriefing", SOURCE, "C", "warning"
)


@hookimpl
def dladocs_checks(
    document: DocumentType | None, inspection: Inspection, project: Any
) -> list[Violation]:
    if document is None or project is None or document.id != "rapport":
        return []
    if inspection.format != "docx" or project.review.conclusions:
        return []
    return [
        FINAL.violation(
            SurfaceRef("body", 1, label="section 1 (corps du texte)"),
            "le rapport est marqué « version provisoire » : il ne sera final qu'avec les "
            "conclusions du débriefing ; ajoutez-les dans [bilan] conclusions du fichier projet",
        )
    ]
