"""Checks of the deck's pedagogy: enough exchange time, short slides, no overflowing text.

The cahier des charges asks for about half of the webinar in questions and
answers, and its readers range from very low to good digital familiarity: a
slide with more than about 40 words of body text, or text that overflows its
box, does not serve them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

if TYPE_CHECKING:
    from dladocs.inspect._opc import Package

SOURCE = "Cahier des charges, « Méthodologie » ; lisibilité des supports (règle dladocs)"
WORDS = Rule("PED-01", "Au plus 40 mots de texte par diapositive (environ)", SOURCE, "D", "warning")
OVERFLOW = Rule("PED-02", "Aucun texte ne déborde de son cadre", SOURCE, "D", "warning")
SHARE = Rule(
    "PED-03",
    "La moitié du webinaire au moins en échanges et questions-réponses",
    SOURCE,
    "C",
    "warning",
)
MAX_WORDS = 45
# Shapes dladocs writes that are not body text: the EU wording, sources, titles.
NOT_BODY = ("dladocs:mention-ue", "dladocs:source")


@hookimpl
def dladocs_checks(
    document: DocumentType | None, inspection: Inspection, project: Any
) -> list[Violation]:
    if document is None or document.id != "deck" or inspection.format != "pptx":
        return []
    violations = _slides(inspection)
    if project is not None and project.webinar.interactive_share < 0.5:
        from dladocs import typography as ty

        share = ty.percent(project.webinar.interactive_share)
        violations.append(
            SHARE.violation(
                SurfaceRef("slide", 1, label="diapositive 1"),
                f"les échanges et questions-réponses ne font que {share} du webinaire (l'accueil et "
                "l'évaluation ne comptent pas) : le cahier des charges en demande la moitié ; allongez "
                "les parties de nature « echange » ou « questions-reponses » de webinaire.sequence",
            )
        )
    return violations


def _slides(inspection: Inspection) -> list[Violation]:
    from dladocs.errors import DladocsError
    from dladocs.inspect._opc import Package
    from dladocs.inspect._safety import Limits

    try:
        with Package(inspection.path, Limits()) as package:
            return _deck(package)
    except DladocsError:
        # The inspection read this deck; a part it could do without is missing or
        # damaged: these advisory checks say nothing rather than something wrong.
        return []


def _deck(package: Package) -> list[Violation]:
    from dladocs.inspect._drawingml import Theme
    from dladocs.inspect._opc import R_ID
    from dladocs.render import _textfit as tf

    violations: list[Violation] = []
    main = package.main_part("ppt/presentation.xml")
    slide_rels = package.rels(main)
    ids = package.xml(main).findall(f"{_P}sldIdLst/{_P}sldId")
    for number, slide_id in enumerate(ids, start=1):
        rel = slide_rels.get(slide_id.get(R_ID, ""))
        if rel is None or rel.external or not package.has(rel.target):
            continue  # the inspection already says the slide is missing
        slide = _Slide.read(package, rel.target)
        theme_part = package.first_related(slide.master, "theme") if slide.master else None
        family = (Theme.parse(package.xml(theme_part), theme_part) if theme_part else Theme()).minor
        where = SurfaceRef("slide", number, label=f"diapositive {number}")
        words = 0
        for frame in _frames(slide):
            if not frame.title and not frame.cell:
                words += sum(tf.words(text) for text in frame.texts)
            if _overflows(frame, family or "Calibri"):
                shown = " ".join(" ".join(frame.texts).split())
                violations.append(
                    OVERFLOW.violation(
                        where, f"le texte « {shown[:50]}… » dépasse de son cadre : raccourcissez-le"
                    )
                )
        if words > MAX_WORDS:
            violations.append(
                WORDS.violation(
                    where,
                    f"{words} mots de texte sur la diapositive : au-delà d'une quarantaine, raccourcissez ou répartissez sur deux diapositives",
                )
            )
    return violations


# The slide XML is read with the inspection's own package reader (its size limits, its
# Strict-to-Transitional translation): python-pptx's shape proxies cost about 60 ms a
# deck here (an XPath query per property), more than the whole check otherwise.
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU_PER_POINT = 12700


@dataclass(frozen=True, slots=True)
class _Frame:
    """A box of text on a slide: its paragraphs, its size in points, whether it is a title."""

    body: Any  # the a:txBody / p:txBody element
    width: float
    height: float
    title: bool
    cell: bool = False  # a table cell: a table of reference (the programme) is not prose

    @property
    def texts(self) -> list[str]:
        return [_paragraph_text(p) for p in self.body.iterfind(f"{_A}p")]


@dataclass(frozen=True, slots=True)
class _Slide:
    """A slide's XML and the parts it inherits from."""

    root: Any
    layout: Any  # the layout's root element, or None
    master: str | None  # the master's part name
    master_root: Any

    @classmethod
    def read(cls, package: Package, part: str) -> _Slide:
        layout = package.first_related(part, "slideLayout")
        master = package.first_related(layout, "slideMaster") if layout else None
        return cls(
            package.xml(part),
            package.xml(layout) if layout else None,
            master,
            package.xml(master) if master else None,
        )


