"""What a build says about the project before it renders anything.

Placeholders left in the project file, participants from another region, a
webinar short of exchanges, a cost over the ceiling, a region's missing
information, and logos that are placeholders or had to be converted: warnings,
which leave the documents to be made (only a logo file that cannot be used
stops the build).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from dladocs.project import Project
from dladocs.types import Logo, Region


def unfinished(project: Project, home: Region) -> list[str]:
    """What a consultant probably forgot: « À compléter » left in, participants from elsewhere."""
    from dladocs import _tomlpos

    source = project.source.decode("utf-8", "replace")
    keys = {line: path for path, line in _tomlpos.key_lines(source).items()}
    warnings = []
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        if "à compléter" in text.lower():
            path = keys.get(number)
            dotted = ".".join(str(p + 1) if isinstance(p, int) else p for p in path) if path else ""
            what = f"la clé « {dotted} »" if dotted else "une valeur"
            warnings.append(
                f"ligne {number} : {what} dit encore « À compléter » : remplacez-la avant de diffuser les documents"
            )
    codes = {department.code for department in home.departments}
    for index, participant in enumerate(project.participants):
        if codes and participant.department not in codes:
            warnings.append(
                f"{project.where('participants', index, 'departement')} ({participant.organisation}) : le département {participant.department} "
                f"n'est pas dans la région {home.name} ; vérifiez le code (il ne compte que pour sa propre région)"
            )
    return warnings


def project_warnings(project: Project, regions: Sequence[Region]) -> list[str]:
    from dladocs import typography as ty
    from dladocs.project import LEGACY_KINDS

    warnings = []
    share = project.webinar.interactive_share
    if share < 0.5:
        warnings.append(
            f"la part d'échanges du webinaire (parties « echange » et « questions-reponses ») est de "
            f"{ty.percent(share)} : le cahier des charges demande la moitié du temps en questions-réponses"
        )
    for index, part in enumerate(project.webinar.sequence):
        if part.nature in LEGACY_KINDS:
            warnings.append(
                f"{project.where('webinaire', 'sequence', index, 'nature')} : « {part.nature} » est lu "
                f"comme « {part.kind} » ; précisez la nature : accueil, apport, echange, "
                "questions-reponses, atelier, evaluation ou pause"
            )
    from dladocs.content import facilitation_warnings

    warnings += facilitation_warnings(project)
    if project.cost.lines and project.cost.total > project.accompaniment.budget_ceiling:
        warnings.append(
            f"le coût total ({ty.euros(project.cost.total, ttc=True)}) dépasse le plafond de "
            f"{ty.euros(project.accompaniment.budget_ceiling, ttc=True)}"
        )
    for region in regions:
        if region.missing:
            warnings.append(
                f"{region.name} : informations non fournies ({' ; '.join(region.missing)}) ; "
                "les documents le disent au lieu de les inventer"
            )
    return warnings


def logo_warnings(
    project: Project,
    regions: Sequence[Region],
    logos_by_region: Mapping[str, Mapping[str, Logo]],
    cache: Path,
) -> list[str]:
    """Prepare every logo once, before any worker starts, and say what the user should know.

    A placeholder must not leave with « à remplacer » unnoticed; a user's file
    that had to be converted (CMYK, animated, tiny...) is worth a look; a file
    that cannot be used stops the build with the key that named it.
    """
    from dladocs import _assets

    warnings: list[str] = []
    for region in regions:
        logos = logos_by_region[region.code]
        notes: list[str] = []
        _assets.prepare(logos, cache / "logos", project=project, notes=notes)
        for logo in logos.values():
            if logo.path is not None or logo.role == "eu-emblem":
                continue
            where = (
                f"indiquez le fichier dans [logos] {logo.id}"
                if logo.id in ("avise", "dla")
                else "fournissez le fichier dans le plugin régional, ou dans [logos] autres"
            )
            notes.append(
                f"aucun fichier pour le « {logo.label} » : un emplacement réservé « à remplacer » "
                f"est placé ; {where}"
            )
        warnings += [note for note in notes if note not in warnings]
    return warnings
