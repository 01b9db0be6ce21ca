"""Each hook, implemented by a throw-away plugin, and its effect in the files a build writes.

``dladocs_document_types``, ``dladocs_regions`` and ``dladocs_checks`` are
exercised by the tutorial plugin (tests/test_plugin_tutorial.py) and
``dladocs_template`` by the theme tests (tests/test_templates.py); this file
covers ``dladocs_logos``, ``dladocs_rule_sets``, ``dladocs_requirements`` and
``dladocs_context``, each in what a user would see.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PIL import Image, ImageDraw
from pptx import Presentation

import dladocs
from dladocs import hookimpl
from dladocs.types import (
    CheckState,
    DocumentType,
    Logo,
    Region,
    Requirement,
    Rule,
    RuleSet,
    SurfaceRef,
    Violation,
)

NNBSP = "\u202f"
REGION_LOGO = "region:conseil-regional"
REGION_ALT = "Logo de la Région Hauts-de-France, cofinanceur"
AVISE_ALT = "Logo de l'Avise (fichier fourni par le plugin)"
RED = (200, 30, 40)
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _logo_file(path: Path, colour: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (600, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((10, 10, 590, 230), radius=30, fill=colour)
    draw.ellipse((40, 60, 160, 180), fill="white")
    image.save(path)
    return path


def _pictures(slide: Any) -> dict[str, Any]:
    return {shape.name: shape for shape in slide.shapes if shape.shape_type == 13}


def _header_pictures(document: Any) -> dict[str, str]:
    header = document.sections[0].header._element
    return {e.get("name"): e.get("descr") for e in header.iter(f"{WP}docPr")}


def _build(project: Path, out: Path, **options: Any) -> Any:
    return dladocs.build(dladocs.load_project(project), out, **options)


def _failures(result: Any) -> dict[str, set[tuple[str, str]]]:
    """File → {(rule, where)} of the errors that failed the build."""
    return {
        check.path.relative_to(result.rejected).as_posix(): {
            (v.rule, v.surface.label) for v in check.violations if v.severity == "error"
        }
        for check in result.checks
        if check.status != "ok"
    }


class _Logos:
    """A region plugin's logos: the real Avise file instead of the placeholder, and a regional logo."""

    def __init__(self, folder: Path) -> None:
        self.avise = _logo_file(folder / "avise.png", RED)
        self.region = _logo_file(folder / "region.png", (30, 90, 200))

    @hookimpl
    def dladocs_logos(self, project: Any, region: Region) -> list[Logo]:
        return [
            Logo(
                id="avise", label="Logo Avise", alt=AVISE_ALT, role="communication", path=self.avise
            ),
            Logo(
                id=REGION_LOGO,
                label="Logo de la Région",
                alt=REGION_ALT,
                role="partner",
                path=self.region,
            ),
        ]


# --------------------------------------------------------------------------- dladocs_logos


def test_a_plugin_logo_replaces_a_placeholder_and_joins_the_band(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_Logos(tmp_path))
    result = _build(dladocs_project(), tmp_path / "sortie", only=["deck", "fiche"])
    assert result.ok
    deck = Presentation(str(tmp_path / "sortie" / "hauts-de-france" / "support-webinaire.pptx"))
    for number, slide in enumerate(deck.slides, start=1):
        pictures = _pictures(slide)
        emblem = pictures["dladocs:logo:eu-emblem"]
        avise = pictures["dladocs:logo:avise"]
        region = pictures[f"dladocs:logo:{REGION_LOGO}"]
        assert avise._element.nvPicPr.cNvPr.get("descr") == AVISE_ALT, number
        assert region._element.nvPicPr.cNvPr.get("descr") == REGION_ALT, number
        assert region.height <= emblem.height and avise.height <= emblem.height, number
        # The plugin's file, not the grey placeholder: the picture is mostly red.
        with Image.open(io.BytesIO(avise.image.blob)) as image:
            r, g, b = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
        assert r > 120 and g < 110 and b < 110, (number, (r, g, b))
    fiche = Document(str(tmp_path / "sortie" / "hauts-de-france" / "fiche-pratique.docx"))
    header = _header_pictures(fiche)
    assert header[f"dladocs:logo:{REGION_LOGO}"] == REGION_ALT
    assert header["dladocs:logo:avise"] == AVISE_ALT


# --------------------------------------------------------------------------- dladocs_rule_sets

REGIONAL_RULE = Rule(
    "X-01",
    "Le logo de la Région figure en première page",
    "Convention de cofinancement régional, article 7 (exemple de test)",
    "C",
    "error",
)


def _regional_check(state: CheckState) -> list[Violation]:
    surfaces = [s for s in state.inspection.surfaces if s.kind in ("slide", "page", "header")]
    if not surfaces:
        return []
    if any(state.recognise(p) == REGION_LOGO for p in surfaces[0].pictures):
        return []
    return [
        REGIONAL_RULE.violation(
            SurfaceRef.of(surfaces[0]), "ajoutez le logo de la Région en première page"
        )
    ]


class _RegionalRules:
    @hookimpl
    def dladocs_rule_sets(self) -> list[RuleSet]:
        return [
            RuleSet(
                id="cofinancement-regional",
                title="Cofinancement régional",
                rules=(REGIONAL_RULE,),
                check=_regional_check,
                always=True,
            )
        ]


