"""What the final report concludes from the data, not only what it lists.

Attendance against registrations, the response rate, the weakest items of the
grid with their share of low marks, the intention to act, the free answers by
theme, counts that agree between sections, lessons for the national rollout
and the budget with its VAT status.  Every count comes from one source: the
participants of the project file for attendance (see :data:`ATTENDANCE_SOURCES`),
the evaluation summary for the answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dladocs import typography as ty
from dladocs.evaluation import EvaluationSummary, QuestionSummary
from dladocs.project import Participant, Project


@dataclass(frozen=True, slots=True)
class Attendance:
    """Who came: structures and people, against the registrations."""

    registered: int | None  # structures registered, when the project says
    structures: int  # structures present
    people: int  # people present
    source: str  # where the figures come from, said in the report

    @property
    def no_shows(self) -> int | None:
        if self.registered is None:
            return None
        return max(self.registered - self.structures, 0)

    @property
    def no_show_rate(self) -> float | None:
        if not self.registered or self.no_shows is None:
            return None
        return self.no_shows / self.registered


AttendanceSource = Callable[[Project, list[Participant]], Attendance | None]


def from_participants(project: Project, participants: list[Participant]) -> Attendance | None:
    """Attendance from the project's participants list (``present = false`` for no-shows)."""
    present = [p for p in participants if p.present]
    registered = project.webinar.registered
    if registered is None and any(not p.present for p in participants):
        registered = len(participants)  # everyone listed had registered
    return Attendance(
        registered=registered,
        structures=len(present),
        people=sum(p.people for p in present),
        source="la liste des participants du fichier projet",
    )


# Tried in order; the first that knows wins.  A connection export of the video-conference
# tool (a later source) goes in front of the participants list.
ATTENDANCE_SOURCES: list[AttendanceSource] = [from_participants]


def attendance(project: Project, participants: list[Participant]) -> Attendance:
    for source in ATTENDANCE_SOURCES:
        found = source(project, participants)
        if found is not None:
            return found
    return Attendance(None, 0, 0, "aucune source")


def attendance_rows(presence: Attendance) -> list[dict[str, str]]:
    rows = []
    if presence.registered is not None:
        rows.append({"libelle": "Structures inscrites", "valeur": ty.number(presence.registered)})
    rows.append({"libelle": "Structures présentes", "valeur": ty.number(presence.structures)})
    rows.append({"libelle": "Personnes présentes", "valeur": ty.number(presence.people)})
    if presence.no_shows is not None and presence.no_show_rate is not None:
        rows.append(
            {
                "libelle": "Structures inscrites absentes",
                "valeur": f"{ty.number(presence.no_shows)} ({ty.percent(presence.no_show_rate)})",
            }
        )
    return [{"libelle": ty.fr(r["libelle"]), "valeur": ty.fr(r["valeur"])} for r in rows]


# --------------------------------------------------------------------------- evaluation

WEAKEST = 3
LOW_MARKS = ("1", "2")


def low_share(question: QuestionSummary) -> float:
    if not question.answered:
        return 0.0
    return sum(question.distribution.get(k, 0) for k in LOW_MARKS) / question.answered


def high_share(question: QuestionSummary) -> float:
    if not question.answered:
        return 0.0
    return sum(question.distribution.get(k, 0) for k in ("4", "5")) / question.answered


def weakest(summary: EvaluationSummary | None) -> list[dict[str, str]]:
    """The lowest-rated scale items, with their mean and share of marks 1 and 2."""
    if summary is None:
        return []
    scales = [q for q in summary.questions if q.kind == "scale" and q.answered and q.mean]
    ranked = sorted(scales, key=lambda q: (q.mean or 0.0, -low_share(q)))[:WEAKEST]
    return [
        {
            "texte": ty.fr(q.label),
            "moyenne": ty.number(q.mean or 0.0, 1),
            "part_basse": ty.percent(low_share(q)),
        }
        for q in ranked
    ]


