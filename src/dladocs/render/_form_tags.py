"""Tags (the structure tree) for the PDFs dladocs draws itself with reportlab.

reportlab writes no structure tree.  While the fillable grid is drawn, a
:class:`Tagger` wraps each piece of content in a marked-content sequence with
its MCID (``/P <</MCID 3>> BDC … EMC``), and the running header and footer in
``/Artifact`` sequences; it also remembers which structure element every form
field belongs to.  :func:`apply` then builds, with pikepdf, the tree a screen
reader follows: ``Document`` › ``H1``, ``P``, one ``Div`` per question with
its ``H2``, its labels (``P``) and its fields (``Form``, each pointing at its
widget), plus the parent tree that maps content and widgets back to elements.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name


@dataclass(eq=False)
class Element:
    """A structure element in the making: its role, its parent, what it holds."""

    role: str
    parent: Element | None = None
    title: str = ""
    kids: list[Element] = field(default_factory=list)
    # What the element holds, in reading order: ("mcid", page, n) or ("widget", page, key).
    content: list[tuple[str, int, Any]] = field(default_factory=list)


class Tagger:
    """Records, while a document is drawn, which content and fields belong to which element."""

    def __init__(self) -> None:
        self.document = Element("Document")
        self.page = -1
        self._mcids: list[int] = []
        # Per page: the fields drawn there, in drawing order, as (name, export value).
        self.widgets: list[list[tuple[str, str, Element]]] = []

    def new_page(self) -> None:
        self.page += 1
        self._mcids.append(0)
        self.widgets.append([])

    def element(self, role: str, parent: Element | None = None, *, title: str = "") -> Element:
        holder = parent or self.document
        child = Element(role, holder, title)
        holder.kids.append(child)
        return child

    @contextlib.contextmanager
    def content(self, canvas: Any, element: Element) -> Iterator[None]:
        """Mark what is drawn inside as ``element``'s content."""
        mcid = self._mcids[self.page]
        self._mcids[self.page] += 1
        element.content.append(("mcid", self.page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    @contextlib.contextmanager
    def artifact(self, canvas: Any, kind: str = "Pagination") -> Iterator[None]:
        """Mark what is drawn inside as an artifact (running header, footer, rules)."""
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    def widget(self, element: Element, name: str, value: str) -> None:
        """The next field widget drawn on this page is ``name`` (``value`` for a radio)."""
        key = len(self.widgets[self.page])
        self.widgets[self.page].append((name, value, element))
        element.content.append(("widget", self.page, key))


def _widget_identity(annotation: Dictionary) -> tuple[str, str]:
    """(field name, export value) of a widget: its own /T or its parent's, its /AP state."""
    parent = annotation.get("/Parent")
    name = annotation.get("/T")
    if name is None and parent is not None:
        name = parent.get("/T")
    appearance = annotation.get("/AP")
    states = appearance.get("/N") if isinstance(appearance, Dictionary) else None
    value = ""
    if isinstance(states, Dictionary) and not isinstance(states, pikepdf.Stream):
        value = next((str(k)[1:] for k in states if k != "/Off"), "")
    return str(name or ""), value


def apply(pdf: pikepdf.Pdf, tagger: Tagger) -> None:
    """Give ``pdf`` (the document ``tagger`` watched being drawn) its structure tree."""
    pages = [page.obj for page in pdf.pages]
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parent_tree: dict[int, Any] = {}
    by_mcid: list[dict[int, Any]] = [{} for _ in pages]
    annotations: list[list[Any]] = []
    for page in pages:
        listed = page.get("/Annots") or Array()
        annotations.append([a for a in listed if a.get("/Subtype") == Name.Widget])
    next_key = len(pages)

    def build(element: Element, parent: Any) -> Any:
        nonlocal next_key
        node = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent)
        )
        if element.title:
            node.T = pikepdf.String(element.title)
        kids = Array()
        for kind, page_index, value in element.content:
            page = pages[page_index]
            if kind == "mcid":
                kids.append(Dictionary(Type=Name.MCR, Pg=page, MCID=value))
                by_mcid[page_index][value] = node
                continue
            widget = _match_widget(tagger, annotations, page_index, value)
            if widget is None:
                continue
            widget.StructParent = next_key
            parent_tree[next_key] = node
            next_key += 1
            kids.append(Dictionary(Type=Name.OBJR, Pg=page, Obj=widget))
        for child in element.kids:
            kids.append(build(child, node))
        node.K = kids
        return node

    root.K = Array([build(tagger.document, root)])
    for index, page in enumerate(pages):
        page.StructParents = index
        # Tab through the fields in the order of the structure, as a reader reads them.
        page.Tabs = Name.S
        mcids = by_mcid[index]
        parent_tree[index] = Array([mcids[n] for n in sorted(mcids)])
    nums = Array()
    for key in sorted(parent_tree):
        nums.append(key)
        value = parent_tree[key]
        nums.append(pdf.make_indirect(value) if isinstance(value, Array) else value)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)


def _match_widget(tagger: Tagger, annotations: list[list[Any]], page: int, key: int) -> Any | None:
    """The widget annotation of the ``key``-th field drawn on ``page`` (by name and value)."""
    name, value, _ = tagger.widgets[page][key]
    for annotation in annotations[page]:
        if _widget_identity(annotation) == (name, value) or (
            not value and _widget_identity(annotation)[0] == name
        ):
            return annotation
    return None
