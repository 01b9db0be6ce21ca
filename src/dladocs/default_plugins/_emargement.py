"""The attendance sheet (« feuille d'émargement ») from ``presence.json``.

One line per person with structure, first arrival, last departure and time
connected; for an in-person session a signature column instead of the times
connected.  Without ``presence.json`` the sheet lists the project's
structures with blank times and a signature column, to print and fill in.
"""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.default_plugins import _presence_context as pc
from dladocs.types import ContextRequest


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    consultant = project.consultant
    organiser = consultant.name + (
        f", {consultant.organisation}" if consultant.organisation else ""
    )
    context["organisateur"] = ty.fr(organiser)
    data = pc.load(project)
    if data is None:
        context["seances"] = [_planned(request)]
        context["signatures"] = True
        context["lignes"] = [
            {"nom": "", "structure": ty.fr(p.organisation), "arrivee": "", "depart": ""}
            for p in c.participants_for(project, request.region, request.home_region)
            for _ in range(p.people)
        ]
        context["origine"] = ty.fr(
            "Feuille à faire signer : aucun rapport de connexion n'a été lu "
            "(dladocs presence collect)."
        )
        context["bilan"] = ""
        context["certification"] = ty.fr(
            f"Je soussigné(e), {organiser}, certifie exacte la présente feuille d'émargement, "
            "signée par chaque personne présente."
        )
        return context
    sessions = pc.sessions(data, project)
    context["seances"] = sessions
    in_person = bool(sessions) and all(s["presentiel"] for s in sessions)
    context["signatures"] = in_person
    people = pc.attendees(data)
    context["lignes"] = [
        {
            "nom": ty.fr(a.name),
            "structure": ty.fr(a.structure) or "—",
            "role": pc.ROLES.get(a.role, a.role),
            "arrivee": _time(a.first),
            "depart": _time(a.last),
            "duree": ty.minutes(a.minutes),
        }
        for a in people
    ]
    files = ty.join([ty.quote(s["fichier"]) for s in sessions if s["fichier"]])
    tools = ty.join(sorted({s["outil"] for s in sessions if s["outil"]}))
    context["origine"] = ty.fr(
        f"Établie d'après le rapport des participants de l'outil ({tools}) : {files}. "
        "Les reconnexions d'une même personne sont réunies ; le temps connecté ne compte "
        "qu'une fois les connexions simultanées."
        if not in_person
        else "Séance en présentiel : chaque personne présente signe en face de son nom."
    )
    participants = [a for a in people if a.role == "participant"]
    mean = round(sum(a.minutes for a in participants) / len(participants)) if participants else 0
    context["bilan"] = ty.fr(
        f"{ty.plural(len(people), 'personne')} au total, dont "
        f"{ty.plural(len(participants), 'participant')} ; "
        + ("durée moyenne de présence" if in_person else "temps moyen de connexion")
        + f" des participants : {ty.minutes(mean)}."
    )
    minimum = pc.threshold(project)
    under = [a.name for a in participants if a.minutes < minimum]
    if under:
        context["bilan"] += ty.fr(
            f" Sous le seuil de présence de {ty.minutes(minimum)}, pas d'attestation de "
            f"participation pour : {ty.join(under)}."
        )
    context["certification"] = ty.fr(
        f"Je soussigné(e), {organiser}, organisateur de la séance, certifie sincère et véritable "
        "la présente feuille d'émargement, établie d'après le rapport de connexion de l'outil "
        "de visioconférence."
        if not in_person
        else f"Je soussigné(e), {organiser}, certifie exacte la présente feuille d'émargement, "
        "signée par chaque personne présente."
    )
    return context


def _time(value: Any) -> str:
    return ty.clock(value.time()) if value is not None else "—"


def _planned(request: ContextRequest) -> dict[str, Any]:
    webinar = c.webinar_dict(request.project)
    return {
        "titre": ty.fr(request.project.accompaniment.title),
        "date": webinar["date"],
        "debut": webinar["heure"],
        "fin": webinar["fin"],
        "outil": webinar["outil"],
        "presentiel": True,
        "fichier": "",
    }
