"""Effective run formatting in PresentationML text frames.

A run's property comes from the first of these that sets it: the run's
``a:rPr``; the paragraph's ``a:pPr/a:defRPr``; the level's ``a:defRPr`` in the
shape's own ``a:lstStyle``, then in the matching layout placeholder's, then in
the master placeholder's; the shape's ``p:style/a:fontRef`` (font and colour of
ordinary shapes); then, for a placeholder, the master's ``p:txStyles`` at the
paragraph's level (``titleStyle`` for titles, ``otherStyle`` for date, footer
and slide-number placeholders, ``bodyStyle`` for the others); for any other
shape (text box, autoshape, table), the presentation's ``p:defaultTextStyle``
and then the master's ``otherStyle``; and finally the theme (major font for
titles, minor font otherwise).

PowerPoint does not apply ``p:defaultTextStyle`` to placeholders: decks
converted from .ppt often set ``i="1"`` there, and their text boxes carry an
explicit ``i="0"`` while placeholder text, which has none, is upright.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from dladocs.inspect._drawingml import (
    COLOR_TAGS,
    Theme,
    color,
    effect_list,
    fill_color,
    line_is_visible,
    on,
)
from dladocs.inspect._opc import qn
from dladocs.types import Box, TextRun

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_HLINK_EXT = "{A12FA001-AC4F-418D-AE19-62706E023703}"


@dataclass(slots=True)
class TextContext:
    """Where a text frame takes its inherited formatting from."""

    theme: Theme
    clr_map: dict[str, str]
    list_styles: list[etree._Element] = field(default_factory=list)
    font_ref: etree._Element | None = None
    fallback_styles: list[etree._Element] = field(default_factory=list)
    title: bool = False
    slide_number: int = 0
    # Shared by every frame of one inspection: a deck repeats the same few formats on
    # every slide, and resolving one walks up to a dozen style elements.  Keys hold the
    # elements themselves (not their id()), so lxml keeps their proxies alive and unique.
    cache: dict[tuple[object, ...], object] = field(default_factory=dict)


@dataclass(slots=True)
class _Format:
    font: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    effects: tuple[str, ...] = ()
    color: str | None = None


def _level_sources(paragraph: etree._Element, ctx: TextContext) -> list[etree._Element]:
    """The ``defRPr``-like elements a paragraph's runs inherit from, nearest first."""
    ppr = paragraph.find(f"{A}pPr")
    try:
        level = int(ppr.get("lvl", "0") if ppr is not None else "0")
    except ValueError:
        level = 0
    level_tag = f"{A}lvl{min(max(level, 0), 8) + 1}pPr"
    own = ppr.find(f"{A}defRPr") if ppr is not None else None
    key = (
        "sources",
        level_tag,
        own,
        tuple(ctx.list_styles),
        ctx.font_ref,
        tuple(ctx.fallback_styles),
    )
    cached = ctx.cache.get(key)
    if cached is None:
        cached = ctx.cache[key] = _styles_sources(own, level_tag, ctx)
    return cached  # type: ignore[return-value]


def _styles_sources(
    own: etree._Element | None, level_tag: str, ctx: TextContext
) -> list[etree._Element]:
    sources: list[etree._Element] = []
    if own is not None:
        sources.append(own)
    for style in ctx.list_styles:
        for tag in (level_tag, f"{A}defPPr"):
            default = style.find(f"{tag}/{A}defRPr")
            if default is not None:
                sources.append(default)
    if ctx.font_ref is not None:
        sources.append(ctx.font_ref)
    for style in ctx.fallback_styles:
        for tag in (level_tag, f"{A}defPPr"):
            default = style.find(f"{tag}/{A}defRPr")
            if default is not None:
                sources.append(default)
    return sources


def _cached_format(
    rpr: etree._Element | None, sources: list[etree._Element], ctx: TextContext
) -> _Format:
    """:func:`_resolve`, once per distinct run properties, sources and context."""
    key = (
        "format",
        etree.tostring(rpr, with_tail=False) if rpr is not None else b"",
        tuple(sources),
        id(ctx.theme),  # themes live as long as the inspection (cached per part)
        tuple(ctx.clr_map.items()),
        ctx.title,
    )
    cached = ctx.cache.get(key)
    if cached is None:
        cached = ctx.cache[key] = _resolve(rpr, sources, ctx)
    return cached  # type: ignore[return-value]


