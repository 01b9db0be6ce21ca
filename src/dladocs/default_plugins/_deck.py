"""The webinar deck as a list of slide specifications.

The PPTX renderer knows nothing of webinars: it lays out slides from the
template's named layouts.  This module decides what the slides say, in what
order (the order of the webinar sequence), and what the facilitator's notes
script: each part's timing and its interactive moments.
"""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.types import ContextRequest, ImageRef

# Modules a part of the sequence can name in « contenu », in the order used
# for topics that the sequence does not place itself.
TOPIC_MODULES = {
    "transformation-digitale": ("transformation-digitale", "transformation-digitale-siae"),
    "marketing-digital": ("marketing-digital", "marketing-digital-siae"),
    "bonnes-pratiques": ("bonnes-pratiques",),
}


def build(request: ContextRequest) -> dict[str, Any]:
    context = c.common(request)
    context["slides"] = slides(request, context)
    return context


def slides(request: ContextRequest, context: dict[str, Any]) -> list[dict[str, Any]]:
    project = request.project
    parts = context["webinaire"]["sequence"]
    placed = {part["module"] for part in parts}
    deck: list[dict[str, Any]] = [_title(request, context)]
    for part in parts:
        module = part["module"]
        timing = _timing(part)
        made = _module(module, request, context, part)
        if not made:
            made = [_exchange(part, context) if part["interactif"] else _section(part)]
        # Topics the sequence does not place go right after the agenda, so that the
        # six key topics of the cahier des charges are always there.
        if module == "objectifs":
            for missing in TOPIC_MODULES:
                if missing not in placed:
                    made += _module(missing, request, context, part)
            if "chiffres" not in placed and "marketing-digital" not in placed:
                made.append(_figures())
            if "actions" not in placed:
                made.append(_actions(project_actions=c.actions(project)))
        made[0]["notes"] = timing + "\n\n" + made[0].get("notes", "")
        for follower in made[1:]:
            follower["notes"] = f"(Suite de la partie {part['numero']}.) " + follower.get(
                "notes", ""
            )
        deck.extend(made)
    contacts = _contacts(context)
    if contacts is not None:
        deck.append(contacts)
    deck.append(_closing(request, context))
    return deck


def _timing(part: dict[str, Any]) -> str:
    kind = "temps d'échange" if part["interactif"] else "apport"
    text = (
        f"Partie {part['numero']} — {part['titre']} — de {part['debut']} à {part['fin']} "
        f"({part['duree']}, {kind})."
    )
    if part["interactif"]:
        text += " Moment interactif : ouvrir les micros, inviter à écrire dans la discussion."
        if part["questions"]:
            text += " Questions pour lancer l'échange : " + " / ".join(part["questions"])
    return ty.fr(text)


def _module(  # noqa: PLR0911  - one return per kind of content module
    module: str, request: ContextRequest, context: dict[str, Any], part: dict[str, Any]
) -> list[dict[str, Any]]:
    project = request.project
    if module == "accueil":
        return [_welcome(part, context)]
    if module == "objectifs":
        return [_objectives(project), _agenda(context)]
    if module in TOPIC_MODULES:
        made = [_topic(theme_id) for theme_id in TOPIC_MODULES[module]]
        if module == "marketing-digital":
            made.append(_figures())
        return made
    if module == "chiffres":
        return [_figures()]
    if module == "actions":
        return [_actions(c.actions(project))]
    if module in ("questions", "echange"):
        return [_exchange(part, context, themes=_themes(project) if module == "questions" else [])]
    if module == "suites":
        return [_next_steps(project)]
    if module == "evaluation":
        return [_evaluation(request)]
    return []


def _title(request: ContextRequest, context: dict[str, Any]) -> dict[str, Any]:
    webinar = context["webinaire"]
    consultant = context["consultant"]
    by = consultant["nom"] + (f", {consultant['structure']}" if consultant["structure"] else "")
    return {
        "layout": "Titre",
        "title": context["titre"],
        "subtitle": [
            f"Webinaire — {webinar['date']}, {webinar['heure']}",
            f"{webinar['duree']} en visioconférence ({webinar['outil']})",
            f"Animé par {by}",
        ],
        "notes": ty.fr(
            "Accueillir les participants à mesure qu'ils arrivent ; vérifier le son et le partage "
            "d'écran. Rappeler que le webinaire est cofinancé par le Fonds social européen."
        ),
    }


