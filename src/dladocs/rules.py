"""The EU visibility rules evaluated on inspected surfaces.

A programme's rule set (registered by a plugin, see ``default_plugins/fse.py``)
names its rules and wording; the checks themselves are shared, because the
2014-2020 and 2021-2027 rules differ in their wording and identifiers far more
than in what they measure: the emblem on each page, the words next to it,
their typography, and the emblem's size against the other logos.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dladocs.reading import image_only
from dladocs.types import (
    POINTS_PER_CM,
    Box,
    CheckState,
    Picture,
    Requirement,
    Rule,
    RuleSet,
    Surface,
    SurfaceRef,
    TextRun,
    Violation,
)
from dladocs.typography import fold

ALLOWED_FONTS = ("arial", "auto", "calibri", "garamond", "trebuchet", "tahoma", "verdana", "ubuntu")
# Metric-compatible twins that LibreOffice embeds when the genuine font is missing.
SUBSTITUTES = {
    "liberationsans": (
        "Liberation Sans",
        "Arial",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer) ou exportez le PDF depuis Word ou PowerPoint",
    ),
    "liberationsansnarrow": (
        "Liberation Sans Narrow",
        "Arial Narrow",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer)",
    ),
    "carlito": (
        "Carlito",
        "Calibri",
        "installez la police Calibri (fournie avec Microsoft Office) ou exportez le PDF depuis Word ou PowerPoint",
    ),
    "arimo": (
        "Arimo",
        "Arial",
        "installez les polices Microsoft (paquet ttf-mscorefonts-installer)",
    ),
}
ALLOWED_COLOURS = {"003399": "bleu Reflex", "000000": "noir", "FFFFFF": "blanc"}
MIN_HEIGHT_PT = POINTS_PER_CM  # G-01: 1 cm
# The effects inspection names (in English, as the file formats do), said in French.
EFFECT_LABELS = {
    "shadow": "ombre",
    "inner-shadow": "ombre intérieure",
    "outline": "contour",
    "emboss": "relief",
    "imprint": "empreinte",
    "glow": "halo lumineux",
    "reflection": "reflet",
    "soft-edge": "bords adoucis",
    "blur": "flou",
    "fill-overlay": "remplissage superposé",
    "highlight": "surlignage",
    "animation": "animation",
    "3d": "effet 3D",
}
# A run belongs to the EU mention when it carries one of these (folded) words: the
# typography rules apply to the mention, not to every text that happens to be near.
MENTION = re.compile(
    r"union|europeen|european|cofinance|finance par|funded by|(?<![a-z])(fse|esf|ue|eu)(?![a-z])"
)


# --------------------------------------------------------------------------- wording


@dataclass(frozen=True, slots=True)
class Wording:
    """What a programme wants written next to the emblem, and its rule ids."""

    required: tuple[re.Pattern[str], ...]  # each must match the text next to the emblem
    required_label: str  # French, for messages
    fund: re.Pattern[str] | None
    statement: re.Pattern[str]
    ids: dict[str, str]
    statement_example: str = "« Ce projet est cofinancé par le Fonds social européen… »"  # role → rule id: presence, union, fund, statement, font, style, ...
    # On every page of a form, the statement itself (that the fund supports the operation),
    # not merely the fund's name that the emblem block of a header already carries.
    page_statement: re.Pattern[str] | None = None


# « Union européenne », or its English form, which E14-07 accepts too.
UNION = re.compile(r"union\s+europeenne|european\s+union")
ABBREVIATION = re.compile(r"(?<![a-z])(ue|eu)(?![a-z])")


# --------------------------------------------------------------------------- the check


@dataclass(slots=True)
class Found:
    """A recognised logo on a surface, with the size of its flag rectangle when it is the emblem."""

    picture: Picture
    logo: str
    flag_width: float
    flag_height: float
    palette: str = "colour"
    aspect: float = 1.5
    coverage: float = 1.0
    rotated: bool = False
    # The flag rectangle on the surface, when the picture holds more than the flag (a block
    # with its text, a letterhead): text placement is judged against the flag, not the picture.
    flag_box: Box | None = None
    stars: int = 12
    star_shape: str | None = None
    flag_pixels: int = 0  # the flag's height in the image's own pixels
    tilted: bool = False
    hidden: bool = False  # drawn, but not visible as drawn (clipped, covered: PDF pages)
    field: tuple[int, int, int] = (0, 0, 0)  # measured colours, (0, 0, 0) when unknown
    star_colour: tuple[int, int, int] = (0, 0, 0)


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


def surface_logos(surface: Surface, state: CheckState) -> list[Found]:
    """The logos recognised on ``surface`` (computed once per check), for plugins' rules."""
    return _logos(surface, state)


