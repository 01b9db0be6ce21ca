"""The EU block check: every rule of the programme's rule set on every surface."""

from __future__ import annotations

from collections.abc import Callable

from dladocs.reading import image_only
from dladocs.rules._geometry import _geometry
from dladocs.rules._logos import Found, _logos
from dladocs.rules._mention import _typography, mention_runs, near_texts
from dladocs.rules._presence import _presence
from dladocs.rules._statement import _pdf_fonts, _statement
from dladocs.rules._wording import ABBREVIATION, UNION, Wording
from dladocs.types import (
    CheckState,
    Rule,
    RuleSet,
    Surface,
    SurfaceRef,
    Violation,
)
from dladocs.typography import fold


def check_eu_block(state: CheckState, rule_set: RuleSet, wording: Wording) -> list[Violation]:
    """Every check of the EU block on every surface of ``state.inspection``."""
    rule = _rule_lookup(rule_set, state)
    found = {id(surface): _logos(surface, state) for surface in state.inspection.surfaces}
    violations: list[Violation] = []
    emblem_requirement = next((r for r in state.requirements if r.logo == "eu-emblem"), None)
    if emblem_requirement is not None:
        violations += _presence(
            state,
            found,
            "eu-emblem",
            emblem_requirement.scope,
            rule(wording.ids["presence"]),
            _missing_emblem_message(wording),
        )
    for surface in state.inspection.surfaces:
        emblems = [item for item in found[id(surface)] if item.logo == "eu-emblem"]
        for emblem in emblems:
            violations += _block(surface, emblem, found[id(surface)], state, rule, wording)
    statement = next((r for r in state.requirements if r.logo == "eu-statement"), None)
    if statement is not None:
        violations += _statement(state, statement, rule(wording.ids["statement"]), wording)
    if state.inspection.format == "pdf":
        violations += _pdf_fonts(state, rule(wording.ids["font"]))
    return violations


def _rule_lookup(
    rule_set: RuleSet, state: CheckState
) -> Callable[[str], Callable[[SurfaceRef, str], Violation]]:
    def lookup(rule_id: str) -> Callable[[SurfaceRef, str], Violation]:
        rule: Rule = rule_set.rule(rule_id)

        def make(where: SurfaceRef, message: str, *, severity: str | None = None) -> Violation:
            violation = rule.violation(where, message, strict=state.options.strict)
            if severity == "warning" and not state.options.strict:
                return Violation(
                    violation.rule,
                    "warning",
                    violation.surface,
                    violation.message,
                    violation.source,
                )
            return violation

        return make

    return lookup


def _missing_emblem_message(wording: Wording) -> str:
    return (
        "l'emblème de l'Union européenne (drapeau bleu aux 12 étoiles) est absent : placez-le avec "
        f"la mention {wording.required_label} en toutes lettres à côté, par exemple dans l'en-tête "
        "ou le pied de page pour qu'il figure sur chaque page"
    )


def _block(
    surface: Surface,
    emblem: Found,
    logos: list[Found],
    state: CheckState,
    rule: Callable[[str], Callable[..., Violation]],
    wording: Wording,
) -> list[Violation]:
    where = SurfaceRef.of(surface)
    ids = wording.ids
    violations: list[Violation] = []
    if image_only(surface):
        # No text to read: the page is reported as unverifiable (dladocs.reading); only
        # what the picture itself shows of the emblem is judged.
        return _geometry(where, surface, emblem, logos, [], state, rule, ids)
    near = near_texts(surface, emblem.picture, emblem.flag_box)
    text = fold(" ".join(run.text for run in near))
    in_image = emblem.coverage < 0.6
    image_note = (
        " (si la mention fait partie de l'image du logo, dladocs ne peut pas la lire : "
        "écrivez-la en texte à côté de l'emblème)"
        if in_image
        else ""
    )
    severity = "warning" if in_image else None
    missing = [pattern for pattern in wording.required if not pattern.search(text)]
    if missing:
        if ABBREVIATION.search(text) and not UNION.search(text):
            message = f"à côté de l'emblème, l'Union européenne est abrégée (« UE ») : écrivez {wording.required_label} en toutes lettres"
        else:
            message = f"la mention {wording.required_label} n'est pas écrite en toutes lettres à côté de l'emblème{image_note}"
        violations.append(rule(ids["union"])(where, message, severity=severity))
    if wording.fund is not None and not wording.fund.search(text):
        violations.append(
            rule(ids["fund"])(
                where,
                f"le fonds n'est pas cité à côté de l'emblème : ajoutez « Fonds social européen » sous « Union européenne »{image_note}",
                severity=severity,
            )
        )
    runs = mention_runs(near)
    violations += _typography(where, runs, emblem, state, rule, ids)
    violations += _geometry(where, surface, emblem, logos, near, state, rule, ids)
    return violations
