"""dladocs plugin for Hauts-de-France: who carries the DLA there, and the regional context.

The facts come from the cahier des charges of the webinar on digital marketing
(Avise / CR DLA IAE, 2020).  Websites, e-mail addresses, telephone numbers and
logos are left empty on purpose: nobody supplied them, and dladocs shows a
placeholder and says what is missing rather than print a guess.  The geography
(the region's name and departments) is the core's; this plugin adds the rest,
and its values win when dladocs merges the answers of its region plugins.
"""

from __future__ import annotations

from dladocs import hookimpl
from dladocs.types import Department, Porteur, Region

__all__ = ["REGION", "dladocs_regions"]

REGIONAL_ROLE = "DLA régional"
DEPARTMENTAL_ROLE = "DLA départemental"
IRIAE = "Inter-Réseaux de l'Insertion par l'Activité Économique (IRIAE) Hauts-de-France"
SOURCE = "Cahier des charges « Webinaire sur le marketing digital », Avise / CR DLA IAE, 2020"


def _departmental(code: str, name: str, porteur: str) -> Department:
    return Department(
        code=code,
        name=name,
        porteur=Porteur(name=porteur, role=DEPARTMENTAL_ROLE, department=code),
    )


REGION = Region(
    code="32",
    name="Hauts-de-France",
    slug="hauts-de-france",
    porteur=Porteur(name="Le Mouvement associatif Hauts-de-France", role=REGIONAL_ROLE),
    departments=(
        _departmental("02", "Aisne", IRIAE),
        _departmental("59", "Nord", "Nord Actif"),
        _departmental("60", "Oise", "BGE Picardie"),
        _departmental("62", "Pas-de-Calais", "Pas-de-Calais Actif"),
        _departmental("80", "Somme", IRIAE),
    ),
    context=(
        "Les Hauts-de-France sont l'une des trois régions où est expérimentée la Place de "
        "marché de l'inclusion, une plateforme numérique lancée à l'initiative de l'État pour "
        "rapprocher l'offre commerciale des structures inclusives et les achats responsables "
        "des professionnels.",
        "Cette expérimentation et l'intérêt exprimé par les DLA de la région, au niveau "
        "régional comme départemental, ont fait des Hauts-de-France la région test de "
        "l'accompagnement collectif des SIAE au marketing digital.",
        "La Région Hauts-de-France soutient plus largement l'innovation et le développement "
        "numérique et social, notamment par son plan de relance et par le programme INS'pir.",
        "L'Inter-Réseaux de l'Insertion par l'Activité Économique (IRIAE) Hauts-de-France, qui "
        "porte par ailleurs les DLA départementaux de l'Aisne et de la Somme, soutient le projet.",
        "Le réseau national Chantier école apporte lui aussi son soutien au projet.",
    ),
    sources=(SOURCE,),
)


@hookimpl
def dladocs_regions() -> list[Region]:
    return [REGION]
