"""``dladocs check`` says a forged or damaged file is damaged (exit 2), and stays within budget.

A DOCX whose ZIP holds ``../../evil`` or an absolute entry name, or an entry
whose declared size is false in one of its two indexes, is not « conforme »:
it is refused as damaged.  A PDF that declares 100,000 pages (or hides them
behind a small ``/Count``) is refused before pypdf lists its pages.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from _hostile import dladocs
from dladocs.default_plugins.templates import builtin_templates


def _docx(tmp_path: Path) -> Path:
    target = tmp_path / "fiche.docx"
    shutil.copyfile(builtin_templates() / "fiche.docx", target)
    return target


@pytest.mark.parametrize("entry", ["../../evil", "/etc/evil", "word/../../evil.xml", "C:/evil"])
def test_entry_names_leaving_the_package(tmp_path: Path, entry: str) -> None:
    path = _docx(tmp_path)
    with zipfile.ZipFile(path, "a") as package:
        package.writestr(entry, b"<evil/>")

    run = dladocs("check", path)

    assert run.code == 2, run.output
    assert f"l'élément « {entry} » a un nom qui sort du document" in run.output


def _lie_about(path: Path, member: str, factor: float) -> None:
    """Change the size the central directory declares for ``member`` (its local header keeps the truth)."""
    data = bytearray(path.read_bytes())
    real = zipfile.ZipFile(path).getinfo(member).file_size
    position = data.find(b"PK\x01\x02")
    while position != -1:
        length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + length] == member.encode():
            struct.pack_into("<I", data, position + 24, int(real * factor))
            break
        position = data.find(b"PK\x01\x02", position + 4)
    else:
        raise AssertionError(member)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("member", "factor"),
    [("word/document.xml", 2), ("word/styles.xml", 0.5), ("[Content_Types].xml", 5)],
)
def test_entry_whose_declared_size_is_false(tmp_path: Path, member: str, factor: float) -> None:
    path = _docx(tmp_path)
    _lie_about(path, member, factor)

    run = dladocs("check", path)

    assert run.code == 2, run.output
    assert "endommagé" in run.output, run.output


def _pdf_with_pages(count: int, declared: int) -> bytes:
    """One page object listed ``count`` times in the page tree, whose /Count says ``declared``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (declared, b" ".join([b"3 0 R"] * count)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize("declared", [100_000, 3])
def test_pdf_declaring_100000_pages_is_refused_quickly(tmp_path: Path, declared: int) -> None:
    path = tmp_path / "pages.pdf"
    path.write_bytes(_pdf_with_pages(100_000, declared))

    run = dladocs("check", path)

    assert run.code == 2, run.output
    assert "le PDF compte trop de pages" in run.output
    assert run.seconds < 15, run.seconds
