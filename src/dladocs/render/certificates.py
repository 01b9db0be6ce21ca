"""Certificates of participation, drawn with reportlab: thousands in seconds, each verified.

Everything that is the same on every certificate (the EU band, the title, the
organiser's signature block, the funding statement) is drawn once, as a form
XObject: the *template*.  A one-page PDF of the template alone is inspected and
verified like any document dladocs writes.  Each certificate page then draws
that same object and, over the body area only, its person's text.  Checking a
certificate is therefore checking what changes (:func:`verify_pages`): the page
draws the verified template object, unchanged, before anything else; what it
adds is text only (no picture, no filled shape that could hide the band); and
the person's name reads back from the page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dladocs.errors import DladocsError
from dladocs.render import form as f
from dladocs.render._certificate_files import verify_copy, write_each
from dladocs.render._form_band import _draw_band, _draw_footer
from dladocs.render._form_layout import _lines, _y
from dladocs.render._pdf_text import Fonts, Style, image_size, register_fonts, wrap
from dladocs.typography import NBSP

TEMPLATE = "dladocsCertificat"
BODY_TOP = f.MARGIN_TOP + f.EMBLEM_HEIGHT + 150.0
BODY_BOTTOM = f.PAGE_HEIGHT - 330.0
# Operators a certificate may add to the template: text, its font, colour and position.
_ALLOWED = re.compile(rb"^(?:BT|ET|Tf|Td|TD|Tm|T\*|Tj|TJ|'|\"|Tc|Tw|Tz|TL|Tr|Ts|rg|RG|g|G|q|Q|cm)$")


@dataclass(frozen=True, slots=True)
class Certificate:
    """One person's certificate: the lines under their name (already typeset in French)."""

    name: str
    lines: tuple[str, ...]
    file: str  # the file name of their own PDF, without folder


@dataclass(frozen=True, slots=True)
class Layout:
    """What every certificate shares: the template's text and band."""

    band: f.FormBand
    title: str
    intro: str
    signature: tuple[str, ...]
    metadata: f.PdfMetadata


def _canvas(target: Any, layout: Layout, fonts: Fonts) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(
        target,
        pagesize=(f.PAGE_WIDTH, f.PAGE_HEIGHT),
        invariant=1,
        lang=layout.metadata.lang,
        initialFontName=fonts.regular,
        initialFontSize=10,
        pageCompression=0,  # page streams stay readable: verification reads them back
    )
    meta = layout.metadata
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(
        meta.keywords if isinstance(meta.keywords, str) else ", ".join(meta.keywords)
    )
    canvas.setCreator("dladocs")
    if meta.when is not None:
        stamp = meta.when.strftime("D:%Y%m%d%H%M%S+00'00'")
        canvas.setDateFormatter(lambda *_parts: stamp)
    _template(canvas, layout, fonts)
    return canvas


def _template(canvas: Any, layout: Layout, fonts: Fonts) -> None:
    """The form XObject drawn under every certificate."""
    band = layout.band
    emblem = image_size(band.emblem_png, "l'emblème de l'Union européenne")
    logos = [(p, alt, image_size(p, alt)) for p, alt in band.other_logos]
    canvas.beginForm(TEMPLATE)
    _draw_band(canvas, fonts, band, emblem, logos)
    statement = wrap(fonts.safe(band.statement), fonts.regular, f.FOOTER_SIZE, f.CONTENT_WIDTH)
    _draw_footer(canvas, fonts, statement, 1, 1)
    top = f.MARGIN_TOP + f.EMBLEM_HEIGHT + 60.0
    title = Style(fonts.bold, 24.0, 28.0, f.REFLEX_BLUE)
    _lines(
        canvas,
        [fonts.safe(layout.title)],
        title,
        f.MARGIN_X,
        top,
        align="center",
        width=f.CONTENT_WIDTH,
    )
    intro = wrap(fonts.safe(layout.intro), fonts.regular, 11.5, f.CONTENT_WIDTH)
    _lines(canvas, intro, Style(fonts.regular, 11.5, 15.0), f.MARGIN_X, top + 50.0)
    signature_top = BODY_BOTTOM + 40.0
    block = Style(fonts.regular, 11.0, 15.0)
    _lines(
        canvas,
        [fonts.safe(line) for line in layout.signature],
        block,
        f.MARGIN_X + f.CONTENT_WIDTH / 2,
        signature_top,
    )
    canvas.setStrokeColor("#999999")
    canvas.setLineWidth(0.5)
    box_top = signature_top + 15.0 * len(layout.signature) + 8.0
    canvas.rect(f.MARGIN_X + f.CONTENT_WIDTH / 2, _y(box_top + 70.0), f.CONTENT_WIDTH / 2, 70.0)
    canvas.endForm()


