"""PDF inspection with pypdf: one surface per page, plus the file's metadata.

Pictures are found by walking each page's content stream (see
:mod:`dladocs.inspect._pdf_content`), so their boxes are where they are
drawn, in points from the top-left corner of the page as displayed.  Widget
and other annotation appearances are drawn too (origin ``"annotation"``):
a reader sees an image button or a filled field.  Text drawn invisibly (OCR
layers, ``Tr 3``) is not a text run; the page notes say it exists.

Groups: what the page draws directly has group ``"page"``; what a form
XObject draws (however deeply nested) has the group of the form the page
drew, ``"form:<name>"``, so a logo band made as one form is one group; an
annotation's appearance is ``"annotation:<n>"``.
"""

from __future__ import annotations

import atexit
import contextlib
import weakref
from pathlib import Path
from typing import Any

from dladocs.inspect._pdf_content import PageWalker, state_for_page
from dladocs.inspect._pdf_file import PdfFile, page_operations
from dladocs.inspect._pdf_fingerprint import Fingerprints
from dladocs.inspect._pdf_matrix import form_appearance_matrix, mult, page_matrix
from dladocs.inspect._pdf_objects import (
    as_array,
    as_dict,
    as_name,
    as_number,
    as_stream,
    as_text,
    get,
    key_of,
    numbers,
    quiet,
    resolve,
)
from dladocs.inspect._pdf_reuse import (
    record_pages,
    remember,
    reuse,
    shared_renderings,
)
from dladocs.inspect._pdf_text import text_runs
from dladocs.inspect._pdf_xobjects import decode_image
from dladocs.inspect._safety import NBSP, PASSWORD_MESSAGE, Budget, Limits, Refused
from dladocs.types import Box, Inspection, Surface

_HIDDEN_ANNOTATION = 2 | 32  # Hidden, NoView
_MAX_OUTLINE = 10_000
_MAX_FIELDS = 100_000


def _check_complete(path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65_536))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise Refused(
            f"le PDF est tronqué (sa fin manque){NBSP}: demandez-en une copie complète ou "
            "exportez-le de nouveau"
        )


class _LazyReader:
    """Reopens the PDF once, on the first ``Picture.load`` call, for decoding images."""

    def __init__(self, path: Path, max_pixels: int) -> None:
        self.path = path
        self.max_pixels = max_pixels
        self.reader: Any = None
        self.failed = False

    def _open(self) -> Any:
        if self.reader is None and not self.failed:
            from pypdf import PdfReader
            from pypdf.errors import DependencyError, PyPdfError

            try:
                with quiet():
                    reader = PdfReader(str(self.path), strict=False)
                    if reader.is_encrypted:
                        reader.decrypt("")
                self.reader = reader
            except (PyPdfError, DependencyError, OSError, ValueError):
                self.failed = True
        return self.reader

    def loader(self, stream: Any) -> Any:
        width = as_number(get(stream, "/Width")) or 0
        height = as_number(get(stream, "/Height")) or 0
        too_big = width * height > self.max_pixels or width * height <= 0
        reference = getattr(stream, "indirect_reference", None)

        def load() -> Any:
            if too_big:
                return None
            if reference is None:
                with quiet():
                    return decode_image(stream)
            reader = self._open()
            if reader is None:
                return None
            from pypdf.errors import PyPdfError

            with quiet():
                try:
                    obj = reader.get_object(reference.idnum)
                except (PyPdfError, ValueError, KeyError, IndexError, TypeError, OSError):
                    return None
                return decode_image(obj)

        return load


_CLOSERS: list[weakref.finalize[Any, Any]] = []


def _close_later(owner: object, document: Any) -> None:
    """Close ``document`` with ``owner`` (the last surface that can draw from it goes),
    or at exit, before pdfium's own exit hook, which warns of a document left open."""
    if not _CLOSERS:
        atexit.register(_close_all)  # registered after pdfium's hook: runs before it
    if len(_CLOSERS) > 256:
        _CLOSERS[:] = [closer for closer in _CLOSERS if closer.alive]
    _CLOSERS.append(weakref.finalize(owner, document.close))


