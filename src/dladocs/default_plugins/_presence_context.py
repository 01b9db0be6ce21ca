"""Values read from ``presence.json`` for the documents: the sheet, the certificates, the report.

The report gets aggregates only (RGPD: no name, no address); the sheet and the
certificates get what their purpose needs.  Without ``presence.json`` every
function says so (``None`` or an empty list) and the documents fall back to
what the project file states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dladocs import typography as ty
from dladocs.project import Project

ROLES = {
    "organisateur": "Organisateur",
    "présentateur": "Présentateur",
    "participant": "Participant",
}


@dataclass(frozen=True, slots=True)
class Attendee:
    name: str
    email: str
    structure: str
    role: str
    first: dt.datetime | None
    last: dt.datetime | None
    minutes: int


def load(project: Project) -> dict[str, Any] | None:
    from dladocs.presence.collect import load as load_json

    return load_json(project.root)


def attendees(data: dict[str, Any]) -> list[Attendee]:
    result = []
    for person in data.get("personnes", []):
        result.append(
            Attendee(
                name=str(person.get("nom", "")),
                email=str(person.get("email", "") or ""),
                structure=str(person.get("structure", "") or ""),
                role=str(person.get("role", "participant")),
                first=_when(person.get("premiere_arrivee")),
                last=_when(person.get("dernier_depart")),
                minutes=int(person.get("duree_minutes", 0) or 0),
            )
        )
    return result


def _when(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def threshold(project: Project) -> int:
    from dladocs.presence.collect import threshold as minutes

    return minutes(project)


def sessions(data: dict[str, Any], project: Project) -> list[dict[str, Any]]:
    rows = []
    for session in data.get("seances", []):
        start, end = _when(session.get("debut")), _when(session.get("fin"))
        day = start.date() if start else project.webinar.date
        rows.append(
            {
                "titre": ty.fr(session.get("titre") or project.accompaniment.title),
                "date": ty.long_date(day, weekday=True),
                "debut": ty.clock(start.time()) if start else "—",
                "fin": ty.clock(end.time()) if end else "—",
                "outil": ty.fr(session.get("outil") or project.webinar.tool),
                "presentiel": bool(session.get("presentiel")),
                "fichier": str(session.get("fichier", "")),
            }
        )
    return rows


def figures(project: Project) -> dict[str, Any] | None:
    """Aggregates for the report and the dossier: attendance against registrations, mean time,
    no-shows.  Participants only (organisers and presenters are not the audience)."""
    data = load(project)
    if data is None:
        return None
    people = [a for a in attendees(data) if a.role == "participant"]
    count = len(people)
    mean = round(sum(a.minutes for a in people) / count) if count else 0
    registered = project.webinar.registered
    structures = {a.structure for a in people if a.structure}
    expected = {p.organisation for p in project.participants}
    absent = sorted(expected - structures) if structures else []
    # Registrations count structures (see the report): compare them with the structures seen.
    base = len(structures) if structures else count
    rate = base / registered if registered else None
    text = (
        f"Selon le rapport de connexion, {ty.plural(count, 'personne')} "
        f"{'ont' if count > 1 else 'a'} participé"
    )
    if structures:
        text += f", pour {ty.plural(len(structures), 'structure')}"
    if registered and rate is not None:
        text += (
            f" ; {ty.plural(registered, 'inscrit')}, soit un taux de présence de {ty.percent(rate)}"
        )
    text += f" ; temps moyen de connexion : {ty.minutes(mean)}."
    if absent:
        verb = "n'ont pas été vues" if len(absent) > 1 else "n'a pas été vue"
        text += f" {ty.plural(len(absent), 'structure inscrite', 'structures inscrites')} {verb} en ligne."
    return {
        "presents": count,
        "inscrits": registered,
        "structures": len(structures),
        "taux": ty.percent(rate) if rate is not None else "",
        "absents": max(registered - base, 0) if registered else None,
        "duree_moyenne": ty.minutes(mean),
        "duree_moyenne_minutes": mean,
        "structures_absentes": len(absent),
        "texte": ty.fr(text),
    }
