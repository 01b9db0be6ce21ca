"""The closing dossier: the final report and its annexes in one tagged, bookmarked PDF.

The parts are copied with pikepdf (qpdf): their pages, form fields, named
destinations and bookmarks by :meth:`pikepdf.Pdf.add_pages_from`; their tags
(structure trees) by :class:`_StructureMerger`, since no library merges those.
One qpdf object copier per part maps every reference to a part's page to its
copy, so the copied tags point at the dossier's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from dladocs.errors import DladocsError
from dladocs.render._pdf_stamp import pdfa_identification, xmp_text
from dladocs.types import Artifact, DocumentType, Region

if TYPE_CHECKING:
    from dladocs.render._pdf_stamp import Stamp

REPORT = "rapport"
"""The document the closing dossier opens with; without its PDF there is no dossier."""

REPORT_LABEL = "R-"
ANNEX_LABEL = "A{number}-"


@dataclass(frozen=True, slots=True)
class Part:
    document: DocumentType
    path: Path
    bookmark: str
    label: str


def parts(
    staging: Path,
    region: Region,
    artifacts: Sequence[Artifact],
    documents: Mapping[str, DocumentType],
    archival: Mapping[str, Path],
    dossier_id: str,
) -> list[Part]:
    """The report then its annexes in their order, each with its bookmark and page-label prefix."""
    found: dict[str, Path] = {}
    for artifact in artifacts:
        if (
            artifact.format != "pdf"
            or artifact.region != region.code
            or artifact.document == dossier_id
        ):
            continue
        if artifact.document not in documents or not documents[artifact.document].annex:
            continue
        path = artifact.path if artifact.path.is_absolute() else staging / artifact.path
        found.setdefault(artifact.document, archival.get(artifact.document, path))
    if REPORT not in found:
        return []
    report = documents[REPORT]
    chosen = [Part(report, found[REPORT], report.title, REPORT_LABEL)]
    annexes = sorted(
        (documents[d] for d in found if d != REPORT), key=lambda d: (d.annex_order, d.id)
    )
    for number, annex in enumerate(annexes, start=1):
        chosen.append(
            Part(
                annex,
                found[annex.id],
                f"Annexe {number} — {annex.title}",
                ANNEX_LABEL.format(number=number),
            )
        )
    return chosen


def assemble(chosen: Sequence[Part], stamp: Callable[[tuple[str, str] | None], Stamp]) -> bytes:
    """The dossier's bytes; ``stamp`` gives the stamp for the PDF/A claim every part shares."""
    with pikepdf.new() as dossier, _opened(chosen) as sources:
        merger = _StructureMerger(dossier)
        labels = Array()
        identifications = []
        for part, source in zip(chosen, sources, strict=True):
            if not source.pages:
                continue  # nothing to read, bookmark or label
            start = len(dossier.pages)
            _append_with_bookmark(dossier, source, part.bookmark)
            labels.append(start)  # pikepdf converts a Python int
            labels.append(Dictionary(S=Name.D, P=String(part.label), St=1))
            merger.add(source, part, start)
            identifications.append(pdfa_identification(xmp_text(source)))
        merger.finish()
        dossier.Root.PageLabels = Dictionary(Nums=labels)
        # Open on the bookmarks: a funder reads the dossier document by document.
        dossier.Root.PageMode = Name.UseOutlines
        pdfa = identifications[0] if len(set(identifications)) == 1 else None
        intents = sources[0].Root.get("/OutputIntents") if sources else None
        if pdfa is not None and isinstance(intents, Array):
            dossier.Root.OutputIntents = Array(
                dossier.copy_foreign(sources[0].make_indirect(intent)) for intent in intents
            )
        # The parts' features (tags, transparency, PDF/A-2) need their PDF version at least.
        version = max((source.pdf_version for source in sources), default="")
        return stamp(pdfa).write(dossier, min_version=version)


@contextmanager
def _opened(chosen: Sequence[Part]) -> Iterator[list[pikepdf.Pdf]]:
    """The parts opened together: the dossier copies from them until it is written."""
    opened: list[pikepdf.Pdf] = []
    try:
        for part in chosen:
            try:
                opened.append(pikepdf.open(part.path))
            except (pikepdf.PdfError, OSError, ValueError) as exc:
                raise DladocsError(
                    f"le PDF « {part.path.name} » est illisible ({exc}) : "
                    "le dossier de clôture ne peut pas être assemblé.",
                    path=part.path,
                ) from exc
        yield opened
    finally:
        for source in opened:
            source.close()