def intention(summary: EvaluationSummary | None) -> str:
    if summary is None:
        return ""
    try:
        question = summary.question("intention")
    except KeyError:
        return ""
    if not question.answered or question.mean is None:
        return ""
    return ty.fr(
        f"Intention d'agir : {ty.percent(high_share(question))} des répondants comptent mettre "
        f"en place au moins une action dans les prochains mois (note 4 ou 5 ; moyenne "
        f"{ty.number(question.mean, 1)} sur 5), {ty.percent(low_share(question))} ne le "
        "prévoient pas (note 1 ou 2)."
    )


THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # A listing on the Marché de l'inclusion is a listing like the Google one.
    (
        "Fiche Google et référencement",
        ("google", "referencement", "avis", "place de marche", "marche de l"),
    ),
    ("Réseaux sociaux", ("facebook", "linkedin", "instagram", "reseau", "page", "publi")),
    ("Lettre d'information et e-mails", ("lettre", "newsletter", "mail")),
    ("Organisation et régularité", ("calendrier", "planning", "programm", "temps")),
    ("Contenus et impact social", ("photo", "portrait", "impact", "video", "salarie")),
    ("Déroulement du webinaire", ("tour de table", "long", "exemple", "clair", "atelier")),
)


def themes(summary: EvaluationSummary | None) -> list[dict[str, Any]]:
    """The free answers grouped by theme (keywords, accents ignored), most cited first."""
    if summary is None:
        return []
    groups: dict[str, list[str]] = {}
    for question in summary.questions:
        if question.kind != "text":
            continue
        for answer in question.answers:
            plain = _plain(answer)
            theme = next((name for name, words in THEMES if any(w in plain for w in words)), "")
            groups.setdefault(theme or "Autres remarques", []).append(answer)
    ordered = sorted(
        groups.items(), key=lambda item: (item[0] == "Autres remarques", -len(item[1]))
    )
    return [
        {
            "theme": ty.fr(name),
            "nombre": str(len(answers)),
            "exemples": ty.fr(" ; ".join(f"« {a} »" for a in answers[:3])),
        }
        for name, answers in ordered
    ]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def counts_note(presence: Attendance, summary: EvaluationSummary | None) -> str:
    """Why the figures of the sections differ, from their single sources."""
    parts = [
        f"Les effectifs de ce rapport viennent de {presence.source} : "
        f"{ty.plural(presence.structures, 'structure présente', 'structures présentes')}, "
        f"{ty.plural(presence.people, 'personne', 'personnes')}"
    ]
    if summary is not None and summary.responses:
        missing = max(presence.people - summary.responses, 0)
        parts.append(
            f"la grille est remplie personne par personne : {ty.plural(summary.responses, 'réponse')}"
            + (f", {ty.plural(missing, 'personne')} sans réponse" if missing else "")
        )
        try:
            kinds = summary.question("structure_type")
        except KeyError:
            kinds = None
        if kinds is not None and kinds.answered:
            parts.append(
                "le type de structure déclaré dans la grille (facultatif) porte sur "
                f"{ty.plural(kinds.answered, 'répondant')} et peut donc différer des tableaux par type"
            )
    return ty.fr(" ; ".join(parts) + ".")


# --------------------------------------------------------------------------- rollout