def _welcome(part: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    items = [
        "Micro coupé, sauf pour prendre la parole",
        "Vos questions dans la discussion, à tout moment",
        "La moitié du temps est pour vos questions",
    ]
    if part["questions"]:
        items.append(part["questions"][0])
    return {
        "layout": "Contenu",
        "title": ty.fr("Bienvenue !"),
        "body": [{"kind": "bullets", "items": [ty.fr(i) for i in items]}],
        "notes": ty.fr(
            "Tour de table rapide : chacun donne sa structure et un mot sur son usage du numérique. "
            "Expliquer comment utiliser la discussion et lever la main dans l'outil."
        ),
    }


def _objectives(project: Any) -> dict[str, Any]:
    return {
        "layout": "Contenu",
        "title": ty.fr("Les objectifs du webinaire"),
        "body": [{"kind": "bullets", "items": c.objectives(project)}],
        "notes": ty.fr(
            "Présenter les trois objectifs ; préciser que le webinaire est la première étape et que "
            "des ateliers collectifs suivront pour passer à l'action."
        ),
    }


def _agenda(context: dict[str, Any]) -> dict[str, Any]:
    webinar = context["webinaire"]
    rows = [[part["debut"], part["titre"], part["duree"]] for part in webinar["sequence"]]
    marks = [bool(part["interactif"]) for part in webinar["sequence"]]
    share = webinar["part_interactive"]
    minutes = ty.minutes(webinar["minutes_interactives"])
    return {
        "layout": "Contenu",
        "title": ty.fr("Le programme"),
        "body": [
            {
                "kind": "table",
                "header": ["Heure", "Séquence", "Durée"],
                "rows": rows,
                "highlight": marks,
                "widths": [0.16, 0.66, 0.18],
            }
        ],
        "source": ty.fr(f"En couleur : temps d'échange, {minutes} au total ({share} du webinaire)"),
        "notes": ty.fr(
            f"Le programme réserve {share} du temps aux échanges, comme le demande le cahier des "
            "charges (environ la moitié). Annoncer les moments où les participants auront la parole."
        ),
    }


def _theme(theme_id: str) -> dict[str, Any]:
    for theme in c.content()["themes"]:
        if theme["id"] == theme_id:
            return dict(theme)
    raise KeyError(theme_id)


def _topic(theme_id: str) -> dict[str, Any]:
    theme = _theme(theme_id)
    body: list[dict[str, Any]] = []
    if theme["definition"]:
        body.append({"kind": "text", "text": ty.fr(theme["definition"]), "style": "definition"})
        if theme["image"]:
            body.append({"kind": "text", "text": ty.fr(theme["image"]), "style": "accent"})
    else:
        body.append({"kind": "bullets", "items": [ty.fr(p) for p in theme["points"]]})
    notes = theme["notes"]
    if theme["definition"] and theme["points"]:
        notes += " Exemples à citer : " + " ; ".join(theme["points"]) + "."
    return {
        "layout": "Contenu",
        "title": ty.fr(theme["titre"]),
        "body": body,
        "source": ty.fr("Source : " + theme["source"])
        if theme["source"] and theme["definition"]
        else ty.fr(theme["source"]),
        "notes": ty.fr(notes),
    }


def _figures() -> dict[str, Any]:
    figures = c.content()["chiffres"]
    return {
        "layout": "Contenu",
        "title": ty.fr("Quelques chiffres"),
        "body": [
            {
                "kind": "figures",
                "items": [
                    {
                        "value": ty.fr(f["valeur"]),
                        "text": ty.fr(f["texte"]),
                        "source": ty.fr(f["source"]),
                    }
                    for f in figures
                ],
            }
        ],
        "notes": ty.fr(
            "Sources citées par le cahier des charges : "
            + " ; ".join(f["source"] for f in figures)
            + ". Demander aux participants si ces chiffres correspondent à ce qu'ils vivent."
        ),
    }


def _actions(project_actions: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    columns = [
        {
            "heading": ty.fr(c.LEVEL_LABELS[level]),
            "items": [item["action"] for item in project_actions[level][:3]],
        }
        for level in ("faible", "moyen", "bon")
    ]
    theme = _theme("actions")
    return {
        "layout": "Contenu",
        "title": ty.fr(theme["titre"]),
        "body": [{"kind": "columns", "columns": columns}],
        "notes": ty.fr(theme["notes"]),
    }


def _themes(project: Any) -> list[str]:
    seen: list[str] = []
    for qa in project.questions:
        if qa.theme not in seen:
            seen.append(qa.theme)
    return seen


def _exchange(
    part: dict[str, Any], context: dict[str, Any], *, themes: list[str] | None = None
) -> dict[str, Any]:
    prompts = part["questions"] or [ty.fr("Quelles questions vous posez-vous ?")]
    subtitle = list(prompts[:3])
    if themes:
        subtitle.append(ty.fr("Thèmes : " + ", ".join(t.lower() for t in themes[:4])))
    return {
        "layout": "Section",
        "title": part["titre"],
        "subtitle": subtitle,
        "notes": ty.fr(
            "Temps d'échange. Lire les questions de la discussion à voix haute, les regrouper par "
            "thème, donner la parole à ceux qui lèvent la main. Noter les questions et les réponses "
            "pour la fiche pratique."
        ),
    }


def _section(part: dict[str, Any]) -> dict[str, Any]:
    return {
        "layout": "Section",
        "title": part["titre"],
        "subtitle": [part["description"]] if part["description"] else [],
        "notes": "",
    }


def _next_steps(project: Any) -> dict[str, Any]:
    items = [ty.fr(step) for step in project.review.next_steps[:3]] or [
        ty.fr("Des ateliers collectifs pour passer à l'action"),
        ty.fr("Une fiche pratique envoyée après le webinaire"),
    ]
    return {
        "layout": "Contenu",
        "title": ty.fr("Et après ?"),
        "body": [{"kind": "bullets", "items": items}],
        "notes": ty.fr(
            "Annoncer la suite : la fiche pratique qui reprendra les questions et réponses, et les "
            "ateliers collectifs pour travailler sur des actions concrètes."
        ),
    }


def _evaluation(request: ContextRequest) -> dict[str, Any]:
    url = request.project.evaluation.form_url
    body: list[dict[str, Any]] = []
    if url:
        body.append(
            {
                "kind": "text",
                "text": ty.fr(
                    "Trois minutes, anonyme : vos réponses font évoluer les prochaines sessions"
                ),
                "style": "plain",
            }
        )
        body.append(
            {
                "kind": "text",
                "text": ty.fr("Scannez le QR code avec votre téléphone, ou ouvrez le lien :"),
                "style": "plain",
            }
        )
        body.append({"kind": "text", "text": url, "style": "link"})
        body.append({"kind": "image", "ref": qr_code(request, url)})
        notes = "Laisser trois minutes pour répondre, le QR code ouvert à l'écran."
    else:
        body.append(
            {
                "kind": "bullets",
                "items": [
                    ty.fr("Une grille d'évaluation vous est envoyée après le webinaire"),
                    ty.fr(
                        "Trois minutes, anonyme : vos réponses font évoluer les prochaines sessions"
                    ),
                ],
            }
        )
        notes = "Aucun lien de questionnaire en ligne : la grille PDF à remplir est envoyée avec la fiche pratique."
    return {
        "layout": "Contenu",
        "title": ty.fr("Votre avis compte"),
        "body": body,
        "notes": ty.fr(notes),
    }


def qr_code(request: ContextRequest, url: str) -> ImageRef:
    import segno

    path = request.workdir / "qr-evaluation.png"
    segno.make(url, error="m").save(str(path), scale=10, border=2)
    return ImageRef(
        path=path, alt=f"QR code vers le questionnaire d'évaluation : {url}", name="dladocs:qr"
    )


def _contacts(context: dict[str, Any]) -> dict[str, Any] | None:
    """Who to contact after the webinar: the DLA of each department, when a plugin named them.

    A region whose porteurs nobody supplied gets no such slide: the deck is
    shown to participants and never prints a guessed name (the build says
    what is missing, and the fiche pratique lists the departments).
    """
    region = context["region"]
    departments = region["departements"]
    if not any(d["porteur"] for d in departments):
        return None
    unknown = ty.fr("non renseigné")
    rows = [
        [f"{d['nom']} ({d['code']})", d["porteur"]["nom"] if d["porteur"] else unknown]
        for d in departments
    ]
    porteur = region["porteur"]
    return {
        "layout": "Contenu",
        "title": ty.fr("Qui contacter après le webinaire ?"),
        "body": [
            {
                "kind": "table",
                "header": ["Département", "DLA départemental"],
                "rows": rows,
                "widths": [0.34, 0.66],
            }
        ],
        "source": ty.fr(f"DLA régional : {porteur['nom']}") if porteur else "",
        "notes": ty.fr(
            "Inviter chaque structure à contacter le DLA de son département : c'est lui qui "
            "l'accompagne après le webinaire, en individuel ou en collectif. Les mêmes contacts "
            "figurent à la fin de la fiche pratique."
        ),
    }


def _closing(request: ContextRequest, context: dict[str, Any]) -> dict[str, Any]:
    consultant = context["consultant"]
    region = context["region"]
    lines = [ty.fr("Merci de votre participation !")]
    contact = consultant["nom"]
    if consultant["email"]:
        contact += f" — {consultant['email']}"
    if consultant["telephone"]:
        contact += f" — {consultant['telephone']}"
    lines.append(contact)
    if region["porteur"]:
        lines.append(ty.fr(f"DLA régional : {region['porteur']['nom']}"))
    return {
        "layout": "Clôture",
        "title": ty.fr("Merci !"),
        "subtitle": lines[1:],
        "notes": ty.fr(
            "Remercier les participants, rappeler l'envoi de la fiche pratique et de la grille "
            "d'évaluation, et la date des ateliers collectifs."
        ),
    }
