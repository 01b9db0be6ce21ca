"""Participant reports as the tools write them, for the presence tests.

The texts follow the layouts of the real exports (headers, blocks, numbered
sections, date and duration formats); the people and structures are invented.
:func:`write` stores one in the encoding and shape a user would upload.
"""

from __future__ import annotations

from pathlib import Path

ZOOM_WITH_MEETING = """\
Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
852 1848 6288,Le marketing digital pour les SIAE,11/26/2020 09:55:12 AM,11/26/2020 11:32:40 AM,camille.martin@conseil-exemple.fr,98,5

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room
Camille Martin,camille.martin@conseil-exemple.fr,11/26/2020 09:55:12 AM,11/26/2020 11:32:40 AM,98,No,Y,No
Marie Dupont (Régie (59) Lille) (Marie D),marie.dupont@regie-quartier-lille.fr,11/26/2020 09:58:01 AM,11/26/2020 10:31:10 AM,34,Yes,Y,No
Marie Dupont (Régie (59) Lille) (Marie D),marie.dupont@regie-quartier-lille.fr,11/26/2020 10:33:45 AM,11/26/2020 11:30:02 AM,57,Yes,Y,No
Marie D,marie.dupont@regie-quartier-lille.fr,11/26/2020 10:50:00 AM,11/26/2020 11:10:00 AM,20,Yes,,No
Karim Benali - Chantier Nature,,11/26/2020 10:02:30 AM,11/26/2020 11:31:00 AM,89,Yes,Y,No
Sophie Leroy,sophie.leroy@ateliers-solidaires.org,11/26/2020 10:05:00 AM,11/26/2020 10:20:00 AM,15,Yes,Y,No
"""

ZOOM_PLAIN_LOWER = """\
name (original name),email,join time,leave time,duration (minutes),guest
Camille Martin,camille.martin@conseil-exemple.fr,2020/11/26 09:55:12,2020/11/26 11:32:40,98,No
Marie Dupont,marie.dupont@regie-quartier-lille.fr,2020/11/26 09:58:01,2020/11/26 10:31:10,34,Yes
Marie Dupont,marie.dupont@regie-quartier-lille.fr,2020/11/26 10:33:45,2020/11/26 11:30:02,57,Yes
"""

ZOOM_UNIQUE = """\
Name (Original Name),User Email,Total Duration (Minutes),Guest
Camille Martin,camille.martin@conseil-exemple.fr,98,No
Marie Dupont,marie.dupont@regie-quartier-lille.fr,91,Yes
Karim Benali,,89,Yes
"""

ZOOM_FRENCH = """\
ID de réunion;Sujet;Heure de début;Heure de fin;E-mail de l'utilisateur;Durée (minutes);Participants
852 1848 6288;Le marketing digital pour les SIAE;26/11/2020 09:55:12;26/11/2020 11:32:40;camille.martin@conseil-exemple.fr;98;3
;;;;;;
Nom (nom d'origine);E-mail de l'utilisateur;Heure d'arrivée;Heure de départ;Durée (minutes);Invité;En salle d'attente
Camille Martin;camille.martin@conseil-exemple.fr;26/11/2020 09:55:12;26/11/2020 11:32:40;98;Non;Non
Marie Dupont (Marie D);marie.dupont@regie-quartier-lille.fr;26/11/2020 09:58:01;26/11/2020 11:30:02;92;Oui;Non
"""

TEAMS_LEGACY = """\
Full Name\tUser Action\tTimestamp
Camille Martin\tJoined before\t11/26/2020, 9:55:12 AM
Marie Dupont\tJoined\t11/26/2020, 9:58:01 AM
Karim Benali\tJoined\t11/26/2020, 10:02:30 AM
Marie Dupont\tLeft\t11/26/2020, 10:31:10 AM
Marie Dupont\tJoined\t11/26/2020, 10:33:45 AM
Sophie Leroy\tJoined\t11/26/2020, 10:05:00 AM
Sophie Leroy\tLeft\t11/26/2020, 10:20:00 AM
Karim Benali\tLeft\t11/26/2020, 11:31:00 AM
Camille Martin\tLeft\t11/26/2020, 11:32:40 AM
"""

TEAMS_2021_FR = """\
Résumé de la réunion
Nombre total de participants\t3
Titre de la réunion\tLe marketing digital pour les SIAE
Heure de début de la réunion\t26/11/2020 à 09:55:12
Heure de fin de la réunion\t26/11/2020 à 11:32:40

Nom complet\tHeure d'arrivée\tHeure de départ\tDurée\tE-mail\tRôle\tID du participant (UPN)
Camille Martin\t26/11/2020 à 09:55:12\t26/11/2020 à 11:32:40\t1 h 37 min\tcamille.martin@conseil-exemple.fr\tOrganisateur\tcamille.martin@conseil-exemple.fr
Marie Dupont\t26/11/2020 à 09:58:01\t26/11/2020 à 11:30:02\t1 h 29 min\tmarie.dupont@regie-quartier-lille.fr\tParticipant\tmarie.dupont@regie-quartier-lille.fr
Karim Benali (Invité)\t26/11/2020 à 10:02:30\t26/11/2020 à 11:31:00\t1 h 28 min\t\tParticipant\t
"""

