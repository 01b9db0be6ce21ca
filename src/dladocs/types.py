"""Value types shared by the pipeline and by plugins.

Everything here is a plain, immutable dataclass so that this module imports in
microseconds: the command line must start fast, and plugins import these types
at module level.  Units: lengths on surfaces are in **points** (1/72 inch),
with the origin at the top-left corner and y pointing down, whatever the file
format stores (EMU for OOXML, bottom-left user space for PDF).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from PIL import Image

    from dladocs.project import Project

Severity = Literal["error", "warning"]
SurfaceKind = Literal["slide", "page", "header", "body"]
FileFormat = Literal["docx", "pptx", "pdf", "csv"]
LogoRole = Literal["eu-emblem", "communication", "porteur", "partner"]
Scope = Literal["every-surface", "cover", "document"]

EMU_PER_POINT = 12700
POINTS_PER_CM = 72 / 2.54


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in points, origin top-left."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def intersects(self, other: Box) -> bool:
        return not (
            self.right <= other.x
            or other.right <= self.x
            or self.bottom <= other.y
            or other.bottom <= self.y
        )

    def gap(self, other: Box) -> float:
        """Distance between the two rectangles (0 when they touch or overlap)."""
        dx = max(other.x - self.right, self.x - other.right, 0.0)
        dy = max(other.y - self.bottom, self.y - other.bottom, 0.0)
        return float((dx * dx + dy * dy) ** 0.5)


# --------------------------------------------------------------------------- surfaces


@dataclass(frozen=True, slots=True)
class Picture:
    """An image drawn on a surface, as found by inspection.

    ``box`` is the displayed rectangle when the format fixes it (PPTX, PDF,
    anchored DOCX pictures); for inline DOCX pictures only ``width`` and
    ``height`` are known.  ``group`` names the container the picture sits in
    (a DOCX header part and table row, a PPTX group shape...) so that rules can
    tell which pictures form one logo band without geometry.
    """

    width: float
    height: float
    box: Box | None = None
    name: str = ""
    description: str = ""
    origin: str = ""
    group: str = ""
    sha256: str = ""
    pixel_size: tuple[int, int] | None = None
    cropped: bool = False
    rotation: float = 0.0
    flipped: bool = False
    recoloured: bool = False
    linked: bool = False
    # Paint order on its surface (slides): shapes in ``Surface.covers`` with a higher order
    # are drawn over it.
    order: int = 0
    load: Callable[[], Image.Image | None] | None = field(default=None, compare=False, repr=False)

    @property
    def tag(self) -> str | None:
        """The logo id that dladocs wrote into the shape name, if any."""
        prefix = "dladocs:logo:"
        return self.name[len(prefix) :] if self.name.startswith(prefix) else None


@dataclass(frozen=True, slots=True)
class TextRun:
    """A run of text with its effective formatting (after style inheritance)."""

    text: str
    font: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    effects: tuple[str, ...] = ()
    color: str | None = None
    box: Box | None = None
    group: str = ""
    origin: str = ""


@dataclass(slots=True)
class Surface:
    """One place a reader sees: a slide, a PDF page, a DOCX header band or body.

    ``index`` is 1-based (slide number, page number, or DOCX section number).
    ``variant`` tells DOCX header bands apart: ``default``, ``first`` or ``even``.
    ``notes`` records what inspection could not analyse (a linked picture, an
    SVG...), so that a report can say so instead of staying silent.
    """

    kind: SurfaceKind
    index: int
    variant: str = ""
    width: float | None = None
    height: float | None = None
    pictures: list[Picture] = field(default_factory=list)
    texts: list[TextRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Shapes drawn over pictures: (paint order, box) of every opaque shape or picture, so
    # that a rule can tell an emblem hidden under something (slides); see ``Picture.order``.
    covers: list[tuple[int, Box]] = field(default_factory=list)
    # PDF pages: thin horizontal bars and strokes (table borders, underlines), for the
    # layout rules that find tables and where they break (LAY-01, LAY-02).
    rules: list[Box] = field(default_factory=list)
    # PDF pages: draws the page as a reader sees it (``render(box, height_px)``; ``box`` None
    # for the whole page), for what only the rendering tells: an emblem clipped or covered,
    # an emblem drawn as vectors.  ``vector_hint``: the page fills paths in a Reflex-like blue.
    render: Callable[[Box | None, int], Image.Image | None] | None = field(
        default=None, compare=False, repr=False
    )
    vector_hint: bool = False

    @property
    def label(self) -> str:
        """A French label for messages: « diapositive 3 », « page 2 »..."""
        return surface_label(self.kind, self.index, self.variant)

    @property
    def text(self) -> str:
        return " ".join(run.text for run in self.texts)


def surface_label(kind: str, index: int, variant: str = "") -> str:
    """« diapositive 3 », « page 2 », « section 1 (en-tête et pied de première page) »..."""
    if kind == "slide":
        return f"diapositive {index}"
    if kind == "page":
        return f"page {index}"
    if kind == "body":
        return f"section {index} (corps du texte)"
    label = {
        "first": "en-tête et pied de première page",
        "even": "en-tête et pied des pages paires",
    }.get(variant, "en-tête et pied de page")
    return f"section {index} ({label})"


def surfaces_label(labels: Sequence[str]) -> str:
    """« page 1 », « pages 1 et 2 », « diapositives 1 à 16 », or the labels joined."""
    from dladocs import typography as ty

    kinds = {label.split(" ", 1)[0] for label in labels}
    numbers = [label.split(" ", 1)[1] for label in labels if " " in label]
    if len(labels) == 1 or len(kinds) != 1 or not all(n.isdigit() for n in numbers):
        return ty.join(list(labels))
    kind = kinds.pop()
    plural = {"page": "pages", "diapositive": "diapositives"}.get(kind, kind)
    values = sorted(int(n) for n in numbers)
    if values == list(range(values[0], values[-1] + 1)) and len(values) > 2:
        return f"{plural} {values[0]} à {values[-1]}"
    return f"{plural} " + ty.join([str(v) for v in values])


@dataclass(slots=True)
class Inspection:
    """A file turned into surfaces, plus facts about the file as a whole."""

    path: Path
    format: FileFormat
    surfaces: list[Surface] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- rules


# The programme whose rules apply to new documents (``dladocs check`` without --programme).
CURRENT_PROGRAMME = "fse-plus-2021-2027"


@dataclass(frozen=True, slots=True)
class SurfaceRef:
    """Where a violation was found; ``index`` is 1-based, 0 for the whole file."""

    kind: str
    index: int
    variant: str = ""
    label: str = ""

    @classmethod
    def of(cls, surface: Surface) -> SurfaceRef:
        return cls(surface.kind, surface.index, surface.variant, surface.label)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "index": self.index}
        if self.variant:
            data["variant"] = self.variant
        return data


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule that does not hold on a surface, with what to do about it."""

    rule: str
    severity: Severity
    surface: SurfaceRef
    message: str
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "surface": self.surface.as_json(),
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Requirement:
    """A logo (or the EU block) that a document must show, and where.

    ``logo`` is a logo id (``eu-emblem``, ``avise``, ``dla``...).  ``scope`` is
    ``every-surface`` (every slide and page), ``cover`` (the first slide or
    page) or ``document`` (at least once).  ``rule`` is the id reported when
    the requirement fails.
    """

    logo: str
    scope: Scope
    rule: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How strictly a rule set reads the rules.

    ``programme`` empty: each file by the programme it declares, else the current one.
    """

    programme: str = CURRENT_PROGRAMME
    strict: bool = False
    strict_size: bool = False
    emblem_scope: Scope = "every-surface"
    references: Mapping[str, Path] = field(default_factory=dict)
    # ``--type``: « formulaire », « emargement », « attestation »... (see dladocs.reading);
    # empty: recognised from the file's form fields or title.
    document_type: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One checkable rule: its identifier and source from eu-visibility.md."""

    id: str
    title: str
    source: str
    confidence: str
    severity: Severity

    def violation(self, surface: SurfaceRef, message: str, *, strict: bool = False) -> Violation:
        severity: Severity = "error" if strict else self.severity
        return Violation(self.id, severity, surface, message, self.source)


