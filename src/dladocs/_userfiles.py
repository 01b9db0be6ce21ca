"""Read a file the user named without trusting what it is: its kind and size come first.

Every path that comes from the user (a logo, an evaluation answer, a template,
the project file, a presence export...) can be a FIFO that blocks forever, a
device such as ``/dev/zero`` that never ends, a symlink to a 10 GB sparse file
or a 2 GB picture.  The functions below look at what the path *points to*
(symlinks are followed) before reading a byte, and again on the open file
descriptor, so that a file swapped between the two looks is caught too:

- :func:`check_user_file` refuses anything but a regular file no larger than
  ``max_bytes`` and returns its size; call it before handing the path to a
  library that opens it itself (Pillow, pypdf, ``zipfile``);
- :func:`open_user_file` opens it for reading, non-blocking, so a FIFO put in
  its place cannot hang the process;
- :func:`read_user_file` returns its bytes, never more than ``max_bytes``.

Each raises :class:`dladocs.errors.DladocsError` (exit code 2) with a French
message naming the file and what it was for (``kind``, e.g. « le logo
« avise » », « le fichier de réponses »).  Usage::

    from dladocs._userfiles import read_user_file
    data = read_user_file(path, "l'export de présence", 20 * MB)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from dladocs.errors import DladocsError

MB = 1024 * 1024

# Default ceilings of the inputs dladocs reads (their callers may choose others).
PROJECT_MAX = 2 * MB
LOGO_MAX = 20 * MB
ANSWERS_MAX = 20 * MB
TEMPLATE_MAX = 50 * MB


def _size(value: int) -> str:
    if value >= MB:
        return f"{value / MB:.0f} Mo".replace(".", ",")
    return f"{max(1, value // 1024)} ko"


def _check_stat(path: Path, kind: str, info: os.stat_result, max_bytes: int) -> int:
    if stat.S_ISDIR(info.st_mode):
        raise DladocsError(f"{kind} « {path} » est un dossier : indiquez un fichier.", path=path)
    if not stat.S_ISREG(info.st_mode):
        what = (
            "un tube (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "un périphérique"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "une socket"
            if stat.S_ISSOCK(info.st_mode)
            else "un fichier spécial"
        )
        raise DladocsError(
            f"{kind} « {path} » n'est pas un fichier ordinaire ({what}) : dladocs ne le lit pas ; "
            "indiquez un fichier.",
            path=path,
        )
    if info.st_size > max_bytes:
        raise DladocsError(
            f"{kind} « {path} » pèse {_size(info.st_size)}, au-delà des {_size(max_bytes)} que "
            "dladocs accepte : dladocs ne le lit pas ; indiquez un fichier plus léger.",
            path=path,
        )
    return info.st_size


def check_user_file(path: Path | str, kind: str, max_bytes: int) -> int:
    """Refuse ``path`` unless it (or what its symlink points to) is a regular file of at most ``max_bytes``.

    Returns its size.  A missing file is refused too, with the same message
    shape (« … est introuvable »).  Nothing is opened: FIFOs do not block.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DladocsError(f"{kind} « {path} » est introuvable.", path=path) from None
    except OSError as error:
        raise DladocsError(
            f"{kind} « {path} » ne peut pas être lu : {error.strerror or error}.", path=path
        ) from None
    return _check_stat(path, kind, info, max_bytes)


def open_user_file(path: Path | str, kind: str, max_bytes: int) -> BinaryIO:
    """Open ``path`` for binary reading once it is known to be a regular file of at most ``max_bytes``.

    The file is opened with ``O_NONBLOCK`` (a FIFO swapped in after the first
    look cannot block the open) and checked again on its descriptor.  The
    caller closes the returned file (use it in a ``with`` block).
    """
    path = Path(path)
    check_user_file(path, kind, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise DladocsError(
            f"{kind} « {path} » ne peut pas être lu : {error.strerror or error}.", path=path
        ) from None
    try:
        _check_stat(path, kind, os.fstat(descriptor), max_bytes)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # a regular file: ordinary reads from here on
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_user_file(path: Path | str, kind: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` (see :func:`open_user_file`); never more than ``max_bytes`` are read.

    A file that grows past the limit while it is read is refused as well.
    """
    with open_user_file(path, kind, max_bytes) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DladocsError(
            f"{kind} « {path} » dépasse {_size(max_bytes)} : dladocs ne le lit pas.",
            path=Path(path),
        )
    return data
