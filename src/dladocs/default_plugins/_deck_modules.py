"""Slides of content modules as the deck renderer's slide specifications.

A module's slide keeps where it comes from (file and line) in ``origin``, so
that the renderer can name it when its text does not fit at readable sizes.
"""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.content import Slide
from dladocs.types import ImageRef

SECTION_KINDS = {"deux-colonnes": "sections", "trois-niveaux": "sections", "cas": "sections"}


def spec(slide: Slide, module: str, number: int) -> dict[str, Any]:
    """The slide specification of ``slide``, the ``number``-th slide of ``module``."""
    notes = "\n\n".join(ty.fr(note) for note in slide.notes)
    title = ty.fr(slide.title)
    if slide.layout == "titre":
        return {
            "layout": "Section",
            "title": title,
            "subtitle": [ty.fr(p) for p in slide.paragraphs] + [ty.fr(i.text) for i in slide.items],
            "notes": notes,
            "origin": slide.where,
        }
    lead = ty.fr(" ".join(slide.paragraphs))
    body: list[dict[str, Any]] = []
    if slide.layout in SECTION_KINDS:
        body = [
            {
                "kind": "sections",
                "style": slide.layout,
                "lead": lead,
                "sections": [
                    {
                        "heading": ty.fr(section.heading),
                        "paragraphs": [ty.fr(p) for p in section.paragraphs],
                        "items": [{"text": ty.fr(i.text), "level": i.level} for i in section.items],
                    }
                    for section in slide.sections
                ],
            }
        ]
    elif slide.layout == "chiffres-cles":
        items = [{"value": ty.fr(i.strong), "text": ty.fr(i.rest)} for i in slide.items]
        body.append(
            {
                "kind": "cards",
                "lead": lead,
                "items": items,
                "alt": ty.fr(
                    f"Chiffres clés « {slide.title} » : "
                    + " ; ".join(f"{i['value']} {i['text']}" for i in items)
                ),
            }
        )
    elif slide.layout == "sondage":
        options = [ty.fr(i.text) for i in slide.items]
        body.append(
            {
                "kind": "poll",
                "question": lead,
                "options": options,
                "alt": ty.fr(
                    f"Sondage : {lead} Réponses : "
                    + " ; ".join(f"{chr(65 + n)}. {o}" for n, o in enumerate(options))
                ),
            }
        )
        right = [f"{chr(65 + n)}. {i.text}" for n, i in enumerate(slide.items) if i.checked]
        if right:
            notes = ty.fr("Bonne réponse : " + " ; ".join(right) + ".") + (
                "\n\n" + notes if notes else ""
            )
    elif slide.layout == "checklist":
        entries = [ty.fr(i.text) for i in slide.items]
        body.append(
            {
                "kind": "checklist",
                "lead": lead,
                "items": entries,
                "alt": ty.fr(f"Liste à cocher « {slide.title} » : " + " ; ".join(entries)),
            }
        )
    elif slide.layout == "schema":
        labels = [ty.fr(i.text) for i in slide.items]
        body.append(
            {
                "kind": "diagram",
                "schema": slide.schema,
                "lead": lead,
                "labels": labels,
                "alt": ty.fr(f"Schéma « {slide.title} » : " + " → ".join(labels)),
            }
        )
    else:
        for paragraph in slide.paragraphs:
            body.append({"kind": "text", "text": ty.fr(paragraph), "style": "definition"})
        if slide.items:
            body.append(
                {
                    "kind": "bullets",
                    "items": [ty.fr(i.text) for i in slide.items],
                    "levels": [min(i.level, 1) for i in slide.items],
                }
            )
    for index, picture in enumerate(slide.pictures, start=1):
        body.append(
            {
                "kind": "image",
                "ref": ImageRef(
                    path=picture.path,
                    alt=ty.fr(picture.alt),
                    name=f"dladocs:image:{module}:{number}:{index}",
                ),
            }
        )
    return {
        "layout": "Contenu",
        "title": title,
        "body": body,
        "source": source_line(slide.sources),
        "notes": notes,
        "origin": slide.where,
    }


def source_line(sources: list[str]) -> str:
    """One foot line for the slide's sources: « Source : a ; b »."""
    if not sources:
        return ""
    rest = [s.split(":", 1)[1].strip() if ":" in s else s for s in sources]
    return ty.fr("Source : " + " ; ".join(rest)) if len(rest) > 1 else ty.fr(sources[0])
