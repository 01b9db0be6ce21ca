"""Reading evaluation answers: filled PDF forms and CSV exports of online form tools.

Every rule here serves one promise: a bad file, row or cell becomes a
:class:`~dladocs.evaluation.Problem` in French, and everything else is still read.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dladocs._evaluation_types import (
    COLUMN_SEPARATOR,
    Answer,
    Collection,
    Problem,
    Question,
    Response,
    choice_export_value,
)
from dladocs._userfiles import ANSWERS_MAX, read_user_file
from dladocs.errors import DladocsError
from dladocs.typography import NBSP, NNBSP
from dladocs.typography import quote as q  # short: it is in nearly every message

FUZZY_THRESHOLD = 0.8

# Columns that Google Forms, Microsoft Forms, Framaforms, LimeSurvey… add, normalised.
_IGNORED_COLUMNS = frozenset(
    {
        "horodateur",
        "horodatage",
        "timestamp",
        "id",
        "n",
        "numero",
        "heure de debut",
        "heure de fin",
        "heure de la derniere modification",
        "start time",
        "completion time",
        "last modified time",
        "adresse e mail",
        "adresse de messagerie",
        "adresse electronique",
        "e mail",
        "email",
        "courriel",
        "email address",
        "nom",
        "name",
        "date",
        "date de soumission",
        "date de soumission complete",
        "submitted",
        "submitted time",
        "completed time",
        "modified time",
        "submission date",
        "serial",
        "sid",
        "time",
        "draft",
        "ip address",
        "adresse ip",
        "uid",
        "username",
        "nom d utilisateur",
        "langue",
        "language",
        "score",
        "total",
        "points",
        "reponse id",
        "response id",
        "submission id",
        "derniere page",
        "last page",
        "langue de depart",
        "start language",
        "seed",
    }
)

_LEADING_NUMBER = re.compile(r"^\s*(?:q\s*)?\d{1,2}\s*[.)/\-–—:]\s*", re.IGNORECASE)
_ID_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:[—–:|]|-(?=\s)|$)")
_SCALE_NUMBER = re.compile(r"\s*(\d+)(?:[.,]0+)?(?:\s*/\s*5)?")
_SCALE_REST = re.compile(r"\s*(?:[-–—:.)]\s*|\(\s*)?(?:[^\W\d_].*)?", re.DOTALL)
_DELIMITERS = ",;\t"


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: for comparing labels."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


# --------------------------------------------------------------------------- values


def parse_answer(question: Question, raw: str) -> tuple[Answer | None, str | None]:
    """The answer a cell or field holds, or the French reason why it is not usable.

    An empty value is no answer and no problem: ``(None, None)``.
    """
    value = raw.strip()
    if not value:
        return None, None
    if question.kind == "text":
        return value, None
    if question.kind == "scale":
        return _parse_scale(question, value)
    return _parse_choice(question, value)


def _parse_scale(question: Question, value: str) -> tuple[Answer | None, str | None]:
    match = _SCALE_NUMBER.match(value)
    if match and _SCALE_REST.fullmatch(value[match.end() :]):
        note = int(match.group(1))
        if 1 <= note <= 5:
            return note, None
        return None, (
            f"la note {q(value)} est en dehors de l'échelle de 1 à 5{NNBSP}; réponse ignorée."
        )
    plain = normalise(value)
    for note, label in ((1, question.low), (5, question.high)):
        if label and plain == normalise(label):
            return note, None
    return None, f"{q(value)} n'est pas une note de 1 à 5{NNBSP}; réponse ignorée."


_LEGACY_DECLINED = frozenset({"autre / ne souhaite pas repondre", "autre ne souhaite pas repondre"})


def _parse_choice(question: Question, value: str) -> tuple[Answer | None, str | None]:
    plain = normalise(value)
    for choice in question.choices:
        if plain == normalise(choice) or value.lstrip("/") == choice_export_value(choice):
            return choice, None
    # Grids made before « Autre » and « Ne souhaite pas répondre » were two answers: the joint
    # answer said nothing of the structure, as declining does.
    if plain in _LEGACY_DECLINED or value.lstrip("/") == "autre-ne-souhaite-pas-repondre":
        declined = [c for c in question.choices if normalise(c) == "ne souhaite pas repondre"]
        if declined:
            return declined[0], None
    # « Peut » for « Peut-être »: a prefix that only one choice has.
    starting = [c for c in question.choices if len(plain) >= 3 and normalise(c).startswith(plain)]
    if len(starting) == 1:
        return starting[0], None
    offered = ", ".join(question.choices)
    return None, (
        f"{q(value)} ne fait pas partie des choix proposés ({offered}){NNBSP}; réponse ignorée."
    )


def _read_answers(
    questions: Sequence[Question],
    cells: Iterator[tuple[Question, str]],
    source: Path,
    row: int | None,
    problems: list[Problem],
) -> Response | None:
    answers: dict[str, Answer] = {}
    for question, raw in cells:
        answer, error = parse_answer(question, raw)
        if error is not None:
            problems.append(Problem(source, row, question.id, error))
        elif answer is not None:
            answers[question.id] = answer
    if not answers:
        return None
    order = {question.id: index for index, question in enumerate(questions)}
    return Response(source, row, dict(sorted(answers.items(), key=lambda kv: order[kv[0]])))


# --------------------------------------------------------------------------- files


def collect(files: Sequence[Path], questions: Sequence[Question]) -> Collection:
    collection = Collection()
    seen: dict[str, Path] = {}
    for path in files:
        path = Path(path)
        try:
            data = read_user_file(path, "le fichier de réponses", ANSWERS_MAX)
        except DladocsError as error:
            # A FIFO, a device or a huge file is never read: said, and the others are read.
            collection.problems.append(Problem(path, None, None, f"{error.message}"))
            continue
        except OSError as error:
            reason = "fichier introuvable" if isinstance(error, FileNotFoundError) else "illisible"
            collection.problems.append(
                Problem(path, None, None, f"{reason} ({error.strerror or error}).")
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            collection.problems.append(
                Problem(
                    path,
                    None,
                    None,
                    f"même contenu que {seen[digest].name}{NNBSP}; fichier ignoré pour ne pas"
                    " compter deux fois les mêmes réponses.",
                )
            )
            continue
        seen[digest] = path
        collection.files += 1
        collection.sources.append(path.name)
        kind = _kind(path, data)
        if kind == "pdf":
            _read_pdf(path, data, questions, collection)
        elif kind == "csv":
            _read_csv(path, data, questions, collection)
        else:
            collection.problems.append(Problem(path, None, None, _unsupported(path)))
    return collection


def _kind(path: Path, data: bytes) -> str:
    if data[:1024].lstrip().startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return "pdf"
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return "csv"
    return "other"


def _unsupported(path: Path) -> str:
    if path.suffix.lower() in {".xlsx", ".xls", ".ods"}:
        return (
            "les classeurs ne sont pas lus directement" + NNBSP + ": enregistrez-le au format"
            f" CSV (Fichier > Enregistrer sous > {q('CSV UTF-8')}) puis relancez la collecte."
        )
    return (
        f"format non pris en charge{NBSP}: donnez une grille PDF remplie ou un export CSV"
        " d'un formulaire en ligne."
    )


# --------------------------------------------------------------------------- PDF


def _read_pdf(path: Path, data: bytes, questions: Sequence[Question], out: Collection) -> None:

    def problem(message: str) -> None:
        out.problems.append(Problem(path, None, None, message))

    from dladocs.inspect._pdf_objects import quiet

    with quiet():  # pypdf narrates its repairs in English: the problems below say what matters
        _read_pdf_fields(path, data, questions, out, problem)


def _read_pdf_fields(
    path: Path,
    data: bytes,
    questions: Sequence[Question],
    out: Collection,
    problem: Callable[[str], None],
) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            problem(
                f"le PDF est protégé par un mot de passe{NNBSP}; demandez une version sans"
                " mot de passe."
            )
            return
        fields = reader.get_fields() or {}
    except Exception:  # pypdf raises many kinds on damaged files
        problem(
            f"le PDF est illisible ou endommagé{NNBSP}; demandez à la personne de renvoyer le"
            " fichier."
        )
        return
    values: dict[str, str] = {}
    for question in questions:
        found = fields.get(question.id)
        if found is None:
            continue
        values[question.id] = _field_value(found.get("/V"))
    if not values and fields:
        problem(
            f"ce PDF est un formulaire, mais aucun de ses {len(fields)} champs n'est une question"
            f" de la grille d'évaluation{NNBSP}; vérifiez qu'il s'agit bien de la grille remplie."
        )
        return
    if not values:
        problem(
            "ce PDF ne contient aucun champ de la grille d'évaluation"
            f"{NNBSP}; s'il a été imprimé en PDF ou aplati, les réponses ne sont plus lisibles"
            f"{NBSP}: demandez le fichier rempli d'origine."
        )
        return

    cells = ((question, values[question.id]) for question in questions if question.id in values)
    response = _read_answers(questions, cells, path, None, out.problems)
    if response is None:
        problem(f"le formulaire ne contient aucune réponse{NNBSP}; il n'est pas compté.")
    else:
        out.responses.append(response)


def _field_value(value: object) -> str:
    """A field's /V as text: radio export values lose their leading « / », « Off » is empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_field_value(item) for item in value)
    text = str(value)
    if text.startswith("/"):
        text = text[1:]
    return "" if text == "Off" else text


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _header_score(text: str, delimiter: str, questions: Sequence[Question]) -> int:
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if any(cell.strip() for cell in row):
            names = [cell.strip() for cell in row]
            known = sum(normalise(name) in _IGNORED_COLUMNS for name in names if name)
            return 2 * sum(_match_column(name, questions) is not None for name in names) + known
    return 0


