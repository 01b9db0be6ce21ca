"""Where the project file is: a path given, ./dladocs.toml, or the bundled example.

Kept apart from :mod:`dladocs.project` so that the command can find the
project (and see that nothing changed) without loading pydantic.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_FILE = "dladocs.toml"


def find_project(path: Path | None) -> tuple[Path, bool]:
    """The project file to use: ``path`` (a file or folder), ``./dladocs.toml``, or the example.

    Returns the file and whether it is the bundled example.
    """
    if path is not None:
        candidate = path / PROJECT_FILE if path.is_dir() else path
        if not candidate.exists():
            from dladocs.errors import DladocsError

            raise DladocsError(f"aucun fichier projet « {candidate} » : vérifiez le chemin.")
        _check_kind(candidate)
        return candidate, False
    local = Path.cwd() / PROJECT_FILE
    if local.exists():
        _check_kind(local)
        return local, False
    return example_project(), True


def _check_kind(file: Path) -> None:
    """A FIFO or a device given as the project would block or never end: refuse it unread."""
    from dladocs._userfiles import PROJECT_MAX, check_user_file

    check_user_file(file, "le fichier projet", PROJECT_MAX)


def example_project() -> Path:
    """The bundled example: the Hauts-de-France webinar of the cahier des charges.

    In a wheel it lives inside the package (``dladocs/example``); in a source
    checkout installed in editable mode, in ``examples/`` beside ``src/``.
    """
    from importlib.resources import files

    packaged = Path(str(files("dladocs") / "example" / PROJECT_FILE))
    if packaged.is_file():
        return packaged
    return (
        Path(__file__).resolve().parents[2]
        / "examples"
        / "webinaire-hauts-de-france"
        / PROJECT_FILE
    )
