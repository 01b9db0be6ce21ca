"""DOCX inspection: each section's header bands and body.

A header band is what Word prints at the top and bottom of a kind of page:
the header part plus the footer part of one type (``default``, ``first`` when
the section has ``w:titlePg``, ``even`` when the settings have
``w:evenAndOddHeaders``).  A section without a reference of a type inherits
the previous section's; when no section up to it has one, the band is empty:
with ``w:titlePg`` on and no first-page header anywhere, Word prints nothing
on the first page, even if the default header holds the logos.

Groups: pictures and text runs name the part and the top-level block holding
them, ``"word/header1.xml#p2"`` for the third paragraph, or
``"word/header1.xml#t0r1"`` for the second row of the first table (cells of a
row share it, so the logos and the mention in one header table row form one
group).  Body pictures before the section's first page break have origin
``"body-first-page"``, later ones ``"body"``; header and footer pictures have
origin ``"header"`` or ``"footer"``.

Markup-compatibility blocks (``mc:AlternateContent``) are resolved when a part
is parsed (see :func:`dladocs.inspect._opc.resolve_alternate_content`): the
DrawingML choice is read, its VML fallback is not, so nothing counts twice.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from dladocs.inspect._docx_page import _FirstPage, _Page
from dladocs.inspect._docx_styles import Styles
from dladocs.inspect._docx_walk import _Walker
from dladocs.inspect._docx_xml import (  # the names were defined here first; kept importable
    PIC,
    R_EMBED,
    R_ID,
    R_LINK,
    VO,
    WP,
    WPC,
    WPG,
    WPS,
    A,
    V,
    W,
    _flatten,
)
from dladocs.inspect._drawingml import Theme, on
from dladocs.inspect._images import is_vector, pixel_size, sha256
from dladocs.inspect._opc import Package, core_properties
from dladocs.inspect._safety import NBSP, Limits, Refused
from dladocs.inspect._shape_emblem import FilledShape, shape_emblems
from dladocs.types import Inspection, Surface

__all__ = [
    "PIC",
    "R_EMBED",
    "R_ID",
    "R_LINK",
    "VO",
    "WP",
    "WPC",
    "WPG",
    "WPS",
    "A",
    "V",
    "W",
    "inspect_docx",
]


class _Document:
    def __init__(self, package: Package, path: Path, limits: Limits) -> None:
        self.package = package
        self.path = path
        self.limits = limits
        self.media: dict[str, tuple[str, tuple[int, int] | None, bool]] = {}
        self.filled: dict[int, list[FilledShape]] = {}  # surface id → solid-filled shapes
        self.main = package.main_part("word/document.xml")
        root = package.xml(self.main)
        if root.tag != f"{W}document":
            raise Refused(
                f"la partie principale n'est pas un document Word{NBSP}: le fichier est "
                "endommagé ou n'est pas un .docx"
            )
        self.root = root
        theme_part = package.first_related(self.main, "theme")
        settings_part = package.first_related(self.main, "settings")
        styles_part = package.first_related(self.main, "styles")
        self.settings = package.xml(settings_part) if settings_part else None
        self.styles = Styles(
            package.xml(styles_part) if styles_part else None,
            Theme.parse(package.xml(theme_part) if theme_part else None, theme_part or ""),
            self.settings,
        )

    def media_facts(self, part: str) -> tuple[str, tuple[int, int] | None, bool]:
        facts = self.media.get(part)
        if facts is None:
            data = self.package.read(part)
            facts = (sha256(data), pixel_size(data), is_vector(data))
            self.media[part] = facts
        return facts

    def sections(self) -> list[tuple[list[tuple[int, etree._Element]], etree._Element | None]]:
        body = self.root.find(f"{W}body")
        if body is None:
            return [([], None)]
        sections: list[tuple[list[tuple[int, etree._Element]], etree._Element | None]] = []
        current: list[tuple[int, etree._Element]] = []
        final: etree._Element | None = None
        for index, element in enumerate(_flatten(body)):
            if element.tag == f"{W}sectPr":
                final = element
                continue
            current.append((index, element))
            if element.tag == f"{W}p":
                # Two child lookups: lxml's path search costs several times more, per paragraph.
                ppr = element.find(f"{W}pPr")
                sect = ppr.find(f"{W}sectPr") if ppr is not None else None
                if sect is not None:
                    sections.append((current, sect))
                    current = []
        sections.append((current, final))
        return sections

    def inspect(self) -> Inspection:  # noqa: C901, PLR0912  - the parts in reading order: each section's header bands, then its body
        inspection = Inspection(path=self.path, format="docx")
        sections = self.sections()
        if len(sections) > self.limits.max_surfaces:
            raise Refused(
                f"le document compte trop de sections ({len(sections)}, au plus "
                f"{self.limits.max_surfaces}){NBSP}: découpez-le puis vérifiez chaque partie"
            )
        settings = self.settings
        even_odd = False
        if settings is not None:
            flag = settings.find(f"{W}evenAndOddHeaders")
            even_odd = flag is not None and on(flag.get(f"{W}val"))
        inherited: dict[tuple[str, str], str | None] = {
            (kind, variant): None
            for kind in ("header", "footer")
            for variant in ("default", "first", "even")
        }
        rels = self.package.rels(self.main)
        for number, (blocks, sect) in enumerate(sections, start=1):
            page = _Page.of(sect)
            notes: list[str] = []
            current = dict(inherited)
            if sect is not None:
                for kind in ("header", "footer"):
                    for reference in sect.findall(f"{W}{kind}Reference"):
                        variant = reference.get(f"{W}type", "default")
                        if variant not in ("default", "first", "even"):
                            continue
                        rel = rels.get(reference.get(R_ID, ""))
                        if rel is None or rel.external or not self.package.has(rel.target):
                            current[(kind, variant)] = None
                            notes.append(
                                f"un {'en-tête' if kind == 'header' else 'pied de page'} de la "
                                f"section {number} est introuvable dans le fichier (lien rompu)"
                            )
                        else:
                            current[(kind, variant)] = rel.target
            inherited = current
            title_page = sect is not None and sect.find(f"{W}titlePg") is not None
            if title_page and sect is not None:
                flag = sect.find(f"{W}titlePg")
                title_page = flag is not None and on(flag.get(f"{W}val"))
            variants = ["default"]
            if title_page:
                variants.append("first")
            if even_odd:
                variants.append("even")
            for variant in variants:
                surface = Surface(
                    kind="header",
                    index=number,
                    variant=variant,
                    width=page.width,
                    height=page.height,
                )
                surface.notes.extend(notes)
                parts = [(kind, current[(kind, variant)]) for kind in ("header", "footer")]
                for kind, part in parts:
                    if part is not None:
                        _Walker(self, part, surface, origin=kind, page=page).blocks(
                            list(enumerate(_flatten(self.package.xml(part))))
                        )
                if all(part is None for _, part in parts) and variant != "default":
                    which = (
                        f"la première page de la section {number} n'a"
                        if variant == "first"
                        else f"les pages paires de la section {number} n'ont"
                    )
                    surface.notes.append(
                        f"{which} ni en-tête ni pied de page propres{NBSP}: Word n'y affiche rien, "
                        "même si l'en-tête par défaut contient des logos"
                    )
                inspection.surfaces.append(surface)
            body = Surface(kind="body", index=number, width=page.width, height=page.height)
            _Walker(
                self, self.main, body, origin="body", page=page, first_page=_FirstPage()
            ).blocks(blocks)
            inspection.surfaces.append(body)
        for surface in inspection.surfaces:
            # An emblem drawn with a rectangle and star shapes, as one picture.
            surface.pictures.extend(shape_emblems(self.filled.pop(id(surface), [])))
        if next(self.root.iter(f"{W}del", f"{W}moveFrom", f"{W}ins"), None) is not None:
            inspection.notes.append(
                f"le document contient des modifications suivies non acceptées{NBSP}: le texte "
                "et les images supprimés ne sont pas comptés\u202f; acceptez ou refusez les "
                "modifications avant de diffuser le document"
            )
        inspection.metadata.update(core_properties(self.package))
        inspection.metadata["sections"] = len(sections)
        inspection.metadata["even_and_odd_headers"] = even_odd
        if self.package.strict:
            inspection.notes.append("fichier au format OOXML « strict » (ISO/IEC 29500)")
        return inspection


def inspect_docx(path: Path, limits: Limits) -> Inspection:
    """Inspect a DOCX file (callers go through :func:`dladocs.inspect.inspect_file`)."""
    with Package(path, limits) as package:
        return _Document(package, path, limits).inspect()