def _logos(surface: Surface, state: CheckState) -> list[Found]:
    key = ("logos", id(surface))
    if key not in state.memo:
        state.memo[key] = _find_logos(surface, state)
    return list(state.memo[key])


def _find_logos(surface: Surface, state: CheckState) -> list[Found]:
    found = _recognised(surface, state)
    emblems = [item for item in found if item.logo == "eu-emblem"]
    for item in emblems:
        item.hidden = _covered(surface, item) > _MAX_COVERED
    if surface.render is None or state.emblem is None:
        return found
    for item in emblems:
        item.hidden = item.hidden or not _visible(surface, item)
    if not emblems and surface.vector_hint:
        vector = _vector_emblem(surface)
        if vector is not None:
            surface.pictures.append(vector)
            found += _recognised(Surface(surface.kind, surface.index, pictures=[vector]), state)
    return found


# A PDF emblem is looked at as drawn, at this height in pixels: enough to count its stars.
_RENDER_HEIGHT = 150
# A page searched for an emblem drawn as vectors: 110 dpi on A4, where a 1 cm flag is 43 px.
_PAGE_PIXELS = 1_200_000


# A shape painted over more than this share of the flag hides it (a frame's edge may touch it).
_MAX_COVERED = 0.05


def _covered(surface: Surface, item: Found) -> float:
    """The share of the flag that shapes painted after it cover (slides: z-order)."""
    box = item.flag_box or item.picture.box
    if box is None or not box.width or not box.height:
        return 0.0
    area = 0.0
    for order, cover in surface.covers:
        if order <= item.picture.order:
            continue
        width = min(box.right, cover.right) - max(box.x, cover.x)
        height = min(box.bottom, cover.bottom) - max(box.y, cover.y)
        if width > 0 and height > 0:
            area += width * height
    return min(1.0, area / (box.width * box.height))


def _visible(surface: Surface, item: Found) -> bool:
    """Whether the emblem still shows where it is drawn (not clipped, covered or faded out)."""
    box = item.flag_box or item.picture.box
    if box is None or surface.render is None:
        return True
    from dladocs.recognition import find_emblem

    image = surface.render(box, _RENDER_HEIGHT)
    if image is None:
        return True  # no rendering: nothing to say
    match = find_emblem(image, stars=False)  # the stars were judged on the picture itself
    return match is not None and match.coverage >= 0.6


def _vector_emblem(surface: Surface) -> Picture | None:
    """An emblem the page draws with paths (no image): found on the rendered page."""
    from dladocs.recognition import find_emblem

    if surface.render is None or not surface.width or not surface.height:
        return None
    page_px = int((_PAGE_PIXELS * surface.height / surface.width) ** 0.5)
    image = surface.render(None, page_px)
    if image is None:
        return None
    # Found here, judged later on its crop (Picture.load) like any emblem picture.
    match = find_emblem(image, work_pixels=_PAGE_PIXELS, stars=False)
    if match is None:
        return None
    left, top, right, bottom = match.box
    scale = surface.height / image.height
    crop = image.crop(match.box)
    return Picture(
        width=(right - left) * scale,
        height=(bottom - top) * scale,
        box=Box(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale),
        name="",
        description="emblème dessiné en vectoriel",
        origin="vector",
        group="page",
        pixel_size=crop.size,
        load=lambda: crop,
    )


