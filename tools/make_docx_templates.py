"""The docxtpl templates: fiche pratique, grille d'évaluation and rapport final.

Called by make_templates.py.  Every template has the logo band in its header
(a borderless table: emblem, EU wording, other logos) and the FSE statement
with the page number in its footer; the report has a distinct first page whose
header carries a larger band, as its cover.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

INK = RGBColor(0x1F, 0x29, 0x33)
SLATE = RGBColor(0x24, 0x47, 0x5E)
TEAL = RGBColor(0x2A, 0x7F, 0x73)
GREY = RGBColor(0x59, 0x59, 0x59)
EU_BLUE = RGBColor(0x00, 0x33, 0x99)


def _base(title: str) -> Any:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Calibri")
    # Language of the whole document: LibreOffice writes it as the PDF's /Lang.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")
    lang.set(qn("w:bidi"), "ar-SA")
    for name, size, colour, before in (
        ("Title", 26, SLATE, 0),
        ("Heading 1", 16, SLATE, 18),
        ("Heading 2", 13, TEAL, 12),
        ("Heading 3", 11.5, SLATE, 8),
    ):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = colour
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        style_rpr = style.element.get_or_add_rPr()
        fonts = style_rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            style_rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), "Calibri")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
    subtitle = styles["Subtitle"]
    subtitle.font.italic = False
    subtitle.font.color.rgb = TEAL
    subtitle.font.size = Pt(15)
    subtitle.font.name = "Calibri"
    title_style = styles["Title"]
    border = title_style.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:
        border.getparent().remove(border)
    mention = styles.add_style("Mention UE", WD_STYLE_TYPE.CHARACTER)
    mention.font.name = "Arial"
    mention.font.bold = True
    mention.font.italic = False
    mention.font.size = Pt(9)
    mention.font.color.rgb = EU_BLUE
    # On the cover the emblem is 20 mm high: the wording grows with it (E14-11).
    large = styles.add_style("Mention UE couverture", WD_STYLE_TYPE.CHARACTER)
    large.base_style = mention
    large.font.size = Pt(13)
    small = styles.add_style("Petit", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = styles["Normal"]
    small.font.size = Pt(8.5)
    small.font.color.rgb = GREY
    small.paragraph_format.space_after = Pt(0)
    note = styles.add_style("Encadré", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.color.rgb = SLATE
    _shade_style(note, "EEF3F6")
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = Cm(3.2)
    section.bottom_margin = Cm(2.2)
    section.header_distance = Cm(0.9)
    section.footer_distance = Cm(0.8)
    doc.core_properties.title = title
    doc.core_properties.language = "fr-FR"
    return doc


def _shade_style(style: Any, fill: str) -> None:
    ppr = style.element.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    ppr.append(shading)


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _band(container: Any, prefix: str, width_cm: float) -> None:
    """The logo band as a borderless one-row table in a header."""
    table = container.add_table(rows=1, cols=3, width=Cm(width_cm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _no_borders(table)
    cover = prefix.endswith("couverture")
    widths = (
        (Cm(3.4), Cm(5.6), Cm(width_cm - 9.0)) if cover else (Cm(2.3), Cm(4.6), Cm(width_cm - 6.9))
    )
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    _grid(table, widths)
    emblem, text, logos = table.rows[0].cells
    emblem.paragraphs[0].add_run(f"{{{{ {prefix}.embleme }}}}")
    emblem.paragraphs[0].paragraph_format.space_after = Pt(0)
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    for cell in (emblem, text, logos):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = text.paragraphs[0]
    first.add_run(f"{{%p for ligne in {prefix}.lignes_ue %}}")
    line = text.add_paragraph()
    run = line.add_run("{{ ligne }}")
    run.style = "Mention UE couverture" if prefix.endswith("couverture") else "Mention UE"
    line.paragraph_format.space_after = Pt(0)
    text.add_paragraph().add_run("{%p endfor %}")
    for paragraph in text.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
    logo_paragraph = logos.paragraphs[0]
    logo_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    logo_paragraph.paragraph_format.space_after = Pt(0)
    logo_paragraph.add_run(f"{{% for logo in {prefix}.logos %}}{{{{ logo }}}} {{% endfor %}}")
    # The header's own empty paragraph goes after the table: keep it tiny.
    container.paragraphs[0].paragraph_format.space_after = Pt(0)


def _grid(table: Any, widths: Any) -> None:
    """Column widths in the table grid too: LibreOffice reads those, Word reads the cells'."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))


