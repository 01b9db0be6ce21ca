"""French typography: non-breaking spaces, dates, times, amounts and durations.

A dozen month names and one grouping rule do not justify a locale library;
these few functions are what the documents need, applied once when contexts
are built so that templates never have to think about it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"  # before « : » and inside « guillemets », as the Imprimerie nationale says
NNBSP = "\u202f"  # narrow, before ; ! ? and between thousands

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")
_BEFORE_DOUBLE = re.compile(r"[ \u00a0\u202f]*([;!?])")
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*:(?!//)")
# « 68 % », « 12 ‰ »: a number and its sign never part at the end of a line.
_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]?([%‰])")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
# Control characters, surrogates and the two non-characters U+FFFE/U+FFFF: none can be
# written in an XML document (DOCX, PPTX) and none prints in a PDF.
# C0 and C1 controls (U+0085 « next line » included: the text shaper fails on it), surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Unicode's line and paragraph separators are line breaks to a reader, and the shaper fails on them.
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})


def clean(text: str) -> str:
    """Remove the characters that no XML document can hold (tabs and newlines stay).

    C1 controls (U+0080–U+009F) go too, and U+2028/U+2029 become line breaks.
    """
    return _CONTROL.sub("", text).translate(_SEPARATORS)


def fr(text: str) -> str:
    """Apply French spacing rules to running text, leaving URLs and e-mails alone.

    « Pourquoi ? » gets a narrow no-break space before « ? », « Note : » a
    no-break space before « : », and guillemets get no-break spaces inside.
    Clock times (« 14:00 ») and ratios (« 16:9 ») keep their colon.
    """
    text = clean(text)
    pieces: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        pieces.append(_fr_plain(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_fr_plain(text[last:]))
    return "".join(pieces)


def _fr_plain(text: str) -> str:
    def double(match: re.Match[str]) -> str:
        start = match.start()
        spaced = match.group(0) != match.group(1)
        # "?!" and "!!" stay together; a mark at the very start has nothing to follow.
        if not spaced and (start == 0 or text[start - 1] in ";!?"):
            return match.group(1)
        return NNBSP + match.group(1)

    def colon(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        spaced = match.group(0) != ":"
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if before.isdigit() and after.isdigit():
            return ":"
        if start == 0 and not spaced:
            return ":"
        return NBSP + ":"

    text = _BEFORE_DOUBLE.sub(double, text)
    text = _BEFORE_COLON.sub(colon, text)
    text = _BEFORE_PERCENT.sub(NNBSP + r"\1", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    return _CLOSE_QUOTE.sub(NBSP + "»", text)


def quote(text: str) -> str:
    """« text », with the no-break spaces."""
    return f"«{NBSP}{text}{NBSP}»"


def long_date(value: date, *, weekday: bool = False) -> str:
    """« 26 novembre 2020 », « 1er décembre 2020 », optionally « jeudi 26 novembre 2020 »."""
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day}{NBSP}{MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text


def short_date(value: date) -> str:
    """« 26/11/2020 »."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def clock(value: time) -> str:
    """« 14 h », « 14 h 30 »."""
    if value.minute == 0:
        return f"{value.hour}{NBSP}h"
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"


def minutes(value: int) -> str:
    """« 45 min », « 2 h », « 1 h 30 »."""
    hours, rest = divmod(value, 60)
    if hours == 0:
        return f"{rest}{NBSP}min"
    if rest == 0:
        return f"{hours}{NBSP}h"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}"


def number(value: float | int | Decimal, decimals: int = 0) -> str:
    """« 1 000 », « 12,5 »: narrow no-break space between thousands, decimal comma."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = NNBSP.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def decimal(value: float | int | Decimal, most: int = 2) -> str:
    """« 1 », « 0,5 », « 0,75 »: as many decimals as the value needs, ``most`` at the most."""
    text = number(value, most)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def euros(value: float | int | Decimal, *, ttc: bool = False) -> str:
    """« 1 000 € », « 437,50 € », « 1 000 € TTC »."""
    amount = Decimal(str(value))
    decimals = 0 if amount == amount.to_integral_value() else 2
    text = f"{number(amount, decimals)}{NBSP}€"
    return f"{text}{NBSP}TTC" if ttc else text


def percent(value: float, decimals: int = 0) -> str:
    """« 52 % » from 0.52."""
    return f"{number(value * 100, decimals)}{NBSP}%"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 participant », « 12 participants », « 0 participant » (French singular for 0 and 1)."""
    word = singular if count < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def in_sentence(name: str) -> str:
    """A name that starts with its article, written inside a sentence.

    « Le Mouvement associatif » is written « le Mouvement associatif » after
    « porté par » (as French style books have it for institutions); names
    without an article are left alone.
    """
    for article in ("Le ", "La ", "Les ", "L'", "L’"):
        if name.startswith(article) and len(name) > len(article):
            return article.lower() + name[len(article) :]
    return name


def sentence_start(text: str) -> str:
    """``text`` with its first letter in lower case, to follow a label (« Public visé : les… »).

    Only an opening article or determiner is lowered: a name (« Avise »,
    « SIAE ») keeps its capital.
    """
    first = text.split(" ", 1)[0]
    if first in _DETERMINERS or first.startswith(("L'", "L’")):
        return text[0].lower() + text[1:]
    return text


_DETERMINERS = frozenset(
    [
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Des",
        "Ces",
        "Ce",
        "Cette",
        "Cet",
        "Nos",
        "Notre",
        "Vos",
        "Votre",
        "Leurs",
        "Leur",
        "Toutes",
        "Tous",
    ]
)


def join(items: list[str]) -> str:
    """« a, b et c »."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " et " + items[-1]


_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: « UNION EUROPÉENNE » → « union europeenne »."""
    plain = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    plain = plain.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", plain).strip().lower()