def _append_with_bookmark(dossier: pikepdf.Pdf, source: pikepdf.Pdf, bookmark: str) -> None:
    """Append ``source``'s pages under one bookmark that holds the part's own bookmarks."""
    start = len(dossier.pages)
    with dossier.open_outline() as outline:
        before = len(outline.root)
    dossier.add_pages_from(source)
    with dossier.open_outline() as outline:
        own = list(outline.root[before:])
        del outline.root[before:]
        item = OutlineItem(bookmark, start)
        item.children.extend(own)
        outline.root.append(item)


class _StructureMerger:
    """Merge the parts' structure trees (tags) under one ``/Part`` element per document.

    Pages come with their ``/StructParents`` keys, which index the part's
    parent tree: each part's keys are shifted past the previous parts' ones,
    on its pages, its annotations and its parent-tree entries alike.
    """

    def __init__(self, dossier: pikepdf.Pdf) -> None:
        self.dossier = dossier
        self.root = dossier.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = dossier.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.numbers: list[tuple[int, Any]] = []
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.offset = 0
        self.all_tagged = True

    def add(self, source: pikepdf.Pdf, part: Part, start: int) -> None:
        tree = source.Root.get("/StructTreeRoot")
        mark = source.Root.get("/MarkInfo")
        if not isinstance(mark, Dictionary) or not bool(mark.get("/Marked", False)):
            self.all_tagged = False
        if not isinstance(tree, Dictionary):
            self.all_tagged = False
            return
        element = self.dossier.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, T=String(part.bookmark), P=self.document)
        )
        kids = Array()
        for kid in _as_list(tree.get("/K")):
            copied = self._copy(source, kid)
            if isinstance(copied, Dictionary):
                copied.P = element  # the part's old root is left behind
            kids.append(copied)
        element.K = kids
        self.document.K.append(element)
        entries = list(_number_tree(tree.get("/ParentTree")))
        for key, value in entries:
            self.numbers.append((key + self.offset, self._copy(source, value)))
        for index in range(len(source.pages)):
            self._shift(source.pages[index].obj, self.dossier.pages[start + index].obj)
        for source_map, merged in (
            (tree.get("/RoleMap"), self.role_map),
            (tree.get("/ClassMap"), self.class_map),
        ):
            if isinstance(source_map, Dictionary):
                for name, value in source_map.items():
                    if name not in merged:
                        merged[name] = self._copy(source, value)
        next_key = tree.get("/ParentTreeNextKey")
        used = max((key for key, _ in entries), default=-1) + 1
        self.offset += max(int(next_key) if next_key is not None else 0, used)

    def _shift(self, original: Dictionary, page: Dictionary) -> None:
        if "/StructParents" in original:
            page.StructParents = int(original.StructParents) + self.offset
        annotations = page.get("/Annots")
        for annotation in annotations if isinstance(annotations, Array) else ():
            if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + self.offset

    def _copy(self, source: pikepdf.Pdf, value: Any) -> Any:
        """``value`` in the dossier: qpdf copies indirect objects only, so wrap a direct one."""
        if isinstance(value, pikepdf.Object) and not value.is_indirect:
            if isinstance(value, Dictionary | Array):
                return self.dossier.copy_foreign(source.make_indirect(value))
            return value
        return self.dossier.copy_foreign(value)

    def finish(self) -> None:
        nums = Array()
        for key, value in sorted(self.numbers, key=lambda entry: entry[0]):
            nums.append(key)
            nums.append(value)
        self.root.K = self.document
        self.root.ParentTree = self.dossier.make_indirect(Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = self.offset
        if self.role_map:
            self.root.RoleMap = self.role_map
        if self.class_map:
            self.root.ClassMap = self.class_map
        self.dossier.Root.StructTreeRoot = self.root
        self.dossier.Root.MarkInfo = Dictionary(Marked=self.all_tagged)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, Array):
        return list(value)
    return [value]


def _number_tree(node: Any, depth: int = 0) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, leaves and intermediate nodes alike."""
    if not isinstance(node, Dictionary) or depth > 32:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        items = list(nums)
        for index in range(0, len(items) - 1, 2):
            yield int(items[index]), items[index + 1]
    for kid in _as_list(node.get("/Kids")):
        yield from _number_tree(kid, depth + 1)
