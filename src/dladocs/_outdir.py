"""Which folders a build may write into, and which leftovers it may remove there.

dladocs deletes only what it wrote itself.  A build refuses an output folder
that is the file-system root, the home folder or a system folder, whatever
the options; and a folder that already holds files but no dladocs manifest
(someone's documents, a project folder) unless ``--force`` says it is meant.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from dladocs.errors import DladocsError

# Folders whose content belongs to the system: never an output folder, nor anything inside them.
_SYSTEM_TREES = (
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/sbin",
    "/sys",
    "/usr",
    "/System",
    "/Library",
    "/Applications",
)
# Folders that hold everyone's files: refused themselves, their subfolders are fine.
_SYSTEM_FOLDERS = (
    "/",
    "/home",
    "/media",
    "/mnt",
    "/opt",
    "/root",
    "/run",
    "/srv",
    "/tmp",
    "/var",
    "/var/tmp",
    "/Users",
    "/Volumes",
    "/private",
    "/private/tmp",
)

# What a dladocs output folder may hold before its first manifest (a killed first build).
_OWN_PREFIXES = (".dladocs",)


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def forbidden_reason(folder: Path) -> str | None:
    """Why ``folder`` can never be an output folder (root, home, system), or ``None``."""
    resolved = _resolved(folder)
    text = resolved.as_posix()
    if resolved.parent == resolved or resolved.anchor == text:
        return "c'est la racine du système de fichiers"
    home = _resolved(Path.home())
    if resolved == home:
        return "c'est votre dossier personnel"
    if text in _SYSTEM_FOLDERS:
        return "c'est un dossier du système"
    for tree in _SYSTEM_TREES:
        if text == tree or text.startswith(tree + "/"):
            return f"c'est un dossier du système ({tree})"
    if os.name == "nt":  # pragma: no cover - Windows only
        windows = Path(os.environ.get("SYSTEMROOT", r"C:\Windows")).resolve()
        if resolved == windows or windows in resolved.parents:
            return "c'est un dossier du système (Windows)"
    return None


def _foreign_entries(folder: Path) -> list[str]:
    """The names in ``folder`` that a dladocs output folder without a manifest would not hold."""
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return []
    return [name for name in names if not name.startswith(_OWN_PREFIXES)]


def check_output_folder(folder: Path, *, force: bool, manifest: str = "manifest.json") -> None:
    """Refuse ``folder`` as an output folder when writing there could harm someone's files.

    Raises :class:`DladocsError` (exit code 2) with a French message naming it.
    """
    reason = forbidden_reason(folder)
    if reason is not None:
        raise DladocsError(
            f"dladocs refuse d'écrire dans « {folder} » : {reason}. Choisissez un dossier de "
            "sortie à vous avec -o (par exemple -o dladocs-out).",
            path=folder,
        )
    try:
        info = folder.stat()
    except FileNotFoundError:
        return  # a new folder: made by the build
    except OSError:
        return  # said by the build when it makes or locks the folder, with the system's reason
    if not stat.S_ISDIR(info.st_mode):
        return  # a file there: the build says so when it makes the folder, with the system's reason
    if force or (folder / manifest).is_file():
        return
    foreign = _foreign_entries(folder)
    if foreign:
        shown = ", ".join(f"« {name} »" for name in foreign[:3])
        more = f" et {len(foreign) - 3} autre(s)" if len(foreign) > 3 else ""
        raise DladocsError(
            f"le dossier de sortie « {folder} » contient déjà des fichiers ({shown}{more}) mais "
            f"aucun {manifest} de dladocs : ce n'est pas un dossier de sortie de dladocs. "
            "Choisissez un dossier vide ou nouveau avec -o, ou relancez avec --force pour "
            "écrire quand même dans celui-ci (dladocs n'y efface rien qu'il n'ait écrit).",
            path=folder,
        )


@contextlib.contextmanager
def naming(folder: Path) -> Iterator[None]:
    """A system error without a file name (a full disk, often) names the output folder."""
    from dladocs.errors import from_os_error

    try:
        yield
    except OSError as error:
        if error.filename is not None:
            raise
        hint = (
            "libérez de la place sur ce disque, ou choisissez un dossier de sortie sur un autre "
            "disque avec -o"
            if error.errno in (errno.ENOSPC, errno.EDQUOT)
            else "vérifiez le dossier de sortie et ses droits d'accès"
        )
        named = OSError(error.errno, error.strerror, str(folder))
        raise from_os_error(named, hint) from error
