"""Layout rules (LAY-*): pages a funder reads without flinching.

Checked on every PDF page, from what the inspection read (text positions,
pictures, table borders): tables that break leaving one or two rows alone, a
total cut from its lines, a heading alone at the foot of a page, pages left
largely empty, text past the page edge, compound words broken at their hyphen,
the same statement twice on a page.  Charts are checked in the DOCX, whose
pictures keep the fonts dladocs recorded in them (LAY-08).  These are
recommendations: they never block a build unless the project asks for strict
verification.
"""

from __future__ import annotations

import itertools
import re
import shutil
from typing import Any

from dladocs import _layout_pages as lp
from dladocs._compounds import is_compound
from dladocs.hookspecs import hookimpl
from dladocs.types import DocumentType, Inspection, Rule, SurfaceRef, Violation

SOURCE = "Lisibilité des livrables (règle de mise en page dladocs)"


def _rule(number: int, title: str) -> Rule:
    return Rule(f"LAY-{number:02d}", title, SOURCE, "D", "warning")


SPLIT = _rule(1, "Un tableau coupé garde au moins 3 lignes de chaque côté")
TOTAL = _rule(2, "La ligne de total reste avec son tableau")
HEADING = _rule(3, "Aucun titre seul en bas de page")
EMPTY = _rule(4, "Aucune page vide à plus de 40 % (sauf la dernière et la couverture)")
EDGE = _rule(5, "Aucun texte hors de la page ou de la diapositive")
HYPHEN = _rule(6, "Aucun mot composé coupé à son trait d'union en fin de ligne")
TWICE = _rule(7, "Une même phrase au plus une fois par page")
CHART = _rule(8, "Les graphiques dans la police du document")
UNCHECKED = _rule(0, "Mise en page vérifiée sur le rendu (LibreOffice)")
RULES = (SPLIT, TOTAL, HEADING, EMPTY, EDGE, HYPHEN, TWICE, CHART, UNCHECKED)

MIN_ROWS = 3
MAX_EMPTY = 0.40
# Families that are the same design under two names (metric-compatible clones).
SAME_FAMILY = {"carlito": "calibri", "liberationsans": "arial", "helvetica": "arial"}


@hookimpl
def dladocs_checks(
    document: DocumentType | None, inspection: Inspection, project: Any
) -> list[Violation]:
    if inspection.format == "pdf":
        return check_pages(inspection)
    if inspection.format == "docx":
        return check_charts(inspection) + _unchecked(inspection)
    if inspection.format == "pptx":
        return _edges(inspection)
    return []


def check_pages(inspection: Inspection) -> list[Violation]:
    """Every page rule on a PDF."""
    pages = lp.pages_of(inspection)
    if not pages:
        return []
    # Slides (landscape pages) do not flow from one to the next: only the text rules apply.
    flowing = [page for page in pages if page.height >= page.width]
    size = lp.body_size(flowing) if flowing else 0.0
    found: list[Violation] = []
    found += _splits(flowing)
    found += _headings(flowing, size)
    found += _empty(flowing, size)
    found += _edges(inspection)
    found += _hyphens(pages)
    found += _twice(pages)
    return found


def _where(page: lp.Page) -> SurfaceRef:
    return SurfaceRef("page", page.index, label=f"page {page.index}")


# --------------------------------------------------------------------------- tables


def _splits(pages: list[lp.Page]) -> list[Violation]:
    found = []
    for before, after in itertools.pairwise(pages):
        tail = _last_table(before)
        head = _first_table(after)
        if tail is None or head is None or abs(tail.left - head.left) > 4:
            continue
        repeated = head.row_text(0) == tail.row_text(0) and len(head.rows) > 1
        kept = len(tail.rows) - (1 if tail.header_like() else 0)
        moved = len(head.rows) - (1 if repeated else 0)
        if head.row_text(len(head.rows) - 1).lower().startswith("total") and moved < MIN_ROWS:
            found.append(
                TOTAL.violation(
                    _where(after),
                    f"la ligne « Total » d'un tableau commencé page {before.index} est isolée en "
                    f"haut de la page {after.index} avec {moved} ligne(s) : gardez le tableau "
                    "entier sur une page (lignes « solidaires du paragraphe suivant »)",
                )
            )
        elif kept < MIN_ROWS or moved < MIN_ROWS:
            found.append(
                SPLIT.violation(
                    _where(after),
                    f"un tableau coupé entre les pages {before.index} et {after.index} laisse "
                    f"{kept} ligne(s) avant la coupure et {moved} après : gardez au moins "
                    f"{MIN_ROWS} lignes de chaque côté, ou le tableau entier sur une page",
                )
            )
    return found


