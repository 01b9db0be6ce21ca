"""Exports as people upload them, turned into rows of cells with their line numbers.

Reading is bounded (a regular file, at most :data:`MAX_BYTES`): a participant
report of a webinar is a few hundred kilobytes, and a path to a device or a
huge file must not hang the command.  This helper is small on purpose, so that
a shared bounded reader can replace :func:`read_bounded` without touching the rest.
"""

from __future__ import annotations

import csv
import io
import stat
from dataclasses import dataclass
from pathlib import Path

from dladocs.errors import DladocsError, os_reason

MAX_BYTES = 20 * 1024 * 1024  # 20 Mo: tens of thousands of rows, far above any webinar
DELIMITERS = ("\t", ";", ",")


class PresenceError(DladocsError):
    """An export that cannot be read: names the file and, where known, the line."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        where = f"{path.name}, ligne {line}" if line else path.name
        super().__init__(f"« {where} » : {message}", path=path)
        self.line = line


@dataclass(frozen=True, slots=True)
class Row:
    """One record of the export: its first physical line (1-based) and its cells, trimmed."""

    line: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not self.cells


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file no larger than ``limit``."""
    try:
        info = path.stat()
    except OSError as error:
        raise PresenceError(path, f"{os_reason(error)} ; vérifiez le chemin.") from None
    if not stat.S_ISREG(info.st_mode):
        raise PresenceError(path, "n'est pas un fichier ordinaire (dossier, périphérique, tube).")
    if info.st_size > limit:
        raise PresenceError(
            path,
            f"fichier trop gros ({info.st_size // 1_000_000} Mo, au plus {limit // 1_000_000} Mo) : "
            "est-ce bien le rapport des participants ?",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise PresenceError(path, f"{os_reason(error)}.") from None
    if len(data) > limit:  # grew while we read it
        raise PresenceError(path, "fichier trop gros.")
    return data


def decode(path: Path, data: bytes) -> str:
    """Text of an export: UTF-16 LE/BE with BOM (Teams), UTF-8 with or without BOM, else Windows-1252."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise PresenceError(path, "fichier UTF-16 tronqué ou abîmé.") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:4000]
    # UTF-16 without BOM: every other byte is zero in Latin text.
    if len(sample) > 8 and sample.count(0) > len(sample) // 3:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in sample:
        raise PresenceError(path, "fichier binaire : ce n'est pas un export CSV ou texte.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff(text: str) -> str:
    """The delimiter: the one found on most lines (ties: TAB, then semicolon, then comma)."""
    lines = [line for line in text.splitlines()[:400] if line.strip()]
    scores = {d: sum(1 for line in lines if d in line) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (scores[d], -DELIMITERS.index(d)))


def _clean(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().strip('"').strip()


def rows(path: Path) -> tuple[list[Row], str]:
    """The records of an export, trailing empty cells dropped, and its delimiter.

    Separator rows made only of delimiters come out blank, like empty lines,
    so that the block structure of Teams and Zoom reports stays visible.
    """
    text = decode(path, read_bounded(path))
    delimiter = sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result: list[Row] = []
    start = 1
    try:
        for record in reader:
            cells = [_clean(cell) for cell in record]
            while cells and not cells[-1]:
                cells.pop()
            result.append(Row(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise PresenceError(path, f"ligne illisible ({error}).", reader.line_num) from None
    return result, delimiter
