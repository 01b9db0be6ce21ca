"""The EU visibility rules evaluated on inspected surfaces.

A programme's rule set (registered by a plugin, see ``default_plugins/fse.py``)
names its rules and wording; the checks themselves are shared, because the
2014-2020 and 2021-2027 rules differ in their wording and identifiers far more
than in what they measure: the emblem on each page, the words next to it,
their typography, and the emblem's size against the other logos.

Its modules each do one job: what the rules accept and the programme's wording
(``_wording``), the logos found on a surface (``_logos``), presence
(``_presence``), the mention next to the emblem (``_mention``), the emblem's
geometry (``_geometry``), the funding statement and PDF fonts (``_statement``),
and the EU block check that runs them all (``_block``).
"""

from __future__ import annotations

from dladocs.rules._block import check_eu_block
from dladocs.rules._logos import Found, surface_logos
from dladocs.rules._mention import NEIGHBOUR_BLOCKS, font_verdict, mention_runs, near_texts
from dladocs.rules._presence import covered_surfaces, requirement_presence
from dladocs.rules._wording import (
    ABBREVIATION,
    ALLOWED_COLOURS,
    ALLOWED_FONTS,
    EFFECT_LABELS,
    MENTION,
    MIN_HEIGHT_PT,
    SUBSTITUTES,
    UNION,
    Wording,
)

__all__ = [
    "ABBREVIATION",
    "ALLOWED_COLOURS",
    "ALLOWED_FONTS",
    "EFFECT_LABELS",
    "MENTION",
    "MIN_HEIGHT_PT",
    "NEIGHBOUR_BLOCKS",
    "SUBSTITUTES",
    "UNION",
    "Found",
    "Wording",
    "check_eu_block",
    "covered_surfaces",
    "font_verdict",
    "mention_runs",
    "near_texts",
    "requirement_presence",
    "surface_logos",
]
