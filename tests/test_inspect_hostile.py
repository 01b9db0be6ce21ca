"""Hostile and broken files: each ends with a French error (or a harmless result), never a hang.

Every file is inspected in a child process limited to 1.5 GB of address space
and given 60 seconds: the limits prove that memory stays bounded and that
nothing loops forever.  They are guards, not timing assertions.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pptx import Presentation

CHILD = r"""
import json, resource, sys
from pathlib import Path
limit = 1_500_000_000
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from dladocs.errors import UnreadableFileError
from dladocs.inspect import inspect_file
try:
    result = inspect_file(Path(sys.argv[1]))
except UnreadableFileError as exc:
    print(json.dumps({"error": str(exc), "message": exc.message}))
else:
    print(json.dumps({
        "surfaces": len(result.surfaces),
        "pictures": sum(len(s.pictures) for s in result.surfaces),
        "notes": [n for s in result.surfaces for n in s.notes],
    }))
"""


def inspect_in_child(path: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def refused(path: Path, *words: str) -> str:
    result = inspect_in_child(path)
    assert "error" in result, result
    message = result["message"]
    assert str(path) in result["error"]
    for word in words:
        assert word in message, message
    return str(message)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Cofinancé par l'Union européenne")
    document.save(buffer)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[6])
    prs.save(buffer)
    return buffer.getvalue()


def replace_member(package: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return buffer.getvalue()


def stream(entries: str, data: bytes) -> bytes:
    return f"<< {entries} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def build_pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


# --------------------------------------------------------------------------- zip bombs


def test_zip_bomb_declaring_a_huge_part_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    refused(path, "bombe zip")


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path: Path) -> None:
    package = replace_member(docx_bytes(), "word/media/filler.bin", b"")
    buffer = io.BytesIO(package)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/bomb.bin", b"\0" * (40 * 1024 * 1024))
    path = tmp_path / "ratio.docx"
    path.write_bytes(buffer.getvalue())
    refused(path, "compressé")


def test_member_larger_than_its_header_says_is_caught(tmp_path: Path) -> None:
    base = docx_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in zipfile.ZipFile(io.BytesIO(base)).infolist():
            data = zipfile.ZipFile(io.BytesIO(base)).read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p/>" * 2_000_000 + b"</w:body>")
            archive.writestr(info.filename, data)
    raw = bytearray(buffer.getvalue())
    # Make both headers of document.xml claim 1,000 bytes once inflated.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + 17] == b"word/document.xml":
                raw[start + offset : start + offset + 4] = struct.pack("<I", 1000)
            start += 4
    path = tmp_path / "menteur.docx"
    path.write_bytes(bytes(raw))
    refused(path, "endommagé")


# --------------------------------------------------------------------------- XML


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def test_billion_laughs_in_document_xml_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "rires.docx"
    path.write_bytes(replace_member(docx_bytes(), "word/document.xml", BILLION_LAUGHS))
    refused(path, "attaque")


def test_million_deep_nesting_in_a_slide_is_refused_without_recursion_error(
    tmp_path: Path,
) -> None:
    depth = 1_000_000
    slide = (
        b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
        # Distinct ids keep the part compressible like real XML (no zip-bomb ratio).
        + b"".join(b'<a:b i="%d">' % (n * 7919 % 1_000_003) for n in range(depth))
        + b"</a:b>" * depth
        + b"</p:spTree></p:cSld></p:sld>"
    )
    path = tmp_path / "profond.pptx"
    path.write_bytes(replace_member(pptx_bytes(), "ppt/slides/slide1.xml", slide))
    refused(path, "imbriqué trop profondément")


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize("kind", ["docx", "pptx", "pdf"])
def test_file_cut_in_half_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "docx":
        data = docx_bytes()
    elif kind == "pptx":
        data = pptx_bytes()
    else:
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer)
        for page in range(5):
            pdf.drawString(72, 700, f"Page {page}")
            pdf.showPage()
        pdf.save()
        data = buffer.getvalue()
    path = tmp_path / f"coupe.{kind}"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "tronqué")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vide.pdf"
    path.write_bytes(b"")
    refused(path, "vide")


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "hasard.docx"
    path.write_bytes(random.Random(7).randbytes(100_000))
    refused(path, "ni une présentation")


def test_zip_that_is_not_an_office_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.pptx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "bonjour")
    refused(path, "ni une présentation PowerPoint ni un document Word")


def test_encrypted_office_container_is_refused_as_password_protected(tmp_path: Path) -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "chiffre.docx"
    path.write_bytes(header + b"\0" * 512 + directory + b"\0" * 1000)
    refused(path, "mot de passe")


# --------------------------------------------------------------------------- PDF structures


def test_pdf_cyclic_page_tree_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "boucle.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
            ]
        )
    )
    refused(path, "boucle")


def test_pdf_cyclic_form_xobjects_give_a_result_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "formes.pdf"
    path.write_bytes(
        build_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R "
                b"/Resources << /XObject << /X1 5 0 R /Self 7 0 R >> >> >>",
                stream("", b"/X1 Do /Self Do"),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                    "/Resources << /XObject << /X2 6 0 R >> >>",
                    b"/X2 Do",
                ),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                    "/Resources << /XObject << /X1 5 0 R >> >>",
                    b"/X1 Do",
                ),
                stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                    "/Resources << /XObject << /Self 7 0 R >> >>",
                    b"/Self Do",
                ),
            ]
        )
    )
    result = inspect_in_child(path)
    assert result["surfaces"] == 1
    assert any("boucle" in note for note in result["notes"])


def test_pdf_form_fan_out_exhausts_the_work_budget(tmp_path: Path) -> None:
    levels = 12
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R "
        b"/Resources << /XObject << /F 5 0 R >> >> >>",
        stream("", b"/F Do"),
    ]
    for level in range(levels):
        child = f"/Resources << /XObject << /F {6 + level} 0 R >> >>" if level < levels - 1 else ""
        objects.append(
            stream(f"/Type /XObject /Subtype /Form /BBox [0 0 10 10] {child}", b"/F Do " * 10)
        )
    path = tmp_path / "eventail.pdf"
    path.write_bytes(build_pdf(objects))
    refused(path, "trop de travail")


def test_pdf_deep_page_tree_is_refused(tmp_path: Path) -> None:
    depth = 3000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(f"<< /Type /Pages /Kids [{number + 1} 0 R] /Count 1 >>".encode())
    objects.append(b"<< /Type /Page /MediaBox [0 0 100 100] >>")
    path = tmp_path / "profond.pdf"
    path.write_bytes(build_pdf(objects))
    refused(path, "PDF")


def test_missing_file_and_folder_are_refused_in_french(tmp_path: Path) -> None:
    from dladocs.errors import UnreadableFileError
    from dladocs.inspect import detect_format, inspect_file

    with pytest.raises(UnreadableFileError, match="ne peut pas être ouvert"):
        inspect_file(tmp_path / "absent.pdf")
    with pytest.raises(UnreadableFileError, match="dossier"):
        detect_format(tmp_path)