def _last_table(page: lp.Page) -> lp.Table | None:
    if not page.tables:
        return None
    table = page.tables[-1]
    below = [line for line in page.lines if line.box.y > table.bottom + 1]
    below += [box for box in page.pictures if box.y > table.bottom + 1]  # type: ignore[misc]
    return None if below else table


def _first_table(page: lp.Page) -> lp.Table | None:
    if not page.tables:
        return None
    table = page.tables[0]
    above = [line for line in page.lines if line.box.bottom < table.top - 1]
    above += [box for box in page.pictures if box.bottom < table.top - 1]  # type: ignore[misc]
    return None if above else table


# --------------------------------------------------------------------------- headings, space


def _headings(pages: list[lp.Page], size: float) -> list[Violation]:
    found = []
    for page in pages:
        if lp.numbering(page)[1]:
            continue
        body = [line for line in page.lines if not page.in_table(line)]
        if not body:
            continue
        last = max(body, key=lambda line: line.box.bottom)
        if page.pictures and max(b.bottom for b in page.pictures) > last.box.bottom:
            continue
        if page.tables and page.tables[-1].bottom > last.box.bottom:
            continue
        text = last.text.strip()
        heading = (last.size >= 1.15 * size or last.bold) and len(text) < 90
        if heading and not text.endswith((".", ",", ";", "»")):
            found.append(
                HEADING.violation(
                    _where(page),
                    f"le titre « {text[:60]} » est seul en bas de la page {page.index}, séparé "
                    "de ce qu'il annonce : gardez-le avec le paragraphe suivant (style de titre "
                    "« solidaire du suivant »)",
                )
            )
    return found


def _empty(pages: list[lp.Page], size: float) -> list[Violation]:
    ratios = _ratios(pages)
    found = []
    for page in pages:
        first, last = lp.numbering(page)
        if last or (first and _cover(page, size)) or page.index not in ratios:
            continue
        empty = ratios[page.index]
        if empty > MAX_EMPTY:
            found.append(
                EMPTY.violation(
                    _where(page),
                    f"la page {page.index} est vide aux {round(empty * 100)} % avant la page "
                    "suivante : laissez le texte couler (pas de saut de page forcé), réduisez "
                    "le tableau ou le graphique repoussé à la page suivante, ou autorisez sa coupure",
                )
            )
    return found


def empty_ratios(inspection: Inspection) -> dict[int, float]:
    """How much of each page's text area is blank below its content (for reports and tests)."""
    return _ratios(lp.pages_of(inspection))


def _ratios(pages: list[lp.Page]) -> dict[int, float]:
    # The text area runs from the highest content of any page to the footer (or, without
    # one, to the lowest content of any page).
    tops = [p.content_top for p in pages if p.content_top is not None]
    bottoms = [p.content_bottom for p in pages if p.content_bottom is not None]
    if not tops or not bottoms:
        return {}
    footers = [line.box.y for p in pages for line in p.furniture if line.box.y > p.height / 2]
    area_bottom = max(min(footers) - 6 if footers else max(bottoms), *bottoms)
    height = area_bottom - min(tops)
    if height <= 0:
        return {}
    return {
        p.index: 1.0 if p.content_bottom is None else (area_bottom - p.content_bottom) / height
        for p in pages
    }


def _cover(page: lp.Page, size: float) -> bool:
    """A first page with a large title and little text is a cover."""
    words = sum(len(line.text.split()) for line in page.lines)
    return words < 160 and any(line.size >= 1.8 * size for line in page.lines)


def _edges(inspection: Inspection) -> list[Violation]:
    found = []
    for surface in inspection.surfaces:
        if surface.kind not in ("page", "slide") or not surface.width or not surface.height:
            continue
        for run in surface.texts:
            box = run.box
            if box is None or not run.text.strip():
                continue
            if (
                box.x < -1
                or box.y < -1
                or box.right > surface.width + 1
                or box.bottom > surface.height + 1
            ):
                found.append(
                    EDGE.violation(
                        SurfaceRef.of(surface),
                        f"le texte « {run.text[:50]} » dépasse du bord ({surface.label}) : "
                        "raccourcissez-le ou agrandissez son cadre",
                    )
                )
                break
    return found


