"""The final report (*bilan*): every element section 5 of the cahier des charges asks for.

Cover with the funders' logos and the FSE statement, context and objectives,
how the mission went, methods, participants, evaluation results with charts,
highlights of the questions, difficulties, recommendations and next steps,
budget against the ceiling, the tools delivered and the cahier's indicators.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.project import Participant, Project
from dladocs.types import ContextRequest, ImageRef, Region

LEVEL_NAMES = {"faible": "Faible", "moyen": "Moyen", "bon": "Bon"}
KIND_NAMES = {
    "ACI": "Atelier et chantier d'insertion (ACI)",
    "AI": "Association intermédiaire (AI)",
    "EI": "Entreprise d'insertion (EI)",
    "ETTI": "Entreprise de travail temporaire d'insertion (ETTI)",
    "EITI": "Entreprise d'insertion par le travail indépendant (EITI)",
}


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    context["bandeau_couverture"] = c.band(
        request, height_mm=c.COVER_HEIGHT_MM, max_logo_width_mm=18.0
    )
    context["type_texte"] = ty.fr(f"Accompagnement {project.accompaniment.kind} DLA")
    funders = [project.accompaniment.funder, request.rule_set.fund or "Fonds social européen"]
    context["financeurs"] = ty.join([ty.fr(f) for f in funders])
    region = context["region"]
    participants = c.participants_for(project, request.region, request.home_region)
    home = c.is_home_region(request)
    context["contexte"] = _context_paragraphs(project, region, home=home)
    context["contexte"].append(_dla_paragraph(request.region))
    context["objectifs"] = c.objectives(project)
    context["porteurs_texte"] = _porteurs_text(request, context, home=home)
    context["etapes"] = _steps(project, context)
    # The account of the session and its evaluation belong to the project's own region;
    # a report made for another region says they are not available rather than borrow them.
    context["synthese"] = (
        ty.fr(project.progress.summary or "")
        if home
        else ty.fr(
            f"Le webinaire décrit dans ce projet s'est tenu pour une autre région ; le déroulement propre à la région {request.region.name} reste à compléter."
        )
    )
    context["points_forts"] = [ty.fr(text) for text in project.progress.highlights] if home else []
    context["logos_porteurs"] = [
        c.logo_ref(request, logo_id, 12.0, 35.0)
        for logo_id in request.logos
        if logo_id.startswith("porteur:")
    ]
    context["methode"] = _method(context)
    for part in context["webinaire"]["sequence"]:
        part["nature_texte"] = NATURE_TEXTS.get(part["nature"], part["nature"])
    context["participants_texte"] = _participants_text(participants, project, request.region.name)
    # No present participant: no table of empty breakdowns, the sentence above says so.
    present = any(p.present for p in participants)
    context["repartitions"] = _breakdowns(participants, request.region) if present else []
    context["evaluation"] = _evaluation(
        request if home else _without_answers(request),
        sum(p.people for p in participants if p.present),  # the grid is filled person by person
    )
    if home and request.evaluation is not None and request.evaluation.responses:
        context["evaluation"]["texte"] += ty.fr(
            " Toutes les réponses, question par question, sont dans « Résultats de "
            "l'évaluation », en annexe."
        )
    context["questions_texte"], context["questions_fortes"] = _questions(project)
    context["difficultes"] = [
        ty.fr(d) for d in project.review.difficulties + project.review.blocking_points
    ] or [ty.fr("Aucune difficulté n'a été signalée.")]
    context["recommandations"] = [ty.fr(r) for r in project.review.recommendations] or [
        ty.fr("Aucune recommandation n'a été formulée.")
    ]
    context["suites"] = [ty.fr(s) for s in project.review.next_steps] or [
        ty.fr("Aucune suite n'est encore prévue.")
    ]
    context["budget"] = _budget(project)
    context["outils"] = _tools(request)
    context["indicateurs"] = _indicators(project, context, participants)
    _analyse(request, context, participants, home=home)
    return context


def _analyse(
    request: ContextRequest, context: dict[str, Any], participants: list[Participant], *, home: bool
) -> None:
    """What the report concludes: attendance, weak items, themes, lessons, budget, debrief."""
    from dladocs.default_plugins import _rapport_analyse as a

    project = request.project
    summary = request.evaluation if home else None
    presence = a.attendance(project, participants)
    # Nobody listed for this region: the sentence above says so, no table of zeros.
    context["presence"] = a.attendance_rows(presence) if participants else []
    context["effectifs"] = a.counts_note(presence, summary) if participants else ""
    review = project.review
    context["analyse"] = {
        "faibles": a.weakest(summary),
        "ameliorations": [ty.fr(text) for text in review.improvements]
        or [ty.fr("À préciser : indiquez dans [bilan] ameliorations ce que l'équipe change.")],
        "intention": a.intention(summary),
        "themes": a.themes(summary),
    }
    context["enseignements"] = a.rollout(project, context, presence)
    context["essaimage_garder"] = [ty.fr(t) for t in review.rollout.keep]
    context["essaimage_changer"] = [ty.fr(t) for t in review.rollout.change]
    context["conclusions"] = [ty.fr(t) for t in review.conclusions]
    context["version"] = (
        ""
        if review.conclusions
        else ty.fr(
            "Version provisoire : les conclusions du débriefing ([bilan] conclusions) restent à "
            "compléter avant que ce rapport soit final."
        )
    )
    budget = a.budget(project)
    budget["tableau"] = budget["lignes"] + [
        {"libelle": t["libelle"], "jours": "", "taux": "", "montant": t["montant"]}
        for t in budget["totaux"]
    ]
    context["budget"] = budget


def _context_paragraphs(project: Project, region: dict[str, Any], *, home: bool) -> list[str]:
    paragraphs = []
    # The project's « public » describes its own region's structures: a variant built
    # for another region never borrows it.
    if project.accompaniment.audience and home:
        audience = ty.sentence_start(project.accompaniment.audience)
        paragraphs.append(ty.fr(f"Public visé : {audience}"))
    paragraphs.extend(region["contexte"])
    if not paragraphs:
        paragraphs.append(
            ty.fr(
                f"Accompagnement {project.accompaniment.kind} DLA dans le secteur « {project.accompaniment.sector} », "
                f"dans la région {region['nom']}."
            )
        )
    return paragraphs


def _dla_paragraph(region: Region) -> str:
    """Who carries the DLA in the region, as plugins say; what nobody said is said missing."""
    parts = []
    if region.porteur is not None:
        parts.append(f"le DLA régional est porté par {ty.in_sentence(region.porteur.name)}")
    else:
        parts.append("le porteur du DLA régional n'est pas renseigné")
    groups = c.departmental_porteurs(region)
    several = len(region.departments) > 1
    if groups:
        carried = [
            f"{ty.in_sentence(p.name)} ({ty.join([d.name for d in ds])})" for p, ds in groups
        ]
        subject = "les DLA départementaux sont portés" if several else "le DLA est porté"
        parts.append(f"{subject} par {ty.join(carried)}")
    unknown = [d.name for d in region.departments if d.porteur is None]
    if unknown and groups:
        parts.append(f"le porteur n'est pas renseigné pour {ty.join(unknown)}")
    elif unknown:
        names = ty.join(unknown)
        parts.append(f"les porteurs des DLA départementaux ({names}) ne sont pas renseignés")
    text = f"Dans la région {region.name}, " + " ; ".join(parts) + "."
    if region.missing:
        text += " Ces informations restent à compléter."
    return ty.fr(text)


def _porteurs_text(request: ContextRequest, context: dict[str, Any], *, home: bool) -> str:
    """The project's porteurs for its own region; for a variant, the funder and the region's DLA.

    The project file names the porteurs of its own region (for the bundled example,
    those of Hauts-de-France): a kit built for another region must not show them.
    """
    if home:
        return ty.join([p["nom"] for p in context["porteurs"] if p]) or ty.fr("non renseignés")
    names = [ty.fr(request.project.accompaniment.funder)]
    if request.region.porteur is not None:
        names.append(ty.fr(f"{request.region.porteur.name} (DLA régional)"))
    return ty.join(names)


def _steps(project: Project, context: dict[str, Any]) -> list[dict[str, str]]:
    progress = project.progress
    webinar = context["webinaire"]
    steps = [
        (
            "Réunion de préparation",
            progress.preparation_meeting,
            "Échange en visioconférence avec les porteurs de l'accompagnement pour cadrer le contenu et la méthode.",
        ),
        (
            "Envoi du support",
            progress.support_sent,
            "Support de webinaire envoyé aux porteurs avant la séance, pour relecture et ajustements.",
        ),
        (
            "Webinaire",
            project.webinar.date,
            f"{webinar['duree']} sur {webinar['outil']}, à partir de {webinar['heure']}.",
        ),
        (
            "Débriefing",
            progress.debriefing,
            "Temps d'échange avec les porteurs sur les points à approfondir après le webinaire.",
        ),
    ]
    return [
        {
            "etape": ty.fr(name),
            "date": ty.long_date(when) if when else ty.fr("non renseignée"),
            "texte": ty.fr(text),
        }
        for name, when, text in steps
    ]


NATURE_TEXTS = {
    "accueil": "Accueil",
    "apport": "Apport",
    "echange": "Échange",
    "questions-reponses": "Questions-réponses",
    "atelier": "Atelier",
    "evaluation": "Évaluation",
    "pause": "Pause",
}


def _method(context: dict[str, Any]) -> str:
    webinar = context["webinaire"]
    return ty.fr(
        "Le webinaire alterne des apports courts et des temps d'échange, comme le demande le cahier "
        f"des charges : {ty.minutes(webinar['minutes_interactives'])} d'échanges et de "
        f"questions-réponses sur {ty.minutes(webinar['minutes_sequence'])}, soit "
        f"{webinar['part_interactive']} du temps (l'accueil et l'évaluation ne sont pas comptés). Les "
        "notions sont expliquées avec des mots simples et des exemples de structures inclusives, et "
        "les pistes d'action sont proposées selon trois niveaux de familiarité avec le numérique."
    )


def _participants_text(participants: list[Participant], project: Project, region_name: str) -> str:
    present = [p for p in participants if p.present]
    people = sum(p.people for p in present)
    if not participants:
        return ty.fr(f"Aucune structure participante de la région {region_name} n'est enregistrée.")
    verb = "ont" if len(present) > 1 else "a"
    text = (
        f"{ty.plural(len(present), 'structure')} ({ty.plural(people, 'personne')}) {verb} "
        "participé au webinaire"
    )
    registered = project.webinar.registered
    # Registrations count structures; without them, the participants listed as absent.
    absent = registered - len(present) if registered else len(participants) - len(present)
    if registered:
        text += f", sur {ty.plural(registered, 'structure inscrite', 'structures inscrites')}"
    if absent > 0:
        verb = "ne se sont pas connectées" if absent > 1 else "ne s'est pas connectée"
        text += f" ; {ty.number(absent)} {verb}"
    return ty.fr(text + ".")


def _breakdowns(participants: list[Participant], region: Any) -> list[dict[str, Any]]:
    present = [p for p in participants if p.present]
    total = len(present)

    def table(title: str, column: str, key: Any, label: Any) -> dict[str, Any]:
        counts = Counter(key(p) for p in present)
        rows = [
            {
                "libelle": label(value),
                "nombre": str(count),
                "part": ty.percent(count / total) if total else "—",
            }
            for value, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        ]
        return {"titre": ty.fr(title), "colonne": column, "lignes": rows}

    def department(code: str) -> str:
        found = region.department(code)
        return f"{found.name} ({code})" if found else code

    return [
        table("Par département", "Département", lambda p: p.department, department),
        table("Par secteur d'activité", "Secteur", lambda p: p.sector, ty.fr),
        table(
            "Par type de SIAE",
            "Type de structure",
            lambda p: p.kind,
            lambda v: KIND_NAMES.get(v, v),
        ),
        table(
            "Par niveau de familiarité avec le numérique",
            "Niveau",
            lambda p: p.digital_level,
            lambda v: f"{LEVEL_NAMES[v]} — {c.LEVEL_LABELS[v].lower()}",
        ),
    ]


def _without_answers(request: ContextRequest) -> ContextRequest:
    from dataclasses import replace

    return replace(request, evaluation=None)


def _evaluation(request: ContextRequest, present: int) -> dict[str, Any]:
    summary = request.evaluation
    if summary is None or summary.responses == 0:
        return {
            "texte": ty.fr(
                "Aucune réponse à la grille d'évaluation n'a été fournie : indiquez les fichiers de réponses "
                "dans « evaluation.reponses » du fichier projet pour que ce rapport en présente les résultats."
            ),
            "questions": [],
            "graphique": None,
            "legende": "",
            "textes": [],
            "ateliers": "",
        }
    participants = summary.participants or present
    rate = summary.responses / participants if participants else None
    text = f"{ty.plural(summary.responses, 'réponse')} à la grille d'évaluation"
    if rate is not None:
        text += f" pour {ty.plural(participants, 'personne présente', 'personnes présentes')}, soit un taux de réponse de {ty.percent(rate)}"
    scales = [q for q in summary.questions if q.kind == "scale"]
    rows = [
        {
            "id": q.id,
            "texte": ty.fr(q.label),
            "reponses": str(q.answered),
            "moyenne": ty.number(q.mean, 1) if q.mean is not None else "—",
        }
        for q in scales
    ]
    overall = [q.mean for q in scales if q.mean is not None]
    if overall:
        text += f". La moyenne des questions notées de 1 à 5 est de {ty.number(sum(overall) / len(overall), 1)}"
    chart: ImageRef | None = None
    from dladocs.charts import scale_chart

    # The report and the results document show the same chart: it is drawn once per
    # region, under a name keyed on the answers (the scratch folder is new each build).
    from dladocs.default_plugins._chart_font import body_font

    # In the family of the text around it (LAY-08): the template's, whatever the theme.
    font = body_font(request)
    data = json.dumps([summary.as_json(), font], sort_keys=True).encode()
    key = hashlib.sha256(data).hexdigest()
    target = request.workdir / f"evaluation-echelles-{key[:16]}.png"
    path = target if target.is_file() else scale_chart(summary, target, font=font)
    if path is not None:
        chart = ImageRef(
            path=path,
            alt="Graphique : répartition des réponses de 1 à 5 pour chaque question de la grille d'évaluation",
            name="dladocs:graphique:evaluation",
            width_mm=150,
        )
    texts = [
        {"titre": ty.fr(q.label), "reponses": [ty.fr(answer) for answer in q.answers[:12]]}
        for q in summary.questions
        if q.kind == "text" and q.answers
    ]
    workshops = ""
    try:
        interest = summary.question("ateliers")
    except KeyError:
        interest = None
    if interest is not None and interest.answered:
        parts = [f"{label} : {count}" for label, count in interest.distribution.items()]
        workshops = ty.fr(
            "Intérêt pour les ateliers collectifs qui suivent — " + ", ".join(parts) + "."
        )
    return {
        "texte": ty.fr(text + "."),
        "questions": rows,
        "graphique": chart,
        "legende": ty.fr(
            "Part des réponses de 1 (orange) à 5 (violet) pour chaque question ; la moyenne est indiquée en bout de barre."
        ),
        "textes": texts,
        "ateliers": workshops,
    }


def _questions(project: Project) -> tuple[str, list[dict[str, str]]]:
    if not project.questions:
        return ty.fr("Aucune question n'a été enregistrée."), []
    themes = Counter(qa.theme for qa in project.questions)
    ordered = ", ".join(f"{theme.lower()} ({count})" for theme, count in themes.most_common())
    text = ty.fr(
        f"{ty.plural(len(project.questions), 'question')} ont été posées, sur ces thèmes : {ordered}. "
        "Les réponses détaillées sont dans la fiche pratique ; en voici une par thème."
    )
    seen: set[str] = set()
    highlights = []
    for qa in project.questions:
        if qa.theme in seen:
            continue
        seen.add(qa.theme)
        highlights.append({"theme": ty.fr(qa.theme), "question": ty.fr(qa.question)})
    return text, highlights


def _budget(project: Project) -> dict[str, Any]:
    ceiling = project.accompaniment.budget_ceiling
    total = project.cost.total
    lines = [
        {
            "libelle": ty.fr(line.label),
            "jours": ty.decimal(line.days) if line.days is not None else "—",
            "montant": ty.euros(line.amount, ttc=True),
        }
        for line in project.cost.lines
    ]
    lines.append({"libelle": "Total", "jours": "", "montant": ty.euros(total, ttc=True)})
    if not project.cost.lines:
        text = f"Le coût n'est pas renseigné ; le plafond du cahier des charges est de {ty.euros(ceiling, ttc=True)}."
    elif total <= ceiling:
        text = f"Le coût total, {ty.euros(total, ttc=True)}, respecte le plafond de {ty.euros(ceiling, ttc=True)} fixé par le cahier des charges."
    else:
        text = f"Le coût total, {ty.euros(total, ttc=True)}, dépasse de {ty.euros(total - ceiling)} le plafond de {ty.euros(ceiling, ttc=True)} fixé par le cahier des charges."
    return {"lignes": lines, "texte": ty.fr(text), "depassement": total > ceiling}


def _tools(request: ContextRequest) -> list[dict[str, str]]:
    tools = []
    for document in request.documents.values():
        if document.id == request.document.id:
            continue
        formats = ty.join([fmt.upper() for fmt in document.formats])
        tools.append(
            {
                "titre": ty.fr(f"{document.title} ({formats})"),
                "description": ty.fr(document.description),
            }
        )
    return tools


def _indicators(
    project: Project, context: dict[str, Any], participants: list[Participant]
) -> list[dict[str, str]]:
    webinar = context["webinaire"]
    evaluation = context["evaluation"]
    present = [p for p in participants if p.present]
    budget = context["budget"]
    rows = [
        (
            "Respect du cahier des charges",
            f"Les six thèmes clés ont été traités ; les échanges et questions-réponses ont occupé {webinar['part_interactive']} du temps, pour la moitié demandée.",
        ),
        (
            "Respect des délais",
            f"Webinaire tenu le {webinar['date']} ; support envoyé le {context['etapes'][1]['date']}.",
        ),
        (
            "Disponibilité et adaptabilité",
            "Réunion de préparation et débriefing tenus avec les porteurs ; support ajusté selon leurs retours."
            if project.progress.preparation_meeting
            else "Non renseigné.",
        ),
        (
            "Qualité du contact et des échanges",
            f"{len(project.questions)} questions traitées en séance."
            if project.questions
            else "Non renseigné.",
        ),
        ("Résultats obtenus : degré d'appropriation", _appropriation(context)),
        (
            "Réalisme des préconisations",
            "Pistes d'action proposées par niveau de familiarité (faible, moyen, bon), une ou deux à la fois.",
        ),
        ("Participation", f"{len(present)} structures présentes." if present else "Non renseigné."),
        ("Budget", _budget_verdict(project, budget)),
    ]
    del evaluation
    return [{"nom": ty.fr(name), "constat": ty.fr(text)} for name, text in rows]


def _budget_verdict(project: Project, budget: dict[str, Any]) -> str:
    if not project.cost.lines:
        return "Coût non renseigné."
    return "Au-delà du plafond." if budget["depassement"] else "Dans le plafond."


def _appropriation(context: dict[str, Any]) -> str:
    for row in context["evaluation"]["questions"]:
        if row.get("id") == "intention":
            return f"Intention de passer à l'action : {row['moyenne']} sur 5 en moyenne."
    return "Évaluation non disponible."
