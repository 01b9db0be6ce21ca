"""The French regions shipped with dladocs, looking them up, and merging region plugins."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pluggy
import pytest

import dladocs
from dladocs import hookspecs, regions
from dladocs.default_plugins import regions_fr
from dladocs.errors import DladocsError
from dladocs.plugins import get_regions
from dladocs.regions import (
    department_codes,
    find_region,
    load_french_regions,
    slugify,
)
from dladocs.types import Region

HDF_PLUGIN_SRC = Path(__file__).parents[1] / "plugins" / "dladocs-hauts-de-france" / "src"
IRIAE = "Inter-Réseaux de l'Insertion par l'Activité Économique (IRIAE) Hauts-de-France"

EXPECTED_DEPARTMENTS = (
    [f"{n:02d}" for n in range(1, 20)]
    + ["2A", "2B"]
    + [f"{n:02d}" for n in range(21, 96)]
    + ["971", "972", "973", "974", "976"]
)
EXPECTED_REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}


def _by_code() -> dict[str, Region]:
    return {region.code: region for region in load_french_regions()}


def _manager(*plugins: ModuleType) -> pluggy.PluginManager:
    # Built like dladocs.plugins._new_plugin_manager, but with only the plugins under test:
    # the other built-in plugins are written elsewhere and installed plugins must not count.
    pm = pluggy.PluginManager("dladocs")
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


@pytest.fixture
def hdf_plugin(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(HDF_PLUGIN_SRC))
    return importlib.import_module("dladocs_hauts_de_france")


# --------------------------------------------------------------------------- the data


def test_eighteen_regions_thirteen_metropolitan_and_five_overseas() -> None:
    french = load_french_regions()
    assert {r.code: r.name for r in french} == EXPECTED_REGIONS
    assert len(french) == 18
    assert sum(not r.overseas for r in french) == 13
    assert sorted(r.name for r in french if r.overseas) == [
        "Guadeloupe",
        "Guyane",
        "La Réunion",
        "Martinique",
        "Mayotte",
    ]


def test_all_101_departments_each_in_exactly_one_region() -> None:
    codes = [d.code for r in load_french_regions() for d in r.departments]
    assert len(codes) == 101
    assert len(set(codes)) == 101
    assert sorted(codes) == sorted(EXPECTED_DEPARTMENTS)


@pytest.mark.parametrize(
    ("department", "name", "region"),
    [
        ("59", "Nord", "32"),
        ("2A", "Corse-du-Sud", "94"),
        ("2B", "Haute-Corse", "94"),
        ("976", "Mayotte", "06"),
        ("971", "Guadeloupe", "01"),
        ("974", "La Réunion", "04"),
        ("75", "Paris", "11"),
        ("22", "Côtes-d'Armor", "53"),
        ("93", "Seine-Saint-Denis", "11"),
        ("95", "Val-d'Oise", "11"),
        ("90", "Territoire de Belfort", "27"),
        ("13", "Bouches-du-Rhône", "93"),
        ("67", "Bas-Rhin", "44"),
    ],
)
def test_department_spot_checks(department: str, name: str, region: str) -> None:
    found = _by_code()[region].department(department)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize(
    ("region", "departments"),
    [
        ("24", ["18", "28", "36", "37", "41", "45"]),
        ("32", ["02", "59", "60", "62", "80"]),
        ("94", ["2A", "2B"]),
        ("11", ["75", "77", "78", "91", "92", "93", "94", "95"]),
        ("53", ["22", "29", "35", "56"]),
    ],
)
def test_region_department_lists(region: str, departments: list[str]) -> None:
    assert [d.code for d in _by_code()[region].departments] == departments


def test_slugs_are_ascii_forms_of_the_names() -> None:
    for region in load_french_regions():
        assert region.slug == slugify(region.name)
        assert region.slug.isascii()
    by_code = _by_code()
    assert by_code["11"].slug == "ile-de-france"
    assert by_code["93"].slug == "provence-alpes-cote-d-azur"
    assert by_code["04"].slug == "la-reunion"


def test_every_region_is_found_by_its_own_iso_code() -> None:
    by_code = {r.code: r for r in load_french_regions()}
    codes = {code: iso for code, iso in regions._iso_codes().items() if code in by_code}
    assert codes["32"] == "FR-HDF" and codes["06"] == "FR-976"
    assert len(set(codes.values())) == 18 and all(codes.values())
    for code, iso in codes.items():
        found = find_region(by_code, iso)
        assert found is not None and found.code == code


def test_the_core_ships_geography_only() -> None:
    for region in load_french_regions():
        assert region.porteur is None
        assert region.logos == ()
        assert region.context == ()
        assert all(d.porteur is None for d in region.departments)
    data = json.loads((resources.files("dladocs") / "data" / "regions.json").read_text("utf-8"))
    assert "Code officiel géographique" in data["source"]
    assert "porteur" not in json.dumps(data)


def test_department_codes() -> None:
    assert department_codes() == frozenset(EXPECTED_DEPARTMENTS)


def test_missing_lists_the_porteurs_nobody_supplied() -> None:
    assert _by_code()["53"].missing == (
        "porteur du DLA régional",
        "porteurs des DLA départementaux (Côtes-d'Armor, Finistère, Ille-et-Vilaine, Morbihan)",
    )


# --------------------------------------------------------------------------- look-ups


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("32", "32"),
        (" 32 ", "32"),
        ("1", "01"),
        ("hauts-de-france", "32"),
        ("FR-HDF", "32"),
        ("fr-hdf", "32"),
        ("Hauts de France", "32"),
        ("HAUTS-DE-FRANCE", "32"),
        ("ile de france", "11"),
        ("Île-de-France", "11"),
        ("provence alpes cote d'azur", "93"),
        ("Provence-Alpes-Côte d’Azur", "93"),
        ("bourgogne franche comte", "27"),
        ("FR-20R", "94"),
        ("Réunion", "04"),
        ("la reunion", "04"),
        ("FR-971", "01"),
    ],
)
def test_find_region(query: str, code: str) -> None:
    found = find_region(_by_code(), query)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize("query", ["", "   ", "Atlantide", "59", "FR-XXX"])
def test_find_region_returns_none_for_what_names_no_region(query: str) -> None:
    assert find_region(_by_code(), query) is None


def test_slugify() -> None:
    assert slugify("Provence-Alpes-Côte d'Azur") == "provence-alpes-cote-d-azur"
    assert slugify("  Cœur  de  l'Œuvre ! ") == "coeur-de-l-oeuvre"
    assert slugify("Centre-Val de Loire") == "centre-val-de-loire"
    assert slugify("") == ""


# --------------------------------------------------------------------------- the data file


@pytest.fixture
def broken_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "regions.json"
    monkeypatch.setattr(regions, "_data_file", lambda: path)
    _forget_loaded_data()
    yield path
    monkeypatch.undo()
    _forget_loaded_data()


def _forget_loaded_data() -> None:
    for cached in (regions._load_data, regions._iso_codes, regions.department_codes):
        cached.cache_clear()
    load_french_regions.cache_clear()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "illisible"),
        ('{"source": "x"}', "« regions »"),
        ('{"regions": [{"code": "32", "name": "", "slug": "x", "departments": []}]}', "« name »"),
        (
            '{"regions": [{"code": "32", "name": "N", "slug": "n", "departments": [3]}]}',
            "région 32",
        ),
    ],
)
def test_a_broken_data_file_gives_a_french_error(
    broken_data: Path, content: str, reason: str
) -> None:
    broken_data.write_text(content, encoding="utf-8")
    with pytest.raises(DladocsError) as caught:
        load_french_regions()
    message = str(caught.value)
    assert "regions.json" in message
    assert reason in message
    assert "Réinstallez dladocs" in message


# --------------------------------------------------------------------------- plugins


def test_hookimpl_is_exported_for_plugin_authors() -> None:
    assert dladocs.hookimpl is hookspecs.hookimpl
    assert "hookimpl" in dladocs.__all__


def test_the_builtin_plugin_registers_the_eighteen_regions() -> None:
    merged = get_regions(_manager(regions_fr))
    assert list(merged) == sorted(EXPECTED_REGIONS)
    assert all(region.missing for region in merged.values())


@pytest.mark.parametrize("plugin_registered_first", [True, False])
def test_the_hauts_de_france_plugin_completes_region_32(
    hdf_plugin: ModuleType, plugin_registered_first: bool
) -> None:
    # Entry points are registered before the built-ins; trylast keeps the order irrelevant.
    order = (hdf_plugin, regions_fr) if plugin_registered_first else (regions_fr, hdf_plugin)
    merged = get_regions(_manager(*order))
    assert len(merged) == 18
    hdf = merged["32"]
    core = _by_code()["32"]
    assert (hdf.name, hdf.slug, hdf.overseas) == (core.name, core.slug, core.overseas)
    assert [(d.code, d.name) for d in hdf.departments] == [
        (d.code, d.name) for d in core.departments
    ]
    assert hdf.porteur is not None
    assert hdf.porteur.name == "Le Mouvement associatif Hauts-de-France"
    assert hdf.porteur.role == "DLA régional"
    porteurs = {d.code: d.porteur.name for d in hdf.departments if d.porteur is not None}
    assert porteurs == {
        "02": IRIAE,
        "59": "Nord Actif",
        "60": "BGE Picardie",
        "62": "Pas-de-Calais Actif",
        "80": IRIAE,
    }
    assert hdf.missing == ()
    assert any("Place de marché de l'inclusion" in sentence for sentence in hdf.context)
    assert hdf.sources == (
        "Cahier des charges « Webinaire sur le marketing digital », Avise / CR DLA IAE, 2020",
    )
    others = [region for code, region in merged.items() if code != "32"]
    assert len(others) == 17
    assert all(region.missing for region in others)
    assert merged["11"] == _by_code()["11"]
