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
    url = request.project.evaluation.form_url
    # One way to answer, the one the deck shows: the online form when there is one.
    # Anonymity is promised only where it holds: a form that asks no name, not a file
    # sent back by e-mail.
    introduction = (
        "Merci de prendre trois minutes pour nous dire ce que vous avez pensé du webinaire. "
        "Vos réponses servent à améliorer les prochaines sessions et les ateliers qui "
        "suivront. Toutes les questions sont facultatives."
    )
    if url:
        introduction += (
            " Le formulaire en ligne ne demande pas votre nom : vos réponses sont anonymes."
        )
        retour = f"Merci ! Répondez en ligne, à l'adresse {url} (le lien est aussi sur le support)."
    else:
        retour = f"Merci ! Renvoyez cette grille remplie à : {return_to(request)}."
    context["introduction"] = ty.fr(introduction)
    context["retour"] = ty.fr(retour)
    context["lien_formulaire"] = url
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
            form_url=str(context.get("lien_formulaire", "")),
        ),
        metadata=PdfMetadata(
            title=props.title,
            author=props.author,
            subject=props.subject,
            keywords=props.keywords,
            when=props.when,
        ),
    )