def _frames(slide: _Slide) -> list[_Frame]:  # noqa: C901  - one pass over a slide's shapes, one case per kind of shape
    """The non-empty text boxes and table cells of ``slide``'s top level."""
    tree = slide.root.find(f"{_P}cSld/{_P}spTree")
    frames: list[_Frame] = []
    inherited: dict[str, tuple[int, int]] | None = None
    for element in tree if tree is not None else ():
        if element.tag == f"{_P}sp":
            props = element.find(f"{_P}nvSpPr")
            name = _name(props)
            body = element.find(f"{_P}txBody")
            if name.startswith(NOT_BODY) or body is None or not _has_text(body):
                continue
            ph = props.find(f"{_P}nvPr/{_P}ph") if props is not None else None
            ext = element.find(f"{_P}spPr/{_A}xfrm/{_A}ext")
            if ext is not None:
                cx, cy = int(ext.get("cx", 0)), int(ext.get("cy", 0))
            elif ph is not None:
                if inherited is None:
                    inherited = _inherited_sizes(slide)
                cx, cy = inherited.get(ph.get("idx", "0"), (0, 0))
            else:
                continue
            title = ph is not None and ph.get("type") in ("title", "ctrTitle")
            frames.append(_Frame(body, cx / EMU_PER_POINT, cy / EMU_PER_POINT, title))
        elif element.tag == f"{_P}graphicFrame":
            if _name(element.find(f"{_P}nvGraphicFramePr")).startswith(NOT_BODY):
                continue
            table = element.find(f"{_A}graphic/{_A}graphicData/{_A}tbl")
            if table is None:
                continue
            widths = [int(col.get("w", 0)) for col in table.iterfind(f"{_A}tblGrid/{_A}gridCol")]
            for row in table.iterfind(f"{_A}tr"):
                for index, cell in enumerate(row.iterfind(f"{_A}tc")):
                    body = cell.find(f"{_A}txBody")
                    if body is None or index >= len(widths) or not _has_text(body):
                        continue
                    frames.append(
                        _Frame(
                            body,
                            widths[index] / EMU_PER_POINT,
                            int(row.get("h", 0)) / EMU_PER_POINT,
                            False,
                            cell=True,
                        )
                    )
    return frames


def _inherited_sizes(slide: _Slide) -> dict[str, tuple[int, int]]:
    """Placeholder idx → size (EMU) on ``slide``'s layout, or on the master when the layout has none.

    A placeholder without a position of its own takes its layout's, and a layout
    placeholder without one takes the master's placeholder of the same type.
    """
    if slide.layout is None:
        return {}
    master = _placeholders(slide.master_root) if slide.master_root is not None else {}
    sizes: dict[str, tuple[int, int]] = {}
    for idx, (kind, size) in _placeholders(slide.layout).items():
        base = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
        fallback = next((s for k, s in master.values() if k == base and s), None)
        if size or fallback:
            sizes[idx] = size or fallback or (0, 0)
    return sizes


def _placeholders(root: Any) -> dict[str, tuple[str, tuple[int, int] | None]]:
    """idx → (type, size or None) of the placeholders of a layout or master."""
    found: dict[str, tuple[str, tuple[int, int] | None]] = {}
    tree = root.find(f"{_P}cSld/{_P}spTree")
    for element in tree if tree is not None else ():
        ph = element.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        if ph is None:
            continue
        ext = element.find(f"{_P}spPr/{_A}xfrm/{_A}ext")
        size = (int(ext.get("cx", 0)), int(ext.get("cy", 0))) if ext is not None else None
        found[ph.get("idx", "0")] = (ph.get("type", "body"), size)
    return found


def _name(props: Any) -> str:
    c_nv = props.find(f"{_P}cNvPr") if props is not None else None
    return str(c_nv.get("name", "")) if c_nv is not None else ""


def _has_text(body: Any) -> bool:
    return any((t.text or "").strip() for t in body.iter(f"{_A}t"))


def _paragraph_text(paragraph: Any) -> str:
    """The text of an a:p: runs and fields, a line break as a new line."""
    parts = []
    for child in paragraph:
        if child.tag in (f"{_A}r", f"{_A}fld"):
            parts.append(child.findtext(f"{_A}t") or "")
        elif child.tag == f"{_A}br":
            parts.append("\n")
    return "".join(parts)


def _overflows(frame: _Frame, family: str) -> bool:
    """Whether the text of ``frame`` needs more height than its box, measured with the real font.

    The size and weight of a paragraph are those of its first run (18 pt when it names none).
    """
    from dladocs.render import _textfit as tf

    body_pr = frame.body.find(f"{_A}bodyPr")
    insets = body_pr.attrib if body_pr is not None else {}
    inset_x = (int(insets.get("lIns", 91440)) + int(insets.get("rIns", 91440))) / EMU_PER_POINT
    inset_y = (int(insets.get("tIns", 45720)) + int(insets.get("bIns", 45720))) / EMU_PER_POINT
    needed = 0.0
    first = True
    for paragraph in frame.body.iterfind(f"{_A}p"):
        runs = [r for r in paragraph.iterfind(f"{_A}r") if r.findtext(f"{_A}t")]
        if not runs:
            continue
        run_pr = runs[0].find(f"{_A}rPr")
        size = int(run_pr.get("sz")) / 100 if run_pr is not None and run_pr.get("sz") else 18.0
        bold = run_pr is not None and run_pr.get("b") in ("1", "true")
        p_pr = paragraph.find(f"{_A}pPr")
        indent = int(p_pr.get("marL", 0)) / EMU_PER_POINT if p_pr is not None else 0.0
        points = p_pr.find(f"{_A}spcBef/{_A}spcPts") if p_pr is not None else None
        space = int(points.get("val", 0)) / 100 if points is not None else 0.0
        text = tf.Paragraph(_paragraph_text(paragraph), bold=bold, indent=indent)
        needed += tf.height([text], frame.width - inset_x, size, family)
        needed += 0.0 if first else space
        first = False
    return needed > frame.height - inset_y + 1.0
