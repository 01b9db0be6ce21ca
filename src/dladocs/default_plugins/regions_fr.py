"""Built-in plugin: the geography of the 18 French regions, a fallback for every other plugin.

It supplies codes, names and departments only.  Porteurs, logos and context
come from region plugins (``dladocs-hauts-de-france`` for instance), which are
called first and whose values win when the answers are merged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dladocs.hookspecs import hookimpl

if TYPE_CHECKING:
    from dladocs.types import Region


@hookimpl(trylast=True)
def dladocs_regions() -> list[Region]:
    from dladocs.regions import load_french_regions

    return list(load_french_regions())
