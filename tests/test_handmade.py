"""`dladocs check` on a hand-made set: files made with python-pptx, python-docx and
reportlab (tests/handmade), one planted defect each, judged file by file and page by page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dladocs.types import CheckOptions
from dladocs.verify import FileCheck, check_files
from handmade import CASES, Case, make_all


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("handmade")
    return {case.name: path for case, path in make_all(folder)}


def _options(case: Case) -> CheckOptions:
    args = dict(zip(case.options[::2], case.options[1::2], strict=True))
    return CheckOptions(programme=args.get("--programme", ""), document_type=args.get("--type", ""))


def _check(case: Case, path: Path) -> FileCheck:
    return check_files([path], options=_options(case))[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_file_is_judged_right(case: Case, made: dict[str, Path]) -> None:
    result = _check(case, made[case.name])
    seen = {(v.surface.index, v.rule) for v in result.violations}
    assert result.status == case.status, (case.note, result.error, sorted(seen))
    for index, rules in case.expect.items():
        for rule in rules:
            wanted = "VERIF-01" if rule == "unverifiable" else rule
            assert (index, wanted) in seen, (case.note, index, rule, sorted(seen))
    for index, rules in case.forbid.items():
        for rule in rules:
            hits = [s for s in seen if s[1] == rule and index in (0, s[0])]
            assert not hits, (case.note, rule, hits)
    text = " ".join(v.message for v in result.violations) + result.error
    for word in case.words:
        assert word in text, (case.name, word, text)
    for word in case.absent_words:
        assert word not in text, (case.name, word, text)


def test_compliant_controls_raise_no_error(made: dict[str, Path]) -> None:
    for case in CASES:
        if case.status == "ok":
            result = _check(case, made[case.name])
            assert not result.errors, (case.name, [v.message for v in result.errors])


def test_every_category_has_a_defect_and_a_control() -> None:
    for category in range(1, 7):
        cases = [c for c in CASES if c.category == category]
        assert any(c.status != "ok" or c.expect for c in cases), category
        assert any(c.status == "ok" or c.forbid for c in cases), category


def test_a_picture_only_page_is_its_own_status_in_json_with_exit_code_1(
    made: dict[str, Path],
) -> None:
    path = made["scan.pdf"]
    run = subprocess.run(
        [sys.executable, "-m", "dladocs", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    (entry,) = json.loads(run.stdout)["files"]
    assert entry["status"] == "unverifiable"
    (unreadable,) = [v for v in entry["violations"] if v["rule"] == "VERIF-01"]
    assert unreadable["surface"] == {"kind": "page", "index": 2}
    assert "vérifiez la mention à l'œil" in unreadable["message"]
    assert "l'emblème de l'Union européenne y a été reconnu" in unreadable["message"]
    text = subprocess.run(
        [sys.executable, "-m", "dladocs", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "NON VÉRIFIABLE" in text and "conforme (" not in text


def test_type_option_makes_any_document_a_form(made: dict[str, Path]) -> None:
    """A report checked with --type formulaire needs the statement on its second page too."""
    path = made["rapport.pdf"]
    plain = check_files([path], options=CheckOptions(programme="fse-2014-2020"))[0]
    form = check_files(
        [path], options=CheckOptions(programme="fse-2014-2020", document_type="formulaire")
    )[0]
    assert not [v for v in plain.violations if v.rule == "E14-02"]
    assert [(v.surface.index, v.rule) for v in form.violations if v.rule == "E14-02"] == [
        (2, "E14-02")
    ]


def test_a_form_is_told_by_its_title_not_by_a_word_of_its_body() -> None:
    from dladocs.reading import is_form
    from dladocs.types import Inspection, Surface, TextRun

    def page(*runs: tuple[str, float]) -> Inspection:
        surface = Surface("page", 1, width=595, height=842)
        surface.texts = [TextRun(text, size=size) for text, size in runs]
        return Inspection(Path("x.pdf"), "pdf", [surface])

    report = page(("Rapport final", 11), ("Une attestation de fin de mission est jointe.", 11))
    assert not is_form(report)
    assert is_form(page(("Attestation de présence", 18), ("Nom :", 11)))
    assert is_form(page(("Feuille d'émargement – séance 1", 11), ("Nom", 11)))
    assert is_form(report, "emargement") and not is_form(page(("Attestation", 18)), "autre")