def _delimiter(text: str, questions: Sequence[Question]) -> str:
    """The delimiter under which the header names the most questions; the sniffer breaks ties."""
    sample = text[:65536]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    candidates = [sniffed, *(d for d in _DELIMITERS if d != sniffed)]
    # When the sniffer's choice also splits the header into clearly more columns than any
    # other delimiter, it is right: scoring every column name against the questions is slow.
    header = next((line for line in sample.splitlines() if line.strip()), "")
    widths = {d: len(next(csv.reader([header], delimiter=d), [])) for d in candidates}
    others = [widths[d] for d in candidates if d != sniffed]
    if widths[sniffed] >= 3 and all(widths[sniffed] >= 2 * width for width in others):
        return sniffed
    try:
        return max(candidates, key=lambda d: _header_score(sample, d, questions))
    except csv.Error:
        return sniffed


def _match_column(header: str, questions: Sequence[Question]) -> Question | None:
    by_id = {question.id.lower(): question for question in questions}
    # « Clarté », « Première action »: an id written as a word, with its accents.
    as_id = normalise(header).replace(" ", "_")
    if as_id in by_id:
        return by_id[as_id]
    prefix = _ID_PREFIX.match(header)
    if prefix and prefix.group(1).lower() in by_id:
        return by_id[prefix.group(1).lower()]
    if COLUMN_SEPARATOR.strip() in header:
        # « <id> — <text> » with an id we do not know: compare the text part only.
        header = header.split(COLUMN_SEPARATOR.strip(), 1)[1]
    plain = normalise(_LEADING_NUMBER.sub("", header))
    if not plain:
        return None
    best: Question | None = None
    best_ratio = 0.0
    for question in questions:
        if question.short and plain == normalise(question.short):
            return question
        ratio = difflib.SequenceMatcher(None, plain, normalise(question.text)).ratio()
        if ratio > best_ratio:
            best, best_ratio = question, ratio
    return best if best_ratio >= FUZZY_THRESHOLD else None