TEAMS_2022_EN = """\
1. Summary
Meeting title\tLe marketing digital pour les SIAE
Attended participants\t4
Start time\t11/26/20, 9:55:12 AM
End time\t11/26/20, 11:32:40 AM
Meeting duration\t1h 37m 28s
Average attendance time\t1h 5m 2s

2. Participants
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
Camille Martin\t11/26/20, 9:55:12 AM\t11/26/20, 11:32:40 AM\t1h 37m 28s\tcamille.martin@conseil-exemple.fr\tcamille.martin@conseil-exemple.fr\tOrganizer
Marie Dupont\t11/26/20, 9:58:01 AM\t11/26/20, 11:30:02 AM\t1h 29m 26s\tmarie.dupont@regie-quartier-lille.fr\tmarie.dupont@regie-quartier-lille.fr\tPresenter
Karim Benali (External)\t11/26/20, 10:02:30 AM\t11/26/20, 11:31:00 AM\t1h 28m 30s\t\t\tAttendee
Sophie Leroy\t11/26/20, 10:05:00 AM\t11/26/20, 10:20:00 AM\t15m\tsophie.leroy@ateliers-solidaires.org\tsophie.leroy@ateliers-solidaires.org\tAttendee

3. In-Meeting Activities
Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole
Camille Martin\t11/26/20, 9:55:12 AM\t11/26/20, 11:32:40 AM\t1h 37m 28s\tcamille.martin@conseil-exemple.fr\tOrganizer
Marie Dupont\t11/26/20, 9:58:01 AM\t11/26/20, 10:31:10 AM\t33m 9s\tmarie.dupont@regie-quartier-lille.fr\tPresenter
Marie Dupont\t11/26/20, 10:33:45 AM\t11/26/20, 11:30:02 AM\t56m 17s\tmarie.dupont@regie-quartier-lille.fr\tPresenter
Karim Benali (External)\t11/26/20, 10:02:30 AM\t11/26/20, 11:31:00 AM\t1h 28m 30s\t\tAttendee
Sophie Leroy\t11/26/20, 10:05:00 AM\t11/26/20, 10:20:00 AM\t15m\tsophie.leroy@ateliers-solidaires.org\tAttendee"""

TEAMS_2022_FR = """\
1. Résumé
Titre de la réunion\tLe marketing digital pour les SIAE
Participants\t3
Heure de début\t26/11/2020 09:55:12
Heure de fin\t26/11/2020 11:32:40
Durée de la réunion\t1 h 37 min 28 s
Durée moyenne de participation\t1 h 5 min

2. Participants
Nom\tPremière arrivée\tDernier départ\tDurée de la réunion\tE-mail\tID du participant (UPN)\tRôle
Camille Martin\t26/11/2020 09:55:12\t26/11/2020 11:32:40\t1 h 37 min 28 s\tcamille.martin@conseil-exemple.fr\tcamille.martin@conseil-exemple.fr\tOrganisateur
Marie Dupont\t26/11/2020 09:58:01\t26/11/2020 11:30:02\t1 h 29 min 26 s\tmarie.dupont@regie-quartier-lille.fr\tmarie.dupont@regie-quartier-lille.fr\tParticipant
Karim Benali (Externe)\t26/11/2020 10:02:30\t26/11/2020 11:31:00\t1 h 28 min 30 s\t\t\tParticipant
"""

TEAMS_2022_DE = """\
1. Zusammenfassung
Besprechungstitel\tLe marketing digital pour les SIAE
Teilnehmende Personen\t3
Startzeit\t26.11.20, 09:55:12
Endzeit\t26.11.20, 11:32:40

2. Teilnehmer
Name\tErster Beitritt\tLetztes Verlassen\tDauer der Besprechung\tE-Mail\tTeilnehmer-ID (UPN)\tRolle
Camille Martin\t26.11.20, 09:55:12\t26.11.20, 11:32:40\t1 Std. 37 Min.\tcamille.martin@conseil-exemple.fr\tcamille.martin@conseil-exemple.fr\tOrganisator
Marie Dupont\t26.11.20, 09:58:01\t26.11.20, 11:30:02\t1 Std. 29 Min.\tmarie.dupont@regie-quartier-lille.fr\tmarie.dupont@regie-quartier-lille.fr\tTeilnehmer
Karim Benali (Extern)\t26.11.20, 10:02:30\t26.11.20, 11:31:00\t1 Std. 28 Min.\t\t\tTeilnehmer
"""

