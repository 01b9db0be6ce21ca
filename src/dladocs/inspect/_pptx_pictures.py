"""Pictures on a PPTX slide: picture fills of shapes, backgrounds and OLE previews.

:class:`_Pictures` is the part of the deck reader (:class:`dladocs.inspect.pptx._Deck`)
that adds a picture to a surface, with its paint order (what an opaque shape
painted later covers), or a note when the picture is missing, linked or vector.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from lxml import etree

from dladocs.inspect._drawingml import blip_recoloured, src_rect_cropped, xfrm_rotation
from dladocs.inspect._images import bytes_loader, is_vector, pixel_size, sha256
from dladocs.inspect._opc import R_EMBED, R_LINK, Package, member_reader
from dladocs.inspect._pptx_model import A, _Scope
from dladocs.inspect._safety import NBSP, Limits
from dladocs.types import Box, Picture, Surface


class _Pictures:
    """Adds pictures to surfaces (the deck sets these attributes)."""

    package: Package
    path: Path
    limits: Limits
    media: dict[str, tuple[str, tuple[int, int] | None, bool]]
    painted: dict[int, int]

    def _paint(self, surface: Surface, box: Box | None) -> int:
        """The paint order of the next shape on ``surface``; an opaque ``box`` covers what is under."""
        order = self.painted.get(id(surface), 0) + 1
        self.painted[id(surface)] = order
        if box is not None:
            surface.covers.append((order, box))
        return order

    # ------------------------------------------------------------------ pictures

    def _picture(
        self,
        blip_fill: etree._Element | None,
        scope: _Scope,
        *,
        part: str,
        box: Box | None,
        origin: str,
        name: str,
        group: str,
        xfrm: etree._Element | None,
        description: str = "",
    ) -> None:
        surface = scope.surface
        label = f"« {name} »" if name else "sans nom"
        blip = blip_fill.find(f"{A}blip") if blip_fill is not None else None
        if blip is None:
            surface.notes.append(
                f"une image ({label}) n'a pas de données{NBSP}: elle s'affiche vide ou en erreur"
            )
            return
        rotation, flipped = xfrm_rotation(xfrm)
        width = box.width if box is not None else 0.0
        height = box.height if box is not None else 0.0
        picture = partial(
            Picture,
            width=width,
            height=height,
            box=box,
            name=name,
            description=description,
            origin=origin,
            group=group,
            cropped=src_rect_cropped(blip_fill),
            rotation=rotation,
            flipped=flipped,
            recoloured=blip_recoloured(blip),
        )
        rels = self.package.rels(part)
        embed = rels.get(blip.get(R_EMBED, "") or "")
        link = rels.get(blip.get(R_LINK, "") or "")
        if embed is not None and not embed.external and self.package.has(embed.target):
            digest, pixels, vector = self._media_facts(embed.target)
            if vector:
                surface.notes.append(
                    f"l'image {label} est un dessin vectoriel (EMF, WMF ou SVG){NBSP}: ses "
                    "couleurs n'ont pas pu être analysées"
                )
            surface.pictures.append(
                picture(
                    sha256=digest,
                    pixel_size=pixels,
                    order=self._paint(surface, box),
                    load=bytes_loader(
                        member_reader(self.path, embed.target, self.limits),
                        self.limits.max_image_pixels,
                    ),
                )
            )
            return
        external = link if link is not None and link.external else embed
        if external is not None and external.external:
            surface.pictures.append(picture(linked=True))
            surface.notes.append(
                f"l'image {label} est liée à un fichier externe ({external.target}) et n'est pas "
                f"enregistrée dans le document{NBSP}: elle n'a pas pu être vérifiée\u202f; "
                "insérez-la dans le document au lieu de la lier"
            )
            return
        surface.notes.append(
            f"l'image {label} renvoie à une image absente du fichier{NBSP}: elle s'affiche en "
            "erreur\u202f; insérez-la de nouveau"
        )

    def _media_facts(self, part: str) -> tuple[str, tuple[int, int] | None, bool]:
        facts = self.media.get(part)
        if facts is None:
            data = self.package.read(part)
            facts = (sha256(data), pixel_size(data), is_vector(data))
            self.media[part] = facts
        return facts