RuleCheck = Callable[["CheckState"], list[Violation]]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A programme's rules (e.g. ``fse-2014-2020``) and the check that applies them."""

    id: str
    title: str
    rules: tuple[Rule, ...]
    check: RuleCheck
    band_lines: tuple[str, ...] = ()
    statement: str = ""
    description: str = ""
    always: bool = False
    fund: str = ""

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(slots=True)
class CheckState:
    """What a rule check receives: the inspected file, what it must show, and how strictly."""

    inspection: Inspection
    requirements: list[Requirement]
    options: CheckOptions
    recognise: Callable[[Picture], str | None]
    emblem: Callable[[Picture], Any] | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # work shared by the rule sets of one check


# --------------------------------------------------------------------------- regions, logos


@dataclass(frozen=True, slots=True)
class Porteur:
    """A structure that carries a DLA (regional or departmental) or the accompaniment."""

    name: str
    role: str = ""
    department: str | None = None
    website: str = ""
    email: str = ""
    phone: str = ""
    logo: Path | None = None


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    porteur: Porteur | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """A French region (or any variant a plugin registers) and what is known of its DLA.

    A plugin that adds *porteurs* or context to a region dladocs knows gives its
    ``code`` alone: the other fields merge with the built-in geography.  A new
    region needs a ``name``; its ``slug`` (the output folder) defaults to the
    name without accents or spaces.
    """

    code: str
    name: str = ""
    slug: str = ""
    departments: tuple[Department, ...] = ()
    overseas: bool = False
    porteur: Porteur | None = None
    logos: tuple[Logo, ...] = ()
    context: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def department(self, code: str) -> Department | None:
        for department in self.departments:
            if department.code == code:
                return department
        return None

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts nobody supplied, in French, for build messages."""
        gaps: list[str] = []
        if self.porteur is None:
            gaps.append("porteur du DLA régional")
        absent = [d.name for d in self.departments if d.porteur is None]
        if absent:
            gaps.append("porteurs des DLA départementaux (" + ", ".join(absent) + ")")
        return tuple(gaps)


# The alt text of a placeholder logo ends with this: readers and checks tell it from a logo.
PLACEHOLDER_ALT = "emplacement réservé, à remplacer par le logo officiel"


@dataclass(frozen=True, slots=True)
class Logo:
    """A logo asset.  ``path`` None means dladocs draws it (the EU emblem) or a placeholder."""

    id: str
    label: str
    alt: str
    role: LogoRole = "partner"
    path: Path | None = None


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything a renderer needs to write one file."""

    document: DocumentType
    project: Project
    region: Region
    format: FileFormat
    template: Path | None
    context: Mapping[str, Any]
    output: Path
    # Files the renderer wrote beside ``output`` (in the folder named after it) as exact
    # copies of one page of ``output``, and proved so byte for byte: their path and the
    # page's number.  The build verifies ``output`` page by page and gives each copy its
    # page's verdict instead of inspecting it again (thousands of certificates).
    copies: dict[Path, int] = field(default_factory=dict)


