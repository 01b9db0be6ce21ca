"""The attendance sheet template (``emargement.docx``), in the style of the other DOCX templates.

Run from the repository root: ``python tools/make_presence_templates.py`` (make_templates.py
calls it too).  The logo band is in the header and the FSE statement in the footer, so
that every page of the sheet carries them: sheets get separated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).parent))

from make_docx_templates import _base, _headers, _p, _save, _table

OUT = Path(__file__).resolve().parent.parent / "src" / "dladocs" / "templates"


def make_emargement(path: Path) -> None:
    doc = _base("Feuille d'émargement")
    _headers(doc, cover=False)
    _p(doc, "Feuille d'émargement", "Title")
    _p(doc, "{{ titre }}", "Subtitle")
    _p(doc, "{%p for s in seances %}")
    line = doc.add_paragraph()
    line.add_run("Séance : ").bold = True
    line.add_run("{{ s.titre }} — {{ s.date }}, de {{ s.debut }} à {{ s.fin }} — {{ s.outil }}")
    line.paragraph_format.space_after = Pt(2)
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ origine }}", "Petit", after=8)
    _p(doc, "{%p if signatures %}")
    _table(
        doc,
        ["Nom", "Structure", "Arrivée", "Départ", "Signature"],
        ["{{ l.nom }}", "{{ l.structure }}", "{{ l.arrivee }}", "{{ l.depart }}", ""],
        "l in lignes",
        [4.2, 4.6, 1.9, 1.9, 4.4],
    )
    _p(doc, "{%p else %}")
    _table(
        doc,
        ["Nom", "Structure", "Rôle", "Première arrivée", "Dernier départ", "Temps connecté"],
        [
            "{{ l.nom }}",
            "{{ l.structure }}",
            "{{ l.role }}",
            "{{ l.arrivee }}",
            "{{ l.depart }}",
            "{{ l.duree }}",
        ],
        "l in lignes",
        [3.7, 3.9, 2.6, 2.3, 2.3, 2.2],
    )
    _p(doc, "{%p endif %}")
    _p(doc, "{{ bilan }}")
    _p(doc, "Certification", "Heading 2")
    _p(doc, "{{ certification }}")
    signature = doc.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.width, right.width = Cm(8.5), Cm(8.5)
    left.paragraphs[0].add_run("Fait à ………………………, le {{ date_document }}")
    right.paragraphs[0].add_run("{{ organisateur }}").bold = True
    right.add_paragraph().add_run("Signature :")
    for _ in range(3):
        right.add_paragraph()
    _save(doc, path)


def main() -> None:
    make_emargement(OUT / "emargement.docx")


if __name__ == "__main__":
    main()


def presence_paragraph(doc: object) -> None:
    """The report's attendance figures from presence.json (aggregates only: RGPD).

    Called by make_rapport in its « Participants » part; kept here, apart from the
    report's own structure, so that the report and the presence work evolve separately.
    """
    _p(doc, "{%p if connexions %}")
    _p(doc, "{{ connexions.texte }}")
    _p(doc, "{%p endif %}")
