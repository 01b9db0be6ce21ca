"""The *fiche pratique*: questions and answers by theme, actions by level, resources, contacts."""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.types import ContextRequest


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    webinar = context["webinaire"]
    context["introduction"] = ty.fr(
        f"Cette fiche reprend les questions posées pendant le webinaire du {webinar['date']} "
        "et les réponses apportées, puis propose des pistes d'action adaptées à votre niveau "
        "de familiarité avec le numérique, des retours d'expérience et des ressources pour aller plus loin."
    )
    groups: dict[str, list[dict[str, str]]] = {}
    for qa in project.questions:
        groups.setdefault(ty.fr(qa.theme), []).append(
            {"question": ty.fr(qa.question), "reponse": ty.fr(qa.answer)}
        )
    context["questions_par_theme"] = [
        {"theme": theme, "questions": items} for theme, items in groups.items()
    ]
    context["introduction_actions"] = ty.fr(
        "Choisissez une ou deux actions à votre portée : mieux vaut une action tenue dans la durée "
        "que plusieurs actions lancées en même temps."
    )
    actions = c.actions(project)
    context["actions"] = [
        {"titre": ty.fr(f"{c.LEVEL_LABELS[level]} (niveau {level})"), "actions": actions[level]}
        for level in ("faible", "moyen", "bon")
    ]
    context["retours"] = [
        {
            "titre": ty.fr(rex.title),
            "structure": ty.fr(rex.organisation + (" (exemple fictif)" if rex.fictitious else "")),
            "texte": ty.fr(rex.text),
            "source": ty.fr(rex.source),
        }
        for rex in project.experiences
    ]
    builtin = c.content()
    context["ressources"] = [
        {
            "nom": ty.fr(r["nom"]),
            "description": ty.fr(r["description"]),
            "lien": r["lien"],
        }
        for r in builtin["ressources"]
    ]
    context["glossaire"] = [
        {"terme": ty.fr(g["terme"]), "definition": ty.fr(g["definition"])}
        for g in builtin["glossaire"]
    ]
    region = context["region"]
    context["contacts_intro"] = ty.fr(
        f"Pour être accompagné après le webinaire, contactez le DLA de votre département "
        f"({region['nom']}) :"
    )
    context["contacts"] = [
        {
            "departement": f"{d['nom']} ({d['code']})",
            "porteur": d["porteur"]["nom"] if d["porteur"] else ty.fr("non renseigné"),
        }
        for d in region["departements"]
    ]
    directory = builtin["annuaire_dla"]
    context["annuaire"] = ty.fr(directory["texte"])
    context["annuaire_lien"] = directory["lien"]
    porteur = region["porteur"]
    context["contact_regional"] = ty.fr(
        f"DLA régional : {porteur['nom']}."
        if porteur
        else "DLA régional : non renseigné pour cette région."
    )
    context["manquants"] = (
        ty.fr(
            "Informations non disponibles pour cette région : "
            + " ; ".join(region["manquants"])
            + ". Pour trouver le DLA de votre département, consultez l'annuaire national des DLA tenu par l'Avise."
        )
        if region["manquants"]
        else ""
    )
    return context