Renderer = Callable[[RenderJob], None]
ContextBuilder = Callable[["ContextRequest"], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image to place in a document; each renderer turns it into its own picture.

    ``name`` is written as the shape name (``dladocs:logo:<id>`` for logos, so
    that verification recognises them by tag) and ``alt`` as the alt text.
    """

    path: Path
    alt: str
    name: str = ""
    width_mm: float | None = None
    height_mm: float | None = None


@dataclass(frozen=True, slots=True)
class ContextRequest:
    """What a document's context builder receives.

    ``assets`` maps each logo id to a prepared PNG file; ``rule_set`` is the
    project's programme (its band wording and participation statement);
    ``workdir`` is a scratch folder for files the context needs (charts, QR codes).
    """

    document: DocumentType
    project: Project
    region: Region
    logos: Mapping[str, Logo]
    assets: Mapping[str, Path]
    rule_set: RuleSet
    workdir: Path
    evaluation: Any = None
    home_region: str = ""
    documents: Mapping[str, DocumentType] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentType:
    """A kind of deliverable.

    ``formats`` are the files the document is rendered to; a format missing
    from ``renderers`` uses the default renderer of that format (docxtpl for
    DOCX, the layout-driven slide builder for PPTX).  ``templates`` maps each
    office format to a template file name, resolved through the
    ``dladocs_template`` hook.  ``pdf`` says whether ``--pdf`` converts the
    office file with LibreOffice (the grid already has its own fillable PDF).
    """

    id: str
    title: str
    filename: str
    formats: tuple[FileFormat, ...]
    context: ContextBuilder
    templates: Mapping[str, str] = field(default_factory=dict)
    renderers: Mapping[str, Renderer] = field(default_factory=dict)
    communication: bool = False
    form: bool = False
    evaluation: bool = False
    pdf: bool = True
    description: str = ""
    annex_order: int = 100
    # A proof of attendance (sheet, certificate): the EU statement on every page, whatever the
    # project says, because its pages get separated (Reg. 1303/2013 Annex XII 2.2; E21-15).
    proof: bool = False
    # Whether the closing dossier annexes the document's PDF (certificates go to each person).
    annex: bool = True


@dataclass(frozen=True, slots=True)
class Artifact:
    """A file a build wrote, as listed in ``manifest.json``."""

    document: str
    region: str
    format: str
    path: Path
    sha256: str
    # A copy of one page of another file of the build (its path, the page's number): the
    # copy's verdict is that page's (see :attr:`RenderJob.copies`).
    copy_of: tuple[Path, int] | None = None
