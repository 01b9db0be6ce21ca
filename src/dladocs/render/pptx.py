"""Render a deck from slide specifications on a template's named layouts.

As pandoc does with its reference.pptx, the template decides the look (master,
layouts, theme) and this renderer only picks layouts by name and fills them:
``Titre``, ``Section``, ``Contenu`` and ``Clôture``.  The logo band goes on
every slide inside the rectangle that the template marks with a shape named
``dladocs:bandeau`` (on the layout, else on the master); the marker itself is
removed from the output.  Every text is fitted to its box with real font
metrics, and every picture carries its name tag and alt text.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.oxml.ns import qn

from dladocs.errors import TemplateError
from dladocs.render import _badge
from dladocs.render import _pptx_layouts as _layouts
from dladocs.render._pptx_band import EU_BLUE, EU_FONT, add_picture, place_band
from dladocs.render._pptx_fill import _fill, _Positions
from dladocs.render._pptx_tables import CARD_CORNER, SOURCE_SIZE
from dladocs.render._pptx_text import GREY, INSET_X, INSET_Y, WHITE, Theme, _box
from dladocs.render._props import DocumentProperties
from dladocs.types import EMU_PER_POINT, Box, RenderJob

# The names below were defined here before the deck renderer was split by job.
__all__ = [
    "BAND_MARKER",
    "CARD_CORNER",
    "EU_BLUE",
    "EU_FONT",
    "GREY",
    "INSET_X",
    "INSET_Y",
    "REQUIRED_LAYOUTS",
    "SOURCE_SIZE",
    "WHITE",
    "Theme",
    "add_picture",
    "check_template",
    "load_template",
    "place_band",
    "render",
    "theme_fonts",
]

REQUIRED_LAYOUTS = ("Titre", "Section", "Contenu", "Clôture")
BAND_MARKER = "dladocs:bandeau"


def render(job: RenderJob) -> None:
    """Write ``job.output`` from ``job.template`` and ``job.context['slides']``."""
    assert job.template is not None
    prs = load_template(job.template)
    check_template(prs, job.template)
    theme = _theme(prs)
    _drop_slides(prs)
    badges = _badge.detach(prs)  # shown only on the slides that ask for it
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    band_boxes: dict[str, Box | None] = {}  # per layout: its shapes are walked once
    positions = _Positions()
    band = job.context["bandeau"]
    scale = prs.slide_width / EMU_PER_POINT / _layouts.REFERENCE_WIDTH
    for number, spec in enumerate(job.context["slides"], start=1):
        layout = layouts.get(spec["layout"])
        if layout is None:
            raise TemplateError(
                f"le modèle {job.template.name} n'a pas de disposition « {spec['layout']} » ; "
                f"dispositions présentes : {', '.join(layouts)}",
                path=job.template,
            )
        slide = prs.slides.add_slide(layout)
        _fill(slide, spec, theme, partial(positions.of, layout=layout), scale)
        if spec.get("badge"):
            _badge.place(slide, badges.get(layout.name, []))
        if layout.name not in band_boxes:
            band_boxes[layout.name] = _band_box(layout)
        band_box = band_boxes[layout.name]
        if band_box is None:
            raise TemplateError(
                f"le modèle {job.template.name} : la disposition « {layout.name} » n'a pas de "
                f"rectangle « {BAND_MARKER} » (ni son masque) pour placer le bandeau de logos",
                path=job.template,
            )
        place_band(slide, band_box, band, cover=spec["layout"] in ("Titre", "Clôture"))
        _layouts.number(
            slide,
            number,
            prs.slide_width / EMU_PER_POINT,
            prs.slide_height / EMU_PER_POINT,
            theme.body_font,
        )
        if spec.get("notes"):
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    _remove_markers(prs)
    props = DocumentProperties.from_context(job.context, job.project)
    props.apply_pptx(prs)
    prs.save(str(job.output))


def load_template(path: Path) -> Any:
    """Open a deck template; a file that is not a PowerPoint file is the template's fault."""
    try:
        return Presentation(str(path))
    except Exception as exc:  # python-pptx raises assorted errors for a file that is not a PPTX
        raise TemplateError(
            f"le modèle {path.name} n'est pas un fichier PowerPoint lisible "
            f"({exc.__class__.__name__}) : réexportez-le depuis PowerPoint ou LibreOffice "
            "au format .pptx.",
            path=path,
        ) from exc


def check_template(prs: Any, path: Path) -> None:
    """Refuse a template that lacks a layout or the logo band marker, naming what is missing."""
    names = [layout.name for layout in prs.slide_layouts]
    missing = [name for name in REQUIRED_LAYOUTS if name not in names]
    if missing:
        raise TemplateError(
            f"le modèle {path.name} n'a pas les dispositions "
            + ", ".join(f"« {name} »" for name in missing)
            + f" dont dladocs a besoin (présentes : {', '.join(names) or 'aucune'}). "
            "Partez du modèle exporté par « dladocs templates export ».",
            path=path,
        )
    for layout in prs.slide_layouts:
        if layout.name in REQUIRED_LAYOUTS and _band_box(layout) is None:
            raise TemplateError(
                f"le modèle {path.name} ne marque pas l'emplacement du bandeau de logos : "
                f"ajoutez au masque (ou à la disposition « {layout.name} ») un rectangle nommé "
                f"« {BAND_MARKER} » là où les logos des financeurs doivent aller.",
                path=path,
            )


def _band_box(layout: Any) -> Box | None:
    for shapes in (layout.shapes, layout.slide_master.shapes):
        for shape in shapes:
            if shape.name == BAND_MARKER:
                return _box(shape)
    return None


def theme_fonts(prs: Any) -> Theme:
    """The theme's heading and body typefaces (what placeholders use when runs name none)."""
    return _theme(prs)


def _theme(prs: Any) -> Theme:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    from lxml import etree

    root = etree.fromstring(theme_part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    major = root.find(".//a:fontScheme/a:majorFont/a:latin", ns)
    minor = root.find(".//a:fontScheme/a:minorFont/a:latin", ns)
    return Theme(
        body_font=minor.get("typeface", "Calibri") if minor is not None else "Calibri",
        heading_font=major.get("typeface", "Calibri") if major is not None else "Calibri",
    )


def _drop_slides(prs: Any) -> None:
    """A template may carry example slides: the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.get(qn("r:id")))
        id_list.remove(sld_id)


def _remove_markers(prs: Any) -> None:
    for master in prs.slide_masters:
        for holder in (master, *master.slide_layouts):
            for shape in list(holder.shapes):
                if shape.name == BAND_MARKER:
                    shape._element.getparent().remove(shape._element)