def _page(canvas: Any, fonts: Fonts, certificate: Certificate) -> None:
    canvas.doForm(TEMPLATE)
    name = Style(fonts.bold, 20.0, 24.0, "#000000")
    _lines(
        canvas,
        [fonts.safe(certificate.name)],
        name,
        f.MARGIN_X,
        BODY_TOP,
        align="center",
        width=f.CONTENT_WIDTH,
    )
    top = BODY_TOP + 40.0
    for line in certificate.lines:
        wrapped = wrap(fonts.safe(line), fonts.regular, 11.5, f.CONTENT_WIDTH)
        _lines(canvas, wrapped, Style(fonts.regular, 11.5, 15.5), f.MARGIN_X, top)
        top += 15.5 * len(wrapped) + 6.0
    if top > BODY_BOTTOM:
        raise DladocsError(
            f"l'attestation de « {certificate.name} » déborde de sa page : raccourcissez les textes."
        )
    canvas.showPage()


def write_template(path: Path, layout: Layout) -> None:
    """A one-page PDF of the template alone, for the full verification."""
    fonts = register_fonts(layout.band.font)  # the mention's font, embedded
    canvas = _canvas(str(path), layout, fonts)
    canvas.doForm(TEMPLATE)
    canvas.showPage()
    canvas.save()


def write_all(path: Path, layout: Layout, certificates: Sequence[Certificate]) -> None:
    """Every certificate, one per page, in one PDF."""
    fonts = register_fonts(layout.band.font)  # the mention's font, embedded
    canvas = _canvas(str(path), layout, fonts)
    for certificate in certificates:
        _page(canvas, fonts, certificate)
    canvas.save()


def _form_digest(page: Any) -> tuple[int | None, str]:
    """The template object a page draws: its object number and the digest of its stream."""
    xobjects = page["/Resources"].get("/XObject", {})
    for name, ref in xobjects.items():
        if TEMPLATE in name:
            form = ref.get_object()
            return getattr(ref, "idnum", None), hashlib.sha256(form.get_data()).hexdigest()
    return None, ""


def template_digest(path: Path) -> str:
    """The digest of the template object in the verified one-page PDF."""
    from pypdf import PdfReader

    return _form_digest(PdfReader(path).pages[0])[1]


