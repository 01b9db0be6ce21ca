"""The Avise and DLA logos on every communication piece (cahier des charges, § 5).

Where the project gives no logo file, dladocs places a placeholder that says
what it stands for, rather than inventing a logo.  The logos are recognised in
verification by their tag in files dladocs wrote, and by their image (a
perceptual fingerprint) in PDFs and in files given to ``dladocs check``.
"""

from __future__ import annotations

import functools
from typing import Any

from dladocs.hookspecs import hookimpl
from dladocs.types import (
    PLACEHOLDER_ALT,
    CheckState,
    DocumentType,
    Logo,
    Region,
    Requirement,
    Rule,
    RuleSet,
    SurfaceRef,
    Violation,
)

SOURCE = "Cahier des charges Avise / CR DLA IAE, § 5 « Convention et bilan »"
RULES = (
    Rule(
        "DLA-01", "Le logo de l'Avise figure sur les pièces de communication", SOURCE, "C", "error"
    ),
    Rule("DLA-02", "Le logo du DLA figure sur les pièces de communication", SOURCE, "C", "error"),
    Rule(
        "DLA-03",
        "Les logos placés sont les logos officiels, non des emplacements réservés",
        SOURCE,
        "D",
        "warning",
    ),
    Rule(
        "REF-01",
        "Un logo de référence demandé figure dans le document",
        "Option --logo de dladocs check",
        "C",
        "error",
    ),
)
LOGO_RULES = {"avise": "DLA-01", "dla": "DLA-02"}


def _check(state: CheckState) -> list[Violation]:
    from dladocs.rules import requirement_presence

    violations: list[Violation] = []
    own = {rule.id for rule in RULES}
    for requirement in state.requirements:
        # The EU block has its rule sets, and a plugin's requirements its own rule.
        if requirement.logo in ("eu-emblem", "eu-statement") or requirement.rule not in own:
            continue
        rule = RULE_SET.rule(requirement.rule)

        def make(where: SurfaceRef, message: str, *, rule: Rule = rule, **_: Any) -> Violation:
            return rule.violation(where, message, strict=state.options.strict)

        label = requirement.label or requirement.logo
        place = {"cover": "sur la première page", "every-surface": "sur chaque page"}.get(
            requirement.scope, "dans le document"
        )
        violations += requirement_presence(
            state,
            requirement,
            make,
            f"le logo « {label} » est absent {place} : ajoutez-le au bandeau des logos",
        )
    return violations + _placeholders(state)


def _placeholders(state: CheckState) -> list[Violation]:
    """A placeholder dladocs placed for a missing logo file: the piece is not ready to go out."""
    from dladocs.rules import surface_logos

    rule = RULE_SET.rule("DLA-03")
    violations = []
    for surface in state.inspection.surfaces:
        names = sorted(
            {
                item.picture.description.replace(f" ({PLACEHOLDER_ALT})", "")
                for item in surface_logos(surface, state)
                if PLACEHOLDER_ALT in item.picture.description
            }
        )
        if names:
            violations.append(
                rule.violation(
                    SurfaceRef.of(surface),
                    f"emplacement réservé à la place du vrai logo ({' ; '.join(names)}) : "
                    "indiquez le fichier du logo officiel dans [logos] du projet",
                    strict=state.options.strict,
                )
            )
    return violations


RULE_SET = RuleSet(
    id="avise-dla",
    title="Logos de l'Avise et du DLA (pièces de communication)",
    rules=RULES,
    check=_check,
    always=True,
    description="Le cahier des charges demande les logos de l'Avise et du DLA sur toute pièce de communication.",
)


@hookimpl(trylast=True)
def dladocs_rule_sets() -> list[RuleSet]:
    return [RULE_SET]


@functools.cache
def _labels() -> dict[str, tuple[str, str]]:
    return {
        "avise": ("Logo Avise", "Logo de l'Avise, opérateur national du DLA"),
        "dla": ("Logo DLA", "Logo du Dispositif local d'accompagnement (DLA)"),
    }


@hookimpl(trylast=True)
def dladocs_logos(project: Any, region: Region) -> list[Logo]:
    logos = []
    for logo_id, (label, alt) in _labels().items():
        path = getattr(project.logos, logo_id)
        logos.append(
            Logo(
                id=logo_id,
                label=label,
                alt=alt,
                role="communication",
                path=project.resolve(path) if path else None,
            )
        )
    for key, path in sorted(project.logos.others.items()):
        logos.append(
            Logo(
                id=f"region:{key}",
                label=f"Logo {key}",
                alt=f"Logo {key}",
                role="partner",
                path=project.resolve(path),
            )
        )
    from dladocs.regions import slugify

    for porteur in project.porteurs:
        if porteur.logo is not None:
            logos.append(
                Logo(
                    id=f"porteur:{slugify(porteur.name)}",
                    label=f"Logo {porteur.name}",
                    alt=f"Logo d'un porteur de l'accompagnement : {porteur.name}",
                    role="porteur",
                    path=project.resolve(porteur.logo),
                )
            )
    if region.porteur is not None:
        logos.append(
            Logo(
                id="region:porteur",
                label=f"Logo {region.porteur.name}",
                alt=f"Logo du porteur du DLA régional : {region.porteur.name}",
                role="porteur",
                path=region.porteur.logo,
            )
        )
    logos.extend(region.logos)
    return logos


@hookimpl
def dladocs_requirements(
    document: DocumentType, project: Any, region: Region | None
) -> list[Requirement]:
    if not document.communication:
        return []
    return [
        Requirement("avise", "cover", "DLA-01", "Avise"),
        Requirement("dla", "cover", "DLA-02", "DLA"),
    ]
