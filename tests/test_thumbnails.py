"""Thumbnails drawn by the build's workers: index.html then reads them from the cache."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf
import pytest

from dladocs import _thumbnails, report
from test_report import A4, WIDESCREEN, draw_pdf


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(folder: Path, digest: str) -> list[dict[str, object]]:
    pages = json.loads((folder / f"{digest}.json").read_text(encoding="utf-8"))["pages"]
    assert isinstance(pages, list)
    return pages


def _merge(target: Path, parts: list[Path], labels: list[str]) -> Path:
    """A dossier as the build makes one: the parts' pages in order, a label prefix per part."""
    with pikepdf.new() as merged:
        nums = pikepdf.Array()
        for part, label in zip(parts, labels, strict=True):
            with pikepdf.open(part) as source:
                nums.append(len(merged.pages))
                nums.append(pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(label)))
                merged.add_pages_from(source)
        merged.Root.PageLabels = pikepdf.Dictionary(Nums=nums)
        merged.save(target)
    return target


def test_warm_fills_the_cache_that_index_html_reads(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    pdf = draw_pdf(tmp_path / "rapport.pdf", 3, A4, "Rapport")

    _thumbnails.warm(folder, [(pdf, _sha(pdf))])

    pages = _cached(folder, _sha(pdf))
    assert len(pages) == 3
    assert pages == report.render_thumbnails(pdf)  # the very thumbnails the report would draw


def test_the_dossier_takes_its_parts_thumbnails_with_its_own_labels(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    rapport = draw_pdf(tmp_path / "rapport.pdf", 3, A4, "Rapport")
    deck = draw_pdf(tmp_path / "deck.pdf", 2, WIDESCREEN, "Diapositive")
    dossier = _merge(tmp_path / "dossier.pdf", [rapport, deck], ["R-", "A1-"])

    _thumbnails.warm(
        folder,
        [(rapport, _sha(rapport)), (deck, _sha(deck))],
        _thumbnails.Dossier(dossier, _sha(dossier), (rapport, deck)),
    )

    pages = _cached(folder, _sha(dossier))
    assert [page["label"] for page in pages] == ["R-1", "R-2", "R-3", "A1-1", "A1-2"]
    parts = _cached(folder, _sha(rapport)) + _cached(folder, _sha(deck))
    assert [page["data"] for page in pages] == [page["data"] for page in parts]
    # What the dossier's own pages look like, drawn: the same pictures, the same labels.
    assert pages == report.render_thumbnails(dossier)


def test_a_dossier_whose_parts_do_not_add_up_is_drawn_itself(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    rapport = draw_pdf(tmp_path / "rapport.pdf", 3, A4, "Rapport")
    deck = draw_pdf(tmp_path / "deck.pdf", 2, WIDESCREEN, "Diapositive")
    dossier = _merge(tmp_path / "dossier.pdf", [rapport, deck], ["R-", "A1-"])

    # Told the dossier holds the report alone: 3 pages for 5, so its own pages are drawn.
    _thumbnails.warm(folder, [], _thumbnails.Dossier(dossier, _sha(dossier), (rapport,)))

    pages = _cached(folder, _sha(dossier))
    assert len(pages) == 5
    assert pages == report.render_thumbnails(dossier)


def test_a_pdf_pdfium_cannot_read_is_left_to_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    broken = tmp_path / "casse.pdf"
    broken.write_bytes(b"%PDF-1.7 broken")
    good = draw_pdf(tmp_path / "rapport.pdf", 1, A4, "Rapport")

    _thumbnails.warm(folder, [(broken, _sha(broken)), (good, _sha(good))])

    assert not (folder / f"{_sha(broken)}.json").exists()
    assert len(_cached(folder, _sha(good))) == 1


def _count_draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pages drawn from now on (their indexes), with no page of an earlier test kept."""
    monkeypatch.setattr(_thumbnails, "_DRAWN", type(_thumbnails._DRAWN)())
    real = _thumbnails._draw
    drawn: list[int] = []

    def counted(document: object, index: int, width: int) -> dict[str, object]:
        drawn.append(index)
        return real(document, index, width)

    monkeypatch.setattr(_thumbnails, "_draw", counted)
    return drawn


def test_pages_with_a_key_already_drawn_take_its_thumbnail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = draw_pdf(tmp_path / "premier.pdf", 3, A4, "Rapport")
    second = draw_pdf(tmp_path / "second.pdf", 3, A4, "Rapport")  # the same three pages
    other = draw_pdf(tmp_path / "autre.pdf", 2, WIDESCREEN, "Diapositive")
    expected, expected_other = report.render_thumbnails(second), report.render_thumbnails(other)
    drawn = _count_draws(monkeypatch)
    keys = [b"p1", b"p2", b"p3"]

    pages = _thumbnails.render_thumbnails(first, keys=keys)
    again = _thumbnails.render_thumbnails(second, keys=keys)
    assert drawn == [0, 1, 2]  # the second file's pages were not drawn again
    assert again == pages == expected
    # A page without a key, or with a key not met yet, is drawn.
    partly = _thumbnails.render_thumbnails(second, keys=[b"p1", None, b"p9"])
    assert drawn == [0, 1, 2, 1, 2] and partly == expected
    # Keys that do not match the page count are ignored rather than misapplied.
    assert _thumbnails.render_thumbnails(other, keys=keys) == expected_other
    assert drawn[5:] == [0, 1]


def test_warm_passes_each_pdfs_page_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    first = draw_pdf(tmp_path / "premier.pdf", 2, A4, "Rapport")
    second = draw_pdf(tmp_path / "second.pdf", 2, A4, "Rapport")
    expected = report.render_thumbnails(second)
    drawn = _count_draws(monkeypatch)
    keys = {first: [b"a", b"b"], second: [b"a", b"b"]}

    _thumbnails.warm(folder, [(first, _sha(first)), (second, _sha(second))], keys=keys)

    assert drawn == [0, 1]
    assert _cached(folder, _sha(second)) == expected
