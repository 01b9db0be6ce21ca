"""The same project gives the same manifest from another relative location (docs/guarantees.md § 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dladocs.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"


def test_manifest_is_the_same_from_another_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    near = tmp_path / "a"
    far = tmp_path / "b" / "c"
    shutil.copytree(EXAMPLE, near / "p")
    shutil.copytree(EXAMPLE, far / "p")

    monkeypatch.chdir(near)
    first = CliRunner().invoke(main, ["build", "p", "-o", "sortie", "-q", "--only", "fiche"])
    monkeypatch.chdir(tmp_path / "b")
    second = CliRunner().invoke(main, ["build", "c/p", "-o", "../sortie2", "-q", "--only", "fiche"])

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    one = (near / "sortie" / "manifest.json").read_bytes()
    assert one == (tmp_path / "sortie2" / "manifest.json").read_bytes()
    # The fast path still answers without a rebuild.
    monkeypatch.chdir(near)
    again = CliRunner().invoke(main, ["build", "p", "-o", "sortie", "--only", "fiche"])
    assert "Rien à reconstruire" in again.output
