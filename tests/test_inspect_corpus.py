"""The 60 third-party files of the shared corpus: each is inspected or refused in French.

The corpus lives beside the repository (``../shared/corpus``) and is never
copied into it.  Beyond "no crash", the traits that SOURCES.md describes are
checked where inspection can see them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dladocs.errors import UnreadableFileError
from dladocs.inspect import inspect_file
from dladocs.types import Inspection, Surface

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
FILES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".pptx", ".docx", ".pdf"))

REFUSED = {
    "pptx/oxsdk-encrypted_pptx.pptx": "mot de passe",
    "pptx/poi-clusterfuzz-XSLF-6254434927378432.pptx": "tronqué",
    "docx/poi-bug53475-password-is-pass.docx": "mot de passe",
    "docx/poi-truncated62886.docx": "tronqué",
    "pdf/pysf-libreoffice-writer-password.pdf": "mot de passe",
    "pdf/pypdf-crazyones-encrypted-256.pdf": "mot de passe",
    "pdf/fmtcorpus-handbuilt-T02-02_002-recursive-page-tree.pdf": "boucle",
    "pdf/fmtcorpus-handbuilt-minimal_test.pdf": "endommagé",
    "pdf/pdflib-missing_xref_trailer_dict.pdf": "tronqué",
    "pdf/pdfminer-issue-1113-evil-xobjects.pdf": "endommagé",
}


def _has_cryptography() -> bool:
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return False
    return True


def inspect(name: str) -> Inspection:
    return inspect_file(CORPUS / name)


def band(inspection: Inspection, index: int, variant: str) -> Surface:
    return next(
        s
        for s in inspection.surfaces
        if s.kind == "header" and s.index == index and s.variant == variant
    )


def test_the_corpus_is_there() -> None:
    assert len(FILES) == 60, f"corpus expected at {CORPUS}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_is_inspected_or_refused_in_french(path: Path) -> None:
    name = f"{path.parent.name}/{path.name}"
    try:
        inspection = inspect_file(path)
    except UnreadableFileError as exc:
        expected = REFUSED.get(name)
        if name == "pdf/fmtcorpus-encryption_noprinting.pdf" and not _has_cryptography():
            expected = "cryptography"
        assert expected is not None, f"{name} refused: {exc}"
        assert expected in exc.message
        assert exc.path == path
        assert str(path) in str(exc)
        return
    assert name not in REFUSED, f"{name} should have been refused"
    assert inspection.path == path
    assert inspection.format == path.suffix.lstrip(".")
    for surface in inspection.surfaces:
        assert surface.index >= 1
        for picture in surface.pictures:
            assert picture.width >= 0 and picture.height >= 0
            assert picture.linked or len(picture.sha256) == 64


# --------------------------------------------------------------------------- PPTX traits


def test_aascu_inherited_pictures_follow_show_master_shapes() -> None:
    slides = inspect("pptx/poi-aascu-downloadasset-5864.pptx").surfaces
    assert len(slides) == 34
    inherited = {"master", "layout", "background"}

    def inherits(number: int) -> bool:
        return any(p.origin in inherited for p in slides[number - 1].pictures)

    assert inherits(2) and inherits(14) and inherits(34)
    assert not inherits(7)  # the slide sets showMasterSp="0" itself
    assert not inherits(11)  # its master (master 3) has no image
    tiled = next(p for p in slides[1].pictures if p.origin == "master")
    assert tiled.name == "Right Triangle 13"  # a picture fill on an autoshape


def test_master_ole_preview_is_on_every_slide_of_alterman() -> None:
    slides = inspect("pptx/poi-alterman_security.pptx").surfaces
    assert len(slides) == 23
    assert all(slide.pictures for slide in slides)
    assert any(p.origin == "master" for p in slides[1].pictures)


def test_background_pictures_of_masters_are_inherited() -> None:
    slides = inspect("pptx/poi-ececapstonespring2012.pptx").surfaces
    assert len(slides) == 24
    assert all(any(p.origin == "background" for p in s.pictures) for s in slides)
    (slide,) = inspect("pptx/poi-bug68703.pptx").surfaces
    assert sorted(p.origin for p in slide.pictures) == ["background", "master"]


def test_cropped_and_grouped_pictures() -> None:
    (slide,) = inspect("pptx/poi-54542_cropped_bitmap.pptx").surfaces
    assert len(slide.pictures) == 6
    assert sum(p.cropped for p in slide.pictures) == 5
    assert sum(p.group.startswith("slide:grp") for p in slide.pictures) == 2
    assert len({p.sha256 for p in slide.pictures}) == 1


def test_linked_pictures_are_flagged() -> None:
    (slide,) = inspect("pptx/poi-56812-linked-picture.pptx").surfaces
    assert [p.linked for p in slide.pictures] == [False, False, True]
    assert any("liée à un fichier externe" in n for n in slide.notes)
    (slide,) = inspect("pptx/oxsdk-linkedpicture.pptx").surfaces
    assert [p.linked for p in slide.pictures] == [True]


def test_odd_packages_still_give_their_slides() -> None:
    assert inspect("pptx/python-pptx-no-slides.pptx").surfaces == []
    (slide,) = inspect("pptx/poi-missing-blip-fill.pptx").surfaces
    assert slide.pictures == [] and slide.notes
    assert len(inspect("pptx/python-pptx-missing_rels_item.pptx").surfaces) == 1
    strict = inspect("pptx/oxsdk-strict-photo-album3.pptx")
    assert [len(s.pictures) for s in strict.surfaces] == [0, 3]
    assert strict.notes
    (wps,) = inspect("pptx/tika-testWPSAttachment.pptx").surfaces
    assert len(wps.pictures) == 9  # OLE icons are pictures a reader sees


# --------------------------------------------------------------------------- DOCX traits


def test_header_pictures_are_found() -> None:
    inspection = inspect("docx/poi-headerPic.docx")
    assert len(band(inspection, 1, "default").pictures) == 1
    footer = band(inspect("docx/poi-60329-footer-image.docx"), 1, "default")
    assert [p.origin for p in footer.pictures] == ["footer"]
    outreach = band(inspect("docx/oxsdk-outreach-toolkit-header-footer.docx"), 1, "default")
    assert sorted(p.origin for p in outreach.pictures) == ["footer", "header"]


def test_first_page_band_without_its_own_header_is_empty() -> None:
    inspection = inspect("docx/poi-Bug51170.docx")
    assert band(inspection, 1, "default").pictures
    assert band(inspection, 1, "first").pictures == []


def test_complex2010_logo_on_the_first_page_only_until_the_last_section() -> None:
    inspection = inspect("docx/oxsdk-complex2010.docx")
    assert inspection.metadata["sections"] == 18
    assert len(band(inspection, 1, "first").pictures) == 1
    assert band(inspection, 1, "default").pictures == []
    assert all(band(inspection, n, "default").pictures == [] for n in range(2, 18))
    # SOURCES.md misses it: the last section references a default header of its own.
    (last,) = band(inspection, 18, "default").pictures
    assert last.group.startswith("word/header2.xml")


def test_same_vml_picture_in_all_six_header_and_footer_variants() -> None:
    inspection = inspect("docx/tika-testWORD_embedded_pics.docx")
    bands = [band(inspection, 1, v) for v in ("default", "first", "even")]
    assert [len(b.pictures) for b in bands] == [2, 2, 2]
    assert len({p.sha256 for b in bands for p in b.pictures}) == 1


def test_watermarks_and_false_positive_shapes() -> None:
    watermark = band(inspect("docx/oxsdk-picture-watermark-150pct-washout.docx"), 1, "default")
    (picture,) = watermark.pictures
    assert picture.recoloured  # washout
    assert band(inspect("docx/poi-zero-length-watermark-header.docx"), 1, "default").pictures
    shapes = inspect("docx/poi-60316-anchored-shapes.docx")
    assert all(s.pictures == [] for s in shapes.surfaces)


def test_linked_and_strict_documents() -> None:
    external = inspect("docx/mammoth-external-picture.docx")
    body = next(s for s in external.surfaces if s.kind == "body")
    assert [p.linked for p in body.pictures] == [True]
    strict = inspect("docx/oxsdk-Strict01.docx")
    assert strict.metadata["sections"] == 4
    assert all(s.pictures == [] for s in strict.surfaces if s.kind == "header")


# --------------------------------------------------------------------------- PDF traits


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("pdf/pysf-libreoffice-form.pdf", 8),
        ("pdf/pdflib-fancy_fields.pdf", 15),
        # 145 fields in all, of which 116 terminal: parents like topmostSubform[0] hold no value.
        ("pdf/pdflib-with_xfa_fields-irs1040.pdf", 116),
        ("pdf/pdflib-sample_form.pdf", 29),
        ("pdf/tika-testPDF_acroform3.pdf", 5),
        ("pdf/pdflib-with_rotated_image_button.pdf", 7),
    ],
)
def test_form_field_counts(name: str, fields: int) -> None:
    assert inspect(name).metadata["form_fields"] == fields


def test_pdf_images_per_page() -> None:
    magick = inspect("pdf/pysf-imagemagick-images.pdf")
    assert [len(s.pictures) for s in magick.surfaces] == [1] * 6
    assert all(p.pixel_size == (16, 16) for s in magick.surfaces for p in s.pictures)
    (inline,) = inspect("pdf/pysf-reportlab-inline-image.pdf").surfaces[0].pictures
    assert inline.name.startswith("inline-image")
    nested = inspect("pdf/pdflib-with_rotated_image_button.pdf").surfaces[0]
    assert [p.origin for p in nested.pictures] == ["form-xobject", "form-xobject"]
    (jpx,) = inspect("pdf/fmtcorpus-balloon_a1b_jp2k.pdf").surfaces[0].pictures
    assert jpx.pixel_size == (2717, 3701)
    wrong = inspect("pdf/fmtcorpus-veraPDFHiResWrongObjectID.pdf")
    assert wrong.surfaces[0].pictures == []


def test_the_same_logo_on_every_page_has_the_same_fingerprint() -> None:
    for name in (
        "pdf/pdfminer-issue-625-invoice.pdf",
        "pdf/pdflib-with_invalid_stream_EOL.pdf",
        "pdf/pdfminer-issue-1062-sap-invoice.pdf",  # different objects, same bytes
    ):
        first, second = inspect(name).surfaces
        assert first.pictures
        assert [p.sha256 for p in first.pictures] == [p.sha256 for p in second.pictures]


def test_permission_only_encryption_is_inspected() -> None:
    invoice = inspect("pdf/pdfminer-issue-625-invoice.pdf")
    assert invoice.metadata["encrypted"] is True
    assert "Faktura" in invoice.surfaces[0].text
    if _has_cryptography():
        noprint = inspect("pdf/fmtcorpus-encryption_noprinting.pdf")
        assert noprint.metadata["encrypted"] is True
        assert noprint.metadata["tagged"] is True


# --------------------------------------------------------------------------- the whole run


def _all() -> Iterator[tuple[Path, bool]]:
    for path in FILES:
        try:
            inspect_file(path)
        except UnreadableFileError:
            yield path, False
        else:
            yield path, True


def test_the_whole_corpus_run_completes() -> None:
    start = time.perf_counter()
    outcomes = list(_all())
    elapsed = time.perf_counter() - start
    inspected = sum(ok for _, ok in outcomes)
    print(
        f"\ncorpus: {len(outcomes)} files, {inspected} inspected, "
        f"{len(outcomes) - inspected} refused, {elapsed:.2f} s "
        f"({len(outcomes) / elapsed:.1f} files/s)"
    )
    assert len(outcomes) == 60
    assert inspected + len(REFUSED) == 60
