"""The *fiche pratique*: questions and answers by theme, actions by level, resources, contacts."""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.default_plugins import _fiche_modules as fm
from dladocs.types import ContextRequest

# Where every DLA's up-to-date contact details are: the national DLA portal, run by Avise.
DIRECTORY_TEXT = (
    "Les coordonnées à jour de chaque DLA (adresse, téléphone, chargé de mission) sont dans "
    "l'annuaire national des DLA :"
)
DIRECTORY_URL = "https://www.info-dla.fr"


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    webinar = context["webinaire"]
    context["introduction"] = ty.fr(
        f"Cette fiche reprend les questions posées pendant le webinaire du {webinar['date']} "
        "et les réponses apportées, puis propose des pistes d'action adaptées à votre niveau "
        "de familiarité avec le numérique, des retours d'expérience et des ressources pour aller plus loin."
    )
    from dladocs import content

    modules = content.sequence_modules(project)
    groups: dict[str, list[dict[str, str]]] = {}
    for qa in project.questions:
        groups.setdefault(ty.fr(qa.theme), []).append(
            {"question": ty.fr(qa.question), "reponse": ty.fr(qa.answer)}
        )
    fm.add_questions(groups, modules)
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
    ] + fm.cases(modules)
    context["ressources"] = fm.resources(modules)
    context["glossaire"] = fm.glossary(modules)
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
    context["annuaire"] = ty.fr(DIRECTORY_TEXT)
    context["annuaire_lien"] = DIRECTORY_URL
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
