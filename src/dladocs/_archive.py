"""Rewrite an OOXML package so that the same content always gives the same bytes.

python-docx and python-pptx stamp zip entries with the current time and keep
whatever order parts were added in; a reproducible build needs fixed
timestamps and a fixed order (``[Content_Types].xml`` first, as the OPC
specification recommends for streaming readers).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

# The earliest date a zip entry can hold: reproducible and obviously not a real time.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def normalise(
    path: Path,
    when: dt.datetime | None = None,
    edit: Callable[[dict[str, bytes]], None] | None = None,
) -> None:
    """Rewrite the archive at ``path`` in place with sorted entries and fixed timestamps.

    ``edit`` changes the parts (by name) before they are written: a file's last
    touches and its normalisation cost one read and one write of the archive.
    """
    stamp = ZIP_EPOCH if when is None else _zip_time(when)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    if edit is not None:
        edit(parts)
    entries = sorted(parts.items(), key=lambda entry: (entry[0] != "[Content_Types].xml", entry[0]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # Pictures are compressed already: deflating them again costs time for nothing.
            info.compress_type = (
                zipfile.ZIP_STORED if name.lower().endswith(_COMPRESSED) else zipfile.ZIP_DEFLATED
            )
            info.external_attr = 0o600 << 16
            info.create_system = 0
            target.writestr(
                info, data, compresslevel=6 if info.compress_type == zipfile.ZIP_DEFLATED else None
            )
    path.write_bytes(buffer.getvalue())


def _zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    # A zip entry's date (MS-DOS format) spans 1980 to 2107: a document dated 2200 or 9999
    # keeps its date in its properties, and its entries take the last date a zip can hold.
    when = min(max(when, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31, 23, 59, 58))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