# A webinar report: registration columns beside attendance, the duration in « 2 h 44 m ».
TEAMS_WEBINAR_FR = (
    "1. Résumé\n"
    "Titre de la réunion\tLe marketing digital pour les SIAE\n"
    "Heure de début\t26/11/2020 09:55:12\n"
    "\n"
    "2. Participants\n"
    "Nom\tPrénom\tNom de famille\tE-mail\tEntreprise\tPremière arrivée\tDernier départ\t"
    "Durée de la réunion\tID du participant (UPN)\tRôle\n"
    "Marie Dupont\tMarie\tDupont\tmarie.dupont@regie-quartier-lille.fr\tRégie de quartier de Lille\t"
    "26/11/2020 09:58:01\t26/11/2020 11:30:02\t1\u00a0h\u00a029\u00a0m\t\tParticipant\n"
    "Karim Benali\tKarim\tBenali\tkarim@chantier-nature.fr\tChantier Nature\t"
    "26/11/2020 09:02:30\t26/11/2020 11:46:30\t2\u00a0h\u00a044\u00a0m\t\tParticipant\n"
)

MEET = """\
Name,Email,Duration,Time joined,Time exited
Camille Martin,camille.martin@conseil-exemple.fr,1 hr 37 min,9:55 AM,11:32 AM
Marie Dupont,marie.dupont@regie-quartier-lille.fr,1 hr 32 min,9:58 AM,11:30 AM
Karim Benali,karim@chantier-nature.fr,48 min,10:43 AM,11:31 AM
"""

MANUAL = """\
nom;structure;email;role;date;arrivee;depart;duree;modalite;seance
Camille Martin;Conseil exemple;;organisateur;26/11/2020;09:30;12:00;;présentiel;Atelier marketing digital
Marie Dupont;Régie de quartier de Lille;;participant;26/11/2020;09:35;12:00;;présentiel;Atelier marketing digital
Karim Benali;Chantier Nature;;participant;26/11/2020;;;1h 15m;présentiel;Atelier marketing digital
"""


def write(
    folder: Path,
    name: str,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    delimiter: str | None = None,
    trailing: bool = False,
    final_newline: bool = True,
) -> Path:
    """Store ``text`` as a user would upload it: encoding (``utf-16-le``/``utf-16-be``/
    ``utf-8-sig``...), line ends, another delimiter, trailing delimiters on every row."""
    lines = text.splitlines()
    source = "\t" if "\t" in text else (";" if ";" in lines[0] else ",")
    if delimiter is not None and delimiter != source:
        lines = [_redelimit(line, source, delimiter) for line in lines]
    else:
        delimiter = source
    if trailing:
        lines = [line + delimiter * 2 if line else line for line in lines]
    body = newline.join(lines) + (newline if final_newline else "")
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + body.encode("utf-16-le")
    elif encoding == "utf-16-be":
        data = b"\xfe\xff" + body.encode("utf-16-be")
    else:
        data = body.encode(encoding)
    path = folder / name
    path.write_bytes(data)
    return path


def _redelimit(line: str, source: str, target: str) -> str:
    """One row in another delimiter, quoting the cells that contain it (as Excel does)."""
    cells = line.split(source)
    return target.join(f'"{cell}"' if target in cell or '"' in cell else cell for cell in cells)


EXAMPLE = Path(__file__).parent.parent / "examples" / "webinaire-hauts-de-france" / "dladocs.toml"
PARTICIPANTS = """\
[[participants]]
structure = "Régie de quartier de Lille"
type = "ACI"
departement = "59"
secteur = "Nettoyage"
niveau_numerique = "moyen"

[[participants]]
structure = "Chantier Nature"
type = "ACI"
departement = "59"
secteur = "Espaces verts"
niveau_numerique = "faible"

[[participants]]
structure = "Ateliers solidaires"
type = "EI"
departement = "62"
secteur = "Économie circulaire"
niveau_numerique = "bon"
present = false

"""


def project(folder: Path, extra: str = "") -> Path:
    """The bundled example with these three structures as its participants, in ``folder``."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = text.index("[[participants]]"), text.index("[[questions]]")
    text = text[:start] + PARTICIPANTS + text[end:]
    text = text.replace('reponses = ["reponses/*.csv"]\n', "")  # the example's answers stay there
    text = text.replace("[evaluation]", extra + "\n[evaluation]", 1) if extra else text
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dladocs.toml").write_text(text, encoding="utf-8")
    return folder
