"""The emblem's geometry: size, proportions, rotation, colours and its size against the other logos."""

from __future__ import annotations

from collections.abc import Callable

from dladocs.rules._logos import Found
from dladocs.rules._mention import mention_runs
from dladocs.rules._presence import _COUNTABLE_HEIGHT
from dladocs.rules._wording import MIN_HEIGHT_PT
from dladocs.types import (
    POINTS_PER_CM,
    CheckState,
    Picture,
    Surface,
    SurfaceRef,
    TextRun,
    Violation,
)


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
