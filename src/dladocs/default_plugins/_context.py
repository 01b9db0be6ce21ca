"""What every built-in document's context shares: the project, the region, the logo band.

Values are already typeset for French (non-breaking spaces, dates, amounts), so
templates only place them.  Images are :class:`dladocs.types.ImageRef`, which
each renderer turns into its own kind of picture.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dladocs import typography as ty

# Shared with the core, which must not import this module; re-exported (``as``: explicitly,
# for mypy) because the built-in contexts reach them as ``c.document_date`` and the like.
from dladocs._facts import band_logo_ids as band_logo_ids  # noqa: PLC0414
from dladocs._facts import document_date as document_date  # noqa: PLC0414
from dladocs._facts import image_size as image_size  # noqa: PLC0414
from dladocs.fonts import mention_family
from dladocs.project import LEVELS, Participant, Project
from dladocs.render._props import FICTION_NOTE, fictitious
from dladocs.types import ContextRequest, Department, ImageRef, Porteur, Region

# Logo band in DOCX headers: the emblem is 12 mm high (G-01 asks for 10 mm at least),
# and no other logo may exceed it in height (E14-13 / E21-11).
BAND_HEIGHT_MM = 12.0
BAND_MAX_LOGO_WIDTH_MM = 25.0  # three logos side by side in the band's 10 cm cell
COVER_HEIGHT_MM = 20.0


def logo_ref(
    request: ContextRequest, logo_id: str, height_mm: float, max_width_mm: float
) -> ImageRef:
    logo = request.logos[logo_id]
    path = request.assets[logo_id]
    width_px, height_px = image_size(path)
    ratio = width_px / height_px if height_px else 1.0
    height = height_mm
    if height * ratio > max_width_mm:
        height = max_width_mm / ratio
    return ImageRef(
        path=path,
        alt=logo.alt,
        name=f"dladocs:logo:{logo.id}",
        # To 0.1 µm: a 40:1 banner 0.6 mm high keeps its proportions (0.01 mm was 1 % off).
        width_mm=round(height * ratio, 4),
        height_mm=round(height, 4),
    )


def band(
    request: ContextRequest,
    *,
    height_mm: float = BAND_HEIGHT_MM,
    max_logo_width_mm: float = BAND_MAX_LOGO_WIDTH_MM,
) -> dict[str, Any]:
    """The logo band: the EU emblem with its wording, then the other logos, none larger."""
    return {
        "embleme": logo_ref(request, "eu-emblem", height_mm, height_mm * 1.5),
        "lignes_ue": list(request.rule_set.band_lines),
        "texte_ue": "\n".join(request.rule_set.band_lines),
        # The mention's font family ([sortie] police_mention); None: the template's own.
        "police_ue": mention_family(request.project.output.mention_font),
        "logos": [
            logo_ref(request, logo_id, height_mm * 0.9, max_logo_width_mm)
            for logo_id in band_logo_ids(request.document, request.logos)
        ],
    }


def statement(request: ContextRequest) -> str:
    """The participation statement; without a programme label, the sentence stops before it."""
    import re

    label = request.project.accompaniment.programme_label
    template = request.rule_set.statement
    if not label:
        template = re.sub(r"\s*(dans le cadre du|—|-)\s*\{programme\}", "", template)
    return ty.fr(template.format(programme=label).strip())


def porteur_dict(porteur: Porteur | None) -> dict[str, Any] | None:
    if porteur is None:
        return None
    return {
        "nom": ty.fr(porteur.name),
        "role": ty.fr(porteur.role),
        "site": porteur.website,
        "email": porteur.email,
        "telephone": porteur.phone,
    }


def region_dict(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "nom": region.name,
        "outre_mer": region.overseas,
        "porteur": porteur_dict(region.porteur),
        "departements": [
            {
                "code": department.code,
                "nom": department.name,
                "porteur": porteur_dict(department.porteur),
            }
            for department in region.departments
        ],
        "contexte": [ty.fr(text) for text in region.context],
        "manquants": [ty.fr(text) for text in region.missing],
        "sources": list(region.sources),
    }


def departmental_porteurs(region: Region) -> list[tuple[Porteur, list[Department]]]:
    """Each known departmental DLA porteur with the departments it carries.

    One structure often carries several departments (IRIAE Hauts-de-France
    carries Aisne and Somme): grouping them lets a sentence name it once.
    Porteurs come in the order of their first department.
    """
    groups: dict[str, tuple[Porteur, list[Department]]] = {}
    for department in region.departments:
        if department.porteur is not None:
            entry = groups.setdefault(department.porteur.name, (department.porteur, []))
            entry[1].append(department)
    return list(groups.values())


def is_home_region(request: ContextRequest) -> bool:
    """Whether ``request`` builds the project's own region (not a variant for another region)."""
    return not request.home_region or request.region.code == request.home_region


def participants_for(project: Project, region: Region, project_region: str) -> list[Participant]:
    """The participants of ``region``: all of them for the project's own region,
    otherwise those from the region's departments (a national kit never shows
    another region's structures)."""
    if region.code == project_region:
        return list(project.participants)
    codes = {department.code for department in region.departments}
    return [p for p in project.participants if p.department in codes]


