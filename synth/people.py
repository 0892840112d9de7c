"""Fake people and document values, from several locales (accents included)."""

from __future__ import annotations

import random

SURNAMES = {
    "de": ["MÜLLER", "SCHRÖDER", "GRÄFIN VON BÜLOW", "WEIß", "KÖNIG", "BÄCKER", "HOFFMANN", "JÄGER",
           "SCHÄFER", "LÖWE", "FUCHS", "BRÜCKNER"],
    "fr": ["LEFÈVRE", "DUBOIS-ROCHÉ", "GARÇON", "BÉRANGER", "MOREAU", "FAURÉ", "CHÂTELAIN",
           "LEMAÎTRE", "NOËL", "DESCHAMPS", "THÉVENIN"],
    "es": ["GARCÍA", "NÚÑEZ", "PEÑA", "MUÑOZ", "GÓMEZ DE LA SERNA", "IBÁÑEZ", "ORDÓÑEZ", "CASTAÑO",
           "RODRÍGUEZ", "BRIONES"],
    "en": ["GARCIA", "JOHNSON", "O'BRIEN", "WASHINGTON", "MCALLISTER", "NGUYEN", "SAMPLE",
           "THOMPSON", "WILLIAMS", "KOWALSKI"],
}
GIVEN = {
    "de": ["JÜRGEN", "BÄRBEL", "UWE", "KÄTHE", "SÖREN", "JÖRG", "ANNELIESE", "GÜNTER", "MAXIMILIAN"],
    "fr": ["FRANÇOIS", "HÉLÈNE", "CHLOÉ", "JÉRÔME", "ANAÏS", "GAËLLE", "RENÉ", "MÉLANIE", "THÉO"],
    "es": ["JOSÉ", "MARÍA JESÚS", "ÁNGEL", "INÉS", "RAMÓN", "SOFÍA", "NURIA", "JOAQUÍN", "BEGOÑA"],
    "en": ["ALEXANDER", "IMA", "JOHN PAUL", "MARGARET", "KEVIN", "OLIVIA", "DAVID", "SARAH"],
}
CITIES = {
    "de": ["MÜNCHEN", "KÖLN", "DÜSSELDORF", "GÖTTINGEN", "LÜBECK", "BERLIN", "NÜRNBERG"],
    "fr": ["ORLÉANS", "NÎMES", "BÉZIERS", "GRENOBLE", "SAINT-ÉTIENNE", "PARIS", "ARLÈS"],
    "es": ["MÁLAGA", "CÓRDOBA", "LEÓN", "ÁVILA", "CÁDIZ", "LA CORUÑA", "MADRID"],
    "en": ["SACRAMENTO", "LOS ANGELES", "SAN DIEGO", "FRESNO", "OAKLAND", "SAN JOSE"],
}
STREETS = ["MAIN ST", "24TH STREET", "OAK AVENUE", "ELM DRIVE", "SUNSET BLVD", "PINE CT"]
NATIONALITIES = ["DEUTSCH", "FRA", "ESP", "DEU", "ITA", "USA", "POL", "PRT"]
PERMIT_TYPES = ["CARTE DE SÉJOUR", "TITRE DE SÉJOUR", "RÉSIDENT LONGUE DURÉE-UE",
                "AUFENTHALTSTITEL", "PERMISO DE RESIDENCIA"]
REMARKS = ["ACCÈS AU MARCHÉ DU TRAVAIL", "ERWERBSTÄTIGKEIT GESTATTET", "ÉTUDIANT",
           "TRABAJO POR CUENTA AJENA", "FAMILLE DE CITOYEN UE"]
MAKES = ["CITROËN", "ŠKODA", "VOLKSWAGEN", "RENAULT", "SEAT", "PEUGEOT", "MERCEDES-BENZ", "FIAT"]
MODELS = ["C3 AIRCROSS", "OCTAVIA", "GOLF VIII", "MÉGANE", "IBIZA", "308 SW", "CLASSE A", "PANDA"]
AUTHORITIES = ["PRÉFECTURE DE POLICE", "LANDRATSAMT MÜNCHEN", "DIRECCIÓN GENERAL DE TRÁFICO",
               "STADT KÖLN", "MINISTÈRE DE L'INTÉRIEUR", "DEPT OF STATE"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _date(rng: random.Random, style: str, start: int, end: int) -> str:
    year, month, day = rng.randint(start, end), rng.randint(1, 12), rng.randint(1, 28)
    if style == "us":
        return f"{month:02d}/{day:02d}/{year}"
    if style == "text":
        return f"{day:02d} {MONTHS[month - 1]} {year}"
    return f"{day:02d}.{month:02d}.{year}"


def value_for(field: str, rng: random.Random, locale: str, date_style: str = "eu") -> str:
    """A plausible value for a field, chosen by what its name says it holds."""
    def pick(table: dict[str, list[str]]) -> str:
        return rng.choice(table[locale])

    name = field.lower()
    if "date_of_birth" in name or name in ("dob", "birth_date"):
        return _date(rng, date_style, 1940, 2006)
    if any(word in name for word in ("expir", "valid", "exp", "issued", "date")):
        return _date(rng, date_style, 2015, 2035)
    if "surname" in name or "last_name" in name or name == "name":
        return pick(SURNAMES)
    if "given" in name or "first_name" in name:
        return pick(GIVEN)
    if name in ("sex", "gender"):
        return rng.choice(["M", "F", "M", "F", "X"])
    if "member_since" in name:
        return _date(rng, date_style, 1990, 2024)
    if name == "plate":
        return f"{rng.choice(['B', 'M', 'HH', 'K'])}-{rng.choice(['MK', 'AB', 'XZ'])} {rng.randint(10, 9999)}"
    if name == "make":
        return rng.choice(MAKES)
    if name == "model":
        return rng.choice(MODELS)
    if "vin" in name:
        alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        return "".join(rng.choice(alphabet) for _ in range(17))
    if "authority" in name:
        return rng.choice(AUTHORITIES)
    if "place" in name or name == "city":
        return pick(CITIES)
    if "city_state" in name:
        return f"{pick(CITIES)}, CA {rng.randint(90001, 96162)}"
    if "address" in name or "street" in name:
        return f"{rng.randint(1, 9999)} {rng.choice(STREETS)}"
    if "nationality" in name:
        return rng.choice(NATIONALITIES)
    if "permit_type" in name:
        return rng.choice(PERMIT_TYPES)
    if "remark" in name:
        return rng.choice(REMARKS)
    if name == "class":
        return rng.choice(["C", "A", "B", "M1", "C M2"])
    if name == "height":
        return f"{rng.randint(4, 6)}'-{rng.randint(0, 11):02d}\""
    if name == "weight":
        return f"{rng.randint(95, 260)} lb"
    if name in ("hair", "eyes"):
        return rng.choice(["BRN", "BLK", "BLU", "GRN", "HAZ", "GRY", "BLND"])
    if "number" in name or name.endswith("_no") or name == "id":
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return rng.choice(letters) + "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 8)))
    return rng.choice(SURNAMES["en"]).title()


def person(fields: list[str], rng: random.Random, locale: str | None = None,
           date_style: str = "eu") -> dict[str, str]:
    """Values for every field name, from one locale (random when not given)."""
    locale = locale or rng.choice(sorted(SURNAMES))
    return {field: value_for(field, rng, locale, date_style) for field in fields}
