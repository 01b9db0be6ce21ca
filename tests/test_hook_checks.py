"""``dladocs_checks``: a plugin's own check, run on every surface dladocs inspects.

The tutorial plugin of docs/plugins.md implements it too (tests/test_plugin_tutorial.py
runs it); this plugin is written here, in code, and what it reports is read back
from ``dladocs.check`` as a user would see it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Cm

import dladocs
from dladocs import hookimpl
from dladocs.project import Project
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

DRAFT_RULE = Rule(
    id="TEST-BROUILLON",
    title="Aucune diapositive ne dit encore « BROUILLON »",
    source="Règle d'un plugin de test",
    confidence="D",
    severity="error",
)


class DraftCheck:
    """Flags every surface whose text still says BROUILLON."""

    def __init__(self) -> None:
        self.calls: list[tuple[DocumentType | None, Project | None]] = []

    @hookimpl
    def dladocs_checks(
        self, document: DocumentType | None, inspection: Inspection, project: Project | None
    ) -> list[Violation]:
        self.calls.append((document, project))
        return [
            DRAFT_RULE.violation(SurfaceRef.of(surface), "le mot BROUILLON est resté")
            for surface in inspection.surfaces
            if "BROUILLON" in surface.text
        ]


def _deck(path: Path, *texts: str) -> Path:
    deck = Presentation()
    for text in texts:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.shapes.add_textbox(Cm(2), Cm(2), Cm(15), Cm(3)).text_frame.text = text
    deck.save(str(path))
    return path


def test_a_plugin_check_reports_on_the_surfaces_it_flags(
    dladocs_plugins: Any, tmp_path: Path
) -> None:
    plugin = dladocs_plugins.register(DraftCheck(), name="test-brouillon")
    draft = _deck(tmp_path / "brouillon.pptx", "Introduction", "BROUILLON : à relire")
    clean = _deck(tmp_path / "propre.pptx", "Introduction", "Conclusion")

    checks = {c.path.name: c for c in dladocs.check([draft, clean], programme="fse-2014-2020")}

    flagged = [v for v in checks["brouillon.pptx"].violations if v.rule == "TEST-BROUILLON"]
    assert len(flagged) == 1
    assert flagged[0].message == "le mot BROUILLON est resté"
    assert flagged[0].surface.index == 2  # the second slide
    assert checks["brouillon.pptx"].status == "fail"
    assert not [v for v in checks["propre.pptx"].violations if v.rule == "TEST-BROUILLON"]
    # A file given to `dladocs check` belongs to no document and no project.
    assert plugin.calls == [(None, None), (None, None)]