# --------------------------------------------------------------------------- text


def _hyphens(pages: list[lp.Page]) -> list[Violation]:
    found = []
    for page in pages:
        for block in lp.blocks_of(page.lines + page.furniture):
            for line, following in itertools.pairwise(block):
                text = line.text.rstrip()
                match = re.search(r"([\wÀ-ÿ'’]+)-$", text)
                if match and _in_address(text):
                    continue  # a web address breaks where it can; its hyphens are not words
                nxt = re.match(r"([\wÀ-ÿ'’‑-]+)", following.text.lstrip())
                if match and nxt and is_compound(match.group(1), nxt.group(1)):
                    word = f"{match.group(1)}-{nxt.group(1)}"
                    found.append(
                        HYPHEN.violation(
                            _where(page),
                            f"« {word} » est coupé à son trait d'union en fin de ligne "
                            f"(page {page.index}) : utilisez un trait d'union insécable "
                            "(U+2011, Ctrl+Maj+- dans Word)",
                        )
                    )
    return found


def _in_address(text: str) -> bool:
    """Whether the line ends inside a web address (its last word has a slash or « www. »)."""
    last = text.rsplit(maxsplit=1)[-1] if text.split() else ""
    return "/" in last or last.lower().startswith("www.")


def _twice(pages: list[lp.Page]) -> list[Violation]:
    found = []
    for page in pages:
        seen: dict[str, int] = {}
        # Table cells may repeat a name (one porteur for two departments): prose only.
        prose = [line for line in page.lines if not page.in_table(line)]
        for block in lp.blocks_of(prose + page.furniture):
            text = " ".join(line.text for line in block)
            text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                key = " ".join(sentence.lower().replace("\u2011", "-").split())
                if len(key.split()) >= 8:
                    seen[key] = seen.get(key, 0) + 1
        for sentence, count in seen.items():
            if count > 1:
                found.append(
                    TWICE.violation(
                        _where(page),
                        f"la phrase « {sentence[:70]}… » figure {count} fois sur la page "
                        f"{page.index} : gardez-la une seule fois (dans le pied de page ou dans "
                        "le texte)",
                    )
                )
    return found


# --------------------------------------------------------------------------- charts


def check_charts(inspection: Inspection) -> list[Violation]:
    """A chart picture that records its fonts must use the body text's family."""
    body = [s for s in inspection.surfaces if s.kind == "body"]
    fonts: dict[str, int] = {}
    for surface in body:
        for run in surface.texts:
            if run.font:
                fonts[run.font] = fonts.get(run.font, 0) + len(run.text)
    if not fonts:
        return []
    main = max(fonts, key=lambda name: fonts[name])
    found = []
    for surface in body:
        for picture in surface.pictures:
            family = _chart_font(picture)
            if family and _family(family) != _family(main):
                found.append(
                    CHART.violation(
                        SurfaceRef.of(surface),
                        f"le graphique « {picture.description[:50] or picture.name} » est en "
                        f"{family} alors que le texte est en {main} : refaites-le dans la "
                        "police du document",
                    )
                )
    return found


def _chart_font(picture: Any) -> str:
    if picture.load is None or not picture.name.startswith("dladocs:graphique"):
        return ""
    image = picture.load()
    info = getattr(image, "info", {}) if image is not None else {}
    return str(info.get("dladocs:police", ""))


def _family(name: str) -> str:
    key = re.sub(r"[^a-z]", "", name.lower().split("+")[-1])
    for suffix in ("bold", "italic", "regular"):
        key = key.removesuffix(suffix)
    return SAME_FAMILY.get(key, key)


def _unchecked(inspection: Inspection) -> list[Violation]:
    """A DOCX's page layout is checked on its PDF; without LibreOffice, say it was not."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return []
    return [
        UNCHECKED.violation(
            SurfaceRef("page", 0, label="document entier"),
            "la mise en page (tableaux coupés, pages vides, titres isolés : LAY-01 à LAY-07) "
            "n'a pas été vérifiée : LibreOffice est absent ; installez-le et produisez le PDF "
            "(--pdf) pour la vérifier",
        )
    ]
