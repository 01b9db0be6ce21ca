"""Where templates come from when no plugin says otherwise.

First a project's local template folder (``[modeles] dossier``), then the
templates shipped inside dladocs.  This answer comes last (``trylast``), so a
theme plugin's ``dladocs_template`` wins over it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Region


def builtin_templates() -> Path:
    """The folder of the default templates (inside the installed package)."""
    return Path(str(files("dladocs") / "templates"))


@hookimpl(trylast=True)
def dladocs_template(document: DocumentType, fmt: str, project: Any, region: Region) -> Path | None:
    name = document.templates.get(fmt)
    if name is None:
        return None
    declared = Path(name)
    if project is not None and project.templates.folder is not None:
        local = Path(project.resolve(project.templates.folder)) / declared.name
        if local.is_file():
            return local
    if declared.is_absolute():
        return declared
    shipped = builtin_templates() / declared
    return shipped if shipped.is_file() else None
