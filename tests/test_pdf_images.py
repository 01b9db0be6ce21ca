"""Plain PDF images decoded directly give the very image pypdf gives; others go to pypdf."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from dladocs.inspect._pdf_images import decode_plain
from dladocs.inspect._pdf_xobjects import decode_image


def _picture(mode: str, size: tuple[int, int] = (37, 23)) -> Image.Image:
    image = Image.new(mode, size)
    image.putdata(
        [
            tuple((x * 7 + y * 3 + band * 50) % 256 for band in range(len(mode)))
            if len(mode) > 1
            else (x * 11 + y * 5) % 256
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    return image


def _write(tmp_path: Path, build: object) -> list[object]:
    """The image streams ``build`` makes, in one page's resources, read back by pypdf."""
    target = tmp_path / "images.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        xobjects = build(pdf)  # type: ignore[operator]
        pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects))
        pdf.save(target)
    page = PdfReader(target).pages[0]
    return [page["/Resources"]["/XObject"][name].get_object() for name in sorted(xobjects)]


def _flate(pdf: pikepdf.Pdf, image: Image.Image, **extra: object) -> pikepdf.Stream:
    space = {"RGB": pikepdf.Name.DeviceRGB, "L": pikepdf.Name.DeviceGray}[image.mode]
    keys: dict[str, object] = {
        "Type": pikepdf.Name.XObject,
        "Subtype": pikepdf.Name.Image,
        "Width": image.width,
        "Height": image.height,
        "ColorSpace": space,
        "BitsPerComponent": 8,
        "Filter": pikepdf.Name.FlateDecode,
    }
    return pikepdf.Stream(pdf, zlib.compress(image.tobytes()), **{**keys, **extra})


def test_rgb_grey_and_masked_images_are_pypdfs_own(tmp_path: Path) -> None:
    def build(pdf: pikepdf.Pdf) -> dict[str, object]:
        mask = _flate(pdf, _picture("L"))
        return {
            "/A": _flate(pdf, _picture("RGB")),
            "/B": _flate(pdf, _picture("L")),
            "/C": _flate(pdf, _picture("RGB"), SMask=mask),
            "/D": _flate(pdf, _picture("RGB"), SMask=_flate(pdf, _picture("L", (10, 6)))),
            # LibreOffice's masks are stored inverted, with /Decode [1 0].
            "/E": _flate(
                pdf, _picture("RGB"), SMask=_flate(pdf, _picture("L"), Decode=pikepdf.Array([1, 0]))
            ),
            "/F": _flate(pdf, _picture("RGB"), Decode=pikepdf.Array([1, 0, 0, 1, 0.5, 1])),
            "/G": _flate(pdf, _picture("L"), Decode=pikepdf.Array([0, 1])),  # the identity
        }

    streams = _write(tmp_path, build)

    for stream in streams:
        ours = decode_plain(stream)
        theirs = stream.decode_as_image()  # type: ignore[attr-defined]
        assert ours is not None
        assert (ours.mode, ours.size) == (theirs.mode, theirs.size)
        assert ours.tobytes() == theirs.tobytes()
    assert [decode_plain(s).mode for s in streams] == [  # type: ignore[union-attr]
        "RGB",
        "L",
        "RGBA",
        "RGBA",
        "RGBA",
        "RGB",
        "L",
    ]
    # The inverted mask reads as the complement of the stored values.
    alpha = decode_plain(streams[4]).getchannel("A").tobytes()  # type: ignore[union-attr]
    assert alpha == bytes(255 - v for v in _picture("L").tobytes())


def test_other_images_are_left_to_pypdf(tmp_path: Path) -> None:
    jpeg = io.BytesIO()
    _picture("RGB").save(jpeg, "JPEG")

    def build(pdf: pikepdf.Pdf) -> dict[str, object]:
        picture = _picture("RGB")
        return {
            "/J": pikepdf.Stream(
                pdf,
                jpeg.getvalue(),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=picture.width,
                Height=picture.height,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
            ),
            "/K": _flate(pdf, picture, Decode=pikepdf.Array([1, 0, 1])),  # not a pair per band
            "/S": _flate(pdf, _picture("RGB", (4, 4)), Width=5),  # data too short
        }

    jpeg_stream, decode_stream, short_stream = _write(tmp_path, build)

    assert decode_plain(jpeg_stream) is None
    assert decode_plain(decode_stream) is None
    assert decode_plain(short_stream) is None
    decoded = decode_image(jpeg_stream)  # pypdf reads the JPEG, as before
    assert decoded is not None and decoded.size == (37, 23)


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_decode_image_takes_the_direct_way_for_plain_images(
    tmp_path: Path, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (stream,) = _write(tmp_path, lambda pdf: {"/A": _flate(pdf, _picture(mode))})
    monkeypatch.setattr(
        type(stream), "decode_as_image", lambda self: pytest.fail("pypdf was asked")
    )

    decoded = decode_image(stream)

    assert decoded is not None and decoded.tobytes() == _picture(mode).tobytes()