def _recognised(surface: Surface, state: CheckState) -> list[Found]:
    found: list[Found] = []
    for picture in surface.pictures:
        logo = state.recognise(picture)
        if logo is None:
            continue
        item = Found(picture, logo, picture.width, picture.height)
        match = state.emblem(picture) if logo == "eu-emblem" and state.emblem is not None else None
        if match is not None:
            left, top, right, bottom = match.box
            width_px, height_px = _pixels(picture)
            if width_px and height_px:
                item.flag_width = picture.width * (right - left) / width_px
                item.flag_height = picture.height * (bottom - top) / height_px
                if picture.box is not None and not picture.rotation and not picture.flipped:
                    item.flag_box = Box(
                        picture.box.x + picture.box.width * left / width_px,
                        picture.box.y + picture.box.height * top / height_px,
                        item.flag_width,
                        item.flag_height,
                    )
            item.stars = match.stars
            item.star_shape = match.star_shape
            item.flag_pixels = bottom - top
            item.tilted = match.tilted
            item.palette = match.palette
            item.field, item.star_colour = match.field, match.star_colour
            item.aspect = match.aspect
            item.coverage = match.coverage
            item.rotated = bool(getattr(match, "rotated", False))
        found.append(item)
    return found


def _pixels(picture: Picture) -> tuple[int, int]:
    if picture.pixel_size:
        return picture.pixel_size
    image = picture.load() if picture.load else None
    return image.size if image is not None else (0, 0)


# --------------------------------------------------------------------------- presence


_EMPTY_KIND = {"pptx": "slide", "docx": "body", "pdf": "page"}
# From this height in pixels, a flag's twelve stars are each clearly drawn: one missing
# is a modified emblem, not a thumbnail or a JPEG that lost a star.
_COUNTABLE_HEIGHT = 60


def covered_surfaces(surfaces: list[Surface], scope: str) -> list[Surface]:
    """The surfaces a requirement of ``scope`` applies to.

    DOCX bodies are not pages: a page shows its header band (and its body),
    so requirements on every page are checked on the header bands; a body
    picture before the first page break stands in for the cover's band.
    """
    pages = [s for s in surfaces if s.kind in ("slide", "page", "header")]
    if scope == "every-surface":
        return pages
    if scope == "cover":
        if pages and pages[0].kind == "header":
            # A section with a distinct first page shows its first-page band on the cover.
            section = [s for s in pages if s.kind == "header" and s.index == pages[0].index]
            return [s for s in section if s.variant == "first"][:1] or pages[:1]
        return pages[:1]
    return []


def _presence(
    state: CheckState,
    found: dict[int, list[Found]],
    logo: str,
    scope: str,
    make: Callable[[SurfaceRef, str], Violation],
    message: str,
) -> list[Violation]:
    surfaces = state.inspection.surfaces
    if not surfaces:
        # No slide, no page: nothing can show the logo (an empty deck is not compliant).
        where = SurfaceRef(_EMPTY_KIND.get(state.inspection.format, "page"), 0, label="le fichier")
        return [make(where, f"{message} (le fichier ne contient aucune page ni diapositive)")]

    def has(surface: Surface) -> bool:
        return any(item.logo == logo for item in found[id(surface)])

    if scope == "document":
        if any(has(s) for s in surfaces):
            return []
        return [make(SurfaceRef.of(surfaces[0]), message)]
    violations = []
    for surface in covered_surfaces(surfaces, scope):
        if has(surface):
            continue
        if surface.kind == "header" and _body_first_page_has(surfaces, surface, found, logo):
            continue
        violations.append(make(SurfaceRef.of(surface), message))
    return violations


