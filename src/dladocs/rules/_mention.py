"""The mention next to the emblem: the text near it, its block, and its typography."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from dladocs.rules._logos import Found
from dladocs.rules._wording import (
    ALLOWED_COLOURS,
    ALLOWED_FONTS,
    EFFECT_LABELS,
    MENTION,
    SUBSTITUTES,
)
from dladocs.types import (
    Box,
    CheckState,
    Picture,
    Surface,
    SurfaceRef,
    TextRun,
    Violation,
)
from dladocs.typography import fold

# --------------------------------------------------------------------------- the block next to the emblem


def near_texts(surface: Surface, emblem: Picture, flag: Box | None = None) -> list[TextRun]:
    """The text runs that read as written next to the emblem.

    With geometry (slides, PDF pages): a run beside the flag (overlapping
    its height) within one flag height, or under or above it (overlapping
    its width) within a quarter of its height — a heading further down the page
    is not part of the mention.  ``flag`` is the flag rectangle when the picture
    holds more than the flag.  Without geometry (DOCX): the runs of the same
    container (table row or paragraph), else those of the paragraphs just
    before and after it in the same header, footer or body.
    """
    box = flag or emblem.box
    if box is not None and any(run.box is not None for run in surface.texts):
        near = []
        for run in surface.texts:
            if run.box is None or not run.text.strip():
                continue
            gap = box.gap(run.box)
            side = run.box.y < box.bottom and box.y < run.box.bottom and gap <= box.height
            stacked = run.box.x < box.right and box.x < run.box.right and gap <= box.height / 4
            if side or stacked:
                near.append(run)
        return near
    if not emblem.group:
        return list(surface.texts) if surface.kind == "header" else []
    same = [run for run in surface.texts if run.group == emblem.group]
    if same:
        return same
    home = _block_position(emblem.group)
    if home is None:
        return []
    return [
        run
        for run in surface.texts
        if (position := _block_position(run.group)) is not None
        and position[0] == home[0]
        and abs(position[1] - home[1]) <= NEIGHBOUR_BLOCKS
    ]


# The wording may sit in the paragraph just under (or above) the emblem's, not further.
NEIGHBOUR_BLOCKS = 1
_BLOCK = re.compile(r"^(?P<part>.*)#[pt](?P<index>\d+)(r\d+)?$")


def _block_position(group: str) -> tuple[str, int] | None:
    """(part, block index) of a DOCX group name such as ``word/header1.xml#t0r0``."""
    found = _BLOCK.match(group or "")
    return (found.group("part"), int(found.group("index"))) if found else None


def mention_runs(runs: Iterable[TextRun]) -> list[TextRun]:
    return [run for run in runs if MENTION.search(fold(run.text))]


def _font_family(name: str) -> str:
    base = name.split("+", 1)[1] if "+" in name[:7] else name
    base = re.sub(
        r"[-,](bold|italic|oblique|regular|bolditalic|boldoblique|mt|psmt|boldmt|italicmt)+$",
        "",
        base,
        flags=re.I,
    )
    return re.sub(r"[\s_-]", "", base).lower()


def font_verdict(name: str | None) -> tuple[str, str]:
    """``("ok"|"substitute"|"unknown"|"bad", detail)`` for the font of a mention run."""
    if not name:
        return "unknown", ""
    family = _font_family(name)
    for allowed in ALLOWED_FONTS:
        if family.startswith(allowed):
            return "ok", ""
    # Longest first: Liberation Sans Narrow is not Liberation Sans.
    for substitute in sorted(SUBSTITUTES, key=len, reverse=True):
        if family.startswith(substitute):
            display, genuine, how = SUBSTITUTES[substitute]
            return (
                "substitute",
                f"« {display} » remplace {genuine} (même chasse, mais ce n'est pas la police autorisée) : {how}",
            )
    return (
        "bad",
        f"« {name} » n'est pas une police autorisée pour la mention (Arial, Auto, Calibri, Garamond, Trebuchet, Tahoma, Verdana ou Ubuntu)",
    )


def _typography(
    where: SurfaceRef,
    runs: list[TextRun],
    emblem: Found,
    state: CheckState,
    rule: Callable[[str], Callable[..., Violation]],
    ids: dict[str, str],
) -> list[Violation]:
    violations: list[Violation] = []
    seen: set[str] = set()

    def once(key: str, violation: Violation) -> None:
        if key not in seen:
            seen.add(key)
            violations.append(violation)

    for run in runs:
        verdict, detail = font_verdict(run.font)
        if verdict == "bad":
            once(f"font:{run.font}", rule(ids["font"])(where, f"police de la mention : {detail}"))
        elif verdict == "substitute":
            once(
                f"font:{run.font}",
                rule(ids["font"])(where, f"police de la mention : {detail}", severity="warning"),
            )
        styles = [
            name for name, on in (("italique", run.italic), ("souligné", run.underline)) if on
        ]
        styles += [EFFECT_LABELS.get(effect, effect) for effect in run.effects]
        if styles:
            once(
                "style:" + ",".join(styles),
                rule(ids["style"])(
                    where,
                    f"la mention « {run.text.strip()} » a un style interdit ({', '.join(styles)}) : retirez italique, soulignement et effets",
                ),
            )
        if run.color and run.color.upper() not in ALLOWED_COLOURS:
            once(
                f"colour:{run.color}",
                rule(ids["colour"])(
                    where,
                    f"la mention « {run.text.strip()} » est en couleur #{run.color.upper()} : utilisez le bleu Reflex (#003399), le noir ou le blanc",
                ),
            )
        if run.size and emblem.flag_height:
            ratio = run.size / emblem.flag_height
            if ratio < 0.2 or ratio > 1.0:
                once(
                    "size",
                    rule(ids["text_size"])(
                        where,
                        f"la mention est en {run.size:.0f} pt pour un emblème de {emblem.flag_height:.0f} pt de haut : "
                        "gardez une taille de texte proportionnée (entre 1/5 et 1 fois la hauteur de l'emblème)",
                        severity="warning",
                    ),
                )
    return violations
