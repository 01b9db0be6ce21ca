"""The errors a user can cause, with French messages that say what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class DladocsError(Exception):
    """Bad input or usage: the command exits with code 2 and prints the message.

    The message is French and names the file (and key, line, page...) at fault.
    """

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (parallel builds): rebuild them without
        # calling subclass constructors, whose signatures differ.
        return (_rebuild, (type(self), self.message, self.path, self.__dict__.copy()))

    def __str__(self) -> str:
        if self.path is not None and str(self.path) not in self.message:
            return f"{self.path} : {self.message}"
        return self.message


class ProjectError(DladocsError):
    """The project file is unreadable or invalid; ``problems`` lists each one."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        path = Path(path).absolute()  # the same spelling in every message, whatever the caller had
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path} : le fichier projet n'est pas valide :\n{lines}", path=path)


class TemplateError(DladocsError):
    """A template lacks something the build needs, or uses a variable dladocs does not give."""


class UnreadableFileError(DladocsError):
    """A file given to ``dladocs check`` cannot be read (encrypted, truncated, hostile...)."""


def _rebuild(
    cls: type[DladocsError], message: str, path: Path | None, state: dict[str, object]
) -> DladocsError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    error.message = message
    error.path = path
    return error


# What the system says, in the user's language (``strerror`` is English).
_OS_REASONS = {
    errno.ENOENT: "introuvable",
    errno.EACCES: "accès refusé (droits insuffisants)",
    errno.EPERM: "opération non permise (droits insuffisants)",
    errno.EEXIST: "existe déjà et n'est pas un dossier",
    errno.ENOTDIR: "un élément du chemin est un fichier, pas un dossier",
    errno.EISDIR: "est un dossier, pas un fichier",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EBUSY: "occupé par un autre programme",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EXDEV: "sur un autre disque",
}


def os_reason(error: OSError) -> str:
    """Why an operation on a file failed, in French."""
    known = _OS_REASONS.get(error.errno or 0)
    if known is not None:
        return known
    return f"erreur du système ({error.strerror or error})"


def from_os_error(
    error: OSError, hint: str = "vérifiez le chemin et les droits d'accès"
) -> DladocsError:
    """A :class:`DladocsError` for a failed file operation, naming the file."""
    where = f"« {error.filename} » : " if error.filename is not None else ""
    return DladocsError(f"{where}{os_reason(error)} ; {hint}.")