def _body_first_page_has(
    surfaces: list[Surface], band: Surface, found: dict[int, list[Found]], logo: str
) -> bool:
    """A first-page band without the logo is fine when the section's first page shows it in its body."""
    if band.variant != "first":
        return False
    return any(
        item.logo == logo and item.picture.origin == "body-first-page"
        for surface in surfaces
        if surface.kind == "body" and surface.index == band.index
        for item in found[id(surface)]
    )


def requirement_presence(
    state: CheckState,
    requirement: Requirement,
    make: Callable[[SurfaceRef, str], Violation],
    message: str,
) -> list[Violation]:
    found = {id(surface): _logos(surface, state) for surface in state.inspection.surfaces}
    return _presence(state, found, requirement.logo, requirement.scope, make, message)


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


def _geometry(  # noqa: C901  - one check per rule of the emblem's geometry
    where: SurfaceRef,
    surface: Surface,
    emblem: Found,
    logos: list[Found],
    near: list[TextRun],
    state: CheckState,
    rule: Callable[[str], Callable[..., Violation]],
    ids: dict[str, str],
) -> list[Violation]:
    violations: list[Violation] = []
    picture = emblem.picture
    box = picture.box
    flag = emblem.flag_box or box
    if (
        box is not None
        and surface.width
        and surface.height
        and (
            box.x < -1
            or box.y < -1
            or box.right > surface.width + 1
            or box.bottom > surface.height + 1
        )
    ):
        violations.append(
            rule(ids["presence"])(
                where, "l'emblème dépasse du bord de la page : il doit être entièrement visible"
            )
        )
    if emblem.hidden:
        violations.append(
            rule(ids["presence"])(
                where,
                "l'emblème n'est pas entièrement visible sur la page telle qu'elle s'affiche : il est "
                "rogné, masqué par un autre élément ou effacé ; placez-le au premier plan, en entier",
            )
        )
    if flag is not None:
        for run in mention_runs(near):
            if run.box is not None and run.box.intersects(flag):
                violations.append(
                    rule(ids["overlap"])(
                        where,
                        "la mention chevauche l'emblème : placez-la à côté, sans la superposer au drapeau",
                    )
                )
                break
    # Not modified: proportions, rotation, crop, colours (E14-14 / E21-10).
    distortion = _distortion(picture)
    if distortion is not None and abs(distortion - 1) > 0.01:
        violations.append(
            rule(ids["modified"])(
                where,
                f"l'emblème est déformé (proportions modifiées de {abs(distortion - 1) * 100:.0f} %) : rétablissez ses proportions d'origine 3:2",
            )
        )
    elif (
        not emblem.rotated
        and emblem.aspect
        and abs(emblem.aspect / 1.5 - 1) > 0.08
        and emblem.coverage > 0.6
    ):
        violations.append(
            rule(ids["modified"])(
                where,
                f"l'emblème n'a pas les proportions 3:2 (rapport mesuré {emblem.aspect:.2f}) : utilisez le drapeau officiel sans le déformer",
            )
        )
    changes = [
        name
        for name, on in (
            ("pivoté", bool(picture.rotation) or emblem.rotated or emblem.tilted),
            ("retourné", picture.flipped),
            ("rogné", picture.cropped),
            ("recoloré", picture.recoloured),
        )
        if on
    ]
    if changes:
        violations.append(
            rule(ids["modified"])(
                where, f"l'emblème est {', '.join(changes)} : il ne doit pas être modifié"
            )
        )
    if emblem.stars < 12 and emblem.flag_pixels >= _COUNTABLE_HEIGHT:
        violations.append(
            rule(ids["modified"])(
                where,
                f"l'emblème compte {emblem.stars} étoiles au lieu de 12 : utilisez le drapeau officiel, "
                "dont le nombre d'étoiles est invariable",
            )
        )
    if emblem.star_shape in ("disc", "other"):
        shape = "des disques" if emblem.star_shape == "disc" else "d'une autre forme"
        violations.append(
            rule(ids["modified"])(
                where,
                f"les étoiles de l'emblème sont {shape}, pas des étoiles à cinq branches pointe en "
                "haut : utilisez le drapeau officiel",
            )
        )
    if emblem.palette == "other":
        violations.append(
            rule(ids["recoloured"])(
                where,
                f"{_colour_fault(emblem)} : remplacez cette image par le drapeau officiel (bleu Reflex #003399, étoiles jaunes #FFCC00)",
            )
        )
    elif emblem.palette in ("black", "blue"):
        version = (
            "a des étoiles blanches sur fond bleu (version monochrome)"
            if emblem.palette == "blue"
            else "est en noir et blanc (version monochrome)"
        )
        violations.append(
            rule(ids["colours"])(
                where,
                f"l'emblème {version} : la version couleur, étoiles jaunes sur bleu Reflex, est la règle ; le monochrome doit être justifié",
                severity="warning",
            )
        )
    # Size against every other logo on the same page or slide (E14-13 / E21-11).  A DOCX
    # body spans pages: there, only the logos of the emblem's own paragraph or row count.
    others = [
        item
        for item in logos
        if item.logo != "eu-emblem"
        and (surface.kind != "body" or (item.picture.group and item.picture.group == picture.group))
    ]
    # Logos nobody named: pictures beside the emblem, or small, that are not photographs.
    from dladocs.other_logos import unnamed_logos

    known = {id(item.picture) for item in logos}
    others += [
        Found(other, "", other.width, other.height)
        for other in unnamed_logos(surface, picture, emblem.flag_box, known, state.memo)
    ]
    if others:
        tallest = max(others, key=lambda item: item.picture.height)
        widest = max(others, key=lambda item: item.picture.width)
        height_ok = emblem.flag_height + 0.5 >= tallest.picture.height
        width_ok = emblem.flag_width + 0.5 >= widest.picture.width
        ok = height_ok if state.options.strict_size else (height_ok or width_ok)
        if not ok:
            mode = "en hauteur" if state.options.strict_size else "en hauteur comme en largeur"
            violations.append(
                rule(ids["relative_size"])(
                    where,
                    f"l'emblème ({emblem.flag_width / POINTS_PER_CM:.1f} × {emblem.flag_height / POINTS_PER_CM:.1f} cm) est plus petit {mode} "
                    f"que {_logo_label(tallest)} ({tallest.picture.width / POINTS_PER_CM:.1f} × {tallest.picture.height / POINTS_PER_CM:.1f} cm) : "
                    "agrandissez l'emblème ou réduisez les autres logos",
                )
            )
    if emblem.flag_height and emblem.flag_height < MIN_HEIGHT_PT - 0.5:
        violations.append(
            rule(ids["min_height"])(
                where,
                f"l'emblème mesure {emblem.flag_height / POINTS_PER_CM:.2f} cm de haut : 1 cm au moins est recommandé",
                severity="warning",
            )
        )
    return violations


