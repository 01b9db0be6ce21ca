"""The exchange badge: a layout shape named « Pastille », shown only where it means something.

The default template, and the themes made from it, draw a « ? » badge on the
``Section`` layout.  The deck uses that layout for the exchange times but also for
section breaks, a pause or a module's title slide, and a shape on a layout shows on
every slide of that layout.  So the badge is taken off the layouts of the deck being
rendered (the template file is untouched) and copied onto the slides whose
specification asks for it (``"badge": True``: the exchange and question times).
"""

from __future__ import annotations

import copy
from typing import Any

BADGE = "Pastille"


def detach(prs: Any) -> dict[str, list[Any]]:
    """Remove the badge shapes from the layouts; returns their XML elements per layout name."""
    found: dict[str, list[Any]] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            for shape in list(layout.shapes):
                if shape.name == BADGE:
                    element = shape._element
                    element.getparent().remove(element)
                    found.setdefault(layout.name, []).append(element)
    return found


def place(slide: Any, elements: list[Any]) -> None:
    """Draw the layout's badge on ``slide``, above the layout's background as it was."""
    for element in elements:
        slide.shapes._spTree.append(copy.deepcopy(element))
