"""The evaluation results in full: the annex of the closing dossier that backs section 5.

The report summarises the answers (means, the chart, a few comments); this
document gives all of them: for every question rated 1 to 5 how many chose
each score, for every choice question each option's count, every free
answer, and how the answers were read (files, answers set aside).
"""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.default_plugins import _rapport
from dladocs.types import ContextRequest


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    home = request.region.code == request.home_region
    participants = c.participants_for(project, request.region, request.home_region)
    present = sum(p.people for p in participants if p.present)
    # A variant for another region has no answers of its own: it says so.
    summary = request.evaluation if home else None
    context["evaluation"] = _rapport._evaluation(
        request if home else _rapport._without_answers(request), present
    )
    context["distributions"] = []
    context["choix"] = []
    context["reponses_libres"] = []
    context["lecture"] = ""
    if summary is None or summary.responses == 0:
        return context
    for question in summary.questions:
        if question.kind == "scale":
            counts = [question.distribution.get(str(score), 0) for score in range(1, 6)]
            context["distributions"].append(
                {
                    "texte": ty.fr(question.label),
                    "notes": [str(count) for count in counts],
                    "reponses": str(question.answered),
                    "moyenne": ty.number(question.mean, 1) if question.mean is not None else "—",
                }
            )
        elif question.kind == "choice" and question.answered:
            parts = [f"{label} : {count}" for label, count in question.distribution.items()]
            context["choix"].append(
                {"texte": ty.fr(question.label), "repartition": ty.fr(", ".join(parts))}
            )
        elif question.kind == "text" and question.answers:
            context["reponses_libres"].append(
                {
                    "titre": ty.fr(question.label),
                    "reponses": [ty.fr(answer) for answer in question.answers],
                }
            )
    sources = ty.join([ty.quote(name) for name in summary.sources]) if summary.sources else ""
    reading = f"Réponses lues dans {ty.plural(len(summary.sources), 'fichier')}"
    reading += f" ({sources})" if sources else ""
    if summary.problems:
        reading += (
            f" ; {ty.plural(len(summary.problems), 'réponse ou ligne écartée', 'réponses ou lignes écartées')} "
            "(illisible, hors de l'échelle ou vide), sans que le reste soit perdu"
        )
    context["lecture"] = ty.fr(reading + ".")
    return context
