"""dladocs plugin: the « sobre » theme, black and grey, set in Arial.

It replaces the default templates of the four built-in documents through the
``dladocs_template`` hook.  The templates in ``templates/`` are made from
dladocs's own defaults by ``make_theme.py`` (beside ``pyproject.toml``): they
keep the named slide layouts, the ``dladocs:bandeau`` markers of the logo
band and the Word headers that carry it, so that every deliverable still
passes the funders' logo rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dladocs import hookimpl

if TYPE_CHECKING:
    from dladocs.project import Project
    from dladocs.types import DocumentType, Region

__all__ = ["TEMPLATES", "dladocs_template"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@hookimpl
def dladocs_template(
    document: DocumentType, fmt: str, project: Project, region: Region
) -> Path | None:
    """The theme's version of a default template, unless the project has its own."""
    name = document.templates.get(fmt)
    if name is None:
        return None
    themed = TEMPLATES / Path(name).name
    if Path(name).is_absolute() or not themed.is_file():
        return None  # a plugin's own document, or a format the theme does not restyle
    folder = project.templates.folder if project is not None else None
    if folder is not None and (project.resolve(folder) / themed.name).is_file():
        return None  # a project's local template folder is more specific than a theme
    return themed
