"""The words of the exports' headers, in the languages the tools write them.

Each family of report is recognised by these words (see :mod:`._formats`):
header cells, the keys of the Zoom meeting block and of the Teams summary,
Teams' join and leave actions and its roles, all compared after :func:`norm`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

FAMILIES = (
    "Zoom : rapport des participants (avec ou sans bloc de la réunion, utilisateurs uniques ou non)",
    "Microsoft Teams : liste de présence (Full Name / User Action / Timestamp), rapport de réunion "
    "2021 et rapport à sections numérotées (2022 et suivants, webinaires), en français, anglais, allemand…",
    "Google Meet : rapport de présence (Name, Email, Duration, Time joined, Time exited)",
    "CSV rempli à la main : colonnes nom, structure, email, role, date, arrivee, depart, duree",
)


@functools.lru_cache(maxsize=1 << 16)  # headers and names repeat on every row
def norm(text: str) -> str:
    """A header as compared: no accents, lower case, one space, typographic quote straightened."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\u00a0_]+", " ", text).strip().casefold()


# Header words, normalised, with the field they name and their language ("" = any).
_ALIASES: dict[str, tuple[str, str]] = {}
for _field, _lang, _words in (
    ("name", "en", "name|full name|display name|participant|name (original name)|attendee name"),
    ("name", "fr", "nom|nom complet|nom (nom d'origine)|nom (nom original)|nom du participant"),
    ("name", "de", "vollstandiger name|name (ursprunglicher name)|teilnehmername"),
    ("name", "es", "nombre|nombre (nombre original)|nombre completo"),
    ("first_name", "en", "first name"),
    ("first_name", "fr", "prenom"),
    ("first_name", "de", "vorname"),
    ("last_name", "en", "last name|surname"),
    ("last_name", "fr", "nom de famille"),
    ("last_name", "de", "nachname"),
    ("email", "", "email|e-mail|mail|email address|user email|attendee email"),
    (
        "email",
        "fr",
        "adresse e-mail|adresse email|courriel|e-mail de l'utilisateur|e-mail de l'utilisateur·rice",
    ),
    ("email", "de", "e-mail-adresse|benutzer-e-mail"),
    ("email", "es", "correo electronico|correo electronico del usuario"),
    (
        "upn",
        "",
        "participant id (upn)|upn|id du participant (upn)|id de participant (upn)|teilnehmer-id (upn)",
    ),
    ("role", "en", "role"),
    ("role", "fr", "role (fonction)"),
    ("role", "de", "rolle"),
    ("role", "es", "rol"),
    ("join", "en", "join time|time joined|joined at|join"),
    (
        "join",
        "fr",
        "heure d'arrivee|heure de participation|heure d'entree|arrivee|heure de connexion",
    ),
    ("join", "de", "beitrittszeit|zeitpunkt des beitritts"),
    ("join", "es", "hora de entrada"),
    ("first", "en", "first join|first join time"),
    ("first", "fr", "premiere arrivee|premiere connexion"),
    ("first", "de", "erster beitritt"),
    ("first", "es", "primera entrada"),
    ("leave", "en", "leave time|time exited|left at|leave"),
    ("leave", "fr", "heure de depart|heure de sortie|depart|heure de deconnexion"),
    ("leave", "de", "verlassenszeit|zeitpunkt des verlassens"),
    ("leave", "es", "hora de salida"),
    ("last", "en", "last leave|last leave time"),
    ("last", "fr", "dernier depart|derniere deconnexion"),
    ("last", "de", "letztes verlassen"),
    ("last", "es", "ultima salida"),
    (
        "duration",
        "en",
        "duration|duration (minutes)|total duration (minutes)|in-meeting duration|attendance duration|time in session",
    ),
    (
        "duration",
        "fr",
        "duree|duree (minutes)|duree totale (minutes)|duree de la reunion|duree dans la reunion|duree minutes|duree de participation",
    ),
    (
        "duration",
        "de",
        "dauer|dauer (minuten)|gesamtdauer (minuten)|dauer der besprechung|dauer in der besprechung",
    ),
    ("duration", "es", "duracion|duracion (minutos)|duracion total (minutos)"),
    ("action", "en", "user action|action"),
    ("action", "fr", "action de l'utilisateur"),
    ("action", "de", "benutzeraktion|aktion"),
    ("timestamp", "en", "timestamp"),
    ("timestamp", "fr", "horodatage|date et heure"),
    ("timestamp", "de", "zeitstempel"),
    (
        "structure",
        "",
        "structure|organisation|organization|company|entreprise|societe|organisme|unternehmen|firma|organizacion",
    ),
    ("date", "", "date|datum|fecha"),
    ("seance", "", "seance|session|titre de la seance"),
    ("modalite", "", "modalite|mode|outil"),
):
    for _word in _words.split("|"):
        _ALIASES.setdefault(_word, (_field, _lang))

# The Zoom meeting block and the Teams summary, as key/value pairs or a header row.
_META: dict[str, str] = {}
for _key, _words in (
    (
        "title",
        "topic|sujet|thema|tema|meeting title|titre de la reunion|besprechungstitel|titulo de la reunion|title|titre",
    ),
    (
        "start",
        "start time|heure de debut|startzeit|hora de inicio|meeting start time|heure de debut de la reunion",
    ),
    (
        "end",
        "end time|heure de fin|endzeit|hora de finalizacion|meeting end time|heure de fin de la reunion",
    ),
    (
        "host_email",
        "user email|e-mail de l'utilisateur|benutzer-e-mail|correo electronico del usuario",
    ),
    (
        "meeting_id",
        "meeting id|id de reunion|meeting-id|besprechungs-id|id de la reunion|id. de reunion",
    ),
):
    for _word in _words.split("|"):
        _META[_word] = _key

_ACTIONS = {
    "joined": "join",
    "a rejoint": "join",
    "rejoint": "join",
    "beigetreten": "join",
    "se unio": "join",
    "joined before": "join",
    "a rejoint avant": "join",
    "rejoint avant": "join",
    "vorher beigetreten": "join",
    "se unio antes": "join",
    "left": "leave",
    "a quitte": "leave",
    "quitte": "leave",
    "verlassen": "leave",
    "salio": "leave",
}
_ROLES = {
    "organizer": "organisateur",
    "organisateur": "organisateur",
    "organisator": "organisateur",
    "host": "organisateur",
    "hote": "organisateur",
    "co-organizer": "organisateur",
    "co-organisateur": "organisateur",
    "organizador": "organisateur",
    "presenter": "présentateur",
    "presentateur": "présentateur",
    "referent": "présentateur",
    "moderateur": "présentateur",
    "intervenant": "présentateur",
    "co-host": "présentateur",
    "co-hote": "présentateur",
    "moderator": "présentateur",
    "panelist": "présentateur",
}
_SECTION = re.compile(r"^\d{1,2}\s*[.)]\s*\S")
_SUMMARY_TITLES = (
    "meeting summary",
    "resume de la reunion",
    "besprechungszusammenfassung",
    "resumen de la reunion",
    "summary",
    "resume",
    "zusammenfassung",
)