def _colour_fault(emblem: Found) -> str:
    """Which colour of the emblem is wrong, with the colour measured."""
    from dladocs.emblem import EU_BLUE, EU_YELLOW
    from dladocs.recognition import colour_distance

    def hexa(colour: tuple[int, int, int]) -> str:
        return "#{:02X}{:02X}{:02X}".format(*colour)

    faults = []
    if emblem.field != (0, 0, 0) and colour_distance(emblem.field, EU_BLUE) > 25:
        faults.append(f"le fond du drapeau est {hexa(emblem.field)}, pas le bleu Reflex #003399")
    if emblem.star_colour != (0, 0, 0) and colour_distance(emblem.star_colour, EU_YELLOW) > 25:
        faults.append(f"les étoiles sont {hexa(emblem.star_colour)}, pas le jaune #FFCC00")
    if not faults:
        return "l'emblème n'a pas ses couleurs officielles"
    return "l'emblème n'a pas ses couleurs officielles (" + " ; ".join(faults) + ")"


def _logo_label(item: Found) -> str:
    """« le logo « Avise » », or where an unnamed logo stands (file names mean nothing here)."""
    if item.logo or item.picture.description:
        return f"le logo « {item.picture.description or item.logo} »"
    box = item.picture.box
    if box is None:
        return "une autre image du même paragraphe, prise pour un logo"
    return (
        f"l'autre logo placé à {box.x / POINTS_PER_CM:.1f} cm du bord gauche et "
        f"{box.y / POINTS_PER_CM:.1f} cm du haut"
    )


