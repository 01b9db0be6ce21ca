"""Content modules: Markdown files that become slides, speaker notes and fiche sections.

A project keeps its own modules in ``contenus/NAME.md``; plugins ship packs of
them through the ``dladocs_content_packs`` hook (the built-in pack is
registered that way too).  A project module shadows a packaged one of the
same name; among packs, the first plugin called wins (installed plugins
before the built-ins).  The format is described in ``docs/content.md``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs.content._model import (
    FICHE_PARTS,
    LAYOUTS,
    SCHEMAS,
    ContentPack,
    FichePart,
    Item,
    Link,
    Module,
    Picture,
    Section,
    Slide,
)
from dladocs.content._parse import ContentError, parse_module
from dladocs.errors import ProjectError

if TYPE_CHECKING:
    import pluggy

    from dladocs.project import Project

__all__ = [
    "FICHE_PARTS",
    "LAYOUTS",
    "PROJECT_FOLDER",
    "SCHEMAS",
    "ContentError",
    "ContentPack",
    "FichePart",
    "Item",
    "Link",
    "Module",
    "Picture",
    "Section",
    "Slide",
    "check_project",
    "find_module",
    "load",
    "project_modules",
]

PROJECT_FOLDER = "contenus"


def packs(pm: pluggy.PluginManager | None = None) -> list[ContentPack]:
    """Every content pack of the installed plugins, in the order they are searched."""
    from dladocs.plugins import get_content_packs, get_plugin_manager

    return get_content_packs(pm or get_plugin_manager())


def project_modules(project: Project) -> dict[str, Path]:
    """The project's own modules (``contenus/*.md`` beside ``dladocs.toml``) by name."""
    folder = project.root / PROJECT_FOLDER
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.md")) if path.is_file()}


def available(project: Project, pm: pluggy.PluginManager | None = None) -> dict[str, Path]:
    """Every module a sequence of ``project`` can name, with the file that wins."""
    found: dict[str, Path] = {}
    for pack in packs(pm):
        for name in pack.modules():
            found.setdefault(name, pack.folder / f"{name}.md")
    found.update(project_modules(project))
    return found


def find_module(project: Project, name: str, pm: pluggy.PluginManager | None = None) -> Path | None:
    """The file of module ``name`` for ``project``: its own ``contenus/`` first, then the packs."""
    return available(project, pm).get(name)


def load(path: Path) -> Module:
    """Parse the module at ``path`` (cached while the file is unchanged)."""
    stat = path.stat()
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=128)
def _load(path: Path, mtime: int, size: int) -> Module:
    del mtime, size  # part of the cache key only
    return parse_module(path)


# Names a sequence can give without a module: slides dladocs makes from the project's data.
ENGINE_SLIDES = ("objectifs", "programme", "echange", "questions", "evaluation")


def check_project(project: Project, pm: pluggy.PluginManager | None = None) -> None:
    """Say every misspelt « contenu » of the sequence at once, then parse each module named.

    Raises :class:`~dladocs.errors.ProjectError` (names unknown, with the closest
    ones) or :class:`ContentError` (a module breaks the format, file and line).
    """
    modules = available(project, pm)
    problems: list[str] = []
    for index, part in enumerate(project.webinar.sequence):
        name = part.module
        if not name or name in modules or name in ENGINE_SLIDES:
            continue
        close = difflib.get_close_matches(name, list(modules), n=3, cutoff=0.5)
        hint = (
            " ; les plus proches : " + ", ".join(f"« {c} »" for c in close)
            if close
            else " ; modules disponibles : " + ", ".join(sorted(modules))
        )
        problems.append(
            f"{project.where('webinaire', 'sequence', index, 'contenu')} : module de contenu "
            f"« {name} » introuvable (ni dans {project.root / PROJECT_FOLDER}, ni dans les packs "
            f"de contenus installés){hint}"
        )
    if problems:
        raise ProjectError(project.path, problems)
    for part in project.webinar.sequence:
        if part.module in modules:
            load(modules[part.module])


INTERACTIVE_KINDS = ("echange", "questions-reponses", "atelier")


def facilitation_warnings(project: Project, pm: pluggy.PluginManager | None = None) -> list[str]:
    """Each interactive part whose module gives the facilitator no script in its notes."""
    modules = available(project, pm)
    warnings: list[str] = []
    for index, part in enumerate(project.webinar.sequence):
        if part.kind not in INTERACTIVE_KINDS:
            continue
        path = modules.get(part.module)
        if path is not None and any(slide.notes for slide in load(path).slides):
            continue
        where = project.where("webinaire", "sequence", index, "contenu" if part.module else "titre")
        holder = (
            f"les notes (<!-- … -->) de {path}" if path else "un module de contenu (contenu = …)"
        )
        warnings.append(
            f"{where} : la partie interactive « {part.title} » n'a pas de script d'animation ; "
            f"écrivez dans {holder} l'outil (sondage, nuage de mots, discussion, salles de "
            "sous-groupes), la consigne affichée, qui modère la discussion et le minutage avec une marge"
        )
    return warnings


def sequence_modules(project: Project, pm: pluggy.PluginManager | None = None) -> list[Module]:
    """The modules the sequence names, in its order, each once."""
    modules = available(project, pm)
    seen: list[Module] = []
    for part in project.webinar.sequence:
        path = modules.get(part.module)
        if path is not None:
            module = load(path)
            if all(m.path != module.path for m in seen):
                seen.append(module)
    return seen


def input_files(project: Project, pm: pluggy.PluginManager | None = None) -> list[Path]:
    """The module files the sequence names and their pictures: inputs of an incremental build."""
    files: list[Path] = []
    for module in sequence_modules(project, pm):
        files.append(module.path)
        files += [p.path for slide in module.slides for p in slide.pictures if p.path not in files]
    return files


def fiche_parts(modules: Iterable[Module], kind: str) -> list[FichePart]:
    return [part for module in modules for part in module.fiche if part.kind == kind]