def _close_all() -> None:
    for closer in _CLOSERS:
        closer()


class _LazyRenderer:
    """Draws pages with pdfium, opened on the first request: only some rules need a rendering.

    A rendering is what a reader sees: clip paths, shapes painted over a
    picture and vector drawings are all in it.  Failures give None, never an
    exception: a rule that cannot see the page says nothing about it.
    """

    MAX_PIXELS = 4_000_000

    def __init__(self, path: Path) -> None:
        self.path = path
        self.document: Any = None
        self.failed = False

    def _open(self) -> Any:
        if self.document is None and not self.failed:
            try:
                import pypdfium2

                self.document = pypdfium2.PdfDocument(str(self.path))
            except Exception:  # pdfium refuses what it cannot open: no rendering then
                self.failed = True
            else:
                _close_later(self, self.document)
        return self.document

    def page(self, index: int, width: float, height: float) -> Any:
        def render(box: Box | None, height_px: int) -> Any:
            document = self._open()
            if document is None or width <= 0 or height <= 0:
                return None
            area = box or Box(0.0, 0.0, width, height)
            left, top = max(0.0, area.x), max(0.0, area.y)
            right, bottom = min(width, area.right), min(height, area.bottom)
            if right - left < 1 or bottom - top < 1:
                return None
            scale = height_px / (bottom - top)
            if (right - left) * (bottom - top) * scale * scale > self.MAX_PIXELS:
                scale = (self.MAX_PIXELS / ((right - left) * (bottom - top))) ** 0.5
            try:
                page = document[index]
                # pdfium's crop: what to cut from each side, after the page's rotation.
                bitmap = page.render(scale=scale, crop=(left, height - bottom, width - right, top))
                return bitmap.to_pil()
            except Exception:  # a page pdfium cannot draw: no rendering
                return None

        return render


def inspect_pdf(path: Path, limits: Limits) -> Inspection:
    """Inspect a PDF file (callers go through :func:`dladocs.inspect.inspect_file`)."""
    from pypdf.errors import LimitReachedError

    from dladocs.inspect._repairs import pdf_repairs

    _check_complete(path)
    with quiet():
        try:
            with pdf_repairs() as repairs:
                inspection = _inspect(path, limits)
            if repairs:
                inspection.metadata["repaired"] = repairs
            return inspection
        except LimitReachedError:
            raise Refused(
                "le PDF dépasse les limites de lecture (trop d'éléments, ou des données qui "
                f"se décompressent sans fin){NBSP}: il est anormalement complexe ou malveillant"
                "\u202f; exportez-le de nouveau depuis son logiciel d'origine"
            ) from None


_KNOWN_DAMAGE = {
    "cyclic": "l'arborescence des pages boucle sur elle-même",
    "startxref": "la table des objets (xref) est introuvable",
    "eof marker": "la fin du fichier (%%EOF) est introuvable",
    "stream has ended": "le fichier s'arrête au milieu d'un objet",
    "trailer": "le dictionnaire de fin de fichier (trailer) manque",
    "root object": "le catalogue du document (/Root) est introuvable",
}


def _damaged(exc: Exception) -> Refused:
    detail = str(exc).strip()
    reason = next(
        (text for key, text in _KNOWN_DAMAGE.items() if key in detail.lower()),
        "sa structure est illisible",
    )
    return Refused(
        f"le PDF est endommagé ({reason}){NBSP}: ouvrez-le dans son logiciel d'origine et "
        "exportez-en une nouvelle copie, puis relancez la vérification"
    )


