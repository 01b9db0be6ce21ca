"""The two example plugins, installed with pip as a user would, then used through the command line.

``pip install --no-deps --no-build-isolation --target`` builds each plugin's
wheel from its own ``pyproject.toml`` (hatchling, as in a fresh environment)
and installs it beside dladocs; the plugins are then found through their
``dladocs`` entry points only, in a separate process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

# pip builds and installs both plugins first: the slow run.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PLUGINS = REPO / "plugins"
A = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
NNBSP = "\u202f"


def _install(plugin: Path, site: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(plugin),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site-packages")
    _install(PLUGINS / "dladocs-hauts-de-france", target)
    _install(PLUGINS / "dladocs-theme-sobre", target)
    return target


def _dladocs(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DLADOCS_NO_ENTRY_POINTS"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "dladocs", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


def test_dladocs_plugins_lists_both_with_their_hooks(site: Path) -> None:
    listing = _dladocs(site, "plugins")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert "dladocs-hauts-de-france 0.1.0" in lines
    assert "dladocs-theme-sobre 0.1.0" in lines
    hooks = {lines[i]: lines[i + 1].strip() for i in range(0, len(lines) - 1, 2)}
    assert hooks["dladocs-hauts-de-france 0.1.0"] == "hooks : dladocs_regions"
    assert hooks["dladocs-theme-sobre 0.1.0"] == "hooks : dladocs_template"
    rows = json.loads(_dladocs(site, "plugins", "--json").stdout)
    assert {row["name"] for row in rows} == {"dladocs-hauts-de-france", "dladocs-theme-sobre"}
    assert all(not row["builtin"] for row in rows)


def test_the_regions_command_sees_the_porteurs_of_the_installed_plugin(site: Path) -> None:
    rows = {row["code"]: row for row in json.loads(_dladocs(site, "regions", "--json").stdout)}
    assert rows["32"]["porteurs_complete"] is True
    assert rows["32"]["porteur"] == "Le Mouvement associatif Hauts-de-France"
    assert not any(row["porteurs_complete"] for code, row in rows.items() if code != "32")


def test_a_build_shows_the_porteurs_in_the_theme_and_passes(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    built = _dladocs(site, "build", "-o", str(out), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "tous vérifiés" in built.stdout
    assert "informations non fournies" not in built.stderr  # the plugin supplied every porteur
    folder = out / "hauts-de-france"

    deck = Presentation(str(folder / "support-webinaire.pptx"))
    theme = etree.fromstring(deck.slide_master.part.part_related_by(RT.THEME).blob)
    fonts = [e.get("typeface") for e in theme.findall(".//a:fontScheme/*/a:latin", A)]
    assert fonts == ["Arial", "Arial"]  # the theme's typeface, not Calibri
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert f"Qui contacter après le webinaire{NNBSP}?" in titles

    fiche = Document(str(folder / "fiche-pratique.docx"))
    assert fiche.styles["Normal"].font.name == "Arial"
    rows = {row.cells[0].text: row.cells[1].text for table in fiche.tables for row in table.rows}
    assert rows["Nord (59)"] == "Nord Actif"
    assert rows["Oise (60)"] == "BGE Picardie"

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["checks"] and all(c["status"] == "ok" for c in manifest["checks"])
    assert not [w for w in manifest["warnings"] if "informations non fournies" in w]
