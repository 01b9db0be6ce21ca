"""Pictures on a deck's slides, and the logo band.

Every picture carries its name tag and alt text (:func:`add_picture`); the
band (:func:`place_band`) sets the EU emblem with its wording, then the other
logos, none larger than the emblem.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from dladocs.render import _pptx_layouts as _layouts
from dladocs.render import _textfit as tf
from dladocs.render._pptx_text import INSET_X, INSET_Y, _emu_box, _no_autofit
from dladocs.types import EMU_PER_POINT, Box, ImageRef

EU_BLUE = RGBColor(0x00, 0x33, 0x99)  # type: ignore[no-untyped-call]
EU_FONT = "Arial"


def _picture_in(slide: Any, ref: ImageRef, area: Box) -> Any:
    from dladocs._facts import image_size

    width_px, height_px = image_size(ref.path)
    scale = min(area.width / width_px, area.height / height_px)
    width, height = width_px * scale, height_px * scale
    box = Box(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
    return add_picture(slide, ref, box)


def add_picture(slide: Any, ref: ImageRef, box: Box) -> Any:
    """``ref`` on ``slide`` in ``box``, tagged; a picture already in the deck is related again.

    python-pptx finds an image already in the package by hashing the file and
    walking every part of the package, for every picture: the band's logos on
    45 slides cost a tenth of the deck.  The deck's image parts are kept by path
    instead, and each slide after the first gets a relationship to the same part.
    """
    return _add_picture_emu(slide, ref, *_emu_box(box))


def _add_picture_emu(slide: Any, ref: ImageRef, x: int, y: int, cx: int, cy: int) -> Any:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = _IMAGE_PARTS.setdefault(slide.part.package, {})
    known = parts.get(ref.path)
    if known is None:
        picture = slide.shapes.add_picture(str(ref.path), x, y, cx, cy)
        parts[ref.path] = slide.part.related_part(picture._element.blipFill.blip.rEmbed)
        return _tag(picture, ref)
    rid = slide.part.relate_to(known, RT.IMAGE)
    element = slide.shapes._add_pic_from_image_part(known, rid, x, y, cx, cy)
    return _tag(slide.shapes._shape_factory(element), ref)


# The image parts of each deck being written, by the path of their file.
_IMAGE_PARTS: weakref.WeakKeyDictionary[Any, dict[Path, Any]] = weakref.WeakKeyDictionary()


def _tag(picture: Any, ref: ImageRef) -> Any:
    picture.name = ref.name or "dladocs:image"
    picture._element.nvPicPr.cNvPr.set("descr", ref.alt)
    return picture


# --------------------------------------------------------------------------- logo band


def place_band(slide: Any, box: Box, band: dict[str, Any], *, cover: bool) -> None:
    """The EU emblem with its wording, then the other logos, none larger than the emblem.

    The emblem takes the band's height less a margin; the other logos fit the
    same height at most (E14-13 / E21-11) and share the width that remains.
    """
    from dladocs._facts import image_size

    pad = box.height * 0.12
    emblem: ImageRef = band["embleme"]
    # Whole EMU, an even height and the width from the image's own proportions: the
    # 3:2 emblem comes out exactly 3:2, where rounding each side apart would skew it.
    width_px, height_px = image_size(emblem.path)
    height_emu = 2 * int((box.height - 2 * pad) * EMU_PER_POINT / 2)
    width_emu = round(height_emu * width_px / height_px)
    _add_picture_emu(
        slide,
        emblem,
        Emu(int(box.x * EMU_PER_POINT)),
        Emu(int((box.y + pad) * EMU_PER_POINT)),
        Emu(width_emu),
        Emu(height_emu),
    )
    emblem_h = height_emu / EMU_PER_POINT
    emblem_box = Box(box.x, box.y + pad, width_emu / EMU_PER_POINT, emblem_h)
    lines: list[str] = band["lignes_ue"]
    eu_font = band.get("police_ue") or EU_FONT  # [sortie] police_mention (dladocs.fonts)
    # 12 pt at least on a 13.33-inch slide (readable when shared), 0.35 of a 34 pt emblem:
    # within the EU's « proportionate » wording (E14-11).
    slide_width = slide.part.package.presentation_part.presentation.slide_width / EMU_PER_POINT
    text_size = max(
        _layouts.SMALLEST * slide_width / _layouts.REFERENCE_WIDTH, round(emblem_h * 0.3, 1)
    )
    text_width = (
        max(tf.text_width(line, text_size, eu_font, bold=True) for line in lines) + 2 * INSET_X + 2
    )
    text_height = len(lines) * text_size * tf.LINE_SPACING + 2 * INSET_Y
    gap = emblem_h * 0.15
    text = slide.shapes.add_textbox(
        *_emu_box(
            Box(
                emblem_box.right + gap,
                box.y + (box.height - text_height) / 2,
                text_width,
                text_height,
            )
        )
    )
    text.name = "dladocs:mention-ue"
    frame = text.text_frame
    _no_autofit(frame)
    frame.word_wrap = False
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for index, line in enumerate(lines):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = line
        font = run.font
        font.name = eu_font
        font.size = Pt(text_size)
        font.bold = True
        font.italic = False
        font.underline = False
        font.color.rgb = EU_BLUE
        font.language_id = MSO_LANGUAGE_ID.FRENCH
    others: list[ImageRef] = band["logos"]
    if not others:
        return
    start = emblem_box.right + gap + text_width + gap * 2
    available = box.right - start
    logo_gap = emblem_h * 0.35
    sizes = []
    for ref in others:
        width_px, height_px = image_size(ref.path)
        height = emblem_h * 0.9
        width = height * width_px / height_px
        if width > emblem_h * 2.6:
            width = emblem_h * 2.6
            height = width * height_px / width_px
        sizes.append((width, height))
    total = sum(width for width, _ in sizes) + logo_gap * (len(others) - 1)
    scale = min(1.0, available / total) if total else 1.0
    x = box.right - total * scale
    for ref, (width, height) in zip(others, sizes, strict=True):
        w, h = width * scale, height * scale
        add_picture(slide, ref, Box(x, box.y + (box.height - h) / 2, w, h))
        x += w + logo_gap * scale
    del cover
