"""The EU mention in Ubuntu, shipped with dladocs and embedded in every format it writes."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from fontTools.ttLib import TTFont
from pptx import Presentation

import dladocs
from dladocs import hookimpl
from dladocs.default_plugins.fse import RULE_SETS
from dladocs.fonts import FONT_DIR, eot, mention_font_file, obfuscate

# Renamed as the Ubuntu Font Licence 1.0, clause 2(c), asks of a converted (modified) version.
FAMILY = "Ubuntu derivative dladocs"
UBUNTU = ("UbuntuDerivativeDladocs-Regular.ttf", "UbuntuDerivativeDladocs-Bold.ttf")


def test_the_shipped_font_may_be_embedded_and_draws_every_mention() -> None:
    licence = (FONT_DIR / "LICENCE.txt").read_text()
    assert "UBUNTU FONT LICENCE Version 1.0" in licence
    texts = [line for rule_set in RULE_SETS.values() for line in rule_set.band_lines]
    texts += [rule_set.statement for rule_set in RULE_SETS.values()]
    wanted = {ord(ch) for text in texts for ch in text} | {0xA0, 0x2019, 0xAB, 0xBB}
    for name in UBUNTU:
        font = TTFont(FONT_DIR / name)
        assert font["OS/2"].fsType == 0  # installable embedding
        names = {record.nameID: record.toUnicode() for record in font["name"].names}
        assert names[1] == FAMILY and names[6] == "Ubuntuderivativedladocs-" + names[2]
        assert FAMILY in names[4] and " " not in names[6]
        assert all(names[i] == FAMILY for i in (16,) if i in names)
        assert not wanted - set(font.getBestCmap()), name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("polices")
    result = dladocs.build(dladocs.load_project(), out)
    return {f"{a.document}.{a.format}": out / a.path for a in result.artifacts}


def _mention_runs_pptx(path: Path) -> list[Any]:
    deck = Presentation(str(path))
    return [
        run
        for shape in deck.slides[0].shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if re.search(r"(?i)union europ", run.text)
    ]


def test_docx_mention_style_is_ubuntu_and_the_font_travels_with_the_file(
    built: dict[str, Path],
) -> None:
    path = built["fiche.docx"]
    style = Document(str(path)).styles["Mention UE"]
    assert style.font.name == FAMILY
    with zipfile.ZipFile(path) as package:
        table = package.read("word/fontTable.xml").decode()
        settings = package.read("word/settings.xml").decode()
        rels = package.read("word/_rels/fontTable.xml.rels").decode()
        regular = package.read("word/fonts/UbuntuDerivativeDladocs-Regular.odttf")
    assert "<w:embedTrueTypeFonts/>" in settings
    key = re.search(r'<w:embedRegular r:id="([^"]+)" w:fontKey="([^"]+)"', table)
    assert key is not None and key.group(1) in rels
    # Obfuscation is its own inverse: the part gives back the shipped file.
    assert obfuscate(regular, key.group(2)) == mention_font_file().read_bytes()


def test_pptx_mention_is_ubuntu_and_the_font_is_listed_as_powerpoint_does(
    built: dict[str, Path],
) -> None:
    path = built["deck.pptx"]
    runs = _mention_runs_pptx(path)
    assert runs and {run.font.name for run in runs} == {FAMILY}
    with zipfile.ZipFile(path) as package:
        presentation = package.read("ppt/presentation.xml").decode()
        data = package.read("ppt/fonts/UbuntuDerivativeDladocs-Bold.fntdata")
        types = package.read("[Content_Types].xml").decode()
    assert f'<p:font typeface="{FAMILY}"' in presentation and "<p:bold r:id=" in presentation
    assert 'Extension="fntdata"' in types
    font = mention_font_file(bold=True).read_bytes()
    assert data == eot(font) and data.endswith(font)
    assert int.from_bytes(data[:4], "little") == len(data)
    assert data[34:36] == b"\x4c\x50"  # EOT magic number


def test_a_project_may_choose_arial_instead(example_dir: Path, tmp_path: Path) -> None:
    toml = example_dir / "dladocs.toml"
    text = toml.read_text()
    assert "[sortie]" not in text
    toml.write_text(text + '\n[sortie]\npolice_mention = "arial"\n')
    result = dladocs.build(dladocs.load_project(example_dir), tmp_path / "out")
    files = {f"{a.document}.{a.format}": tmp_path / "out" / a.path for a in result.artifacts}
    assert {run.font.name for run in _mention_runs_pptx(files["deck.pptx"])} == {"Arial"}
    assert Document(str(files["fiche.docx"])).styles["Mention UE"].font.name == "Arial"
    with zipfile.ZipFile(files["fiche.docx"]) as package:
        assert not [n for n in package.namelist() if n.startswith("word/fonts/")]


@pytest.mark.slow  # builds the example with LibreOffice PDFs
def test_pdfs_built_without_microsoft_fonts_carry_the_mention_in_embedded_ubuntu(
    tmp_path: Path,
) -> None:
    result = dladocs.build(dladocs.load_project(), tmp_path, pdf=True)
    findings = [
        (check.path.name, v.rule, v.message)
        for check in result.checks
        for v in check.violations
        if v.rule in ("E14-08", "E21-05")
    ]
    assert findings == []
    pdfs = [tmp_path / a.path for a in result.artifacts if a.format == "pdf"]
    assert len(pdfs) >= 5
    for pdf in pdfs:
        listing = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        rows = [line.split() for line in listing.splitlines()[2:]]
        ubuntu = [row for row in rows if "+Ubuntuderivativedladocs-" in row[0]]
        assert ubuntu, (pdf.name, listing)
        assert all(row[-5] == "yes" for row in ubuntu), (pdf.name, listing)


class _ThemeFont:
    """A theme whose readers all have Calibri: it sets the band's font in the context."""

    @hookimpl
    def dladocs_context(self, document: Any, project: Any, region: Any, context: Any) -> None:
        if "bandeau" in context:
            context["bandeau"]["police_ue"] = "Calibri"


def test_a_theme_may_choose_calibri_through_the_context(
    dladocs_plugins: Any, dladocs_project: Any, tmp_path: Path
) -> None:
    dladocs_plugins.register(_ThemeFont())
    result = dladocs.build(dladocs_project(), tmp_path / "out", only=["deck", "fiche"])
    files = {f"{a.document}.{a.format}": tmp_path / "out" / a.path for a in result.artifacts}
    assert {run.font.name for run in _mention_runs_pptx(files["deck.pptx"])} == {"Calibri"}
    assert Document(str(files["fiche.docx"])).styles["Mention UE"].font.name == "Calibri"
    with zipfile.ZipFile(files["deck.pptx"]) as package:
        assert "embeddedFontLst" not in package.read("ppt/presentation.xml").decode()


def test_the_shipped_family_is_an_allowed_mention_font() -> None:
    # Renamed « Ubuntu derivative dladocs », it still passes the rule of E14-08 and E21-05.
    from dladocs.fonts import SHIPPED
    from dladocs.rules import font_verdict

    assert SHIPPED == FAMILY
    for name in (FAMILY, "Ubuntuderivativedladocs-Regular", "AAAAAA+Ubuntuderivativedladocs-Bold"):
        assert font_verdict(name)[0] == "ok", name
    assert font_verdict("Liberation Sans")[0] != "ok"
