"""The built-in content pack « marketing digital pour les SIAE », registered like any plugin's.

Its modules live in ``contenus/`` beside this file: Markdown written by content
authors, with no teaching text in Python.
"""

from __future__ import annotations

from pathlib import Path

from dladocs.content import ContentPack
from dladocs.hookspecs import hookimpl

PACK = ContentPack(
    name="marketing-digital-siae",
    title="Le marketing digital pour les SIAE (pack intégré)",
    folder=Path(__file__).parent / "contenus",
)


@hookimpl(trylast=True)
def dladocs_content_packs() -> list[ContentPack]:
    return [PACK]
