"""What a content module holds once parsed: slides and fiche parts (see docs/content.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The layouts dladocs draws, and the diagrams of the ``schema`` layout.
LAYOUTS = (
    "titre",
    "liste",
    "deux-colonnes",
    "trois-niveaux",
    "chiffres-cles",
    "cas",
    "sondage",
    "checklist",
    "schema",
)
SCHEMAS = ("parcours-client", "echelle-maturite", "carte-canaux", "methode")
FICHE_PARTS = ("questions", "actions", "ressources", "glossaire", "retours")
DIRECTIVES = ("disposition", "schema", "fiche")


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Item:
    """A bullet: its plain text, its depth (0: point, 1: sub-point), a box state for ``[ ]``/``[x]``."""

    text: str
    line: int
    level: int = 0
    checked: bool | None = None  # None: no box
    strong: str = ""  # the first bold run (the figure of a key-figure bullet, a glossary term)
    rest: str = ""  # the text after that bold run, without the separator
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Picture:
    path: Path
    alt: str
    line: int


@dataclass(slots=True)
class Section:
    """A ``## `` (or ``### ``) heading and what follows it until the next heading of its level."""

    heading: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class Slide:
    """One slide of a module: its title, layout, content, speaker notes and source line."""

    file: Path
    line: int
    title: str = ""
    layout: str = "liste"
    schema: str = ""
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}, ligne {self.line}"


@dataclass(slots=True)
class FichePart:
    """A chunk marked ``<!-- fiche: PARTIE -->``: it feeds the fiche pratique, not the deck."""

    kind: str
    file: Path
    line: int
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Module:
    """A parsed content module."""

    name: str
    path: Path
    slides: tuple[Slide, ...]
    fiche: tuple[FichePart, ...]

    def sources(self) -> list[str]:
        """Every ``Source :`` line of the module, slides and fiche parts, in order, once each."""
        found: list[str] = []
        for slide in self.slides:
            found += [s for s in slide.sources if s not in found]
        for part in self.fiche:
            found += [s for s in part.sources if s not in found]
            for section in part.sections:
                found += [s for s in section.sources if s not in found]
        return found


@dataclass(frozen=True, slots=True)
class ContentPack:
    """A folder of content modules that a plugin ships (``dladocs_content_packs``).

    ``name`` is a short id (lower case), ``title`` what ``dladocs plugins``
    shows, ``folder`` holds ``NAME.md`` files and their ``images/``.
    """

    name: str
    title: str
    folder: Path

    def modules(self) -> list[str]:
        """The names of the modules in the folder, sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(path.stem for path in self.folder.glob("*.md") if path.is_file())


def describe(pack: ContentPack) -> dict[str, Any]:
    """A pack as ``dladocs plugins`` shows it."""
    return {
        "nom": pack.name,
        "titre": pack.title,
        "dossier": str(pack.folder),
        "modules": pack.modules(),
    }