def _distortion(picture: Picture) -> float | None:
    if not picture.pixel_size or not picture.height or not picture.width:
        return None
    width_px, height_px = picture.pixel_size
    if not height_px or not width_px or picture.cropped:
        return None
    return (picture.width / picture.height) / (width_px / height_px)


# --------------------------------------------------------------------------- statement and fonts


def _statement(
    state: CheckState, requirement: Requirement, make: Callable[..., Violation], wording: Wording
) -> list[Violation]:
    surfaces = state.inspection.surfaces
    message = (
        "la mention du cofinancement européen est absente : ajoutez-la "
        f"(par exemple en pied de page) — {wording.statement_example}"
    )
    if any(image_only(s) for s in surfaces):
        return []  # the statement may be in the pixels: those pages are reported unverifiable
    if requirement.scope == "document":
        everything = fold(" ".join(s.text for s in surfaces))
        if wording.statement.search(everything):
            return []
        return [make(SurfaceRef.of(surfaces[0]), message)] if surfaces else []
    violations = []
    pattern = wording.page_statement or wording.statement
    for surface in covered_surfaces(surfaces, requirement.scope):
        if not pattern.search(fold(surface.text)):
            violations.append(
                make(
                    SurfaceRef.of(surface),
                    message + " sur chaque page, car les pages d'un formulaire sont séparées",
                )
            )
    return violations


def _pdf_fonts(state: CheckState, make: Callable[..., Violation]) -> list[Violation]:
    # Form-field widgets name standard fonts that viewers supply: only the text
    # printed on the pages themselves must carry its fonts.
    printed = {
        run.font
        for surface in state.inspection.surfaces
        for run in surface.texts
        if run.font and run.origin != "annotation" and run.text.strip()
    }
    fonts = state.inspection.metadata.get("fonts", [])
    not_embedded = sorted(
        {f["name"] for f in fonts if not f.get("embedded") and f["name"] in printed}
    )
    if not not_embedded:
        return []
    where = SurfaceRef("page", 1, label="page 1")
    # The mention is concerned only when it is set in one of those fonts.
    in_mention = {
        run.font
        for surface in state.inspection.surfaces
        for run in mention_runs(surface.texts)
        if run.origin != "annotation"
    }
    mention = [name for name in not_embedded if name in in_mention]
    others = [name for name in not_embedded if name not in in_mention]
    violations = []
    if mention:
        violations.append(
            make(
                where,
                "police de la mention non incorporée au PDF ("
                + ", ".join(mention)
                + ") : l'affichage de la mention dépendra de l'ordinateur du lecteur ; exportez "
                "le PDF avec les polices incorporées",
                severity="warning",
            )
        )
    if others:
        # Not the EU font rule (the mention is fine): a reading warning of dladocs' own.
        violations.append(
            Violation(
                "VERIF-03",
                "warning",
                where,
                "polices non incorporées au PDF ("
                + ", ".join(others)
                + ") : elles ne servent pas à la mention, mais le texte qu'elles composent "
                "s'affichera selon les polices de l'ordinateur du lecteur ; exportez le PDF avec "
                "les polices incorporées",
                "dladocs : lisibilité du PDF",
            )
        )
    return violations
