"""What makes layouts pass: tables and lists kept together, unbreakable compounds, chart fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from dladocs._compounds import NB_HYPHEN, is_compound, protect, protect_context
from dladocs.default_plugins.layout import check_charts
from dladocs.inspect import inspect_file
from dladocs.render._nobreak import word_hyphens
from dladocs.render._pagination import keep_tables_together


def test_place_names_and_known_compounds_become_unbreakable() -> None:
    text = "Les DLA des Hauts-de-France et du Pas-de-Calais parlent e-commerce et e-mail."
    protected = protect(text)
    for word in ("Hauts-de-France", "Pas-de-Calais", "e-commerce", "e-mail"):
        assert word.replace("-", NB_HYPHEN) in protected
    # Numbers, addresses and imperatives keep their plain hyphen.
    for kept in ("2014-2020", "https://www.info-dla.fr", "Appelez-nous"):
        assert protect(kept) == kept
    context = {
        "texte": "Saint-Omer",
        "site": "https://saint-omer.fr",
        "liste": ["Nord-Pas-de-Calais"],
    }
    assert protect_context(context) == {
        "texte": f"Saint{NB_HYPHEN}Omer",
        "site": "https://saint-omer.fr",
        "liste": [f"Nord{NB_HYPHEN}Pas{NB_HYPHEN}de{NB_HYPHEN}Calais"],
    }


def test_a_broken_compound_is_told_from_an_imperative() -> None:
    assert is_compound("Hauts", "de-France")
    assert is_compound("e", "commerce")
    assert is_compound("Saint", "Quentin")
    assert not is_compound("Appelez", "nous")
    assert not is_compound("communi", "cation")
    # A date in a web address (« …/relance-2-novembre-2020 ») is no « e- » word.
    assert not is_compound("2", "novembre-2020")


def test_a_web_address_broken_at_a_hyphen_is_not_a_broken_word() -> None:
    from dladocs.default_plugins.layout import _in_address

    assert _in_address("https://travail-emploi.gouv.fr/actualites/relance-")
    assert _in_address("voir www.exemple-")
    assert not _in_address("Rendez-vous dans les Hauts-")


def _table(document: object, rows: int) -> object:
    table = document.add_table(rows=rows, cols=2)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    for index, row in enumerate(table.rows):
        row.cells[0].text = "Total" if index == rows - 1 else f"Ligne {index}"
    return table


def _kept(table: object) -> list[bool]:
    return [
        all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        for row in table.rows
    ]


def test_short_tables_stay_whole_and_long_ones_keep_three_rows_at_each_end(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Par département", style="Heading 3")
    short = _table(document, 6)
    document.add_paragraph("Le tableau long :")
    long = _table(document, 20)
    document.add_paragraph("Fin.")
    keep_tables_together(document)
    path = tmp_path / "tableaux.docx"
    document.save(str(path))
    reopened = Document(str(path))
    short, long = reopened.tables
    assert _kept(short) == [True] * 5 + [False]
    # Header and the first two rows; the three last rows (the total among them) together.
    assert _kept(long) == [True] * 3 + [False] * 14 + [True, True, False]
    for table in (short, long):
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    introductions = [
        p for p in reopened.paragraphs if p.text in ("Par département", "Le tableau long :")
    ]
    assert all(p.paragraph_format.keep_with_next for p in introductions)


def test_short_bulleted_lists_stay_whole(tmp_path: Path) -> None:
    document = Document()
    for number in range(6):
        document.add_paragraph(f"Réponse {number}", style="List Bullet")
    document.add_paragraph("Après la liste.")
    keep_tables_together(document)
    kept = [p.paragraph_format.keep_with_next for p in document.paragraphs]
    assert kept == [True] * 5 + [None, None]  # the last item may start a new page


def test_non_breaking_hyphens_are_words_own_element_and_read_as_hyphens() -> None:
    document = Document()
    document.add_paragraph(f"Région Hauts{NB_HYPHEN}de{NB_HYPHEN}France.")
    word_hyphens(document)
    paragraph = document.paragraphs[0]
    assert len(paragraph._p.findall(f".//{qn('w:noBreakHyphen')}")) == 2
    assert NB_HYPHEN not in paragraph._p.xml
    assert paragraph.text == "Région Hauts-de-France."


def _chart(path: Path, font: str) -> Path:
    info = PngInfo()
    info.add_text("dladocs:police", font)
    Image.new("RGB", (300, 200), "#542788").save(path, pnginfo=info)
    return path


def _docx_with_chart(path: Path, chart: Path) -> Path:
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.add_paragraph("Les résultats de l'évaluation, question par question. " * 5)
    document.add_picture(str(chart))
    doc_pr = document.element.body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )[0]
    doc_pr.set("name", "dladocs:graphique:evaluation")
    document.save(str(path))
    return path


def test_a_chart_in_another_family_than_the_text_is_reported(tmp_path: Path) -> None:
    arial = _docx_with_chart(tmp_path / "arial.docx", _chart(tmp_path / "a.png", "Liberation Sans"))
    found = check_charts(inspect_file(arial))
    assert [v.rule for v in found] == ["LAY-08"]
    assert "Liberation Sans" in found[0].message and "Calibri" in found[0].message
    # Carlito is Calibri's metric clone: the same family for a reader.
    carlito = _docx_with_chart(tmp_path / "carlito.docx", _chart(tmp_path / "c.png", "Carlito"))
    assert check_charts(inspect_file(carlito)) == []


def test_without_libreoffice_a_docx_layout_is_said_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from dladocs.default_plugins import layout

    path = tmp_path / "sans-rendu.docx"
    document = Document()
    document.add_paragraph("Un document sans PDF.")
    document.save(str(path))
    inspection = inspect_file(path)
    which = shutil.which
    monkeypatch.setattr(layout.shutil, "which", lambda _name: None)
    found = layout.dladocs_checks(None, inspection, None)
    assert [v.rule for v in found] == ["LAY-00"]
    assert "LibreOffice est absent" in found[0].message
    monkeypatch.setattr(layout.shutil, "which", which)
    assert not [v for v in layout.dladocs_checks(None, inspection, None) if v.rule == "LAY-00"]