def schedule(project: Project) -> list[dict[str, Any]]:
    """Each part of the webinar with its start and end times."""
    start = datetime.combine(project.webinar.date, project.webinar.start)
    rows: list[dict[str, Any]] = []
    for number, part in enumerate(project.webinar.sequence, start=1):
        end = start + timedelta(minutes=part.minutes)
        rows.append(
            {
                "numero": number,
                "titre": ty.fr(part.title),
                "debut": ty.clock(start.time()),
                "fin": ty.clock(end.time()),
                "duree": ty.minutes(part.minutes),
                "minutes": part.minutes,
                "nature": part.kind,
                # Both say whether the part counts in the exchange share (echange, questions-reponses).
                "interactif": part.exchange,
                "echange": part.exchange,
                "module": part.module,
                "questions": [ty.fr(q) for q in part.prompts],
                "description": ty.fr(part.description or ""),
            }
        )
        start = end
    return rows


def webinar_dict(project: Project) -> dict[str, Any]:
    webinar = project.webinar
    total = sum(part.minutes for part in webinar.sequence)
    return {
        "date": ty.long_date(webinar.date, weekday=True),
        "date_courte": ty.short_date(webinar.date),
        "heure": ty.clock(webinar.start),
        "fin": ty.clock(
            (
                datetime.combine(webinar.date, webinar.start) + timedelta(minutes=webinar.minutes)
            ).time()
        ),
        "duree": ty.minutes(webinar.minutes),
        "outil": ty.fr(webinar.tool),
        "inscrits": webinar.registered,
        "sequence": schedule(project),
        "minutes_interactives": webinar.interactive_minutes,
        "minutes_sequence": total,
        "part_interactive": ty.percent(webinar.interactive_share),
        "part_interactive_valeur": webinar.interactive_share,
    }


def common(request: ContextRequest) -> dict[str, Any]:
    """The context every built-in document starts from."""
    project = request.project
    acc = project.accompaniment
    consultant = project.consultant
    return {
        "titre": ty.fr(acc.title),
        "secteur": ty.fr(acc.sector),
        "type_accompagnement": acc.kind,
        "financeur": ty.fr(acc.funder),
        "plafond": ty.euros(acc.budget_ceiling, ttc=True),
        "reference": ty.fr(acc.reference),
        "programme": {
            "id": acc.programme,
            "libelle": ty.fr(acc.programme_label),
            "titre": ty.fr(request.rule_set.title),
        },
        "mention_fse": statement(request),
        "bandeau": band(request),
        "region": region_dict(request.region),
        "webinaire": webinar_dict(project),
        "consultant": {
            "nom": ty.fr(consultant.name),
            "structure": ty.fr(consultant.organisation),
            "email": consultant.email,
            "telephone": consultant.phone,
        },
        "porteurs": [porteur_dict(_as_porteur(p)) for p in project.porteurs],
        "date_document": ty.long_date(document_date(project)),
        "document": {"id": request.document.id, "titre": ty.fr(request.document.title)},
        "exemple": project.is_example,
        # Said once, discreetly, on the first page (and in the properties), never as a box.
        "avertissement_fictif": ty.fr(FICTION_NOTE) if fictitious(project) else "",
    }


def _as_porteur(porteur: Any) -> Porteur:
    return Porteur(
        name=porteur.name,
        role=porteur.role,
        department=porteur.department,
        website=porteur.website,
        email=porteur.email,
    )


def objectives(project: Project) -> list[str]:
    return [ty.fr(item) for item in project.accompaniment.objectives]


def actions(project: Project) -> dict[str, list[dict[str, str]]]:
    """Action ideas by level, from the project or, where it has none, its modules' « actions »."""
    from dladocs import content

    defaults: dict[str, list[Any]] = {level: [] for level in ("faible", "moyen", "bon")}
    parts = content.fiche_parts(content.sequence_modules(project), "actions")
    for part in parts:
        for index, section in enumerate(part.sections[:3]):
            level = _level_of(section.heading, index)
            defaults[level] += [
                {"action": item.strong or item.text, "detail": item.rest if item.strong else ""}
                for item in section.items
            ]
    by_level = project.actions.by_level()
    result: dict[str, list[dict[str, str]]] = {}
    for level in LEVELS:
        items = by_level[level] or tuple(defaults[level])
        result[level] = [_action(item) for item in items]
    return result


def _level_of(heading: str, index: int) -> str:
    """« Débutant » / « Intermédiaire » / « Avancé » (or the labels of LEVEL_LABELS), else by order."""
    text = heading.lower()
    for level, words in (
        ("faible", ("début", "debut", "faible")),
        ("moyen", ("intermédiaire", "intermediaire", "pratique", "moyen")),
        ("bon", ("avancé", "avance", "aise", "bon")),
    ):
        if any(word in text for word in words):
            return level
    return ("faible", "moyen", "bon")[index]


def _action(item: Any) -> dict[str, str]:
    if isinstance(item, str):
        return {"action": ty.fr(item), "detail": ""}
    if isinstance(item, dict):  # built-in content, read from TOML
        return {"action": ty.fr(item["action"]), "detail": ty.fr(item.get("detail", ""))}
    return {"action": ty.fr(item.action), "detail": ty.fr(item.detail or "")}


LEVEL_LABELS = {
    "faible": "Je débute",
    "moyen": "Je pratique un peu",
    "bon": "Je suis à l'aise",
}
