"""``dladocs new`` and ``dladocs templates export``: starting points that never overwrite work."""

from __future__ import annotations

import shutil
import string
from datetime import date
from importlib.resources import files
from pathlib import Path

from dladocs.errors import DladocsError
from dladocs.project import PROJECT_FILE


def new_project(folder: Path, region_query: str) -> Path:
    """Write a ``dladocs.toml`` for ``region_query`` in ``folder``, ready to edit and build."""
    from dladocs.plugins import get_plugin_manager, get_regions
    from dladocs.regions import find_region

    regions = get_regions(get_plugin_manager())
    region = find_region(regions, region_query)
    if region is None:
        raise DladocsError(
            f"--region « {region_query} » : région inconnue ; « dladocs regions » liste les codes et les noms."
        )
    target = folder / PROJECT_FILE
    if target.exists():
        raise DladocsError(
            f"« {target} » existe déjà : dladocs ne l'écrase pas. Choisissez un autre dossier.",
            path=target,
        )
    text = (files("dladocs") / "_starter.toml").read_text(encoding="utf-8")
    content = string.Template(text).substitute(
        region_code=region.code,
        region_name=region.name,
        date=date.today().isoformat(),
        folder_name=folder.name,
        department_code=region.departments[0].code if region.departments else "75",
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logos").mkdir(exist_ok=True)
    (folder / "reponses").mkdir(exist_ok=True)
    target.write_text(content, encoding="utf-8")
    return target


def export_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the default templates into ``folder`` (as pandoc writes its reference documents).

    Every registered document counts: the templates shipped with dladocs, and
    those of documents that installed plugins add (their own files), so that a
    theme can start from any of them.
    """
    from dladocs.default_plugins.templates import builtin_templates
    from dladocs.plugins import get_documents, get_plugin_manager

    sources: dict[str, Path] = {
        p.name: p for p in builtin_templates().iterdir() if p.suffix in (".docx", ".pptx")
    }
    for document in get_documents(get_plugin_manager()).values():
        for name in document.templates.values():
            declared = Path(name)
            if declared.is_absolute() and declared.is_file():
                sources.setdefault(declared.name, declared)
    clashes = [folder / name for name in sorted(sources) if (folder / name).exists()]
    if clashes and not force:
        raise DladocsError(
            "ces fichiers existent déjà et ne sont pas remplacés : "
            + ", ".join(str(p) for p in clashes)
            + " (ajoutez --force pour les remplacer)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(sources):
        target = folder / name
        shutil.copyfile(sources[name], target)
        written.append(target)
    return written
