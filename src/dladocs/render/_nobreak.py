"""Non-breaking hyphens the Word way: ``<w:noBreakHyphen/>`` instead of U+2011.

The contexts carry U+2011 in compound names (``dladocs._compounds``).  In a
DOCX, Word's own element is the portable form: Word and LibreOffice keep the
word whole at a line end, and readers of the text (python-docx, search in Word)
see a plain hyphen.
"""

from __future__ import annotations

from typing import Any

NB_HYPHEN = "\u2011"


def word_hyphens(document: Any) -> None:
    """Replace every U+2011 in the text runs of ``document``'s body with ``<w:noBreakHyphen/>``."""
    from docx.oxml.ns import qn

    for text in list(document.element.body.iter(qn("w:t"))):
        if text.text and NB_HYPHEN in text.text:
            _split(text)


def _split(text: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pieces = text.text.split(NB_HYPHEN)
    text.text = pieces[0]
    text.set(qn("xml:space"), "preserve")
    anchor = text
    for piece in pieces[1:]:
        hyphen = OxmlElement("w:noBreakHyphen")
        anchor.addnext(hyphen)
        anchor = hyphen
        if piece:
            following = OxmlElement("w:t")
            following.text = piece
            following.set(qn("xml:space"), "preserve")
            anchor.addnext(following)
            anchor = following
