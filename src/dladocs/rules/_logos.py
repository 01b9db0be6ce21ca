"""The logos on a surface: pictures recognised, the emblem drawn as vectors, and what is visible."""

from __future__ import annotations

from dataclasses import dataclass

from dladocs.types import (
    Box,
    CheckState,
    Picture,
    Surface,
)


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
    from dladocs.recognition import find_emblem_shared

    image = surface.render(box, _RENDER_HEIGHT)
    if image is None:
        return True  # no rendering: nothing to say
    match = find_emblem_shared(image, stars=False)  # the stars were judged on the picture itself
    return match is not None and match.coverage >= 0.6


def _vector_emblem(surface: Surface) -> Picture | None:
    """An emblem the page draws with paths (no image): found on the rendered page."""
    from dladocs.recognition import find_emblem_shared

    if surface.render is None or not surface.width or not surface.height:
        return None
    page_px = int((_PAGE_PIXELS * surface.height / surface.width) ** 0.5)
    image = surface.render(None, page_px)
    if image is None:
        return None
    # Found here, judged later on its crop (Picture.load) like any emblem picture.
    match = find_emblem_shared(image, work_pixels=_PAGE_PIXELS, stars=False)
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
