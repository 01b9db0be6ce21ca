"""Tags (the structure tree) for the PDFs dladocs draws itself with reportlab.

reportlab writes no structure tree.  While the fillable grid is drawn, a
:class:`Tagger` wraps each piece of content in a marked-content sequence with
its MCID (``/P <</MCID 3>> BDC … EMC``), and the running header and footer in
``/Artifact`` sequences; it also remembers which structure element every form
field belongs to.  :func:`apply` then builds, with pypdf, the tree a screen
reader follows: ``Document`` › ``H1``, ``P``, one ``Div`` per question with
its ``H2``, its labels (``P``) and its fields (``Form``, each pointing at its
widget), plus the parent tree that maps content and widgets back to elements.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


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


def _widget_identity(annotation: DictionaryObject) -> tuple[str, str]:
    """(field name, export value) of a widget: its own /T or its parent's, its /AP state."""
    parent = annotation.get("/Parent")
    name = annotation.get("/T")
    if name is None and parent is not None:
        name = parent.get_object().get("/T")
    states = annotation.get("/AP", DictionaryObject()).get_object().get("/N")
    value = ""
    if states is not None and isinstance(states.get_object(), DictionaryObject):
        value = next((str(k)[1:] for k in states.get_object() if k != "/Off"), "")
    return str(name or ""), value


def apply(writer: PdfWriter, tagger: Tagger) -> None:
    """Give ``writer`` (the document ``tagger`` watched being drawn) its structure tree."""
    pages = list(writer.pages)
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    parent_tree: dict[int, Any] = {}
    by_mcid: list[dict[int, IndirectObject]] = [{} for _ in pages]
    annotations: list[list[DictionaryObject]] = []
    for page in pages:
        listed = [a.get_object() for a in page.get("/Annots", ArrayObject())]
        annotations.append([a for a in listed if a.get("/Subtype") == "/Widget"])
    next_key = len(pages)

    def build(element: Element, parent_ref: IndirectObject) -> IndirectObject:
        nonlocal next_key
        node = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(f"/{element.role}"),
                NameObject("/P"): parent_ref,
            }
        )
        if element.title:
            node[NameObject("/T")] = TextStringObject(element.title)
        ref = writer._add_object(node)
        kids = ArrayObject()
        for kind, page_index, value in element.content:
            page_ref = pages[page_index].indirect_reference
            if kind == "mcid":
                kids.append(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/MCR"),
                            NameObject("/Pg"): page_ref,
                            NameObject("/MCID"): NumberObject(value),
                        }
                    )
                )
                by_mcid[page_index][value] = ref
            else:
                widget = _match_widget(tagger, annotations, page_index, value)
                if widget is None:
                    continue
                widget[NameObject("/StructParent")] = NumberObject(next_key)
                parent_tree[next_key] = ref
                next_key += 1
                kids.append(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/OBJR"),
                            NameObject("/Pg"): page_ref,
                            NameObject("/Obj"): widget.indirect_reference,
                        }
                    )
                )
        for child in element.kids:
            kids.append(build(child, ref))
        node[NameObject("/K")] = kids
        return ref

    document_ref = build(tagger.document, root_ref)
    root[NameObject("/K")] = ArrayObject([document_ref])
    for index, page in enumerate(pages):
        page[NameObject("/StructParents")] = NumberObject(index)
        # Tab through the fields in the order of the structure, as a reader reads them.
        page[NameObject("/Tabs")] = NameObject("/S")
        mcids = by_mcid[index]
        parent_tree[index] = ArrayObject(mcids[n] for n in sorted(mcids))
    nums = ArrayObject()
    for key in sorted(parent_tree):
        nums.append(NumberObject(key))
        value = parent_tree[key]
        nums.append(writer._add_object(value) if isinstance(value, ArrayObject) else value)
    root[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): nums})
    )
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )


def _match_widget(
    tagger: Tagger, annotations: list[list[DictionaryObject]], page: int, key: int
) -> DictionaryObject | None:
    """The widget annotation of the ``key``-th field drawn on ``page`` (by name and value)."""
    name, value, _ = tagger.widgets[page][key]
    for annotation in annotations[page]:
        if _widget_identity(annotation) == (name, value) or (
            not value and _widget_identity(annotation)[0] == name
        ):
            return annotation
    return None
