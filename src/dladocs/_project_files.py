"""The files a project names: glob patterns, and a check that each exists, naming the key."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from dladocs import _tomlpos
from dladocs._project_errors import _describe
from dladocs.errors import ProjectError

if TYPE_CHECKING:
    from dladocs.project import Project


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


def _expand(root: Path, pattern: str) -> list[Path]:
    """The files ``pattern`` matches, sorted; an absolute pattern is accepted as well.

    ``Path.glob`` refuses absolute patterns: the glob starts from the last
    folder written without wildcards (the pattern's own, or ``root``).
    """
    parts = Path(pattern).parts
    fixed = list(itertools.takewhile(lambda part: not _is_glob(part), parts))
    base = root.joinpath(*fixed) if fixed else root
    rest = parts[len(fixed) :]
    if not rest:
        return [base]
    try:
        return sorted(base.glob(str(Path(*rest))))
    except (OSError, ValueError, NotImplementedError):
        return []


def _check_files(project: Project, lines: dict[_tomlpos.Path, int]) -> None:  # noqa: C901  - one check per file the project names, each with its own message
    """Every file the project names must exist: say which key names a missing one."""
    problems: list[str] = []

    def need(path: Path | None, loc: tuple[str | int, ...]) -> None:
        if path is None:
            return
        resolved = project.resolve(path)
        if not resolved.is_file():
            line = _tomlpos.line_of(lines, loc)
            prefix = f"ligne {line}, " if line else ""
            if resolved.is_dir():
                what = f"« {path} » est un dossier : indiquez le fichier de l'image"
            elif resolved.exists():
                what = f"« {path} » n'est pas un fichier ordinaire (périphérique ou tube)"
            else:
                what = f"le fichier « {path} » est introuvable (cherché dans {resolved.parent})"
            problems.append(f"{prefix}{_describe(loc)} : {what}")

    need(project.logos.avise, ("logos", "avise"))
    need(project.logos.dla, ("logos", "dla"))
    for key, path in project.logos.others.items():
        need(path, ("logos", "autres", key))
    for index, porteur in enumerate(project.porteurs):
        need(porteur.logo, ("porteurs", index, "logo"))
    if project.templates.folder is not None:
        folder = project.resolve(project.templates.folder)
        if not folder.is_dir():
            line = _tomlpos.line_of(lines, ("modeles", "dossier"))
            prefix = f"ligne {line}, " if line else ""
            problems.append(
                f"{prefix}clé « modeles.dossier » : le dossier « {project.templates.folder} » est introuvable"
            )
    for index, pattern in enumerate(project.evaluation.responses):
        if _is_glob(pattern):
            matches = _expand(project.root, pattern)
            line = _tomlpos.line_of(lines, ("evaluation", "reponses"))
            prefix = f"ligne {line}, " if line else ""
            if not matches:
                problems.append(
                    f"{prefix}clé « evaluation.reponses[{index + 1}] » : aucun fichier ne "
                    f"correspond à « {pattern} »"
                )
            for match in matches:
                if not match.is_file() and not match.is_dir():
                    # A FIFO or a device would block or never end the collection.
                    problems.append(
                        f"{prefix}clé « evaluation.reponses[{index + 1}] » : « {match} » n'est "
                        "pas un fichier ordinaire (tube, périphérique) ; retirez-le ou changez "
                        "le motif"
                    )
        else:
            need(Path(pattern), ("evaluation", "reponses"))
    if problems:
        raise ProjectError(project.path, problems)
