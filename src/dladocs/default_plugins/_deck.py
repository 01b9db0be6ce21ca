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
from dladocs.default_plugins import _deck_modules as _dm
from dladocs.types import ContextRequest, ImageRef

KIND_LABELS = {
    "accueil": "accueil",
    "apport": "apport",
    "echange": "temps d'échange",
    "questions-reponses": "questions-réponses",
    "atelier": "atelier",
    "evaluation": "évaluation",
    "pause": "pause",
}


def build(request: ContextRequest) -> dict[str, Any]:
    context = c.common(request)
    context["slides"] = slides(request, context)
    return context


def slides(request: ContextRequest, context: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: C901  - the deck in reading order, one branch per slide the engine adds
    """The title, each part's slides in the order of the sequence, the contacts and the closing.

    A part shows its content module's slides; dladocs adds what it makes from
    the project's data: the porteurs after the opening, the programme (where
    the sequence names « objectifs » or « programme », else after the
    opening), the evaluation slide with its QR code.
    """
    from dladocs import content

    project = request.project
    parts = context["webinaire"]["sequence"]
    modules = content.available(project)
    deck: list[dict[str, Any]] = [_title(request, context)]
    agenda_placed = any(part["module"] in ("objectifs", "programme") for part in parts)
    porteurs_placed = False
    for index, part in enumerate(parts):
        name = part["module"]
        made: list[dict[str, Any]] = []
        if name in modules:
            module = content.load(modules[name])
            made = [_dm.spec(slide, name, n) for n, slide in enumerate(module.slides, start=1)]
        elif name == "objectifs" and project.accompaniment.objectives:
            made = [_objectives(project)]
        if name in ("objectifs", "programme"):
            made.append(_agenda(context))
        if part["nature"] == "evaluation" or name == "evaluation":
            made.append(_evaluation(request))
        if not made:
            made = [_exchange(part) if part["echange"] else _section(part)]
        if part["echange"]:  # the « ? » badge marks exchange times, not a pause or a section
            for spec in made:
                spec["badge"] = spec["layout"] == "Section"
        opening_ends = part["nature"] == "accueil" and (
            index + 1 == len(parts) or parts[index + 1]["nature"] != "accueil"
        )
        if opening_ends and not porteurs_placed:
            porteurs = _porteurs(request, context)
            if porteurs is not None:
                made.append(porteurs)
            porteurs_placed = True
        if opening_ends and not agenda_placed:
            made.append(_agenda(context))
            agenda_placed = True
        made[0]["notes"] = _timing(part) + (
            "\n\n" + made[0]["notes"] if made[0].get("notes") else ""
        )
        for follower in made[1:]:
            follower["notes"] = f"(Suite de la partie {part['numero']}.) " + follower.get(
                "notes", ""
            )
        deck.extend(made)
    if not agenda_placed:
        deck.insert(1, _agenda(context))
    contacts = _contacts(context)
    if contacts is not None:
        deck.append(contacts)
    deck.append(_closing(request, context))
    return deck


def _timing(part: dict[str, Any]) -> str:
    text = (
        f"Partie {part['numero']} — {part['titre']} — de {part['debut']} à {part['fin']} "
        f"({part['duree']}, {KIND_LABELS.get(part['nature'], part['nature'])})."
    )
    if part["questions"]:
        text += " Questions pour lancer l'échange : " + " / ".join(part["questions"])
    return ty.fr(text)


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


def _objectives(project: Any) -> dict[str, Any]:
    return {
        "layout": "Contenu",
        "title": ty.fr("Les objectifs du webinaire"),
        "body": [{"kind": "bullets", "items": c.objectives(project)}],
        "notes": "",
    }


def _agenda(context: dict[str, Any]) -> dict[str, Any]:
    webinar = context["webinaire"]
    rows = [
        [part["debut"], part["titre"], part["duree"], KIND_LABELS.get(part["nature"], "")]
        for part in webinar["sequence"]
    ]
    marks = [bool(part["echange"]) for part in webinar["sequence"]]
    share = webinar["part_interactive"]
    minutes = ty.minutes(webinar["minutes_interactives"])
    return {
        "layout": "Contenu",
        "title": ty.fr("Le programme"),
        "body": [
            {
                "kind": "table",
                "header": ["Heure", "Séquence", "Durée", "Nature"],
                "rows": rows,
                "highlight": marks,
                # Bold « questions-réponses » fits on one line: no word cut, no overflow (PED-02).
                "widths": [0.10, 0.52, 0.11, 0.27],
            }
        ],
        "source": ty.fr(
            f"En couleur : échanges et questions-réponses, {minutes} au total, "
            f"soit {share} du webinaire"
        ),
        "notes": ty.fr(
            f"Échanges et questions-réponses : {minutes}, soit {share} du webinaire (le cahier des "
            "charges en demande la moitié ; l'accueil et l'évaluation ne sont pas comptés). "
            "Annoncer les moments où les participants auront la parole."
        ),
    }


def _exchange(part: dict[str, Any]) -> dict[str, Any]:
    prompts = part["questions"] or [ty.fr("Quelles questions vous posez-vous ?")]
    return {
        "layout": "Section",
        "title": part["titre"],
        "subtitle": list(prompts[:3]),
        "notes": "",
    }


def _porteurs(request: ContextRequest, context: dict[str, Any]) -> dict[str, Any] | None:
    """The opening's « who carries this webinar »: the project's porteurs, the region's DLA.

    The DLA porteurs come from the region's plugin data (``dladocs_regions``),
    so a national kit names each region's own; none is guessed.  The project
    file names the porteurs of its own region: another region's deck shows the
    funder instead, as the final report does.
    """
    region = context["region"]
    if c.is_home_region(request):
        rows = [[p["nom"], p["role"]] for p in context["porteurs"] if p]
    else:
        rows = [[context["financeur"], ty.fr("Financeur de l'accompagnement")]]
    named = {row[0] for row in rows}
    if region["porteur"] and region["porteur"]["nom"] not in named:
        rows.append([region["porteur"]["nom"], ty.fr(f"DLA régional, {region['nom']}")])
    groups: dict[str, list[str]] = {}
    for department in region["departements"]:
        if department["porteur"]:
            groups.setdefault(department["porteur"]["nom"], []).append(department["nom"])
    for name, departments in groups.items():
        if name not in named:
            rows.append([name, ty.fr("DLA départemental : " + ", ".join(departments))])
    if not rows:
        return None
    return {
        "layout": "Contenu",
        "title": ty.fr("Qui porte ce webinaire ?"),
        "body": [
            {
                "kind": "table",
                "header": ["Structure", "Rôle"],
                "rows": rows,
                "widths": [0.42, 0.58],
            }
        ],
        "notes": ty.fr(
            "Présenter le DLA (dispositif local d'accompagnement), l'Avise qui l'anime au niveau "
            "national, et les porteurs de la région : c'est vers eux que les structures se tournent "
            "après le webinaire."
        ),
    }


def _section(part: dict[str, Any]) -> dict[str, Any]:
    return {
        "layout": "Section",
        "title": part["titre"],
        "subtitle": [part["description"]] if part["description"] else [],
        "notes": "",
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
