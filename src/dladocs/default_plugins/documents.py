"""The built-in deliverables, registered exactly as a plugin would register its own."""

from __future__ import annotations

from typing import Any

from dladocs._compounds import protect_context
from dladocs.hookspecs import hookimpl
from dladocs.types import ContextRequest, DocumentType, RenderJob


def _protected(context: dict[str, Any]) -> dict[str, Any]:
    """The context with compound names unbreakable at their hyphen (LAY-06)."""
    result: dict[str, Any] = protect_context(context)
    return result


def _deck(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _deck

    return _protected(_deck.build(request))


def _fiche(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _fiche

    return _protected(_fiche.build(request))


def _grille(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _grille

    return _protected(_grille.build(request))


def _rapport(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _presence_context, _rapport

    context = _rapport.build(request)
    # Aggregates of presence.json (attendance, mean time connected, no-shows), or None.
    context["connexions"] = _presence_context.figures(request.project)
    return _protected(context)


def _resultats(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _resultats

    return _protected(_resultats.build(request))


def _emargement(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _emargement

    return _emargement.build(request)


def _attestations(request: ContextRequest) -> dict[str, Any]:
    from dladocs.default_plugins import _attestations

    return _attestations.build(request)


def _attestations_pdf(job: RenderJob) -> None:
    from dladocs.default_plugins import _attestations

    _attestations.render(job)


def _grille_pdf(job: RenderJob) -> None:
    from dladocs.default_plugins import _grille

    _grille.render_fillable(job)


def _grille_csv(job: RenderJob) -> None:
    """The column header that online form tools should produce, so answers can be collected."""
    from dladocs.evaluation import write_csv_header

    write_csv_header(job.output)


DOCUMENTS = (
    DocumentType(
        id="deck",
        title="Support de webinaire",
        filename="support-webinaire",
        formats=("pptx",),
        context=_deck,
        templates={"pptx": "deck.pptx"},
        communication=True,
        description="Les diapositives du webinaire, avec les notes de l'animateur.",
        annex_order=20,
    ),
    DocumentType(
        id="fiche",
        title="Fiche pratique",
        filename="fiche-pratique",
        formats=("docx",),
        context=_fiche,
        templates={"docx": "fiche.docx"},
        communication=True,
        description="Les questions posées et les réponses apportées, des pistes d'action par niveau, "
        "des retours d'expérience, des ressources et les contacts DLA.",
        annex_order=30,
    ),
    DocumentType(
        id="grille",
        title="Grille d'évaluation",
        filename="grille-evaluation",
        formats=("docx", "pdf", "csv"),
        context=_grille,
        templates={"docx": "grille.docx"},
        renderers={"pdf": _grille_pdf, "csv": _grille_csv},
        form=True,
        # Handed to every participant: it carries the Avise and DLA logos like the others.
        communication=True,
        pdf=False,
        description="La grille d'évaluation du webinaire par les participants, à imprimer, à remplir en PDF, "
        "ou à reproduire dans un formulaire en ligne (en-tête CSV des colonnes attendues).",
        annex_order=40,
    ),
    DocumentType(
        id="rapport",
        title="Rapport final",
        filename="rapport-final",
        formats=("docx",),
        context=_rapport,
        templates={"docx": "rapport.docx"},
        communication=True,
        evaluation=True,
        description="Le bilan de la mission pour les porteurs et les financeurs.",
        annex_order=10,
    ),
    DocumentType(
        id="resultats",
        title="Résultats de l'évaluation",
        filename="resultats-evaluation",
        formats=("docx",),
        context=_resultats,
        templates={"docx": "resultats.docx"},
        communication=True,
        evaluation=True,
        description="Toutes les réponses à la grille d'évaluation : la répartition des notes, "
        "les choix, chaque réponse libre ; l'annexe du rapport final dans le dossier de clôture.",
        annex_order=50,
    ),
    DocumentType(
        id="emargement",
        title="Feuille d'émargement",
        filename="feuille-emargement",
        formats=("docx",),
        context=_emargement,
        templates={"docx": "emargement.docx"},
        proof=True,
        description="La feuille d'émargement de la séance, d'après le rapport de connexion de l'outil "
        "(dladocs presence collect), ou à faire signer ; annexée au dossier de clôture.",
        annex_order=60,
    ),
    DocumentType(
        id="attestations",
        title="Attestations de participation",
        filename="attestations-participation",
        formats=("pdf",),
        context=_attestations,
        renderers={"pdf": _attestations_pdf},
        pdf=False,
        proof=True,
        annex=False,
        description="Une attestation de participation par participant au-dessus du seuil de présence "
        "(un PDF par personne et un PDF de toutes), d'après presence.json.",
        annex_order=70,
    ),
)


@hookimpl(trylast=True)
def dladocs_document_types() -> list[DocumentType]:
    return list(DOCUMENTS)