def _inspect(path: Path, limits: Limits) -> Inspection:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
    except PdfReadError as exc:
        raise _damaged(exc) from None
    encrypted = bool(reader.is_encrypted)
    if encrypted:
        try:
            result = reader.decrypt("")
        except DependencyError:
            raise Refused(
                f"le PDF est chiffré en AES et le module « cryptography » n'est pas installé"
                f"{NBSP}: installez-le (pip install cryptography) ou enregistrez une copie non "
                "chiffrée du PDF"
            ) from None
        if result == PasswordType.NOT_DECRYPTED:
            raise Refused(PASSWORD_MESSAGE)
    try:
        _count_pages(reader, limits.max_surfaces)
        pages = list(reader.pages)
    except FileNotDecryptedError:
        raise Refused(PASSWORD_MESSAGE) from None
    except PdfReadError as exc:
        raise _damaged(exc) from None
    if len(pages) > limits.max_surfaces:
        raise Refused(
            f"le PDF compte trop de pages ({len(pages)}, au plus {limits.max_surfaces}){NBSP}: "
            "découpez-le puis vérifiez chaque partie"
        )
    budget = Budget(limits.max_pdf_operators, "opérations de dessin")
    pdf = PdfFile(reader, budget, limits.max_form_depth, limits.max_image_pixels)
    lazy = _LazyReader(path, limits.max_image_pixels)
    renderer = _LazyRenderer(path)
    inspection = Inspection(path=path, format="pdf")
    found: list[bytes | None] = []
    with Fingerprints(path, len(pages)) as fingerprints:
        for number, page in enumerate(pages, start=1):
            surface, fingerprint = _page(number, page, pdf, lazy, fingerprints)
            if surface.width and surface.height:
                render = renderer.page(number - 1, surface.width, surface.height)
                surface.render = shared_renderings(fingerprint, render)
            inspection.surfaces.append(surface)
            found.append(fingerprint)
    record_pages(path, tuple(found))
    inspection.metadata.update(_metadata(reader, pdf, encrypted))
    return inspection


def _too_many_pages(count: int | str, limit: int) -> Refused:
    return Refused(
        f"le PDF compte trop de pages ({count}, au plus {limit}){NBSP}: "
        "découpez-le puis vérifiez chaque partie"
    )


def _count_pages(reader: Any, limit: int) -> None:
    """Refuse a PDF with more than ``limit`` pages before pypdf lists them all.

    pypdf builds an object for every page of the tree at once; a file that
    declares (or really has) 100,000 pages would cost seconds and hundreds of
    MB.  The declared ``/Count`` is read first, then the tree is walked with a
    bounded number of steps, since a count can lie.
    """
    from pypdf.generic import ArrayObject, DictionaryObject

    catalog: Any = reader.trailer["/Root"].get_object()
    pages = catalog["/Pages"].get_object()
    declared = pages.get("/Count")
    if isinstance(declared, int) and declared > limit:
        raise _too_many_pages(int(declared), limit)
    stack: list[Any] = [catalog.raw_get("/Pages")]
    seen: set[tuple[int, int]] = set()
    leaves = steps = 0
    while stack:
        steps += 1
        if steps > 4 * limit + 16:
            raise _too_many_pages(f"plus de {limit}", limit)
        item = stack.pop()
        node = item.get_object() if hasattr(item, "get_object") else item
        if not isinstance(node, DictionaryObject):
            continue
        kids: Any = node.get("/Kids")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        if isinstance(kids, ArrayObject) and node.get("/Type") != "/Page":
            key = (getattr(item, "idnum", -id(node)), getattr(item, "generation", 0))
            if key in seen:  # a page-tree node that is its own ancestor
                raise _damaged(ValueError("cyclic page tree"))
            seen.add(key)
            if len(kids) + leaves > 4 * limit:
                raise _too_many_pages(f"plus de {limit}", limit)
            stack.extend(kids)
        else:
            leaves += 1
            if leaves > limit:
                raise _too_many_pages(f"plus de {limit}", limit)


