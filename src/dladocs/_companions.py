"""Files a renderer writes beside its output, in the folder named after it (one certificate
per person in ``attestations-participation/``), and the ones a rebuild no longer writes.

A rebuilt document replaces its whole folder: a certificate of someone who is now under
the threshold, or no longer in ``presence.json``, must not stay in the output to be sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dladocs import _output


def folders(written: Iterable[str]) -> set[str]:
    """The companion folders (``region/name/``) of the files a build wrote."""
    return {Path(path).with_suffix("").as_posix() + "/" for path in written}


def inside(path: str, prefixes: set[str]) -> bool:
    return any(path.startswith(prefix) for prefix in prefixes)


def remove_stale(out: Path, stale: Sequence[dict[str, Any]]) -> list[str]:
    """Delete the companions the rebuild did not write again, if nobody edited them; say so."""
    messages = []
    for entry in stale:
        path = out / entry["path"]
        if not path.is_file():
            continue
        if _output.sha256(path) != entry.get("sha256"):
            messages.append(
                f"« {entry['path']} » n'est plus produit mais a été modifié à la main : "
                "dladocs le laisse en place ; supprimez-le s'il n'a plus lieu d'être."
            )
            continue
        path.unlink()
        messages.append(
            f"« {entry['path']} » retiré : la nouvelle construction ne le produit plus."
        )
    return messages
