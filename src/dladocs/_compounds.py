"""Compound words that must not break at their hyphen: place names and a few known words.

« Hauts- / de-France » or « e- / commerce » at a line end reads badly; the
non-breaking hyphen U+2011 looks the same and keeps the word whole.  The
built-in documents' contexts pass through :func:`protect_context`, and the
layout rule LAY-06 uses :func:`is_compound` to tell a broken compound from a
word the typesetter hyphenated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

NB_HYPHEN = "\u2011"

# Lower-case compounds of the documents' vocabulary (the « e- » words above all).
KNOWN = (
    "e-commerce",
    "e-mail",
    "e-mails",
    "e-mailing",
    "e-réputation",
    "e-boutique",
    "e-learning",
    "c'est-à-dire",
    "c’est-à-dire",
    "peut-être",
    "au-delà",
    "vis-à-vis",
    "mots-clés",
    "questions-réponses",
)

_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ'’]+"
# A capitalised word joined by hyphens to others: Hauts-de-France, Pas-de-Calais, Saint-Omer.
_PROPER = re.compile(rf"(?<![\w/.@\-]){'[A-ZÀ-ÖØ-Þ]'}{_WORD[:-1]}*(?:-{_WORD})+(?![\w/@\-])")
_KNOWN = re.compile(
    r"(?<![\w/.@\-])(" + "|".join(re.escape(word) for word in KNOWN) + r")(?![\w/@\-])",
    re.IGNORECASE,
)


def protect(text: str) -> str:
    """``text`` with the hyphens of compound place names and known compounds made non-breaking."""
    if "-" not in text:
        return text
    text = _PROPER.sub(_proper, text)
    return _KNOWN.sub(lambda m: m.group(0).replace("-", NB_HYPHEN), text)


def _proper(match: re.Match[str]) -> str:
    word = match.group(0)
    first, rest = word.split("-", 1)
    return word.replace("-", NB_HYPHEN) if is_compound(first, rest) else word


def protect_context(value: Any) -> Any:
    """Every string of a rendering context, protected; addresses and identifiers kept as they are."""
    if isinstance(value, str):
        return value if _address(value) else protect(value)
    if isinstance(value, Mapping):
        return {
            key: item if key in _VERBATIM else protect_context(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [protect_context(item) for item in value]
    if isinstance(value, tuple):
        return tuple(protect_context(item) for item in value)
    return value


# Keys whose values are identifiers, addresses or file names, never prose.
_VERBATIM = frozenset(
    {"id", "code", "module", "site", "email", "lien", "url", "nature", "type", "fichier"}
)


def _address(text: str) -> bool:
    return "://" in text or text.startswith("www.") or ("@" in text and " " not in text)


def is_compound(before: str, after: str) -> bool:
    """Whether ``before``-``after``, broken at a line end, is a compound the reader should see whole.

    ``before`` is the word fragment ending the line (without its hyphen), ``after``
    the one starting the next line.
    """
    if not before or not after:
        return False
    joined = f"{before}-{after}"
    if joined.lower().strip(".,;:!?)»") in _known_lower():
        return True
    # A one-letter first part is an « e- » word; a capitalised one followed by a capital,
    # a particle or another hyphen is a place name (Saint-Omer, Hauts-de-France, Pas-de-Calais),
    # not an imperative (« Appelez-nous »).
    if len(before) == 1:
        return before.isalpha()  # « e-mail », not « 2-novembre » in a web address
    tail = after.replace(NB_HYPHEN, "-")
    return before[0].isupper() and (tail[0].isupper() or "-" in tail or tail.lower() in _PARTICLES)


_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "les", "sur", "en", "sous", "lès", "aux", "et"}
)


@functools.cache
def _known_lower() -> frozenset[str]:
    return frozenset(word.lower() for word in KNOWN)