def test_an_always_on_rule_set_reports_its_violation_and_fails_the_build(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_RegionalRules())
    out = tmp_path / "sortie"
    result = _build(dladocs_project(), out, only=["deck", "grille"])
    assert not result.ok
    failures = _failures(result)
    assert failures == {
        "hauts-de-france/support-webinaire.pptx": {("X-01", "diapositive 1")},
        "hauts-de-france/grille-evaluation.docx": {("X-01", "section 1 (en-tête et pied de page)")},
        "hauts-de-france/grille-evaluation.pdf": {("X-01", "page 1")},
    }
    [violation] = [
        v
        for c in result.checks
        for v in c.violations
        if c.path.suffix == ".pptx" and v.rule == "X-01"
    ]
    assert violation.source == REGIONAL_RULE.source
    assert not (out / "manifest.json").exists()


def test_the_rule_set_passes_once_the_logo_is_there(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_RegionalRules())
    dladocs_plugins.register(_Logos(tmp_path))
    result = _build(dladocs_project(), tmp_path / "sortie", only=["deck", "rapport"])
    assert result.ok
    assert not [v for c in result.checks for v in c.violations if v.rule == "X-01"]


# --------------------------------------------------------------------------- dladocs_requirements


class _RegionalRequirement:
    @hookimpl
    def dladocs_requirements(
        self, document: DocumentType, project: Any, region: Region | None
    ) -> list[Requirement]:
        if region is None or region.code != "32" or not document.communication:
            return []
        return [Requirement(REGION_LOGO, "cover", "REF-01", "Région Hauts-de-France")]


def test_a_requirement_names_the_missing_logo_on_the_cover_of_communication_pieces(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_RegionalRequirement())
    result = _build(dladocs_project(), tmp_path / "sortie", only=["deck", "fiche", "grille"])
    assert not result.ok
    failures = _failures(result)
    assert failures == {
        "hauts-de-france/support-webinaire.pptx": {("REF-01", "diapositive 1")},
        "hauts-de-france/fiche-pratique.docx": {("REF-01", "section 1 (en-tête et pied de page)")},
        # The grid is handed to every participant: a communication piece, the logo is required.
        "hauts-de-france/grille-evaluation.docx": {
            ("REF-01", "section 1 (en-tête et pied de page)")
        },
        "hauts-de-france/grille-evaluation.pdf": {("REF-01", "page 1")},
    }
    messages = [v.message for c in result.checks for v in c.violations if v.rule == "REF-01"]
    assert all(
        "le logo « Région Hauts-de-France » est absent sur la première page" in m for m in messages
    )


def test_the_requirement_is_met_when_a_plugin_provides_the_logo(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_RegionalRequirement())
    dladocs_plugins.register(_Logos(tmp_path))
    result = _build(dladocs_project(), tmp_path / "sortie", only=["deck", "fiche"])
    assert result.ok


# --------------------------------------------------------------------------- dladocs_context


class _MoreContent:
    @hookimpl
    def dladocs_context(
        self, document: DocumentType, project: Any, region: Region, context: dict[str, Any]
    ) -> None:
        if document.id == "fiche":
            context["ressources"].append(
                {
                    "nom": "Réseau régional de l'IAE",
                    "description": "L'annuaire des SIAE de la région <et> leurs {{ contacts }}.",
                    "lien": "https://example.org/iae",
                }
            )
        if document.id == "deck":
            context["slides"].insert(
                -1,
                {
                    "layout": "Contenu",
                    "title": "Le mot de la Région",
                    "body": [
                        {"kind": "bullets", "items": ["Un appel à projets numérique en 2021"]}
                    ],
                    "notes": "Laisser la parole au représentant de la Région.",
                },
            )


def test_a_plugin_amends_the_context_of_built_in_documents(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_MoreContent())
    result = _build(dladocs_project(), tmp_path / "sortie", only=["deck", "fiche"])
    assert result.ok
    fiche = Document(str(tmp_path / "sortie" / "hauts-de-france" / "fiche-pratique.docx"))
    text = "\n".join(p.text for p in fiche.paragraphs)
    # Written literally: plugin text is data, never template code.
    assert (
        "Réseau régional de l'IAE — L'annuaire des SIAE de la région <et> leurs {{ contacts }}. "
        "Site\u00a0: example.org/iae"
    ) in text
    # The address is a real hyperlink to the page the plugin gave.
    links = [r.target_ref for r in fiche.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://example.org/iae" in links
    deck = Presentation(str(tmp_path / "sortie" / "hauts-de-france" / "support-webinaire.pptx"))
    slides = list(deck.slides)
    added = slides[-2]
    assert added.shapes.title.text == "Le mot de la Région"
    assert (
        added.notes_slide.notes_text_frame.text == "Laisser la parole au représentant de la Région."
    )
    assert "dladocs:logo:eu-emblem" in _pictures(added)  # the band, like every other slide
    assert slides[-1].slide_layout.name == "Clôture"


class _NoPartnerLogos:
    """A theme that wants a « cleaner » band, and drops every logo but the emblem from it."""

    @hookimpl
    def dladocs_context(
        self, document: DocumentType, project: Any, region: Region, context: dict[str, Any]
    ) -> None:
        context["bandeau"]["logos"] = []


@pytest.mark.parametrize("document", ["deck", "fiche"])
def test_a_context_change_that_drops_the_band_logos_fails_verification(
    document: str, dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_NoPartnerLogos())
    out = tmp_path / "sortie"
    result = _build(dladocs_project(), out, only=[document])
    assert not result.ok
    where = "diapositive 1" if document == "deck" else "section 1 (en-tête et pied de page)"
    [failures] = _failures(result).values()
    assert failures == {("DLA-01", where), ("DLA-02", where)}
    assert not (out / "manifest.json").exists()
    assert result.rejected is not None and any(result.rejected.rglob("*.*"))
