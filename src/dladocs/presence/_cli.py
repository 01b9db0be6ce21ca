"""``dladocs presence collect``: registered on the main group by :mod:`dladocs.cli`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from dladocs.errors import DladocsError


@click.group(
    help="La preuve de présence : rapports des participants de l'outil de visioconférence."
)
def presence() -> None:
    pass


@presence.command(
    "collect",
    help="Lit les rapports des participants (Zoom, Teams, Meet, CSV rempli à la main) "
    "et écrit presence.json à côté de dladocs.toml.",
)
@click.argument(
    "files", metavar="EXPORTS...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "-p",
    "--project",
    type=click.Path(path_type=Path),
    help="Projet (dossier ou dladocs.toml) ; par défaut le dossier courant.",
)
def presence_collect(files: Sequence[Path], project: Path | None) -> None:
    _collect(files, project)


def register(group: click.Group, user_errors: Callable[[Any], Any]) -> None:
    """Add ``presence`` to the main group, its command guarded as every other (exit 2, French)."""
    command = presence.commands["collect"]
    command.callback = user_errors(command.callback)
    group.add_command(presence)


def _collect(files: Sequence[Path], project_path: Path | None) -> None:
    from dladocs import typography as ty
    from dladocs._locate import PROJECT_FILE
    from dladocs.presence import collect
    from dladocs.project import load_project

    target = project_path if project_path is not None else Path.cwd()
    file = target / PROJECT_FILE if target.is_dir() else target
    if not file.is_file():
        raise DladocsError(
            f"« {file} » : projet introuvable ; indiquez-le avec -p DOSSIER (le presence.json "
            "est écrit à côté de son dladocs.toml)."
        )
    project = load_project(file)
    collection = collect.read(list(files), project)
    written = collect.write(collection, project.root)
    for session in collection.sessions:
        when = session.start.strftime("%d/%m/%Y %H:%M") if session.start else "date inconnue"
        click.echo(
            f"{session.file} : {session.tool or 'CSV'} ({session.family}), {when}, "
            f"{ty.plural(len(session.records), 'ligne')} lue{'s' if len(session.records) > 1 else ''}"
        )
        if session.order is not None and not session.order.sure:
            click.echo(
                f"  ! ordre des dates incertain : {session.order.as_json()['ordre']} "
                f"({session.order.reason}) ; vérifiez premiere_arrivee dans {collect.FILENAME}"
            )
    people = collection.people
    click.echo(
        f"{ty.plural(len(people), 'personne distincte', 'personnes distinctes')} → {written}"
    )
    minimum = collect.threshold(project)
    under = [
        p["nom"] for p in people if p["role"] == "participant" and p["duree_minutes"] < minimum
    ]
    if under:
        click.echo(
            f"Sous le seuil de présence ({ty.minutes(minimum)}), pas d'attestation pour : "
            + ", ".join(under)
        )
    if collection.unmatched:
        click.echo(
            f"{ty.plural(len(collection.unmatched), 'participant non rattaché', 'participants non rattachés')} "
            "à une structure de [[participants]] : "
            + ", ".join(collection.unmatched[:20])
            + (
                f" … et {len(collection.unmatched) - 20} autres"
                if len(collection.unmatched) > 20
                else ""
            )
            + "\n  Indiquez-les dans [presence.structures] du projet "
            '(« "nom ou e-mail" = "structure" »), puis relancez la commande.'
        )
