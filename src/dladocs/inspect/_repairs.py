"""Repairs a parsing library made silently while reading a damaged file.

pypdf, when not strict, rebuilds a broken cross-reference table or skips
objects that point to the wrong place, and only says so in its log.  The user
must hear of it beside the verdict (:mod:`dladocs.reading`): this collects
those log records, in French, while a PDF is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# pypdf message fragment (lower case) → what was repaired, in French.
_KNOWN = (
    ("wrong pointing object", "table des objets (xref) aux positions fausses"),
    ("xref", "table des objets (xref) incohérente"),
    ("startxref", "pointeur vers la table des objets (startxref) faux"),
    ("trailer", "fin de fichier (trailer) reconstruite"),
    ("eof", "marque de fin de fichier (%%EOF) absente"),
    ("invalid parent", "arborescence des pages réparée"),
)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: dict[str, None] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lower()
        for fragment, label in _KNOWN:
            if fragment in message:
                self.found[label] = None
                return


@contextmanager
def pdf_repairs() -> Iterator[list[str]]:
    """Collect what pypdf repairs in the block; the list is filled when the block ends."""
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    collector = _Collector()
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # a user checking a file needs the verdict, not pypdf's log
    found: list[str] = []
    try:
        yield found
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
        logger.propagate = propagate
        found.extend(collector.found)
