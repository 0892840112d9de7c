"""The labels documents print, and field names from them.

A printed label read where a value should be says the field's rectangle holds the label
(`fields.py`); in authoring, a label names its field: ``Date of birth`` -> ``date_of_birth``.
The labels identity documents print most (ICAO 9303 data pages, the EU driving licence's
numbers, AAMVA abbreviations) in the languages the engine reads get one standard English name
whatever their language, so that ``Geburtsdatum`` and ``Date de naissance`` are both
``date_of_birth``; any other label is named after its own words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

# standard name -> labels by language (ISO 639-1), comma-separated
_LABELS: dict[str, dict[str, str]] = {
    "surname": {"en": "surname, family name, surnames", "de": "name, familienname, nachname", "fr": "nom",
                "es": "apellidos, apellido", "it": "cognome", "pl": "nazwisko", "nl": "achternaam, naam",
                "pt": "apelido, apelidos, sobrenome", "cs": "příjmení", "tr": "soyadı, soyadi",
                "sv": "efternamn", "no": "etternavn"},
    "given_names": {"en": "given names, given name, forenames", "de": "vornamen, vorname", "fr": "prénoms, prénom",
                    "es": "nombre, nombres", "it": "nome, nomi", "pl": "imiona, imię", "nl": "voornamen",
                    "pt": "nome próprio, nomes próprios", "cs": "jméno, jména", "tr": "adı, adi",
                    "sv": "förnamn", "no": "fornavn"},
    "date_of_birth": {"en": "date of birth, birth date", "de": "geburtsdatum", "fr": "date de naissance",
                      "es": "fecha de nacimiento", "it": "data di nascita", "pl": "data urodzenia",
                      "nl": "geboortedatum", "pt": "data de nascimento", "cs": "datum narození",
                      "tr": "doğum tarihi", "sv": "födelsedatum", "no": "fødselsdato"},
    "place_of_birth": {"en": "place of birth, birth place", "de": "geburtsort", "fr": "lieu de naissance",
                       "es": "lugar de nacimiento", "it": "luogo di nascita", "pl": "miejsce urodzenia",
                       "nl": "geboorteplaats", "pt": "local de nascimento", "cs": "místo narození",
                       "tr": "doğum yeri", "sv": "födelseort", "no": "fødested"},
    "sex": {"en": "sex, gender", "de": "geschlecht", "fr": "sexe", "es": "sexo", "it": "sesso", "pl": "płeć",
            "nl": "geslacht", "pt": "sexo", "cs": "pohlaví", "tr": "cinsiyeti, cinsiyet", "sv": "kön",
            "no": "kjønn"},
    "nationality": {"en": "nationality, citizenship", "de": "staatsangehörigkeit", "fr": "nationalité",
                    "es": "nacionalidad", "it": "cittadinanza, nazionalità", "pl": "obywatelstwo",
                    "nl": "nationaliteit", "pt": "nacionalidade", "cs": "státní občanství",
                    "tr": "uyruğu, uyruk", "sv": "medborgarskap", "no": "statsborgerskap"},
    "document_number": {"en": "document no., document number, passport no., card no., card number, no.",
                        "de": "ausweisnummer, dokumentennummer, passnummer", "fr": "n° du document, n° du passeport",
                        "es": "núm. soporte, número de documento", "it": "n. documento, numero documento",
                        "pl": "nr dokumentu, numer dokumentu", "nl": "documentnummer", "pt": "n.º documento",
                        "cs": "číslo dokladu", "tr": "seri no", "sv": "dokumentnummer", "no": "dokumentnummer"},
    "personal_number": {"en": "personal no., personal number, id", "de": "persönliche nr.",
                        "fr": "n° personnel", "es": "dni", "it": "codice fiscale", "pl": "pesel", "nl": "bsn",
                        "pt": "n.º identificação civil", "cs": "rodné číslo", "tr": "t.c. kimlik no",
                        "sv": "personnummer", "no": "fødselsnummer"},
    "date_of_issue": {"en": "date of issue, issue date", "de": "ausstellungsdatum", "fr": "date de délivrance",
                      "es": "fecha de expedición", "it": "data di rilascio", "pl": "data wydania",
                      "nl": "datum van afgifte", "pt": "data de emissão", "cs": "datum vydání",
                      "tr": "veriliş tarihi", "sv": "utfärdandedatum", "no": "utstedelsesdato"},
    "date_of_expiry": {"en": "date of expiry, expiry date", "de": "gültig bis, ablaufdatum",
                       "fr": "date d'expiration, valable jusqu'au", "es": "válido hasta, fecha de caducidad",
                       "it": "scadenza, data di scadenza", "pl": "data ważności", "nl": "geldig tot",
                       "pt": "válido até", "cs": "platnost do", "tr": "geçerlilik tarihi", "sv": "giltig till",
                       "no": "gyldig til"},
    "authority": {"en": "authority, issuing authority", "de": "behörde", "fr": "autorité", "es": "autoridad",
                  "it": "autorità", "pl": "organ wydający", "nl": "autoriteit", "pt": "entidade emissora",
                  "cs": "vydal", "tr": "veren makam", "sv": "myndighet", "no": "myndighet"},
    "address": {"en": "address", "de": "anschrift, adresse, wohnanschrift", "fr": "adresse, domicile",
                "es": "domicilio, dirección", "it": "indirizzo, residenza", "pl": "adres", "nl": "adres",
                "pt": "morada, endereço", "cs": "adresa, bydliště", "tr": "adres", "sv": "adress", "no": "adresse"},
    "postal_city": {"en": "town", "de": "wohnort", "fr": "commune", "es": "localidad", "it": "comune",
                    "pl": "miejscowość", "nl": "woonplaats", "pt": "localidade", "cs": "obec", "tr": "il",
                    "sv": "postort", "no": "poststed"},
    "height": {"en": "height", "de": "größe", "fr": "taille", "es": "estatura", "it": "statura", "pl": "wzrost",
               "nl": "lengte", "pt": "altura", "cs": "výška", "tr": "boy", "sv": "längd", "no": "høyde"},
    "eye_colour": {"en": "colour of eyes, eye colour, color of eyes, eye color", "de": "augenfarbe",
                   "fr": "couleur des yeux", "es": "color de ojos", "it": "colore degli occhi", "pl": "kolor oczu",
                   "nl": "kleur ogen", "pt": "cor dos olhos", "cs": "barva očí", "tr": "göz rengi",
                   "sv": "ögonfärg", "no": "øyenfarge"},
    "licence_classes": {"en": "categories", "de": "klassen", "fr": "catégories", "es": "categorías",
                        "it": "categorie", "pl": "kategorie", "nl": "categorieën", "pt": "categorias",
                        "cs": "skupiny", "tr": "sınıflar", "sv": "behörighet", "no": "klasser"},
    "restrictions": {"en": "restrictions", "de": "beschränkungen", "fr": "restrictions", "es": "restricciones",
                     "it": "restrizioni", "pl": "ograniczenia", "nl": "beperkingen", "pt": "restrições",
                     "cs": "omezení", "tr": "kısıtlamalar", "sv": "villkor", "no": "begrensninger"},
    "remarks": {"en": "remarks, observations, endorsements", "de": "anmerkungen", "fr": "observations",
                "es": "observaciones", "it": "annotazioni", "pl": "uwagi", "nl": "opmerkingen",
                "pt": "observações", "cs": "poznámky", "tr": "açıklamalar", "sv": "anmärkningar", "no": "merknader"},
    "permit_type": {"en": "type of permit, permit type", "de": "art des titels", "fr": "type de titre",
                    "es": "tipo de permiso", "it": "tipo di permesso", "pl": "rodzaj zezwolenia",
                    "nl": "soort verblijf", "pt": "tipo de título", "cs": "druh povolení", "tr": "izin türü",
                    "sv": "typ av tillstånd", "no": "type tillatelse"},
}
# short forms: exact matches only (a fuzzy match of two letters is a guess)
_ABBREVIATIONS = {
    "ln": "surname", "fn": "given_names", "dob": "date_of_birth", "pob": "place_of_birth", "nat": "nationality",
    "iss": "date_of_issue", "exp": "date_of_expiry", "auth": "authority", "addr": "address", "hgt": "height",
    "wgt": "weight", "rest": "restrictions", "end": "remarks", "doc no": "document_number",
}
# the EU driving licence numbers its fields (Directive 2006/126/EC, annex I)
# labels known as labels (a line that starts with one prints a value after it) named by their own words
_PLAIN = {"eyes", "hair", "weight", "class", "expires", "issued", "last name", "first name", "middle name",
          "valid until", "valid from", "expiry date", "issue date", "dl number", "licence number", "license number"}
EU_LICENCE_NUMBERS = {
    "1": "surname", "2": "given_names", "3": "date_of_birth", "4a": "date_of_issue", "4b": "date_of_expiry",
    "4c": "authority", "4d": "personal_number", "5": "document_number", "8": "address", "9": "licence_classes",
    "12": "restrictions",
}
EU_NUMBER = re.compile(r"(\d{1,2}[a-d]?)\.")
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pl": "Polish",
             "nl": "Dutch", "pt": "Portuguese", "cs": "Czech", "tr": "Turkish", "sv": "Swedish", "no": "Norwegian"}
LOOSE = 60  # ... and a short label cut off a value on its line
MATCH = 86  # rapidfuzz ratio a label needs to be taken for a known one (an OCR slip or two)


@dataclass(frozen=True)
class Known:
    """A label recognised: its standard field name and the language it is printed in (None: any)."""

    name: str
    language: str | None


def fold(text: str) -> str:
    """Lower case, accents off, punctuation and runs of spaces as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss").replace("ł", "l")
                                       .replace("ø", "o").replace("ı", "i"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@cache
def _table() -> dict[str, Known]:
    table = {fold(label): Known(name, language) for name, by_language in _LABELS.items()
             for language, labels in by_language.items() for label in labels.split(", ")}
    # a word two languages share ("adres", "restrictions") says nothing of the language
    for name, by_language in _LABELS.items():
        for language, labels in by_language.items():
            for label in labels.split(", "):
                if table[fold(label)].language != language:
                    table[fold(label)] = Known(name, None)
    return table


def known_label(text: str, exact: bool = False) -> Known | None:
    """The standard name of a label, when it is one of those known (in any of its languages);
    `exact`: as printed, not a close reading of one."""
    stripped = text.strip().rstrip(":").strip()
    number = EU_NUMBER.fullmatch(stripped)
    if number and number.group(1) in EU_LICENCE_NUMBERS:
        return Known(EU_LICENCE_NUMBERS[number.group(1)], None)
    folded = fold(stripped)
    if not folded:
        return None
    if folded in _ABBREVIATIONS:
        return Known(_ABBREVIATIONS[folded], "en")
    if folded in _PLAIN:
        return Known(slug(folded), "en")
    table = _table()
    if folded in table:
        return table[folded]
    if len(folded) < 6 or exact:
        return None
    best = max(table, key=lambda label: fuzz.ratio(folded, label))
    return table[best] if fuzz.ratio(folded, best) >= MATCH else None


def printed_label(text: str) -> Known | None:
    """The known label `text` reads as in full (`known_label`), None if none: short forms and
    anything under three letters aside (NO, ID, NAT, END: a value may be one)."""
    folded = fold(text)
    if len(folded.replace(" ", "")) < 3 or folded in _ABBREVIATIONS:
        return None
    return known_label(text)


def label_end(text: str) -> int:
    """Where a label that starts `text` and is followed by more ends (0: none does): a colon,
    an EU licence number, the longest known label."""
    text = slashed(text)  # as long as it was: the positions hold
    colon = text.find(":")
    if 0 < colon < len(text.rstrip()) - 1:
        return colon + 1
    number = EU_NUMBER.match(text)
    if number and text[number.end():number.end() + 1] == " " and text[number.end():].strip():
        return number.end()
    words = [match.end() for match in re.finditer(r"\S+", text)]
    if known_label(text, exact=True):
        return 0
    for end in reversed(words[:-1]):  # the longest known label first, as printed: a value follows
        if all(known_label(part, exact=True) for part in label_parts(text[:end])) and not known_label(text[end:]):
            return end
    # a label in small letters, its value in capitals or digits ("Nationalité ITA", "Nam DELL'ACQUA")
    case = re.match(r"(?:\S*[a-zà-ÿ]\S*\s+){1,3}", text)
    rest = text[case.end():] if case else ""
    if case and re.match(r"[A-Z0-9]", rest) and not re.search(r"[a-zà-ÿ]{3}", rest) and loose_label(case.group()):
        return len(case.group().rstrip())
    return 0


def loose_label(text: str) -> Known | None:
    """The known label a short misread label most likely is ("Nam" for "Nom", "Tale" for
    "Taille"): same first letter, most of its letters."""
    folded = fold(text)
    if len(folded) < 3:
        return None
    table = _table()
    alike = [label for label in table if label[0] == folded[0]]
    best = max(alike, key=lambda label: fuzz.ratio(folded, label), default=None)
    return table[best] if best is not None and fuzz.ratio(folded, best) >= LOOSE else None


def known_within(text: str) -> Known | None:
    """A known label that `text` holds as a run of its words: one of a bilingual label whose
    slash was misread ("Nazwisko 1 Surname"), the longest runs first."""
    words = text.split()
    spans = sorted(((start, end) for start in range(len(words)) for end in range(start + 1, min(len(words), start + 4)
                                                                                + 1)), key=lambda s: s[0] - s[1])
    for start, end in spans:
        part = " ".join(words[start:end])
        if len(fold(part)) >= 6 and (known := known_label(part)) is not None:
            return known
    return None


def slug(text: str) -> str:
    """A field name made of a label's words: ``Date of birth`` -> ``date_of_birth`` ("" when
    it has no letters); a name starts with a letter."""
    words = fold(text).split()
    name = "_".join(words)
    name = re.sub(r"(^|_)no$", r"\1number", name)  # "DL No." names a number
    if name and not name[0].isalpha():
        name = "field_" + name
    return name[:40].rstrip("_")


def slashed(text: str) -> str:
    """`text` with the slash between a bilingual label's parts put back where it was read as a
    stroke ("Nazwisko 1 Surname", "Sex | Sexe")."""
    return re.sub(r"(?<=[^\W\d_]) [1lI|] (?=[^\W\d_])", " / ", text)


def label_parts(text: str) -> list[str]:
    """A bilingual label's parts ("Surname / Nom"), or the label itself ("AM/A1" is no pair of words)."""
    parts = [part.strip() for part in slashed(text).split("/")]
    if len(parts) > 1 and all(re.search(r"[^\W\d_]{2}", part) for part in parts):
        return parts
    return [text]


def name_label(texts: list[str]) -> tuple[str, str | None]:
    """The field name for a label printed as `texts` (one line, or the lines of a stacked label),
    and its language when known: a known label's standard name, else the words of its first part."""
    parts = [part for text in texts for part in label_parts(text)]
    found = [known for part in parts if (known := known_label(part) or known_within(part)) is not None]
    if not found and len(parts) == 1 and len(parts[0].split()) <= 2:  # a short label misread
        found = [known for known in [loose_label(parts[0])] if known is not None]
    if found:
        language = next((known.language for known in found if known.language), None)
        return found[0].name, language
    return slug(parts[0]) if parts else "", None
