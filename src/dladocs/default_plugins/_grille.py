"""The evaluation grid: a printable DOCX and a fillable PDF with the same questions."""

from __future__ import annotations

from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.evaluation import DEFAULT_QUESTIONS, SCALE_VALUES, Question
from dladocs.types import ContextRequest, RenderJob


def questions() -> tuple[Question, ...]:
    return DEFAULT_QUESTIONS


def return_to(request: ContextRequest) -> str:
    project = request.project
    return project.evaluation.return_to or project.consultant.email or project.consultant.name


def build(request: ContextRequest) -> dict[str, Any]:
    context = c.common(request)
    context["introduction"] = ty.fr(
        "Merci de prendre trois minutes pour nous dire ce que vous avez pensé du webinaire. "
        "Vos réponses sont anonymes : elles servent à améliorer les prochaines sessions "
        "et les ateliers qui suivront."
    )
    context["retour"] = ty.fr(f"Merci ! Renvoyez cette grille remplie à : {return_to(request)}.")
    context["questions"] = [
        {
            "numero": number,
            "id": question.id,
            "texte": question.text,
            "type": question.kind,
            "valeurs": list(SCALE_VALUES),
            "bas": question.low,
            "haut": question.high,
            "choix": list(question.choices),
        }
        for number, question in enumerate(questions(), start=1)
    ]
    context["retour_a"] = return_to(request)
    return context


def render_fillable(job: RenderJob) -> None:
    """The fillable PDF (AcroForm) of the grid, with the EU band on every page."""
    from dladocs.render._props import DocumentProperties
    from dladocs.render.form import FormBand, PdfMetadata, render_form

    context = job.context
    band = context["bandeau"]
    props = DocumentProperties.from_context(context, job.project)
    render_form(
        job.output,
        questions=questions(),
        title="Grille d'évaluation du webinaire",
        subtitle=f"{context['titre']} — {context['webinaire']['date']}",
        band=FormBand(
            emblem_png=band["embleme"].path,
            eu_lines=tuple(band["lignes_ue"]),
            statement=context["mention_fse"],
            return_to=context["retour_a"],
            other_logos=tuple((ref.path, ref.alt) for ref in band["logos"]),
            font=band.get("police_ue"),
        ),
        metadata=PdfMetadata(
            title=props.title,
            author=props.author,
            subject=props.subject,
            keywords=props.keywords,
            when=props.when,
        ),
    )
