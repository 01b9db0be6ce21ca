"""The French regions and their departments, read from the data file shipped with dladocs.

``data/regions.json`` holds geography only (INSEE codes and names, ISO 3166-2
codes): who carries a DLA is supplied by plugins, never invented here.  This
module imports only the standard library so that the command line starts fast;
the file is read on first use and kept.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from dladocs.errors import DladocsError
from dladocs.types import Department, Region

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_DATA_FILE = "regions.json"
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# "Réunion" must find "La Réunion": a leading article does not tell regions apart.
_ARTICLE = re.compile(r"^(?:la|le|les|l)-")


def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphen-separated form of ``text``.

    ``"Provence-Alpes-Côte d'Azur"`` gives ``"provence-alpes-cote-d-azur"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_SLUG.sub("-", bare.lower()).strip("-")


@cache
def load_french_regions() -> tuple[Region, ...]:
    """The 18 French regions (13 metropolitan, 5 overseas) with their departments.

    Regions carry no porteur, logo or context: plugins add those.
    """
    return tuple(_region(entry) for entry in _load_data()["regions"])


def find_region(regions: Mapping[str, Region], query: str) -> Region | None:
    """The region that ``query`` names, or ``None``.

    ``query`` may be the INSEE region code (``"32"``, ``"1"`` for ``"01"``), the
    slug, the ISO 3166-2 code (``"FR-HDF"``) or the name, whatever the case and
    accents (``"ile de france"``).  ``regions`` maps codes to regions, as
    :func:`dladocs.plugins.get_regions` returns them.
    """
    wanted = query.strip()
    if not wanted:
        return None
    if wanted in regions:
        return regions[wanted]
    if wanted.isdigit() and wanted.zfill(2) in regions:
        return regions[wanted.zfill(2)]
    by_iso = _iso_codes()
    for code, region in regions.items():
        if by_iso.get(code, "").casefold() == wanted.casefold():
            return region
    key = slugify(wanted)
    for region in regions.values():
        if key in (region.slug, slugify(region.name)):
            return region
    bare = _ARTICLE.sub("", key)
    for region in regions.values():
        if bare in (_ARTICLE.sub("", region.slug), _ARTICLE.sub("", slugify(region.name))):
            return region
    return None


@cache
def department_codes() -> frozenset[str]:
    """The codes of the 101 French departments (``"01"``... ``"2A"``, ``"2B"``... ``"976"``)."""
    return frozenset(d.code for region in load_french_regions() for d in region.departments)


# Regions added by plugins bring departments that the built-in map does not know.  The plugin
# layer registers where to find them (``dladocs.plugins`` does on import): the model never
# imports the plugins.
_department_sources: list[Callable[[], frozenset[str]]] = []


def add_department_source(source: Callable[[], frozenset[str]]) -> None:
    """Make the departments that ``source`` returns valid in projects (once per source)."""
    if source not in _department_sources:
        _department_sources.append(source)


def known_department_codes() -> frozenset[str]:
    """The built-in department codes and those of the regions that plugins add.

    Asked only for a code the built-in map does not know, so loading a project stays light.
    """
    codes = set(department_codes())
    for source in _department_sources:
        codes |= source()
    return frozenset(codes)


@cache
def _iso_codes() -> dict[str, str]:
    return {entry["code"]: entry.get("iso", "") for entry in _load_data()["regions"]}


def _data_file() -> Traversable:
    # Through importlib.resources, so that it reads from an installed wheel or zip too.
    return resources.files("dladocs") / "data" / _DATA_FILE


@cache
def _load_data() -> dict[str, Any]:
    try:
        data = json.loads(_data_file().read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _broken(f"illisible ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list):
        raise _broken("la liste « regions » manque")
    for entry in data["regions"]:
        _check_entry(entry)
    return data


def _check_entry(entry: object) -> None:
    if not isinstance(entry, dict):
        raise _broken("une région n'est pas un objet")
    for key in ("code", "name", "slug"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise _broken(f"la clé « {key} » manque dans une région")
    departments = entry.get("departments")
    if not isinstance(departments, list) or not all(
        isinstance(d, dict) and isinstance(d.get("code"), str) and isinstance(d.get("name"), str)
        for d in departments
    ):
        raise _broken(f"les départements de la région {entry['code']} sont mal décrits")


def _region(entry: dict[str, Any]) -> Region:
    return Region(
        code=entry["code"],
        name=entry["name"],
        slug=entry["slug"],
        departments=tuple(Department(code=d["code"], name=d["name"]) for d in entry["departments"]),
        overseas=bool(entry.get("overseas", False)),
    )


def _broken(reason: str) -> DladocsError:
    return DladocsError(
        f"le fichier de données des régions de dladocs est invalide : {reason}. "
        "Réinstallez dladocs (pip install --force-reinstall dladocs).",
        path=f"dladocs/data/{_DATA_FILE}",
    )
