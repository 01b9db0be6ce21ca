"""A hand-made test set for ``dladocs check``: files made with python-pptx, python-docx and
reportlab (never with dladocs' renderers), one planted defect each, and compliant controls.

:func:`make_all` writes them into a folder and returns, for each, the verdict a careful
reader would give, file by file and page by page (:class:`Case`).  The seven categories
are those of the issue « Compliance judgements right on files made by others »:

1. other logos found without ``--logo``;  2. the emblem drawn as native shapes;
3. pages that are only a picture;  4. the statement on every page of forms;
5. a wrong emblem reported as wrong;  6. messages that fit the file;
7. (the fonts of files dladocs builds: see tests/test_fonts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import _office as office
from . import _pdf as pdf


@dataclass(frozen=True)
class Case:
    """One file and its right verdict.

    ``status`` is the file's status in ``check --json``; ``expect`` maps a surface index
    to the rule ids (or statuses, for ``"unverifiable"``) that must be reported there;
    ``forbid`` maps a surface index (0: any) to rule ids that must not be; ``words`` are
    substrings that must appear in one message (or the error) of the file.
    """

    name: str
    category: int
    status: str
    make: Callable[[Path, Path], Path]
    options: tuple[str, ...] = ()
    expect: dict[int, tuple[str, ...]] = field(default_factory=dict)
    forbid: dict[int, tuple[str, ...]] = field(default_factory=dict)
    words: tuple[str, ...] = ()
    absent_words: tuple[str, ...] = ()
    note: str = ""


P14 = ("--programme", "fse-2014-2020")
PRESENCE = ("E21-03",)

CASES: tuple[Case, ...] = (
    Case(
        "logos-row.pptx",
        1,
        "fail",
        office.pptx_other_logos,
        expect={1: ("E21-11",)},
        forbid={2: ("E21-11",), 3: ("E21-11",)},
        note="slide 1: partner logo in the emblem's row, larger; 2: smaller; 3: big photo",
    ),
    Case(
        "logos-row.pdf",
        1,
        "fail",
        pdf.other_logos,
        expect={1: ("E21-11",)},
        forbid={2: ("E21-11",), 3: ("E21-11",)},
        note="page 1: larger partner logo beside the emblem; 2: big photo; 3: smaller logo",
    ),
    Case(
        "logos-row.docx",
        1,
        "fail",
        lambda out, tmp: office.docx_logo_row(out, tmp, logo_cm=2.5),
        expect={1: ("E21-11",)},
        note="header: emblem 1.5 cm, partner logo 2.5 cm in the same paragraph; photo in body",
    ),
    Case(
        "logos-row-ok.docx",
        1,
        "ok",
        lambda out, tmp: office.docx_logo_row(out, tmp, logo_cm=1.2),
        forbid={0: ("E21-11",)},
        note="the same with the logo smaller than the emblem; the large photo raises nothing",
    ),
    Case(
        "native.pptx",
        2,
        "fail",
        lambda out, tmp: office.pptx_native(out),
        expect={3: ("E21-10",)},
        forbid={0: PRESENCE, 1: ("E21-10",), 2: ("E21-10",), 4: ("E21-10",)},
        words=("11 étoiles",),
        note="slides 1-2: emblem as shapes (grouped, ungrouped), right; 3: eleven star shapes;"
        " 4: free-form stars, right",
    ),
    Case(
        "native.docx",
        2,
        "ok",
        lambda out, tmp: office.docx_native(out),
        forbid={0: (*PRESENCE, "E21-10", "E21-14")},
        note="header: emblem as a Word shape group, mention beside it",
    ),
    Case(
        "native-eleven.docx",
        2,
        "fail",
        lambda out, tmp: office.docx_native(out, stars=11),
        expect={1: ("E21-10",)},
        forbid={0: PRESENCE},
        words=("11 étoiles",),
        note="header: shape group with eleven stars",
    ),
    Case(
        "flattened.pptx",
        3,
        "unverifiable",
        office.pptx_flattened,
        expect={2: ("unverifiable",)},
        forbid={0: PRESENCE},
        words=("à l'œil",),
        note="slide 1 right; slide 2 one whole-slide picture (its emblem in the pixels)",
    ),
    Case(
        "scan.pdf",
        3,
        "unverifiable",
        pdf.scanned,
        expect={2: ("unverifiable",)},
        forbid={0: PRESENCE},
        words=("version texte",),
        note="page 1 right; page 2 a scanned page",
    ),
    Case(
        "emargement.pdf",
        4,
        "ok",
        pdf.emargement,
        P14,
        expect={2: ("E14-02",)},
        forbid={1: ("E14-02",), 3: ("E14-02",)},
        note="attendance sheet (title), footer statement removed from page 2, header intact",
    ),
    Case(
        "questionnaire.pdf",
        4,
        "ok",
        pdf.fields_form,
        P14,
        expect={2: ("E14-02",)},
        forbid={1: ("E14-02",)},
        note="form recognised by its fields; statement on page 1 only",
    ),
    Case(
        "rapport.pdf",
        4,
        "ok",
        pdf.report_2014,
        P14,
        forbid={0: ("E14-02",)},
        note="a report (not a form): the statement once is enough",
    ),
    Case(
        "emargement.docx",
        4,
        "ok",
        lambda out, tmp: office.docx_form(out, tmp, footer_on_second=False),
        P14,
        expect={2: ("E14-02",)},
        forbid={1: ("E14-02",)},
        note="two sections; the second section's footer lacks the statement",
    ),
    Case(
        "emargement-ok.docx",
        4,
        "ok",
        lambda out, tmp: office.docx_form(out, tmp, footer_on_second=True),
        P14,
        forbid={0: ("E14-02",)},
        note="both footers carry the statement",
    ),
    Case(
        "wrong-emblems.pptx",
        5,
        "fail",
        office.pptx_wrong_emblems,
        expect={1: ("E21-10",), 2: ("E21-10",), 3: ("E21-14",), 4: ("E21-10",)},
        forbid={0: PRESENCE, 5: ("E21-10", "E21-14")},
        words=("11 étoiles", "bleu", "étoiles blanches", "proportions"),
        note="slides 1-4: eleven stars, wrong blue, white stars, 2:1; slide 5 right",
    ),
    Case(
        "wrong-emblems-2014.pptx",
        5,
        "fail",
        lambda out, tmp: office.pptx_wrong_emblems(out, tmp, office.MENTION_2014),
        P14,
        expect={1: ("E14-14",), 2: ("E14-03",), 3: ("E14-03",), 4: ("E14-14",)},
        forbid={0: ("E14-04",), 5: ("E14-14", "E14-03")},
        note="the same under the 2014-2020 rules",
    ),
    Case(
        "helvetica-body.pdf",
        6,
        "ok",
        pdf.helvetica_body,
        forbid={0: ("E21-05",)},
        words=("Helvetica",),
        absent_words=("affichage de la mention",),
        note="mention in embedded Ubuntu, body in non-embedded Helvetica",
    ),
    Case(
        "helvetica-mention.pdf",
        6,
        "fail",
        pdf.helvetica_mention,
        expect={1: ("E21-05",)},
        words=("affichage de la mention",),
        note="the mention itself in Helvetica",
    ),
    Case(
        "damaged.pdf",
        6,
        "ok",
        pdf.damaged,
        words=("réparé",),
        note="compliant page, broken cross-reference table",
    ),
    Case(
        "encrypted.pdf",
        6,
        "error",
        lambda out, tmp: pdf.encrypted(out),
        words=("protégé par un mot de passe",),
        note="PDF with an opening password",
    ),
    Case(
        "encrypted.docx",
        6,
        "error",
        lambda out, tmp: office.encrypted_office(out),
        words=("protégé par un mot de passe",),
        note="Office file encrypted with a password",
    ),
)


def make_all(folder: Path) -> list[tuple[Case, Path]]:
    """Write every case's file into ``folder`` (pictures in a sub-folder)."""
    made = []
    for case in CASES:
        scratch = folder / "_pictures" / case.name
        scratch.mkdir(parents=True, exist_ok=True)
        made.append((case, case.make(folder / case.name, scratch)))
    return made
