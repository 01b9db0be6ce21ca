"""Recognise the EU emblem, and any reference logo, in rasters dladocs did not draw.

Pictures in third-party PPTX/DOCX/PDF files carry no tag saying "this is the
EU flag": the official PNG, a flag someone redrew, a JPEG of it, a 40 px
thumbnail, a "Cofinancé par l'Union européenne" block with the flag and the
text in one image, a monochrome version...  :func:`find_emblem` looks for the
emblem's *structure* rather than for exact pixels:

1. a solid rectangle (a connected region of Reflex-blue-like pixels, or of
   dark pixels for black versions, or a dark frame for the outlined black
   version of G-03);
2. inside it, star-coloured blobs on the ring of radius ``h/3`` at the twelve
   clock positions, *and* background between them (so a yellow circle is not
   twelve stars), *and* nothing much elsewhere (so five stars in a row are not
   an emblem).

The rectangle found is measured in the image's own pixels and its aspect is
reported as found: a squashed or rotated emblem is still recognised, so that a
rule can say "distorted" (E21-10) instead of "missing".

Reference logos (Avise, DLA...) are matched by a 64-bit perceptual hash (DCT
of a 32×32 grey thumbnail), which survives resizing and recompression, plus an
aspect-ratio check, since the hash itself ignores proportions.

This package imports numpy and Pillow at the top: it is only imported by
``dladocs check`` and the build's verification step, never at CLI start-up.
Its modules each do one job: colours (``_colours``), normalising and candidate
rectangles (``_regions``), the ring of stars and their shape (``_ring``),
matching the emblem (``_emblem``), fingerprints of reference logos
(``_fingerprints``) and the :class:`Recogniser` that uses them all
(``_recogniser``).
"""

from __future__ import annotations

from dladocs.recognition._colours import colour_distance
from dladocs.recognition._emblem import EMBLEM_ID, EmblemMatch, find_emblem
from dladocs.recognition._fingerprints import fingerprint, hamming
from dladocs.recognition._recogniser import (
    PIXEL_KEY_MAX,
    Analysis,
    Recogniser,
    adopt,
    find_emblem_shared,
    prepare,
)
from dladocs.recognition._types import Palette

__all__ = [
    "EMBLEM_ID",
    "PIXEL_KEY_MAX",
    "Analysis",
    "EmblemMatch",
    "Palette",
    "Recogniser",
    "adopt",
    "colour_distance",
    "find_emblem",
    "find_emblem_shared",
    "fingerprint",
    "hamming",
    "prepare",
]
