"""What the rules accept: fonts, colours, the minimum height, and the programme's wording."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dladocs.types import (
    POINTS_PER_CM,
)

ALLOWED_FONTS = ("arial", "auto", "calibri", "garamond", "trebuchet", "tahoma", "verdana", "ubuntu")
# Metric-compatible twins that LibreOffice embeds when the genuine font is missing.
SUBSTITUTES = {
    "liberationsans": (
        "Liberation Sans",
        "Arial",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer) ou exportez le PDF depuis Word ou PowerPoint",
    ),
    "liberationsansnarrow": (
        "Liberation Sans Narrow",
        "Arial Narrow",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer)",
    ),
    "carlito": (
        "Carlito",
        "Calibri",
        "installez la police Calibri (fournie avec Microsoft Office) ou exportez le PDF depuis Word ou PowerPoint",
    ),
    "arimo": (
        "Arimo",
        "Arial",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer)",
    ),
}
ALLOWED_COLOURS = {"003399": "bleu Reflex", "000000": "noir", "FFFFFF": "blanc"}
MIN_HEIGHT_PT = POINTS_PER_CM  # G-01: 1 cm
# The effects inspection names (in English, as the file formats do), said in French.
EFFECT_LABELS = {
    "shadow": "ombre",
    "inner-shadow": "ombre intérieure",
    "outline": "contour",
    "emboss": "relief",
    "imprint": "empreinte",
    "glow": "halo lumineux",
    "reflection": "reflet",
    "soft-edge": "bords adoucis",
    "blur": "flou",
    "fill-overlay": "remplissage superposé",
    "highlight": "surlignage",
    "animation": "animation",
    "3d": "effet 3D",
}
# A run belongs to the EU mention when it carries one of these (folded) words: the
# typography rules apply to the mention, not to every text that happens to be near.
MENTION = re.compile(
    r"union|europeen|european|cofinance|finance par|funded by|(?<![a-z])(fse|esf|ue|eu)(?![a-z])"
)


# --------------------------------------------------------------------------- wording


@dataclass(frozen=True, slots=True)
class Wording:
    """What a programme wants written next to the emblem, and its rule ids."""

    required: tuple[re.Pattern[str], ...]  # each must match the text next to the emblem
    required_label: str  # French, for messages
    fund: re.Pattern[str] | None
    statement: re.Pattern[str]
    ids: dict[str, str]
    statement_example: str = "« Ce projet est cofinancé par le Fonds social européen… »"  # role → rule id: presence, union, fund, statement, font, style, ...
    # On every page of a form, the statement itself (that the fund supports the operation),
    # not merely the fund's name that the emblem block of a header already carries.
    page_statement: re.Pattern[str] | None = None


# « Union européenne », or its English form, which E14-07 accepts too.
UNION = re.compile(r"union\s+europeenne|european\s+union")
ABBREVIATION = re.compile(r"(?<![a-z])(ue|eu)(?![a-z])")