def _boxes(page: Any) -> tuple[tuple[float, float, float, float], int]:
    media = numbers(page.get("/MediaBox"), 4) or [0.0, 0.0, 612.0, 792.0]
    left, right = sorted((media[0], media[2]))
    bottom, top = sorted((media[1], media[3]))
    crop = numbers(page.get("/CropBox"), 4)
    if crop is not None:
        c_left, c_right = sorted((crop[0], crop[2]))
        c_bottom, c_top = sorted((crop[1], crop[3]))
        if min(right, c_right) > max(left, c_left) and min(top, c_top) > max(bottom, c_bottom):
            left, right = max(left, c_left), min(right, c_right)
            bottom, top = max(bottom, c_bottom), min(top, c_top)
    rotation = int(as_number(page.get("/Rotate")) or 0) % 360
    rotation = rotation - rotation % 90
    return (left, bottom, right, top), rotation


def _page(
    number: int, page: Any, pdf: PdfFile, lazy: _LazyReader, fingerprints: Fingerprints
) -> tuple[Surface, bytes | None]:
    """The page's surface, and its fingerprint when it has one (see ``_pdf_reuse``)."""
    from pypdf.errors import PdfReadError

    crop, rotation = _boxes(page)
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    if rotation in (90, 270):
        width, height = height, width
    surface = Surface(kind="page", index=number, width=width, height=height)
    # A page drawing what an inspected page drew (a dossier's copy, another region's) has
    # its surface; the fonts its walk listed are all the fonts its resources offer.
    fingerprint = fingerprints.page(number - 1, (crop, rotation))
    reused = reuse(fingerprint, number)
    if reused is not None:
        pdf.budget.spend(1)
        pdf.font_list.update(dict.fromkeys(reused[1]))
        return reused[0], fingerprint
    walker = PageWalker(pdf, page_matrix(crop, rotation), rotation, lazy.loader)
    resources = page.get("/Resources")
    try:
        contents = page.get_contents()
        operations = page_operations(contents) if contents is not None else []
    except (PdfReadError, ValueError) as exc:
        surface.notes.append(
            f"le contenu de la page {number} n'a pas pu être lu ({exc}){NBSP}: la page est "
            "endommagée et n'a pas été vérifiée"
        )
        operations = []
        fingerprint = None  # not a surface to give another page
    pdf.page_fonts = {}
    walker.walk(operations, resources, state_for_page(), "page", ())
    _annotations(page, walker)
    content = walker.content
    surface.vector_hint = content.blue_fill
    surface.pictures.extend(content.pictures)
    surface.texts.extend(text_runs(content.chunks, content.rules))
    surface.rules.extend(Box(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0) for r in content.rules)
    if content.invisible_text:
        surface.notes.append(
            f"la page contient du texte invisible ({content.invisible_text} passages, par exemple "
            f"une couche de reconnaissance de caractères){NBSP}: il n'est pas compté"
        )
    surface.notes.extend(dict.fromkeys(content.notes))
    remember(fingerprint, surface, tuple(pdf.page_fonts), lazy.path)
    return surface, fingerprint


def _annotations(page: Any, walker: PageWalker) -> None:
    annotations = as_array(page.get("/Annots"))
    if not annotations:
        return
    for number, item in enumerate(annotations[:5_000], start=1):
        annotation = as_dict(item)
        if annotation is None or as_name(get(annotation, "/Subtype")) == "/Popup":
            continue
        flags = int(as_number(get(annotation, "/F")) or 0)
        if flags & _HIDDEN_ANNOTATION:
            continue
        rect = numbers(get(annotation, "/Rect"), 4)
        normal = get(get(annotation, "/AP"), "/N")
        stream = as_stream(normal)
        if stream is None and as_dict(normal) is not None:
            state = as_name(get(annotation, "/AS"))
            stream = as_stream(get(normal, state)) if state else None
        if stream is None or rect is None:
            continue
        matrix = form_appearance_matrix(stream, rect)
        if matrix is None:
            continue
        walker.pdf.budget.spend(1)
        operations = walker.pdf.parse(stream)
        state_ = state_for_page()
        own = numbers(get(stream, "/Matrix"), 6)
        state_.ctm = matrix
        if own is not None:
            state_.ctm = mult((own[0], own[1], own[2], own[3], own[4], own[5]), matrix)
        resources = get(stream, "/Resources")
        walker.walk(
            operations,
            resources,
            state_,
            "annotation",
            (key_of(stream),),
            group=f"annotation:{number}",
        )


