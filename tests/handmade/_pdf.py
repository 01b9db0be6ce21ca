"""Hand-made PDF files (reportlab), one planted defect each."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import _pictures as pic

FONT = "UbuntuHM"
_FONT_FILE = (
    Path(__file__).parents[2] / "src" / "dladocs" / "fonts" / "UbuntuDerivativeDladocs-Regular.ttf"
)
MENTION = "Cofinancé par l'Union européenne"
STATEMENT_2014 = (
    "Ce projet est cofinancé par le Fonds social européen dans le cadre du programme "
    "opérationnel national « Emploi et Inclusion » 2014-2020"
)
WIDTH, HEIGHT = A4


def _canvas(out: Path, title: str = "") -> canvas.Canvas:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_FILE)))
    page = canvas.Canvas(str(out), pagesize=A4)
    if title:
        page.setTitle(title)
    return page


def _block(page: canvas.Canvas, flag: Path, y: float, *, x: float = 1.5 * cm) -> None:
    """The emblem 2 cm tall at (x, y) from the bottom, the mention beside it."""
    page.drawImage(str(flag), x, y, 3 * cm, 2 * cm)
    page.setFont(FONT, 13)
    page.drawString(x + 3.3 * cm, y + 0.8 * cm, MENTION)


def _line(page: canvas.Canvas, text: str, y: float, size: int = 12, font: str = FONT) -> None:
    page.setFont(font, size)
    page.drawString(2 * cm, y, text)


def other_logos(out: Path, tmp: Path) -> Path:
    """Page 1: a partner logo in the emblem's footer row, larger (E21-11).  Page 2: a large
    photograph in the body (compliant).  Page 3: the logo smaller (compliant)."""
    flag, partner = pic.emblem(tmp / "flag.png"), pic.logo(tmp / "asso.png")
    photo = pic.photograph(tmp / "photo.jpg")
    page = _canvas(out)
    for number, (logo_w, logo_h, photo_on) in enumerate(
        [(7 * cm, 3.5 * cm, False), (3 * cm, 1.5 * cm, True), (3 * cm, 1.5 * cm, False)], 1
    ):
        _line(page, f"Rapport d'activité — partie {number}", HEIGHT - 3 * cm, 16)
        if photo_on:
            page.drawImage(str(photo), 3 * cm, 9 * cm, 15 * cm, 11.25 * cm)
        _block(page, flag, 1.2 * cm)
        page.drawImage(str(partner), WIDTH - 1.5 * cm - logo_w, 1.2 * cm, logo_w, logo_h)
        page.showPage()
    page.save()
    return out


def scanned(out: Path, tmp: Path) -> Path:
    """Page 1 written as text (compliant); page 2 a scan: one picture, no text."""
    flag = pic.emblem(tmp / "flag.png")
    scan = pic.scanned_page(tmp / "scan.png", ["Feuille de présence", "Nom  Prénom"], flag)
    page = _canvas(out)
    _block(page, flag, HEIGHT - 3.5 * cm)
    _line(page, "Compte rendu de la réunion", HEIGHT - 6 * cm, 16)
    page.showPage()
    page.drawImage(str(scan), 0, 0, WIDTH, HEIGHT)
    page.showPage()
    page.save()
    return out


def _form_page(page: canvas.Canvas, flag: Path, title: str, statement: bool) -> None:
    page.drawImage(str(flag), 1.5 * cm, HEIGHT - 3.5 * cm, 3 * cm, 2 * cm)
    page.setFont(FONT, 13)
    page.drawString(4.8 * cm, HEIGHT - 2.3 * cm, "UNION EUROPÉENNE")
    page.drawString(4.8 * cm, HEIGHT - 2.9 * cm, "Fonds social européen")
    _line(page, title, HEIGHT - 5 * cm, 16)
    for row in range(8):
        page.rect(2 * cm, HEIGHT - (7 + row) * cm, 17 * cm, 1 * cm)
    if statement:
        page.setFont(FONT, 8)
        page.drawString(1.5 * cm, 1.2 * cm, STATEMENT_2014)


def emargement(out: Path, tmp: Path, *, missing_on: int = 2) -> Path:
    """« Feuille d'émargement », three pages; the footer statement removed from one page."""
    flag = pic.emblem(tmp / "flag.png")
    page = _canvas(out, "Feuille d'émargement")
    for number in (1, 2, 3):
        _form_page(page, flag, f"Feuille d'émargement – séance {number}", number != missing_on)
        page.showPage()
    page.save()
    return out


def fields_form(out: Path, tmp: Path) -> Path:
    """A fillable questionnaire (form fields, no telling title); statement on page 1 only."""
    flag = pic.emblem(tmp / "flag.png")
    page = _canvas(out, "Bilan de la séance")
    for number in (1, 2):
        _form_page(page, flag, f"Bilan de la séance – volet {number}", number == 1)
        page.acroForm.textfield(
            name=f"nom{number}", x=5 * cm, y=HEIGHT - 8 * cm, width=8 * cm, height=0.8 * cm
        )
        page.showPage()
    page.save()
    return out


def report_2014(out: Path, tmp: Path) -> Path:
    """A report (not a form): the statement once, on page 1, is enough (compliant)."""
    flag = pic.emblem(tmp / "flag.png")
    page = _canvas(out, "Rapport final")
    _form_page(page, flag, "Rapport final de l'accompagnement", True)
    page.showPage()
    _form_page(page, flag, "Annexes", False)
    page.showPage()
    page.save()
    return out


def helvetica_body(out: Path, tmp: Path) -> Path:
    """Compliant mention in embedded Ubuntu; the body in Helvetica, not embedded (warning that
    must not speak of the mention)."""
    flag = pic.emblem(tmp / "flag.png")
    page = _canvas(out)
    _block(page, flag, HEIGHT - 3.5 * cm)
    _line(page, "Compte rendu de l'atelier", HEIGHT - 6 * cm, 16, font="Helvetica")
    page.showPage()
    page.save()
    return out


def helvetica_mention(out: Path, tmp: Path) -> Path:
    """The mention itself in Helvetica, not embedded: wrong font (E21-05) and a warning on it."""
    flag = pic.emblem(tmp / "flag.png")
    page = _canvas(out)
    page.drawImage(str(flag), 1.5 * cm, HEIGHT - 3.5 * cm, 3 * cm, 2 * cm)
    page.setFont("Helvetica", 13)
    page.drawString(4.8 * cm, HEIGHT - 2.7 * cm, MENTION)
    page.showPage()
    page.save()
    return out


def damaged(out: Path, tmp: Path) -> Path:
    """A compliant page whose cross-reference table is broken (offsets shifted)."""
    clean = tmp / "clean.pdf"
    page = _canvas(clean)
    _block(page, pic.emblem(tmp / "flag.png"), HEIGHT - 3.5 * cm)
    page.showPage()
    page.save()
    data = clean.read_bytes()
    start = data.rindex(b"\nxref\n")
    table = re.sub(
        rb"(\d{10}) 00000 n",
        lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7),
        data[start:],
    )
    out.write_bytes(data[:start] + table)
    return out


def encrypted(out: Path) -> Path:
    """A PDF that asks for a password to open."""
    from reportlab.lib import pdfencrypt

    page = canvas.Canvas(
        str(out), pagesize=A4, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1)
    )
    page.drawString(2 * cm, HEIGHT - 3 * cm, "Confidentiel")
    page.showPage()
    page.save()
    return out