def _page_field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _footer(footer: Any) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.style = "Petit"
    paragraph.add_run("{{ mention_fse }}")
    pages = footer.add_paragraph(style="Petit")
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run("{{ document.titre }} — page ")
    _page_field(pages, "PAGE")
    pages.add_run(" sur ")
    _page_field(pages, "NUMPAGES")


def _headers(doc: Any, *, cover: bool) -> None:
    section = doc.sections[0]
    width = 17.0
    _band(section.header, "bandeau", width)
    _footer(section.footer)
    if cover:
        section.different_first_page_header_footer = True
        _band(section.first_page_header, "bandeau_couverture", width)
        _footer(section.first_page_footer)


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def fr(text: str) -> str:
    """French spacing for the template's own words, leaving template tags untouched."""
    from dladocs.typography import fr as french

    return "".join(part if _TAG.fullmatch(part) else french(part) for part in _TAG.split(text))


def _p(doc: Any, text: str, style: str | None = None, *, after: float | None = None) -> Any:
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(fr(text))
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _fiction(doc: Any) -> None:
    """Fictitious data said once, in small type on the first page: never a box in the body."""
    _p(doc, "{%p if avertissement_fictif %}")
    _p(doc, "{{ avertissement_fictif }}", "Petit", after=8)
    _p(doc, "{%p endif %}")


def _loop(doc: Any, tag: str) -> None:
    doc.add_paragraph().add_run(tag)


def _table(
    doc: Any,
    header: list[str],
    cells: list[str],
    loop: str,
    widths: list[float],
    style: str = "Light Grid Accent 1",
) -> Any:
    table = doc.add_table(rows=4, cols=len(header))
    table.style = doc.styles[style]
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    _grid(table, [Cm(w) for w in widths])
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    for attr, value in (
        ("w:firstRow", "1"),
        ("w:firstColumn", "0"),
        ("w:lastRow", "0"),
        ("w:lastColumn", "0"),
        ("w:noHBand", "0"),
        ("w:noVBand", "1"),
        ("w:val", "0420"),
    ):
        look.set(qn(attr), value)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _repeat_header(table)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    doc.add_paragraph()
    return table


def _repeat_header(table: Any) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


# --------------------------------------------------------------------------- fiche


