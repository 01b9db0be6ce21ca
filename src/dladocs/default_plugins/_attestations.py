"""Certificates of participation (« attestations de participation ») from ``presence.json``.

One certificate per participant whose time connected reaches the project's
threshold (``[presence] seuil_minutes`` or ``seuil_pourcentage``); the others
are listed, not certified.  No e-mail address unless ``email_attestations``
(RGPD: a certificate shows what it proves).  Drawn without LibreOffice by
:mod:`dladocs.render.certificates`, which verifies the template page fully
once and each certificate for what changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dladocs import typography as ty
from dladocs.default_plugins import _context as c
from dladocs.default_plugins import _presence_context as pc
from dladocs.types import ContextRequest, RenderJob


def build(request: ContextRequest) -> dict[str, Any]:
    project = request.project
    context = c.common(request)
    consultant = project.consultant
    organiser = consultant.name + (
        f", {consultant.organisation}" if consultant.organisation else ""
    )
    context["organisateur"] = ty.fr(organiser)
    context["signataire"] = ty.fr(consultant.name)
    minimum = pc.threshold(project)
    context["seuil_minutes"] = minimum
    data = pc.load(project)
    context["lu"] = data is not None
    context["attestations"] = []
    context["sous_le_seuil"] = []
    if data is None:
        return context
    sessions = pc.sessions(data, project)
    when = ty.join([f"le {s['date']}, de {s['debut']} à {s['fin']}" for s in sessions])
    tools = ty.join(sorted({s["outil"] for s in sessions if s["outil"]}))
    title = sessions[0]["titre"] if sessions else ty.fr(project.accompaniment.title)
    used: set[str] = set()
    for person in pc.attendees(data):
        if person.role != "participant":
            continue
        if person.minutes < minimum:
            context["sous_le_seuil"].append(
                {"nom": ty.fr(person.name), "duree": ty.minutes(person.minutes)}
            )
            continue
        lines = []
        if person.structure:
            lines.append(ty.fr(f"de la structure {person.structure},"))
        lines.append(
            ty.fr(
                f"a participé au webinaire « {title} » {when}"
                + (f" ({tools})" if tools else "")
                + f", pendant {ty.minutes(person.minutes)} de connexion relevée par l'outil."
            )
        )
        if project.presence.email_on_certificates and person.email:
            lines.append(ty.fr(f"Adresse électronique : {person.email}"))
        context["attestations"].append(
            {"nom": ty.fr(person.name), "lignes": lines, "fichier": _file(person.name, used)}
        )
    return context


def _file(name: str, used: set[str]) -> str:
    from dladocs.regions import slugify

    base = f"attestation-{slugify(name).lower() or 'participant'}"
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate + ".pdf"


def render(job: RenderJob) -> None:
    from dladocs.render import certificates as cert
    from dladocs.render._props import DocumentProperties
    from dladocs.render.form import FormBand, PdfMetadata

    context = job.context
    band = context["bandeau"]
    props = DocumentProperties.from_context(context, job.project)
    layout = cert.Layout(
        band=FormBand(
            emblem_png=band["embleme"].path,
            eu_lines=tuple(band["lignes_ue"]),
            statement=context["mention_fse"],
            font=band.get("police_ue"),
        ),
        title="Attestation de participation",
        intro=ty.fr(
            f"Je soussigné(e), {context['organisateur']}, organisateur du webinaire, atteste que :"
        ),
        signature=(
            ty.fr(f"Fait le {context['date_document']}"),
            context["signataire"],
            "Signature :",
        ),
        metadata=PdfMetadata(
            title=props.title,
            author=props.author,
            subject=props.subject,
            keywords=props.keywords,
            when=props.when,
        ),
    )
    people = [
        cert.Certificate(a["nom"], tuple(a["lignes"]), a["fichier"])
        for a in context["attestations"]
    ]
    folder: Path | None = job.output.with_suffix("")
    if not people:
        reason = (
            "aucun participant n'atteint le seuil de présence fixé par le projet."
            if context["lu"]
            else "aucun rapport de connexion n'a été lu : lancez « dladocs presence collect »."
        )
        people = [
            cert.Certificate(
                "Aucune attestation", (ty.fr(f"Aucune attestation émise : {reason}"),), ""
            )
        ]
        folder = None
    files = cert.produce(
        job.output,
        folder,
        layout,
        people,
        lambda path: _verify(job, path),
        job.output.parent / ".travail" / "attestations",
    )
    # Each person's file is proved to be their page of the combined PDF, object for object.
    job.copies.update({path: page for page, path in enumerate(files, start=1)})


def _verify(job: RenderJob, path: Path) -> list[str]:
    """The template page through the build's own verification: every rule, every requirement."""
    from dladocs.inspect import inspect_file
    from dladocs.plugins import get_plugin_manager, get_requirements
    from dladocs.types import CheckOptions
    from dladocs.verify import LogoIdentifier, verify

    pm = get_plugin_manager()
    project = job.project
    options = CheckOptions(
        programme=project.accompaniment.programme,
        strict=project.verification.strict,
        strict_size=project.verification.logo_size == "stricte",
    )
    violations = verify(
        inspect_file(path),
        pm=pm,
        options=options,
        requirements=get_requirements(pm, job.document, project, job.region),
        recognise=LogoIdentifier(),
        document=job.document,
        project=project,
    )
    return [f"{v.rule} : {v.message}" for v in violations if v.severity == "error"]
