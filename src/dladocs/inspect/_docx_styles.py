"""Effective run formatting in WordprocessingML.

Word layers run properties as: ``w:docDefaults``, then the table style, the
paragraph style and the character style (each following its ``w:basedOn``
chain, nearest definition first), then the run's own ``w:rPr``.  Ordinary
properties take the nearest definition.  *Toggle* properties (bold, italic,
hidden, shadow, outline, emboss, imprint) follow ECMA-376 §17.7.3: set in a
style, they flip the state built up so far (so italic in both the paragraph
style and the character style gives upright text); set directly on the run,
they are absolute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from dladocs.inspect._drawingml import Theme, measure, on

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

TOGGLES = ("b", "i", "iCs", "vanish", "specVanish", "shadow", "outline", "emboss", "imprint")
_TOGGLE_EFFECTS = {
    "shadow": "shadow",
    "outline": "outline",
    "emboss": "emboss",
    "imprint": "imprint",
}
_W14_EFFECTS = {
    "glow": "glow",
    "shadow": "shadow",
    "reflection": "reflection",
    "textOutline": "outline",
    "props3d": "3d",
}
_THEME_COLOURS = {
    "text1": "tx1",
    "background1": "bg1",
    "text2": "tx2",
    "background2": "bg2",
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
_WORD_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_MAPPING_ATTRS = {
    "bg1": "bg1",
    "t1": "tx1",
    "bg2": "bg2",
    "t2": "tx2",
}
_MAPPING_VALUES = {"light1": "lt1", "dark1": "dk1", "light2": "lt2", "dark2": "dk2"}


@dataclass(frozen=True, slots=True)
class RunFormat:
    font: str | None
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    effects: tuple[str, ...]
    color: str | None
    hidden: bool


@dataclass(slots=True)
class _Style:
    kind: str
    based_on: str | None
    rpr: etree._Element | None
    ppr: etree._Element | None


@dataclass(slots=True)
class _Layer:
    """Properties one ``w:rPr`` declares (absent keys are not declared)."""

    values: dict[str, object] = field(default_factory=dict)


def _val(element: etree._Element) -> str | None:
    return element.get(f"{W}val")


class Styles:
    """The styles part, the theme and the settings of one document."""

    def __init__(
        self,
        styles: etree._Element | None,
        theme: Theme,
        settings: etree._Element | None,
    ) -> None:
        self.theme = theme
        self.styles: dict[str, _Style] = {}
        self.defaults: dict[str, str] = {}
        self.doc_defaults: _Layer = _Layer()
        self.doc_defaults_ppr: etree._Element | None = None
        self._chains: dict[tuple[str, str | None], list[_Layer]] = {}
        self._cache: dict[tuple[int, str | None, str | None, str | None], RunFormat] = {}
        self.clr_map = dict(_WORD_MAP)
        if settings is not None:
            mapping = settings.find(f"{W}clrSchemeMapping")
            if mapping is not None:
                for attr, key in _MAPPING_ATTRS.items():
                    value = mapping.get(f"{W}{attr}")
                    if value in _MAPPING_VALUES:
                        self.clr_map[key] = _MAPPING_VALUES[value]
        if styles is None:
            return
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            self.doc_defaults = self._layer(defaults)
        self.doc_defaults_ppr = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        for style in styles.findall(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if not style_id:
                continue
            kind = style.get(f"{W}type", "paragraph")
            based = style.find(f"{W}basedOn")
            self.styles[style_id] = _Style(
                kind=kind,
                based_on=_val(based) if based is not None else None,
                rpr=style.find(f"{W}rPr"),
                ppr=style.find(f"{W}pPr"),
            )
            if on(style.get(f"{W}default"), False) and kind not in self.defaults:
                self.defaults[kind] = style_id

    # ------------------------------------------------------------------ layers

    def _layer(self, rpr: etree._Element) -> _Layer:  # noqa: C901, PLR0912  - one branch per run property of WordprocessingML
        layer = _Layer()
        values = layer.values
        for child in rpr:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag.startswith(W14):
                local = tag[len(W14) :]
                if local in _W14_EFFECTS:
                    visible = not (
                        local == "textOutline" and child.find(f"{W14}noFill") is not None
                    )
                    values[f"w14:{local}"] = visible
                continue
            if not tag.startswith(W):
                continue
            local = tag[len(W) :]
            if local in TOGGLES:
                values[local] = on(_val(child))
            elif local == "rFonts":
                for slot in ("ascii", "hAnsi"):
                    themed = child.get(f"{W}{slot}Theme")
                    name = child.get(f"{W}{slot}")
                    if themed:
                        values[f"font:{slot}"] = self._theme_font(themed)
                    elif name:
                        values[f"font:{slot}"] = name
            elif local == "sz":
                size = measure(_val(child), 0.5)
                if size is not None:
                    values["size"] = size
            elif local == "u":
                values["u"] = (_val(child) or "single") != "none"
            elif local == "color":
                values["color"] = self._colour(child)
            elif local == "highlight":
                values["highlight"] = (_val(child) or "none") != "none"
            elif local == "effect":
                values["effect"] = (_val(child) or "none") != "none"
            elif local in ("rtl", "cs"):
                values["complex"] = on(_val(child))
        return layer

    def _theme_font(self, themed: str) -> str | None:
        theme = self.theme
        major = themed.startswith("major")
        latin = theme.major if major else theme.minor
        if themed.endswith("EastAsia"):
            return (theme.major_ea if major else theme.minor_ea) or latin
        if themed.endswith("Bidi"):
            return (theme.major_cs if major else theme.minor_cs) or latin
        return latin

    def _colour(self, element: etree._Element) -> str | None:
        themed = element.get(f"{W}themeColor")
        if themed:
            key = _THEME_COLOURS.get(themed, themed)
            key = self.clr_map.get(key, key)
            base = self.theme.colors.get(key)
            if base is not None:
                return _tint_shade(
                    base, element.get(f"{W}themeTint"), element.get(f"{W}themeShade")
                )
        value = _val(element)
        if not value or value.lower() == "auto" or len(value) != 6:
            return None
        try:
            int(value, 16)
        except ValueError:
            return None
        return value.upper()

    def _chain(self, style_id: str | None, kind: str) -> list[_Layer]:
        """The layers of a style and its ``basedOn`` ancestors, nearest first."""
        key = (kind, style_id)
        cached = self._chains.get(key)
        if cached is not None:
            return cached
        layers: list[_Layer] = []
        seen: set[str] = set()
        current = style_id
        while current and current not in seen and len(seen) < 64:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            if style.rpr is not None:
                layers.append(self._layer(style.rpr))
            current = style.based_on
        self._chains[key] = layers
        return layers

    def paragraph_style(self, style_id: str | None) -> str | None:
        if style_id and style_id in self.styles:
            return style_id
        return self.defaults.get("paragraph")

    def table_style(self, style_id: str | None) -> str | None:
        if style_id and style_id in self.styles:
            return style_id
        return self.defaults.get("table")

    def page_break_before(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        """Whether a paragraph starts on a new page (direct, style chain, defaults)."""
        holders: list[etree._Element | None] = [ppr]
        seen: set[str] = set()
        current = self.paragraph_style(style_id)
        while current and current not in seen and len(seen) < 64:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            holders.append(style.ppr)
            current = style.based_on
        holders.append(self.doc_defaults_ppr)
        for holder in holders:
            if holder is None:
                continue
            element = holder.find(f"{W}pageBreakBefore")
            if element is not None:
                return on(_val(element))
        return False

    # ------------------------------------------------------------------ runs

    def run_format(  # noqa: C901  - the style chain in the order Word applies it
        self,
        rpr: etree._Element | None,
        char_style: str | None,
        para_style: str | None,
        table_style: str | None,
    ) -> RunFormat:
        key = (id(rpr), char_style, para_style, table_style)
        cached = self._cache.get(key)
        if cached is not None and rpr is None:
            return cached
        direct = self._layer(rpr) if rpr is not None else _Layer()
        char_layers = self._chain(char_style or self.defaults.get("character"), "character")
        para_layers = self._chain(self.paragraph_style(para_style), "paragraph")
        table_layers = self._chain(table_style, "table") if table_style else []
        ordered = [direct, *char_layers, *para_layers, *table_layers, self.doc_defaults]

        def nearest(name: str) -> object:
            for layer in ordered:
                if name in layer.values:
                    return layer.values[name]
            return None

        def toggle(name: str) -> bool:
            if name in direct.values:
                return bool(direct.values[name])
            state = bool(self.doc_defaults.values.get(name, False))
            for chain in (table_layers, para_layers, char_layers):
                for layer in chain:
                    if name in layer.values:
                        if layer.values[name]:
                            state = not state
                        break
            return state

        font = nearest("font:ascii") or nearest("font:hAnsi") or "Times New Roman"
        size = nearest("size")
        complex_script = bool(nearest("complex"))
        effects = [label for name, label in _TOGGLE_EFFECTS.items() if toggle(name)]
        for name, label in _W14_EFFECTS.items():
            if nearest(f"w14:{name}"):
                effects.append(label)
        if nearest("highlight"):
            effects.append("highlight")
        if nearest("effect"):
            effects.append("animation")
        colour = nearest("color")
        result = RunFormat(
            font=str(font) if font else None,
            size=float(size) if isinstance(size, int | float) else 10.0,
            bold=toggle("b"),
            italic=toggle("i") or (complex_script and toggle("iCs")),
            underline=bool(nearest("u")),
            effects=tuple(dict.fromkeys(effects)),
            color=str(colour) if isinstance(colour, str) else None,
            hidden=toggle("vanish") or toggle("specVanish"),
        )
        if rpr is None:
            self._cache[key] = result
        return result


def _tint_shade(base: str, tint: str | None, shade: str | None) -> str:
    channels = [int(base[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    try:
        if tint:
            amount = int(tint, 16) / 255
            channels = [c * amount + (1 - amount) for c in channels]
        if shade:
            amount = int(shade, 16) / 255
            channels = [c * amount for c in channels]
    except ValueError:
        pass
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in channels)