def make_fiche(path: Path) -> None:
    doc = _base("Fiche pratique")
    _headers(doc, cover=False)
    _p(doc, "Fiche pratique", "Title")
    _p(doc, "{{ titre }}", "Subtitle")
    # The small line under the title needs air before the text it introduces.
    _p(doc, "Webinaire du {{ webinaire.date }} — {{ region.nom }}", "Petit", after=10)
    _fiction(doc)
    _p(doc, "{{ introduction }}")

    _p(doc, "Vos questions, nos réponses", "Heading 1")
    _p(doc, "{%p if questions_par_theme %}")
    _loop(doc, "{%p for groupe in questions_par_theme %}")
    _p(doc, "{{ groupe.theme }}", "Heading 2")
    _loop(doc, "{%p for qr in groupe.questions %}")
    question = doc.add_paragraph(style="Heading 3")
    question.add_run("{{ qr.question }}")
    _p(doc, "{{ qr.reponse }}")
    _loop(doc, "{%p endfor %}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p else %}")
    _p(doc, "Aucune question n'a été enregistrée pour ce webinaire.")
    _p(doc, "{%p endif %}")

    _p(doc, "Des pistes d'action selon votre niveau", "Heading 1")
    _p(doc, "{{ introduction_actions }}")
    _loop(doc, "{%p for niveau in actions %}")
    _p(doc, "{{ niveau.titre }}", "Heading 2")
    _loop(doc, "{%p for item in niveau.actions %}")
    bullet = doc.add_paragraph(style="List Bullet")
    bullet.add_run("{{ item.action }}").bold = True
    bullet.add_run("{% if item.detail %} — {{ item.detail }}{% endif %}")
    _loop(doc, "{%p endfor %}")
    _loop(doc, "{%p endfor %}")

    _p(doc, "Retours d'expérience", "Heading 1")
    _p(doc, "{%p if retours %}")
    _loop(doc, "{%p for rex in retours %}")
    _p(doc, "{{ rex.titre }} — {{ rex.structure }}", "Heading 2")
    _p(doc, "{{ rex.texte }}")
    _p(doc, "{%p if rex.source %}")
    _p(doc, "Source : {{ rex.source }}", "Petit")
    _p(doc, "{%p endif %}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p else %}")
    _p(doc, "Aucun retour d'expérience n'a été recueilli.")
    _p(doc, "{%p endif %}")

    _p(doc, "Ressources utiles", "Heading 1")
    _loop(doc, "{%p for r in ressources %}")
    resource = doc.add_paragraph(style="List Bullet")
    resource.add_run("{{ r.nom }}").bold = True
    resource.add_run(fr(" — {{ r.description }}{% if r.lien %} Site : {% endif %}"))
    # A real hyperlink: docxtpl's rich-text tag, alone in its run.
    resource.add_run("{{r r.lien|lien }}")
    _loop(doc, "{%p endfor %}")

    _p(doc, "Petit glossaire", "Heading 1")
    _table(
        doc,
        ["Terme", "Ce que cela veut dire"],
        ["{{ g.terme }}", "{{ g.definition }}"],
        "g in glossaire",
        [4.5, 12.5],
    )

    _p(doc, "Qui contacter ?", "Heading 1")
    _p(doc, "{{ contacts_intro }}")
    _table(
        doc,
        ["Département", "DLA départemental"],
        ["{{ c.departement }}", "{{ c.porteur }}"],
        "c in contacts",
        [6.0, 11.0],
    )
    _p(doc, "{{ contact_regional }}")
    directory = doc.add_paragraph()
    directory.add_run("{{ annuaire }} ")
    directory.add_run("{{r annuaire_lien|lien }}")
    _p(doc, "{%p if manquants %}")
    _p(doc, "{{ manquants }}", "Petit")
    _p(doc, "{%p endif %}")
    _save(doc, path)


# --------------------------------------------------------------------------- grille


def make_grille(path: Path) -> None:
    doc = _base("Grille d'évaluation")
    _headers(doc, cover=False)
    _p(doc, "Grille d'évaluation du webinaire", "Title")
    _p(doc, "{{ titre }} — {{ webinaire.date }}", "Subtitle")
    _p(doc, "{{ introduction }}", "Encadré")
    _loop(doc, "{%p for q in questions %}")
    heading = doc.add_paragraph(style="Heading 3")
    heading.add_run("{{ q.numero }}. {{ q.texte }}")
    _p(doc, "{%p if q.type == 'scale' %}")
    scale = doc.add_paragraph()
    scale.add_run("{{ q.bas }}   ").italic = False
    scale.add_run("{% for v in q.valeurs %}☐ {{ v }}    {% endfor %}")
    scale.add_run("  {{ q.haut }}")
    _p(doc, "{%p elif q.type == 'choice' %}")
    _p(doc, "{% for v in q.choix %}☐ {{ v }}      {% endfor %}")
    _p(doc, "{%p else %}")
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    box.rows[0].height = Cm(1.7)
    box.rows[0].cells[0].paragraphs[0].add_run(" ")
    _p(doc, "{%p endif %}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{{ retour }}", "Encadré")
    _save(doc, path)