def verify_pages(path: Path, names: Sequence[str], digest: str) -> list[str]:
    """What changes, per page: the verified template drawn first and unchanged, text only
    added, the right name on the right page.  Returns one French problem per faulty page."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    problems = []
    if len(reader.pages) != len(names):
        return [f"{len(reader.pages)} pages pour {len(names)} attestations"]
    seen: dict[int | None, str] = {}
    maps: dict[Any, dict[int, str]] = {}
    for number, (page, name) in enumerate(zip(reader.pages, names, strict=True), 1):
        where = f"page{NBSP}{number}"
        idnum, _ = _form_digest(page)
        if idnum not in seen:  # the shared object is read and hashed once
            seen[idnum] = _form_digest(page)[1]
        if seen[idnum] != digest:
            problems.append(
                f"{where} : le gabarit vérifié (bandeau européen) n'y est pas, ou a changé"
            )
            continue
        operations = ContentStream(page.get_contents(), reader).operations
        drawn = [op for _, op in operations]
        first_do = next((i for i, op in enumerate(drawn) if op == b"Do"), None)
        if first_do is None or any(op not in (b"q", b"cm", b"Q") for op in drawn[:first_do]):
            problems.append(f"{where} : le gabarit n'est pas dessiné en premier")
            continue
        extra = [op for op in drawn[first_do + 1 :] if not _ALLOWED.match(op)]
        if extra:
            problems.append(
                f"{where} : dessin ajouté par-dessus le gabarit ({', '.join(sorted({o.decode() for o in extra}))})"
            )
            continue
        if _clean(name) not in _clean(_page_text(page, operations, maps)):
            problems.append(f"{where} : le nom « {name} » ne s'y lit pas")
    return problems


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def _page_text(
    page: Any, operations: Sequence[tuple[Any, bytes]], maps: dict[Any, dict[int, str]]
) -> str:
    """The page's own text (not the template's), decoded through each font's ToUnicode map.

    ``maps`` caches the maps of one file's fonts, by object number.
    """
    fonts = page["/Resources"].get("/Font", {})
    current: dict[int, str] = {}
    out = []
    for operands, op in operations:
        if op == b"Tf":
            ref = fonts.get(str(operands[0]))
            key = getattr(ref, "idnum", str(operands[0]))
            if key not in maps:
                maps[key] = _to_unicode(ref.get_object()) if ref is not None else {}
            current = maps[key]
        elif op == b"Tj":
            out.append("".join(current.get(b, chr(b)) for b in bytes(operands[0].original_bytes)))
        elif op == b"TJ":
            for item in operands[0]:
                if hasattr(item, "original_bytes"):
                    out.append("".join(current.get(b, chr(b)) for b in bytes(item.original_bytes)))
        elif op in (b"Td", b"TD", b"T*", b"ET"):
            out.append(" ")
    return "".join(out)


def _to_unicode(font: Any) -> dict[int, str]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def produce(
    combined: Path,
    folder: Path | None,
    layout: Layout,
    certificates: Sequence[Certificate],
    verify_template: Any,
    workdir: Path,
) -> list[Path]:
    """Write and verify (``folder`` None: no file per person): the template fully once (``verify_template(path)`` returns French
    problems), then every page of ``combined`` and every file of ``folder`` for what changes.

    Returns the files of ``folder``, in the order of ``combined``'s pages: each is proved
    to hold exactly its page's objects (a :attr:`~dladocs.types.RenderJob.copies` entry).
    Raises :class:`DladocsError` naming the page or the file at fault: a certificate that
    does not show the EU block must not leave the build.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    template = workdir / "gabarit-attestation.pdf"
    write_template(template, layout)
    problems = verify_template(template)
    if problems:
        raise DladocsError(
            "le gabarit des attestations ne passe pas la vérification : " + " ; ".join(problems)
        )
    digest = template_digest(template)
    names = [c.name for c in certificates]
    write_all(combined, layout, certificates)
    problems = [f"{combined.name}, {p}" for p in verify_pages(combined, names, digest)]
    paths: dict[Path, str] = {}
    if folder is not None:  # None: a notice page only, no one to give a file to
        paths = write_each(folder, combined, certificates)
        # The first file is read as any reader would; every file, the first included, must
        # hold exactly the verified objects of its page in the combined PDF, whole.
        first = next(iter(paths))
        problems += [f"{first.name}, {p}" for p in verify_pages(first, names[:1], digest)]
        problems += [
            f"{path.name} : {p}" for path, sha in paths.items() for p in verify_copy(path, sha)
        ]
    if problems:
        raise DladocsError("attestations non conformes : " + " ; ".join(problems[:10]))
    return list(paths)
