"""The Hauts-de-France plugin: the porteurs of the cahier des charges, merged with the core."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import ModuleType

import pluggy
import pytest
from dladocs import hookspecs
from dladocs.default_plugins import regions_fr
from dladocs.plugins import get_regions
from dladocs.regions import load_french_regions
from dladocs.types import Region

import dladocs_hauts_de_france

PLUGIN_ROOT = Path(__file__).parents[1]
IRIAE = "Inter-Réseaux de l'Insertion par l'Activité Économique (IRIAE) Hauts-de-France"


def _manager(*plugins: ModuleType) -> pluggy.PluginManager:
    # Built like dladocs.plugins._new_plugin_manager, with only the plugins under test.
    pm = pluggy.PluginManager("dladocs")
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


def _own_region() -> Region:
    (region,) = dladocs_hauts_de_france.dladocs_regions()
    return region


def test_the_plugin_answers_for_region_32_only() -> None:
    region = _own_region()
    assert (region.code, region.name, region.slug) == ("32", "Hauts-de-France", "hauts-de-france")
    assert region.overseas is False


def test_the_regional_porteur_is_le_mouvement_associatif() -> None:
    porteur = _own_region().porteur
    assert porteur is not None
    assert porteur.name == "Le Mouvement associatif Hauts-de-France"
    assert porteur.role == "DLA régional"


@pytest.mark.parametrize(
    ("code", "name", "porteur"),
    [
        ("02", "Aisne", IRIAE),
        ("59", "Nord", "Nord Actif"),
        ("60", "Oise", "BGE Picardie"),
        ("62", "Pas-de-Calais", "Pas-de-Calais Actif"),
        ("80", "Somme", IRIAE),
    ],
)
def test_each_departmental_porteur_is_the_one_of_the_cahier(
    code: str, name: str, porteur: str
) -> None:
    department = _own_region().department(code)
    assert department is not None
    assert department.name == name
    assert department.porteur is not None
    assert department.porteur.name == porteur
    assert department.porteur.role == "DLA départemental"
    assert department.porteur.department == code


def test_the_departments_are_those_of_the_core_geography() -> None:
    core = {r.code: r for r in load_french_regions()}["32"]
    assert [(d.code, d.name) for d in _own_region().departments] == [
        (d.code, d.name) for d in core.departments
    ]


def test_no_contact_detail_or_logo_is_invented() -> None:
    region = _own_region()
    porteurs = [region.porteur] + [d.porteur for d in region.departments]
    for porteur in porteurs:
        assert porteur is not None
        assert (porteur.website, porteur.email, porteur.phone, porteur.logo) == ("", "", "", None)
    assert region.logos == ()


def test_the_context_states_the_facts_of_the_cahier_in_french_sentences() -> None:
    region = _own_region()
    text = " ".join(region.context)
    for fact in ("Place de marché de l'inclusion", "INS'pir", "IRIAE", "Chantier école"):
        assert fact in text
    assert "trois régions" in text
    assert all(sentence[0].isupper() and sentence.endswith(".") for sentence in region.context)
    assert region.sources == (
        "Cahier des charges « Webinaire sur le marketing digital », Avise / CR DLA IAE, 2020",
    )


@pytest.mark.parametrize("builtin_first", [True, False])
def test_merged_with_the_core_region_32_is_complete(builtin_first: bool) -> None:
    order = (
        (regions_fr, dladocs_hauts_de_france)
        if builtin_first
        else (dladocs_hauts_de_france, regions_fr)
    )
    regions = get_regions(_manager(*order))
    assert len(regions) == 18
    hdf = regions["32"]
    assert hdf.missing == ()
    assert hdf.porteur is not None
    assert hdf.porteur.name == "Le Mouvement associatif Hauts-de-France"
    assert [d.code for d in hdf.departments] == ["02", "59", "60", "62", "80"]
    assert hdf.context == _own_region().context
    # The other regions keep only their geography, and say what they lack.
    assert regions["11"].porteur is None
    assert regions["11"].missing[0] == "porteur du DLA régional"


def test_the_entry_point_is_declared_in_the_dladocs_group() -> None:
    with (PLUGIN_ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["name"] == "dladocs-hauts-de-france"
    assert project["entry-points"]["dladocs"] == {"hauts_de_france": "dladocs_hauts_de_france"}
    assert "dladocs" in project["dependencies"]
