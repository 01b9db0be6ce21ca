"""DrawingML pieces shared by PPTX and DOCX: themes, colours, lengths, blip facts."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, field

from lxml import etree

from dladocs.inspect._opc import qn
from dladocs.types import EMU_PER_POINT, Box

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

_UNITS = {
    "pt": 1.0,
    "in": 72.0,
    "cm": 72 / 2.54,
    "mm": 72 / 25.4,
    "pc": 12.0,
    "pi": 12.0,
    "px": 0.75,
    "emu": 1 / EMU_PER_POINT,
}
_MEASURE = re.compile(r"^\s*(-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$")


def measure(value: str | None, unit_pt: float) -> float | None:
    """A length in points: a bare number times ``unit_pt``, or a universal measure ("2.5cm")."""
    if value is None:
        return None
    match = _MEASURE.match(value)
    if match is None:
        return None
    number = float(match.group(1))
    suffix = match.group(2)
    if not suffix:
        return number * unit_pt
    factor = _UNITS.get(suffix)
    return None if factor is None else number * factor


def emu(value: str | None) -> float | None:
    """EMU (or a Strict universal measure) → points."""
    return measure(value, 1 / EMU_PER_POINT)


def on(value: str | None, default: bool = True) -> bool:
    """An OOXML boolean attribute (absent → ``default``)."""
    if value is None:
        return default
    return value.strip().lower() not in ("0", "false", "off", "none")


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True, slots=True)
class Affine:
    """Maps child EMU coordinates to slide EMU coordinates (group shapes scale and move)."""

    sx: float = 1.0
    sy: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def box(self, xfrm: etree._Element | None) -> Box | None:
        if xfrm is None:
            return None
        off = xfrm.find(f"{A}off")
        ext = xfrm.find(f"{A}ext")
        if off is None or ext is None:
            return None
        x, y = emu(off.get("x")) or 0.0, emu(off.get("y")) or 0.0
        cx, cy = emu(ext.get("cx")) or 0.0, emu(ext.get("cy")) or 0.0
        return self.rect(x, y, cx, cy)

    def rect(self, x: float, y: float, width: float, height: float) -> Box:
        """A rectangle in child points → slide points."""
        return Box(
            self.tx + self.sx * x,
            self.ty + self.sy * y,
            abs(self.sx * width),
            abs(self.sy * height),
        )

    def group(self, xfrm: etree._Element | None) -> Affine:
        if xfrm is None:
            return self
        off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
        ch_off, ch_ext = xfrm.find(f"{A}chOff"), xfrm.find(f"{A}chExt")
        if off is None or ext is None:
            return self
        ox, oy = emu(off.get("x")) or 0.0, emu(off.get("y")) or 0.0
        cx, cy = emu(ext.get("cx")) or 0.0, emu(ext.get("cy")) or 0.0
        chx = emu(ch_off.get("x")) or 0.0 if ch_off is not None else ox
        chy = emu(ch_off.get("y")) or 0.0 if ch_off is not None else oy
        chcx = emu(ch_ext.get("cx")) or 0.0 if ch_ext is not None else cx
        chcy = emu(ch_ext.get("cy")) or 0.0 if ch_ext is not None else cy
        gx = cx / chcx if chcx else 1.0
        gy = cy / chcy if chcy else 1.0
        # child point p → group frame: ox + (p - chOff) * g, then through self.
        return Affine(
            self.sx * gx,
            self.sy * gy,
            self.tx + self.sx * (ox - chx * gx),
            self.ty + self.sy * (oy - chy * gy),
        )

    def moved(self, dx: float, dy: float) -> Affine:
        return Affine(self.sx, self.sy, self.tx + self.sx * dx, self.ty + self.sy * dy)


# --------------------------------------------------------------------------- theme


@dataclass(slots=True)
class Theme:
    """What text inherits from a theme: fonts by role and colours by scheme name."""

    major: str | None = None
    minor: str | None = None
    major_ea: str | None = None
    minor_ea: str | None = None
    major_cs: str | None = None
    minor_cs: str | None = None
    colors: dict[str, str] = field(default_factory=dict)
    fill_styles: list[etree._Element] = field(default_factory=list)
    part: str = ""

    @classmethod
    def parse(cls, root: etree._Element | None, part: str = "") -> Theme:
        theme = cls(part=part)
        if root is None:
            return theme
        scheme = root.find(f"{A}themeElements/{A}fontScheme")
        if scheme is not None:
            for role in ("major", "minor"):
                font = scheme.find(f"{A}{role}Font")
                if font is None:
                    continue
                for script, suffix in (("latin", ""), ("ea", "_ea"), ("cs", "_cs")):
                    element = font.find(f"{A}{script}")
                    typeface = element.get("typeface") if element is not None else None
                    if typeface:
                        setattr(theme, f"{role}{suffix}", typeface)
        colors = root.find(f"{A}themeElements/{A}clrScheme")
        if colors is not None:
            for child in colors:
                if not isinstance(child.tag, str):
                    continue
                value = _base_color(child[0] if len(child) else None, theme, None)
                if value is not None:
                    theme.colors[etree.QName(child).localname] = value
        bg_fills = root.find(f"{A}themeElements/{A}fmtScheme/{A}bgFillStyleLst")
        if bg_fills is not None:
            theme.fill_styles = [c for c in bg_fills if isinstance(c.tag, str)]
        return theme

    def font(self, typeface: str | None) -> str | None:
        """Resolve ``+mn-lt``/``+mj-lt`` (and ea/cs) theme references; pass names through."""
        if not typeface:
            return None
        if not typeface.startswith("+"):
            return typeface
        role = "major" if typeface.startswith("+mj") else "minor"
        script = typeface[4:]
        suffix = {"lt": "", "ea": "_ea", "cs": "_cs"}.get(script, "")
        value = getattr(self, f"{role}{suffix}")
        return value if isinstance(value, str) else None


# --------------------------------------------------------------------------- colours

DEFAULT_CLR_MAP = {
    "bg1": "lt1",
    "tx1": "dk1",
    "bg2": "lt2",
    "tx2": "dk2",
    "accent1": "accent1",
    "accent2": "accent2",
    "accent3": "accent3",
    "accent4": "accent4",
    "accent5": "accent5",
    "accent6": "accent6",
    "hlink": "hlink",
    "folHlink": "folHlink",
}

_PRESET = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "008000",
    "lime": "00FF00",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "gray": "808080",
    "grey": "808080",
    "dkGray": "A9A9A9",
    "ltGray": "D3D3D3",
    "navy": "000080",
    "orange": "FFA500",
    "purple": "800080",
    "cyan": "00FFFF",
    "magenta": "FF00FF",
    "darkBlue": "00008B",
    "gold": "FFD700",
    "silver": "C0C0C0",
    "maroon": "800000",
}

_SYSTEM = {"windowText": "000000", "window": "FFFFFF", "btnText": "000000", "btnFace": "F0F0F0"}

COLOR_TAGS = {
    f"{A}srgbClr",
    f"{A}schemeClr",
    f"{A}sysClr",
    f"{A}prstClr",
    f"{A}scrgbClr",
    f"{A}hslClr",
}


def _hex(value: str | None) -> str | None:
    if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return value.upper()
    return None


def _pct(value: str | None, default: float) -> float:
    """A DrawingML percentage (1/1000 of a percent, or "50%") as a fraction."""
    if value is None:
        return default
    value = value.strip()
    try:
        if value.endswith("%"):
            return float(value[:-1]) / 100
        return int(value) / 100_000
    except ValueError:
        return default


def _base_color(
    element: etree._Element | None, theme: Theme, clr_map: dict[str, str] | None
) -> str | None:
    if element is None or not isinstance(element.tag, str):
        return None
    tag = element.tag
    if tag == f"{A}srgbClr":
        return _hex(element.get("val"))
    if tag == f"{A}sysClr":
        return _hex(element.get("lastClr")) or _SYSTEM.get(element.get("val", ""))
    if tag == f"{A}prstClr":
        return _PRESET.get(element.get("val", ""))
    if tag == f"{A}schemeClr":
        name = element.get("val", "")
        mapped = (clr_map or DEFAULT_CLR_MAP).get(name, name)
        return theme.colors.get(mapped)
    if tag == f"{A}scrgbClr":
        channels = [_pct(element.get(k), 0.0) for k in ("r", "g", "b")]
        return "".join(f"{round(_to_srgb(c) * 255):02X}" for c in channels)
    if tag == f"{A}hslClr":
        hue = int(element.get("hue", "0") or 0) / 21_600_000
        r, g, b = colorsys.hls_to_rgb(
            hue, _pct(element.get("lum"), 0.0), _pct(element.get("sat"), 0.0)
        )
        return f"{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
    return None


def _to_srgb(linear: float) -> float:
    linear = min(max(linear, 0.0), 1.0)
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


def color(
    element: etree._Element | None, theme: Theme, clr_map: dict[str, str] | None
) -> str | None:
    """A DrawingML colour element (with lumMod/lumOff/tint/shade applied) as "RRGGBB"."""
    base = _base_color(element, theme, clr_map)
    if base is None or element is None:
        return None
    r, g, b = (int(base[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for transform in element:
        if not isinstance(transform.tag, str):
            continue
        name = etree.QName(transform).localname
        amount = _pct(transform.get("val"), 1.0)
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * amount if name == "lumMod" else lum + amount
            r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - amount) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * amount for c in (r, g, b))
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in (r, g, b))


def fill_color(
    parent: etree._Element, theme: Theme, clr_map: dict[str, str] | None
) -> tuple[bool, str | None]:
    """The text fill declared in ``parent`` (an rPr): (declared?, colour or None)."""
    for child in parent:
        tag = child.tag
        if tag == f"{A}solidFill":
            return True, color(child[0] if len(child) else None, theme, clr_map)
        if tag == f"{A}noFill":
            return True, None
        if tag == f"{A}gradFill":
            stop = child.find(f"{A}gsLst/{A}gs")
            return True, color(stop[0] if stop is not None and len(stop) else None, theme, clr_map)
    return False, None


# --------------------------------------------------------------------------- blips

_RECOLOUR = {"duotone", "clrChange", "grayscl", "biLevel", "clrRepl", "lum"}


def blip_recoloured(blip: etree._Element | None) -> bool:
    if blip is None:
        return False
    for child in blip:
        if isinstance(child.tag, str) and etree.QName(child).localname in _RECOLOUR:
            if etree.QName(child).localname == "lum" and not (
                child.get("bright") or child.get("contrast")
            ):
                continue
            return True
    return False


def src_rect_cropped(blip_fill: etree._Element | None) -> bool:
    if blip_fill is None:
        return False
    rect = blip_fill.find(f"{A}srcRect")
    if rect is None:
        return False
    return any(_pct(rect.get(side), 0.0) != 0.0 for side in ("l", "t", "r", "b"))


def xfrm_rotation(xfrm: etree._Element | None) -> tuple[float, bool]:
    """Rotation in degrees and whether the shape is flipped."""
    if xfrm is None:
        return 0.0, False
    try:
        rotation = int(xfrm.get("rot", "0") or 0) / 60_000
    except ValueError:
        rotation = 0.0
    flipped = on(xfrm.get("flipH"), False) or on(xfrm.get("flipV"), False)
    return rotation % 360, flipped


EFFECT_NAMES = {
    "outerShdw": "shadow",
    "innerShdw": "inner-shadow",
    "prstShdw": "shadow",
    "glow": "glow",
    "reflection": "reflection",
    "softEdge": "soft-edge",
    "blur": "blur",
    "fillOverlay": "fill-overlay",
}


def effect_list(element: etree._Element) -> tuple[str, ...]:
    """Names of the effects in an ``a:effectLst`` or ``a:effectDag``."""
    names: list[str] = []
    for child in element:
        if isinstance(child.tag, str):
            local = etree.QName(child).localname
            if local in ("cont", "effect"):
                continue
            name = EFFECT_NAMES.get(local, local)
            if name not in names:
                names.append(name)
    return tuple(names)


def line_is_visible(line: etree._Element) -> bool:
    """An ``a:ln`` draws an outline unless it has no fill."""
    return line.find(qn("a:noFill")) is None and (
        line.find(qn("a:solidFill")) is not None
        or line.find(qn("a:gradFill")) is not None
        or line.find(qn("a:pattFill")) is not None
    )
