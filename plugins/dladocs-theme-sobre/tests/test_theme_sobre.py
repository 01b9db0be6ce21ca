"""The « sobre » theme: a different look, the same verified logo band."""

from __future__ import annotations

import importlib.util
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

from dladocs.default_plugins.templates import builtin_templates
from dladocs.render.docx import undeclared
from dladocs.render.pptx import check_template
from docx import Document
from docx.shared import RGBColor
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

import dladocs_theme_sobre

PLUGIN_ROOT = Path(__file__).resolve().parents[1]
A = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
EMBLEM = "dladocs:logo:eu-emblem"


def _look(deck: Path) -> dict[str, str]:
    """The theme colours and typefaces of a deck, as PowerPoint reads them."""
    prs = Presentation(str(deck))
    root = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    look = {}
    scheme = root.find(".//a:clrScheme", A)
    assert scheme is not None
    for slot in scheme:
        colour = slot[0]
        look[etree.QName(slot).localname] = colour.get("val") or colour.get("lastClr") or ""
    for kind in ("majorFont", "minorFont"):
        latin = root.find(f".//a:fontScheme/a:{kind}/a:latin", A)
        assert latin is not None
        look[kind] = latin.get("typeface") or ""
    return look


def _artifacts(result: Any) -> dict[str, Path]:
    return {f"{a.document}.{a.format}": Path(a.path) for a in result.artifacts}


def test_the_theme_changes_the_deck_look_and_passes_the_logo_rules(
    dladocs_plugins: Any, dladocs_project: Any, dladocs_build: Any
) -> None:
    project = dladocs_project()
    default = _artifacts(dladocs_build(project, only=["deck"]))["deck.pptx"]
    dladocs_plugins.register(dladocs_theme_sobre)
    result = dladocs_build(project)
    assert result.ok
    assert all(check.status == "ok" for check in result.checks)
    files = _artifacts(result)

    themed, plain = _look(files["deck.pptx"]), _look(default)
    assert (plain["majorFont"], plain["minorFont"]) == ("Calibri", "Calibri")
    assert (themed["majorFont"], themed["minorFont"]) == ("Arial", "Arial")
    assert themed["accent1"] == "333333" and plain["accent1"] != themed["accent1"]
    assert themed["dk2"] == "1A1A1A" and plain["dk2"] != themed["dk2"]

    prs = Presentation(str(files["deck.pptx"]))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    assert {s.name for s in layouts["Titre"].shapes} >= {"Barre de couverture", "Title 1"}
    assert "Fond de couverture" not in {s.name for s in layouts["Titre"].shapes}
    assert "Filet de titre" in {s.name for s in prs.slide_master.shapes}
    for number, slide in enumerate(prs.slides, start=1):
        pictures = {s.name: s for s in slide.shapes if s.shape_type == 13}
        assert EMBLEM in pictures, number
        for logo in ("dladocs:logo:avise", "dladocs:logo:dla"):
            assert pictures[logo].height <= pictures[EMBLEM].height, (number, logo)
        mention = next(s for s in slide.shapes if s.name == "dladocs:mention-ue")
        assert all(
            r.font.name == "Ubuntu derivative dladocs"
            for p in mention.text_frame.paragraphs
            for r in p.runs
        )


def test_the_word_deliverables_take_the_theme_styles(
    dladocs_plugins: Any, dladocs_project: Any, dladocs_build: Any
) -> None:
    dladocs_plugins.register(dladocs_theme_sobre)
    result = dladocs_build(dladocs_project(), only=["fiche", "rapport"])
    assert result.ok
    for name in ("fiche.docx", "rapport.docx"):
        document = Document(str(_artifacts(result)[name]))
        assert document.styles["Normal"].font.name == "Arial"
        assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x11, 0x11, 0x11)
        headings = [
            p for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
        ]
        assert headings, name
        header = document.sections[0].header
        names = {
            e.get("name")
            for e in header._element.iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
            )
        }
        assert EMBLEM in names, name
        mention = document.styles["Mention UE"]
        assert mention.font.name == "Ubuntu derivative dladocs"  # shipped, embedded
        assert mention.font.color.rgb == RGBColor(0x00, 0x33, 0x99)
    # The report's chart is drawn in the theme's family too (rule LAY-08 finds nothing).
    assert not [v for c in result.checks for v in c.violations if v.rule == "LAY-08"]
    report = Document(str(_artifacts(result)["rapport.docx"]))
    [chart] = [
        rel.target_part.blob
        for rel in report.part.rels.values()
        if rel.reltype.endswith("/image") and b"dladocs:police" in rel.target_part.blob
    ]
    assert b"Liberation Sans" in chart or b"Arial" in chart


def test_the_templates_keep_what_the_build_needs() -> None:
    deck = dladocs_theme_sobre.TEMPLATES / "deck.pptx"
    check_template(Presentation(str(deck)), deck)  # named layouts and band markers
    for name in ("fiche.docx", "grille.docx", "rapport.docx"):
        themed = undeclared(dladocs_theme_sobre.TEMPLATES / name)
        assert themed == undeclared(builtin_templates() / name), name


def test_a_project_template_folder_wins_over_the_theme(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    import dladocs
    from dladocs.plugins import get_documents, get_plugin_manager, get_regions, get_template

    project_file = dladocs_project(append='[modeles]\ndossier = "modeles"\n')
    local = project_file.parent / "modeles"
    local.mkdir()
    (local / "fiche.docx").write_bytes((builtin_templates() / "fiche.docx").read_bytes())
    dladocs_plugins.register(dladocs_theme_sobre)
    pm = get_plugin_manager()
    project = dladocs.load_project(project_file)
    documents, region = get_documents(pm), get_regions(pm)["32"]
    assert get_template(pm, documents["fiche"], "docx", project, region) == local / "fiche.docx"
    deck = get_template(pm, documents["deck"], "pptx", project, region)
    assert deck == dladocs_theme_sobre.TEMPLATES / "deck.pptx"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_theme", PLUGIN_ROOT / "make_theme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_shipped_templates_are_what_make_theme_makes(tmp_path: Path) -> None:
    """Nobody edited the binaries by hand: the generator remakes them part for part."""
    make_theme = _generator()
    make_theme.restyle_deck(builtin_templates() / "deck.pptx", tmp_path / "deck.pptx")
    assert _parts(tmp_path / "deck.pptx") == _parts(dladocs_theme_sobre.TEMPLATES / "deck.pptx")
    for name in ("fiche.docx", "grille.docx", "rapport.docx"):
        make_theme.restyle_docx(builtin_templates() / name, tmp_path / name)
        assert _parts(tmp_path / name) == _parts(dladocs_theme_sobre.TEMPLATES / name), name


def test_the_entry_point_is_declared_in_the_dladocs_group() -> None:
    with (PLUGIN_ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["name"] == "dladocs-theme-sobre"
    assert project["entry-points"]["dladocs"] == {"theme_sobre": "dladocs_theme_sobre"}
    assert "dladocs" in project["dependencies"]
