"""A plain single-colour logo gets the same verdict with and without ``--pdf``.

In the office files dladocs recognises the logo it placed by its bytes; in
the PDF LibreOffice re-encodes it and a plain picture has no fingerprint.
Its colour and proportions identify it there.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from dladocs.cli import main
from dladocs.recognition import Recogniser

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"
RED, BLUE = (200, 30, 40), (30, 90, 200)


def _reencoded(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    buffer = io.BytesIO()
    image.resize(size).save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_a_plain_reference_is_recognised_by_colour_and_proportions() -> None:
    recognise = Recogniser({"avise": Image.new("RGB", (600, 200), RED)})

    assert recognise.identify(_reencoded(Image.new("RGB", (600, 200), RED), (300, 100))) == "avise"
    assert recognise.identify(Image.new("RGB", (300, 100), BLUE)) is None
    assert recognise.identify(Image.new("RGB", (200, 200), RED)) is None  # not its proportions


@pytest.mark.slow  # builds with LibreOffice PDFs
def test_flat_logos_pass_with_and_without_pdf(tmp_path: Path) -> None:
    project = tmp_path / "projet"
    shutil.copytree(EXAMPLE, project)
    Image.new("RGB", (600, 200), RED).save(project / "avise.png")
    Image.new("RGB", (600, 200), BLUE).save(project / "dla.png")
    with (project / "dladocs.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[logos]\navise = "avise.png"\ndla = "dla.png"\n')

    for options in ([], ["--pdf"]):
        out = tmp_path / f"sortie{len(options)}"
        result = CliRunner().invoke(
            main, ["build", str(project), "-o", str(out), "-q", "--only", "fiche", *options]
        )
        assert result.exit_code == 0, result.output
        assert "DLA-01" not in result.output and "DLA-02" not in result.output
    assert (tmp_path / "sortie1" / "hauts-de-france" / "fiche-pratique.pdf").is_file()
