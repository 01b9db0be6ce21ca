"""How many certificates of participation dladocs writes and verifies per second.

``python benchmarks/certificates.py [COUNT]`` (default 4000), two measurements:

1. the renderer alone: the template page is drawn and verified in full once
   (inspection and the FSE 2014-2020 rules, as a build does), then COUNT
   certificates are written (one PDF with all of them, one PDF per person) and
   each page and file is verified for what changes;
2. a whole build: the bundled example with COUNT participants in its
   ``presence.json``, ``dladocs build --only attestations`` in a new process
   (planning, rendering, the build's verification of every file, its
   thumbnails, ``manifest.json`` and ``index.html``).

Prints the time of each and the throughput.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dladocs.emblem import emblem_png
from dladocs.render import certificates as c
from dladocs.render.form import FormBand, PdfMetadata


def _layout(folder: Path) -> c.Layout:
    emblem = folder / "embleme.png"
    emblem.write_bytes(emblem_png(300))
    return c.Layout(
        band=FormBand(
            emblem_png=emblem,
            eu_lines=("UNION EUROPÉENNE", "Fonds social européen"),
            statement="Ce projet est cofinancé par le Fonds social européen dans le cadre du "
            "programme opérationnel national « Emploi et Inclusion » 2014-2020.",
        ),
        title="Attestation de participation",
        intro="Je soussignée, Claire Dumont, organisatrice du webinaire, atteste que :",
        signature=("Fait le 10 décembre 2020", "Claire Dumont", "Signature :"),
        metadata=PdfMetadata(
            title="Attestations de participation",
            author="Claire Dumont",
            subject="Benchmark",
            keywords="FSE, fse-2014-2020",
        ),
    )


def _verify_template(path: Path) -> list[str]:
    import dladocs

    (check,) = dladocs.check([path], programme="fse-2014-2020")
    return [v.message for v in check.violations if v.severity == "error"]


def measure(count: int) -> tuple[float, int]:
    """Seconds to write and verify ``count`` certificates, and how many files were written."""
    people = [
        c.Certificate(
            f"Participante n° {i} Élodie Fernández-Lefèvre",
            (
                "de la structure Régie de quartier de Lille,",
                "a participé au webinaire « Le marketing digital pour les SIAE » le jeudi "
                f"26 novembre 2020, de 14 h à 16 h, sur Zoom, pendant 1 h {i % 60:02d} de connexion.",
            ),
            f"attestation-{i:05d}.pdf",
        )
        for i in range(count)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        layout = _layout(folder)
        start = time.perf_counter()
        c.produce(
            folder / "attestations.pdf",
            folder / "attestations",
            layout,
            people,
            _verify_template,
            folder / "travail",
        )
        elapsed = time.perf_counter() - start
        files = len(list((folder / "attestations").glob("*.pdf")))
    return elapsed, files


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webinaire-hauts-de-france"


def measure_build(count: int) -> tuple[float, int]:
    """Seconds of ``dladocs build --only attestations`` on the example with ``count``
    participants, and how many certificates it wrote (one file per person)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "projet"
        shutil.copytree(EXAMPLE, project)
        presence = project / "presence.json"
        data = json.loads(presence.read_text(encoding="utf-8"))
        model = next(p for p in data["personnes"] if p["role"] == "participant")
        others = [p for p in data["personnes"] if p["role"] != "participant"]
        people = [
            {**model, "nom": f"Participante {i:05d} Élodie Fernández", "email": f"p{i}@exemple.org"}
            for i in range(count)
        ]
        data["personnes"] = others + people
        presence.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = Path(tmp) / "sortie"
        command = [sys.executable, "-m", "dladocs", "build", str(project), "-o", str(out), "-q"]
        start = time.perf_counter()
        subprocess.run([*command, "--only", "attestations"], check=True)
        elapsed = time.perf_counter() - start
        files = len(list(out.glob("*/attestations-participation/*.pdf")))
    return elapsed, files


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    elapsed, files = measure(count)
    print(
        f"{count} attestations (1 PDF de {count} pages + {files} PDF individuels), "
        f"écrites et vérifiées en {elapsed:.1f} s : {count / elapsed:.0f} attestations/s"
    )
    elapsed, files = measure_build(count)
    print(
        f"build --only attestations avec {count} participants ({files} PDF individuels) "
        f"en {elapsed:.1f} s : {count / elapsed:.0f} attestations/s"
    )


if __name__ == "__main__":
    main()