# --------------------------------------------------------------------------- rapport


def make_rapport(path: Path) -> None:
    doc = _base("Rapport final")
    _headers(doc, cover=True)
    cover = doc.add_paragraph()
    cover.paragraph_format.space_before = Pt(90)
    _p(doc, "Rapport final", "Title")
    _p(doc, "{{ titre }}", "Subtitle")
    _p(doc, "{{ type_texte }} — {{ secteur }}")
    _p(doc, "{{ region.nom }} — webinaire du {{ webinaire.date }}")
    _p(
        doc,
        "Établi par {{ consultant.nom }}{% if consultant.structure %}, {{ consultant.structure }}{% endif %}, le {{ date_document }}",
    )
    _p(doc, "Financeurs : {{ financeurs }}.")
    _p(doc, "{%p if logos_porteurs %}")
    _p(doc, "{% for l in logos_porteurs %}{{ l }}   {% endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if reference %}")
    _p(doc, "Référence : {{ reference }}", "Petit")
    _p(doc, "{%p endif %}")
    _fiction(doc)
    _p(doc, "{%p if version %}")
    _p(doc, "{{ version }}", "Petit", after=8)
    _p(doc, "{%p endif %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    _p(doc, "1. Contexte et objectifs", "Heading 1")
    _loop(doc, "{%p for t in contexte %}")
    _p(doc, "{{ t }}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "Objectifs de l'accompagnement :")
    _loop(doc, "{%p for o in objectifs %}")
    _p(doc, "{{ o }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "Porteurs de l'accompagnement : {{ porteurs_texte }}.")

    _p(doc, "2. Déroulement de la mission", "Heading 1")
    _table(
        doc,
        ["Étape", "Date", "Ce qui a été fait"],
        ["{{ e.etape }}", "{{ e.date }}", "{{ e.texte }}"],
        "e in etapes",
        [4.5, 3.5, 9.0],
    )
    _p(doc, "{%p if synthese %}")
    _p(doc, "{{ synthese }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if points_forts %}")
    _p(doc, "Points forts", "Heading 3")
    _loop(doc, "{%p for f in points_forts %}")
    _p(doc, "{{ f }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if conclusions %}")
    _p(doc, "Conclusions du débriefing", "Heading 3")
    _loop(doc, "{%p for t in conclusions %}")
    _p(doc, "{{ t }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    _p(doc, "3. Méthodes", "Heading 1")
    _p(doc, "{{ methode }}")
    _table(
        doc,
        ["Horaire", "Séquence", "Durée", "Nature"],
        ["{{ s.debut }}", "{{ s.titre }}", "{{ s.duree }}", "{{ s.nature_texte }}"],
        "s in webinaire.sequence",
        [2.6, 9.0, 2.4, 3.0],
    )

    _p(doc, "4. Participants", "Heading 1")
    _p(doc, "{{ participants_texte }}")
    _p(doc, "{%p if presence %}")
    _table(
        doc,
        ["Présence", "Nombre"],
        ["{{ r.libelle }}", "{{ r.valeur }}"],
        "r in presence",
        [9.0, 8.0],
    )
    _p(doc, "{{ effectifs }}", "Petit", after=8)
    _p(doc, "{%p endif %}")
    from make_presence_templates import presence_paragraph  # attendance from presence.json

    presence_paragraph(doc)
    _loop(doc, "{%p for tableau in repartitions %}")
    _p(doc, "{{ tableau.titre }}", "Heading 3")
    _table(
        doc,
        ["{{ tableau.colonne }}", "Structures", "Part"],
        ["{{ r.libelle }}", "{{ r.nombre }}", "{{ r.part }}"],
        "r in tableau.lignes",
        [9.0, 4.0, 4.0],
    )
    _loop(doc, "{%p endfor %}")

    _p(doc, "5. Résultats de l'évaluation", "Heading 1")
    _p(doc, "{{ evaluation.texte }}")
    _p(doc, "{%p if evaluation.questions %}")
    _table(
        doc,
        ["Question", "Réponses", "Moyenne /5"],
        ["{{ q.texte }}", "{{ q.reponses }}", "{{ q.moyenne }}"],
        "q in evaluation.questions",
        [11.0, 3.0, 3.0],
    )
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if evaluation.graphique %}")
    _p(doc, "{{ evaluation.graphique }}")
    _p(doc, "{{ evaluation.legende }}", "Petit", after=10)  # air after the chart
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if evaluation.ateliers %}")
    _p(doc, "{{ evaluation.ateliers }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if analyse.faibles %}")
    _p(doc, "Les points les moins bien notés", "Heading 3")
    _table(
        doc,
        ["Question", "Moyenne /5", "Notes 1 ou 2"],
        ["{{ f.texte }}", "{{ f.moyenne }}", "{{ f.part_basse }}"],
        "f in analyse.faibles",
        [11.0, 3.0, 3.0],
    )
    _p(doc, "Ce que l'équipe change en conséquence :")
    _loop(doc, "{%p for t in analyse.ameliorations %}")
    _p(doc, "{{ t }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if analyse.intention %}")
    _p(doc, "{{ analyse.intention }}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if analyse.themes %}")
    _p(doc, "Les réponses libres, par thème", "Heading 3")
    _table(
        doc,
        ["Thème", "Réponses", "Exemples"],
        ["{{ t.theme }}", "{{ t.nombre }}", "{{ t.exemples }}"],
        "t in analyse.themes",
        [4.5, 2.0, 10.5],
    )
    _p(doc, "{%p endif %}")

    _p(doc, "6. Les questions des participants : temps forts", "Heading 1")
    _p(doc, "{{ questions_texte }}")
    _loop(doc, "{%p for q in questions_fortes %}")
    item = doc.add_paragraph(style="List Bullet")
    item.add_run(fr("{{ q.theme }} : ")).bold = True
    item.add_run("{{ q.question }}")
    _loop(doc, "{%p endfor %}")

    _p(doc, "7. Difficultés et points de blocage", "Heading 1")
    _loop(doc, "{%p for d in difficultes %}")
    _p(doc, "{{ d }}", "List Bullet")
    _loop(doc, "{%p endfor %}")

    _p(doc, "8. Recommandations et suites", "Heading 1")
    _loop(doc, "{%p for r in recommandations %}")
    _p(doc, "{{ r }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "Suites prévues", "Heading 3")
    _loop(doc, "{%p for s in suites %}")
    _p(doc, "{{ s }}", "List Bullet")
    _loop(doc, "{%p endfor %}")

    _p(doc, "9. Enseignements pour l'essaimage national", "Heading 1")
    _p(doc, "L'expérimentation a vocation à être diffusée : ce qu'elle enseigne, axe par axe.")
    _table(
        doc,
        ["Axe", "Constat"],
        ["{{ e.axe }}", "{{ e.constat }}"],
        "e in enseignements",
        [4.0, 13.0],
    )
    _p(doc, "{%p if essaimage_garder %}")
    _p(doc, "À garder", "Heading 3")
    _loop(doc, "{%p for t in essaimage_garder %}")
    _p(doc, "{{ t }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if essaimage_changer %}")
    _p(doc, "À changer", "Heading 3")
    _loop(doc, "{%p for t in essaimage_changer %}")
    _p(doc, "{{ t }}", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    _p(doc, "10. Budget", "Heading 1")
    _table(
        doc,
        ["Poste", "Jours", "Taux journalier", "Montant {{ budget.unite }}"],
        ["{{ b.libelle }}", "{{ b.jours }}", "{{ b.taux }}", "{{ b.montant }}"],
        "b in budget.tableau",
        [8.0, 2.0, 3.5, 3.5],
    )
    _p(doc, "{{ budget.taux }} {{ budget.tva }}")
    _p(doc, "{{ budget.texte }}")

    _p(doc, "11. Outils remis", "Heading 1")
    _loop(doc, "{%p for o in outils %}")
    tool = doc.add_paragraph(style="List Bullet")
    tool.add_run("{{ o.titre }}").bold = True
    tool.add_run(" — {{ o.description }}")
    _loop(doc, "{%p endfor %}")

    _p(doc, "12. Indicateurs", "Heading 1")
    _p(doc, "Les indicateurs que le cahier des charges retient pour évaluer la mission :")
    _table(
        doc,
        ["Indicateur", "Constat"],
        ["{{ i.nom }}", "{{ i.constat }}"],
        "i in indicateurs",
        [6.0, 11.0],
    )
    _save(doc, path)


# python-docx's blank document carries 100 table styles, 137 latent style entries and a
# 440 KB ``stylesWithEffects`` copy of its styles.  LibreOffice parses all of them on every
# conversion (about 40 ms a document); Word and LibreOffice offer their built-in styles anyway.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _save(doc: Any, path: Path) -> None:
    """Save ``doc`` without the styles that nothing in it uses."""
    used = set()
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None and element is not doc.styles.element:
            used.update(e.get(qn("w:val")) for e in element.iter(qn("w:tblStyle")))
    root = doc.styles.element
    for style in list(root.iterchildren(qn("w:style"))):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            used | {"TableNormal"}
        ):
            root.remove(style)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)
    doc.save(str(path))


# --------------------------------------------------------------------------- resultats


def make_resultats(path: Path) -> None:
    doc = _base("Résultats de l'évaluation")
    _headers(doc, cover=False)
    _p(doc, "Résultats de l'évaluation", "Title")
    _p(doc, "{{ titre }}", "Subtitle")
    # The small line under the title needs air before the text it introduces.
    _p(doc, "Webinaire du {{ webinaire.date }} — {{ region.nom }}", "Petit", after=10)
    _fiction(doc)
    _p(doc, "{{ evaluation.texte }}")
    _p(doc, "{%p if lecture %}")
    _p(doc, "{{ lecture }}", "Petit")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if distributions %}")
    _p(doc, "Les questions notées de 1 à 5", "Heading 1")
    _p(doc, "Nombre de réponses pour chaque note, de 1 (pas du tout) à 5 (tout à fait).")
    _table(
        doc,
        ["Question", "1", "2", "3", "4", "5", "Réponses", "Moyenne"],
        [
            "{{ q.texte }}",
            *(f"{{{{ q.notes[{i}] }}}}" for i in range(5)),
            "{{ q.reponses }}",
            "{{ q.moyenne }}",
        ],
        "q in distributions",
        [6.0, 1.1, 1.1, 1.1, 1.1, 1.1, 2.2, 2.3],
    )
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if evaluation.graphique %}")
    _p(doc, "{{ evaluation.graphique }}")
    _p(doc, "{{ evaluation.legende }}", "Petit", after=10)  # air after the chart
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if choix %}")
    _p(doc, "Les questions à choix", "Heading 1")
    _loop(doc, "{%p for q in choix %}")
    item = doc.add_paragraph(style="List Bullet")
    item.add_run(fr("{{ q.texte }} : ")).bold = True
    item.add_run("{{ q.repartition }}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if reponses_libres %}")
    _p(doc, "Les réponses libres", "Heading 1")
    _loop(doc, "{%p for bloc in reponses_libres %}")
    _p(doc, "{{ bloc.titre }}", "Heading 2")
    _loop(doc, "{%p for c in bloc.reponses %}")
    _p(doc, "« {{ c }} »", "List Bullet")
    _loop(doc, "{%p endfor %}")
    _loop(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _save(doc, path)


def make_docx_templates(folder: Path) -> None:
    make_fiche(folder / "fiche.docx")
    make_grille(folder / "grille.docx")
    make_rapport(folder / "rapport.docx")
    make_resultats(folder / "resultats.docx")