def _resolve(  # noqa: C901, PLR0912, PLR0915  - the DrawingML inheritance chain (run, paragraph, list, shape, layout, master) in the order PowerPoint applies it
    rpr: etree._Element | None, sources: list[etree._Element], ctx: TextContext
) -> _Format:
    chain = ([rpr] if rpr is not None else []) + sources
    fmt = _Format()
    font_done = size_done = bold_done = italic_done = underline_done = False
    color_done = effects_done = outline_done = highlight_done = False
    effects: list[str] = []
    for element in chain:
        if element.tag == f"{A}fontRef":
            if not font_done:
                idx = element.get("idx", "minor")
                fmt.font = ctx.theme.major if idx == "major" else ctx.theme.minor
                font_done = idx in ("major", "minor")
            colour = next((c for c in element if c.tag in COLOR_TAGS), None)
            if not color_done and colour is not None:
                fmt.color = color(colour, ctx.theme, ctx.clr_map)
                color_done = True
            continue
        if not font_done:
            latin = element.find(f"{A}latin")
            typeface = latin.get("typeface") if latin is not None else None
            if typeface:
                fmt.font = ctx.theme.font(typeface)
                font_done = True
        if not size_done and element.get("sz"):
            try:
                fmt.size = int(element.get("sz", "0")) / 100
                size_done = True
            except ValueError:
                pass
        if not bold_done and element.get("b") is not None:
            fmt.bold, bold_done = on(element.get("b")), True
        if not italic_done and element.get("i") is not None:
            fmt.italic, italic_done = on(element.get("i")), True
        if not underline_done and element.get("u") is not None:
            fmt.underline, underline_done = element.get("u") != "none", True
        if not color_done:
            declared, value = fill_color(element, ctx.theme, ctx.clr_map)
            if declared:
                fmt.color, color_done = value, True
        if not effects_done:
            lst = element.find(f"{A}effectLst")
            if lst is None:
                lst = element.find(f"{A}effectDag")
            if lst is not None:
                effects.extend(effect_list(lst))
                effects_done = True
        if not outline_done:
            line = element.find(f"{A}ln")
            if line is not None:
                if line_is_visible(line):
                    effects.append("outline")
                outline_done = True
        if not highlight_done:
            highlight = element.find(f"{A}highlight")
            if highlight is not None:
                effects.append("highlight")
                highlight_done = True
    if not font_done:
        fmt.font = ctx.theme.major if ctx.title else ctx.theme.minor
    if not size_done:
        fmt.size = 18.0
    if not color_done:
        fmt.color = ctx.theme.colors.get(ctx.clr_map.get("tx1", "dk1"))
    if rpr is not None:
        link = rpr.find(f"{A}hlinkClick")
        if link is not None and link.get(qn("r:id")):
            # PowerPoint draws hyperlinks underlined, in the theme's link colour.
            fmt.underline = True
            own_colour = any(
                ext.get("uri") == _HLINK_EXT and len(ext) and ext[0].get("val") == "tx"
                for ext in link.iter(f"{A}ext")
            )
            if not own_colour:
                fmt.color = ctx.theme.colors.get(ctx.clr_map.get("hlink", "hlink"), fmt.color)
    fmt.effects = tuple(dict.fromkeys(effects))
    return fmt


def text_runs(
    tx_body: etree._Element,
    ctx: TextContext,
    box: Box | None,
    group: str,
    origin: str,
) -> list[TextRun]:
    """The visible runs of a text body, adjacent runs with equal formatting merged."""
    runs: list[TextRun] = []
    for paragraph in tx_body.iter(f"{A}p"):
        sources = _level_sources(paragraph, ctx)
        pending: tuple[str, _Format] | None = None
        for child in paragraph:
            if child.tag not in (f"{A}r", f"{A}fld"):
                continue
            text_el = child.find(f"{A}t")
            text = text_el.text if text_el is not None and text_el.text else ""
            if child.tag == f"{A}fld" and child.get("type") == "slidenum" and ctx.slide_number:
                text = str(ctx.slide_number)
            if not text:
                continue
            fmt = _cached_format(child.find(f"{A}rPr"), sources, ctx)
            if pending is not None and pending[1] == fmt:
                pending = (pending[0] + text, fmt)
                continue
            if pending is not None:
                runs.append(_run(pending, box, group, origin))
            pending = (text, fmt)
        if pending is not None:
            runs.append(_run(pending, box, group, origin))
    return [run for run in runs if run.text.strip()]


def _run(item: tuple[str, _Format], box: Box | None, group: str, origin: str) -> TextRun:
    text, fmt = item
    return TextRun(
        text=text,
        font=fmt.font,
        size=fmt.size,
        bold=fmt.bold,
        italic=fmt.italic,
        underline=fmt.underline,
        effects=fmt.effects,
        color=fmt.color,
        box=box,
        group=group,
        origin=origin,
    )