def rollout(
    project: Project, context: dict[str, Any], presence: Attendance
) -> list[dict[str, str]]:
    """Lessons for spreading the accompaniment: format, length, target, levels."""
    webinar = context["webinaire"]
    levels = {level: 0 for level in ("faible", "moyen", "bon")}
    for participant in project.participants:
        if participant.present:
            levels[participant.digital_level] += 1
    sectors = sorted({p.sector for p in project.participants if p.present})
    rows = [
        (
            "Format",
            f"Webinaire sur {webinar['outil']}, {webinar['part_interactive']} du temps en échanges.",
        ),
        (
            "Durée",
            f"{webinar['duree']}, dont {_minutes(project, 'questions-reponses')} minutes de "
            f"questions-réponses et {_minutes(project, 'echange')} minutes d'échanges.",
        ),
        (
            "Public cible",
            f"{ty.plural(presence.structures, 'structure')} de {ty.join(sectors) or 'secteurs non renseignés'}"
            + (
                f" ; {ty.percent(presence.no_show_rate)} des inscrits absents."
                if presence.no_show_rate is not None
                else "."
            ),
        ),
        (
            "Niveaux",
            f"Familiarité avec le numérique : {levels['faible']} faible, {levels['moyen']} moyenne, "
            f"{levels['bon']} bonne.",
        ),
    ]
    return [{"axe": ty.fr(name), "constat": ty.fr(text)} for name, text in rows]


def _minutes(project: Project, kind: str) -> int:
    # By kind, not by module name: a webinar has several question slots, each with its module.
    return sum(p.minutes for p in project.webinar.sequence if p.kind == kind)


# --------------------------------------------------------------------------- budget

FRANCHISE_NOTE = "TVA non applicable, art. 293 B du CGI"


def budget(project: Project) -> dict[str, Any]:
    """The lines with their day rates, HT, VAT and TTC, checked against the ceiling."""
    cost = project.cost
    ceiling = project.accompaniment.budget_ceiling
    with_vat = cost.vat is not None
    unit = "HT" if with_vat else "TTC"
    lines = []
    for line in cost.lines:
        rate = cost.day_rate or (line.amount / line.days if line.days else None)
        lines.append(
            {
                "libelle": ty.fr(line.label),
                "jours": ty.decimal(line.days) if line.days is not None else "—",
                "taux": ty.euros(rate) if rate else "—",
                "montant": ty.euros(line.amount),
            }
        )
    totals = [{"libelle": f"Total {unit}", "montant": ty.euros(cost.total)}]
    if cost.vat == "assujetti":
        totals.append(
            {
                "libelle": f"TVA ({ty.number(cost.vat_rate)} %)",
                "montant": ty.euros(cost.total_ttc - cost.total),
            }
        )
        totals.append({"libelle": "Total TTC", "montant": ty.euros(cost.total_ttc)})
    if cost.vat == "franchise":
        status = f"{FRANCHISE_NOTE} (franchise en base) : le montant HT est le montant payé."
    elif cost.vat == "exoneration":
        status = f"Exonération de TVA : {cost.vat_note}."
    elif cost.vat == "assujetti":
        status = f"TVA au taux de {ty.number(cost.vat_rate)} % ajoutée aux montants HT."
    else:
        status = (
            "Montants toutes taxes comprises ; le régime de TVA n'est pas précisé (indiquez "
            "cout.tva : « franchise », « exoneration » ou « assujetti »)."
        )
    rate_text = (
        f"Un taux journalier unique de {ty.euros(cost.day_rate)}."
        if cost.day_rate
        else "Taux journalier déclaré pour chaque poste (montant divisé par les jours)."
    )
    if not cost.lines:
        check = f"Le coût n'est pas renseigné ; le plafond du cahier des charges est de {ty.euros(ceiling, ttc=True)}."
    else:
        check = (
            f"Les postes font bien {ty.euros(cost.total)} {unit} au total ; le coût payé, "
            f"{ty.euros(cost.total_ttc, ttc=True)}, respecte le plafond de "
            f"{ty.euros(ceiling, ttc=True)} fixé par le cahier des charges "
            f"(marge : {ty.euros(ceiling - cost.total_ttc)})."
        )
    return {
        "lignes": lines,
        "totaux": [{"libelle": ty.fr(t["libelle"]), "montant": t["montant"]} for t in totals],
        "unite": unit,
        "tva": ty.fr(status),
        "taux": ty.fr(rate_text),
        "texte": ty.fr(check),
        "depassement": cost.total_ttc > ceiling,
    }