# A form export has a column per question plus a few of its own (date, e-mail...): far fewer.
MAX_COLUMNS = 1_000


def _too_wide(text: str) -> int:
    """The widest split of the first non-empty line, when it exceeds MAX_COLUMNS (else 0)."""
    header = next((line for line in text[: 1 << 20].splitlines() if line.strip()), "")
    width = max(header.count(d) + 1 for d in _DELIMITERS)
    return width if width > MAX_COLUMNS else 0


def _read_csv(path: Path, data: bytes, questions: Sequence[Question], out: Collection) -> None:  # noqa: C901, PLR0912  - one pass over the rows; each branch is a different problem reported with its row
    text = _decode(data).replace("\x00", "")
    if not text.strip():
        out.problems.append(Problem(path, None, None, "le fichier est vide."))
        return
    width = _too_wide(text)
    if width:
        # Matching each column against every question costs time: a huge header is refused first.
        out.problems.append(
            Problem(
                path,
                None,
                None,
                f"la première ligne a {width} colonnes, au-delà des {MAX_COLUMNS} qu'un export de "
                f"formulaire peut avoir{NBSP}: ce fichier n'est pas lu.",
            )
        )
        return
    try:
        delimiter = _delimiter(text, questions)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        out.problems.append(Problem(path, None, None, f"le fichier CSV est mal formé ({error})."))
        return
    header_index = next(
        (i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None
    )
    if header_index is None:
        out.problems.append(Problem(path, None, None, "le fichier est vide."))
        return
    header = rows[header_index]
    columns: list[tuple[int, Question]] = []
    taken: set[str] = set()
    unknown: list[str] = []
    for index, name in enumerate(header):
        name = name.strip().lstrip("\ufeff")
        if not name or normalise(name) in _IGNORED_COLUMNS:
            continue
        question = _match_column(name, questions)
        if question is None:
            unknown.append(name)
        elif question.id in taken:
            out.problems.append(
                Problem(
                    path,
                    header_index + 1,
                    question.id,
                    f"la colonne {q(name)} répète une question déjà lue dans une autre colonne"
                    f"{NNBSP}; elle est ignorée.",
                )
            )
        else:
            taken.add(question.id)
            columns.append((index, question))
    if unknown:
        names = ", ".join(q(name) for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        out.problems.append(
            Problem(
                path,
                None,
                None,
                f"colonne{plural} qui ne correspond{'ent' if plural else ''} à aucune question,"
                f" ignorée{plural}{NBSP}: {names}.",
            )
        )
    if not columns:
        out.problems.append(
            Problem(
                path,
                None,
                None,
                f"aucune colonne ne correspond aux questions de la grille{NBSP}: la première ligne"
                " doit porter les questions (ou les noms de colonnes donnés par"
                f" {q('dladocs')}).",
            )
        )
        return
    for offset, cells in enumerate(rows[header_index + 1 :]):
        row_number = header_index + offset + 2
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            out.problems.append(
                Problem(
                    path,
                    row_number,
                    None,
                    f"la ligne a plus de cellules que d'en-têtes{NNBSP}; les cellules en trop"
                    " sont ignorées.",
                )
            )
        last_column = max(index for index, _ in columns)
        if len(cells) <= last_column:
            out.problems.append(
                Problem(
                    path,
                    row_number,
                    None,
                    f"la ligne n'a que {len(cells)} cellule{'s' if len(cells) > 1 else ''} pour "
                    f"{len(header)} colonnes{NBSP}: elle semble coupée{NNBSP}; les questions "
                    "manquantes sont comptées sans réponse.",
                )
            )
        picked = (
            (question, cells[index] if index < len(cells) else "") for index, question in columns
        )
        response = _read_answers(questions, picked, path, row_number, out.problems)
        if response is not None:
            out.responses.append(response)
        elif not any(
            p.row == row_number and p.file == path for p in out.problems
        ):  # a submitted form left empty (only the tool's own columns are filled)
            out.problems.append(
                Problem(
                    path,
                    row_number,
                    None,
                    f"la ligne ne contient aucune réponse{NNBSP}; elle n'est pas comptée.",
                )
            )