# --------------------------------------------------------------------------- metadata


def _metadata(reader: Any, pdf: PdfFile, encrypted: bool) -> dict[str, Any]:
    from pypdf.errors import PyPdfError

    meta: dict[str, Any] = {}
    root = as_dict(reader.trailer.get("/Root"))
    info = as_dict(reader.trailer.get("/Info"))
    for key, name in (
        ("title", "/Title"),
        ("author", "/Author"),
        ("subject", "/Subject"),
        ("keywords", "/Keywords"),
    ):
        value = as_text(get(info, name))
        if value:
            meta[key] = value
    if len(meta) < 4:
        # An unreadable XMP packet only loses fallback metadata.
        with contextlib.suppress(PyPdfError, ValueError, KeyError, AttributeError, TypeError):
            _xmp(reader, meta)
    lang = as_text(get(root, "/Lang"))
    if lang:
        meta["lang"] = lang
    marked = get(get(root, "/MarkInfo"), "/Marked")
    meta["tagged"] = (
        bool(marked is True or str(marked).lower() == "true")
        and get(root, "/StructTreeRoot") is not None
    )
    meta["pdf_version"] = _version(reader, root)
    meta["fonts"] = [{"name": name, "embedded": embedded} for name, embedded in pdf.font_list]
    meta["form_fields"] = _field_count(root)
    meta["encrypted"] = encrypted
    if get(root, "/PageLabels") is not None:
        try:
            meta["page_labels"] = [str(label) for label in reader.page_labels]
        except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError):
            meta["page_labels"] = []
    meta["outline"] = _outline(root)
    return meta


def _xmp(reader: Any, meta: dict[str, Any]) -> None:
    xmp = reader.xmp_metadata
    if xmp is None:
        return

    def first(value: Any) -> str | None:
        if isinstance(value, dict):
            value = value.get("x-default") or next(iter(value.values()), None)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        return str(value).strip() if value else None

    candidates = {
        "title": "dc_title",
        "author": "dc_creator",
        "subject": "dc_description",
        "keywords": "pdf_keywords",
    }
    for key, attribute in candidates.items():
        if key not in meta:
            value = first(getattr(xmp, attribute, None))
            if value:
                meta[key] = value


def _version(reader: Any, root: Any) -> str:
    header = str(getattr(reader, "pdf_header", "") or "")
    version = header.replace("%PDF-", "").strip() or "inconnue"
    catalog = as_name(get(root, "/Version"))
    if catalog:
        declared = catalog.lstrip("/")
        try:
            if float(declared) > float(version):
                version = declared
        except ValueError:
            pass
    return version


def _field_count(root: Any) -> int:
    fields = as_array(get(get(root, "/AcroForm"), "/Fields"))
    if not fields:
        return 0
    count = 0
    seen: set[Any] = set()
    stack = list(fields)
    while stack and len(seen) < _MAX_FIELDS:
        node = as_dict(stack.pop())
        if node is None:
            continue
        key = key_of(node)
        if key in seen:
            continue
        seen.add(key)
        kids = [as_dict(kid) for kid in (as_array(get(node, "/Kids")) or [])]
        field_kids = [kid for kid in kids if kid is not None and "/T" in kid]
        if field_kids:
            stack.extend(field_kids)
        else:
            count += 1
    return count


def _outline(root: Any) -> list[str]:
    titles: list[str] = []
    node = as_dict(get(get(root, "/Outlines"), "/First"))
    seen: set[Any] = set()
    while node is not None and len(seen) < _MAX_OUTLINE:
        key = key_of(node)
        if key in seen:
            break
        seen.add(key)
        title = as_text(get(node, "/Title"))
        if title:
            titles.append(title)
        node = as_dict(resolve(node.get("/Next")))
    return titles
