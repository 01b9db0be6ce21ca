from datetime import date, time

from dladocs import typography as ty

NBSP, NNBSP = "\u00a0", "\u202f"


def test_spaces_before_double_punctuation() -> None:
    assert ty.fr("Pourquoi ?") == f"Pourquoi{NNBSP}?"
    assert ty.fr("Attention!") == f"Attention{NNBSP}!"
    assert ty.fr("a ; b") == f"a{NNBSP}; b"
    assert ty.fr("Note : voir") == f"Note{NBSP}: voir"
    assert ty.fr("Quoi?!") == f"Quoi{NNBSP}?!"


def test_guillemets_get_no_break_spaces() -> None:
    assert ty.fr("« Bonjour »") == f"«{NBSP}Bonjour{NBSP}»"
    assert ty.fr("«Bonjour»") == f"«{NBSP}Bonjour{NBSP}»"
    assert ty.quote("x") == f"«{NBSP}x{NBSP}»"


def test_urls_times_and_ratios_are_left_alone() -> None:
    text = "Voir https://example.org/a?b=1 ou a@b.fr à 14:30 en 16:9"
    assert ty.fr(text) == text


def test_dates_times_amounts() -> None:
    assert ty.long_date(date(2020, 11, 26)) == f"26{NBSP}novembre 2020"
    assert ty.long_date(date(2020, 12, 1)) == f"1er{NBSP}décembre 2020"
    assert ty.long_date(date(2020, 11, 26), weekday=True).startswith("jeudi 26")
    assert ty.clock(time(14, 0)) == f"14{NBSP}h"
    assert ty.clock(time(14, 5)) == f"14{NBSP}h{NBSP}05"
    assert ty.minutes(90) == f"1{NBSP}h{NBSP}30"
    assert ty.minutes(45) == f"45{NBSP}min"
    assert ty.euros(1000, ttc=True) == f"1{NNBSP}000{NBSP}€{NBSP}TTC"
    assert ty.euros(437.5) == f"437,50{NBSP}€"
    assert ty.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert ty.percent(0.614) == f"61{NBSP}%"


def test_control_characters_are_dropped_tabs_and_newlines_kept() -> None:
    assert ty.clean("a\x00b\x07c\td\ne") == "abc\td\ne"


def test_plural_and_join() -> None:
    assert ty.plural(1, "structure") == "1 structure"
    assert ty.plural(0, "structure") == "0 structure"
    assert ty.plural(3, "structure") == "3 structures"
    assert ty.join(["a", "b", "c"]) == "a, b et c"


def test_a_number_and_its_percent_sign_stay_together() -> None:
    from dladocs import typography as ty

    assert ty.fr("68 % des SIAE") == "68\u202f% des SIAE"
    assert ty.fr("soit 61%") == "soit 61\u202f%"
    assert ty.fr("https://exemple.fr/a%20b") == "https://exemple.fr/a%20b"


def test_names_and_labels_inside_sentences() -> None:
    from dladocs import typography as ty

    assert ty.in_sentence("Le Mouvement associatif") == "le Mouvement associatif"
    assert ty.in_sentence("Nord Actif") == "Nord Actif"
    assert ty.sentence_start("Les SIAE des Hauts-de-France") == "les SIAE des Hauts-de-France"
    assert ty.sentence_start("Avise et ses partenaires") == "Avise et ses partenaires"
