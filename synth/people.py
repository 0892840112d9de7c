"""Fake people and document values, from several locales (accents included)."""

from __future__ import annotations

import datetime as _dt
import random
import re
from dataclasses import dataclass

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


# --- Locales for the procedural designs (`synth.designs`): names with their diacritics, places,
# addresses, dates and numbers. The tables above stay as they are: `person` draws from them, and
# the benchmarks' cards must not change.

@dataclass(frozen=True)
class Locale:
    """Where a fake person comes from: names, places, address and number formats."""

    code: str
    language: str  # the extractor's `language` setting that reads this locale's month names
    nationality: str  # ICAO code
    nationality_word: str  # as printed in words, upper case
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    cities: tuple[str, ...]  # mixed case, as written in running text
    streets: tuple[str, ...]  # mixed case; {n} is the house number
    postcode: str  # 9 a digit, A a letter, anything else literal
    line2: str  # the second address line: {postcode} and {city}
    months: tuple[str, ...]  # abbreviations, upper case, January first
    eyes: tuple[str, ...]
    authorities: tuple[str, ...]
    personal_number: str  # a number pattern, see `personal_number`


def _t(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";"))


LOCALES = {locale.code: locale for locale in (
    Locale("de", "German", "DEU", "DEUTSCH",
           (*SURNAMES["de"], *_t("MÜLLER-LÜDENSCHEIDT;VON DER GRÜN;KRÜGER;GÖßMANN;STRAUß;SCHMIDT;"
                                 "ZIMMERMANN-BÖHM;WAGNER")),
           _t("JÜRGEN;UWE;SÖREN;JÖRG;GÜNTER;MAXIMILIAN;KLAUS-DIETER;FRANZ JOSEF;LUKAS;JONAS"),
           _t("BÄRBEL;KÄTHE;ANNELIESE;ERIKA;SABINE;GRETE;LIESELOTTE;ANNA-LENA;HANNAH SOPHIE"),
           _t("München;Köln;Düsseldorf;Göttingen;Lübeck;Berlin;Nürnberg;Gießen;Würzburg;Saarbrücken;"
              "Frankfurt am Main"),
           _t("Hauptstraße {n};Schloßallee {n};Am Mühlbach {n};Königsweg {n};Lindenstraße {n};"
              "Gartenstraße {n}a;Bahnhofstraße {n}"),
           "99999", "{postcode} {city}",
           _t("JAN;FEB;MÄR;APR;MAI;JUN;JUL;AUG;SEP;OKT;NOV;DEZ"),
           _t("BLAU;BRAUN;GRÜN;GRAU;GRAUBLAU"),
           _t("STADT KÖLN;LANDRATSAMT MÜNCHEN;BÜRGERAMT BERLIN-MITTE;STADT GÖTTINGEN;"
              "LANDESHAUPTSTADT DÜSSELDORF;STADT LÜBECK"),
           "99999999999"),
    Locale("fr", "French", "FRA", "FRANÇAISE",
           (*SURNAMES["fr"], *_t("DE LA FONTAINE;LEBLANC-CHÂTEAUNEUF;GIRAUD;BOUCHÉ;PÂQUET;LAFFITTE")),
           _t("FRANÇOIS;JÉRÔME;RENÉ;THÉO;JEAN-BAPTISTE;LOÏC;GAËTAN;NOËL;JEAN-FRANÇOIS XAVIER"),
           _t("HÉLÈNE;CHLOÉ;ANAÏS;GAËLLE;MÉLANIE;ÉLODIE;MARIE-THÉRÈSE;CÉLINE;ÉMILIE ROSE"),
           _t("Orléans;Nîmes;Béziers;Grenoble;Saint-Étienne;Paris;Arles;Besançon;Aix-en-Provence;"
              "Montbéliard"),
           _t("{n} rue des Lilas;{n} avenue Jean Jaurès;{n} boulevard Voltaire;{n} place de l'Église;"
              "{n} chemin des Écoliers;{n} rue du Général Leclerc"),
           "99999", "{postcode} {city}",
           _t("JANV;FÉVR;MARS;AVR;MAI;JUIN;JUIL;AOÛT;SEPT;OCT;NOV;DÉC"),
           _t("BLEUS;MARRON;VERTS;GRIS;NOISETTE"),
           _t("PRÉFECTURE DE POLICE;PRÉFECTURE DU RHÔNE;MAIRIE DE NÎMES;SOUS-PRÉFECTURE D'ARLES;"
              "PRÉFECTURE DE L'ISÈRE"),
           "9 99 99 99 999 999"),
    Locale("es", "Spanish", "ESP", "ESPAÑOLA",
           (*SURNAMES["es"], *_t("FERNÁNDEZ LÓPEZ;MARTÍNEZ DE LA FUENTE;SÁNCHEZ;PÉREZ;JIMÉNEZ ORTIZ")),
           _t("JOSÉ;ÁNGEL;RAMÓN;JOAQUÍN;JOSÉ MARÍA;IÑIGO;JESÚS;ADRIÁN"),
           _t("MARÍA JESÚS;INÉS;SOFÍA;NURIA;BEGOÑA;MARÍA DE LOS ÁNGELES;LUCÍA;ROCÍO"),
           _t("Málaga;Córdoba;León;Ávila;Cádiz;A Coruña;Madrid;Logroño;Alcalá de Henares;Cáceres"),
           _t("Calle Mayor {n};Avenida de la Constitución {n};Plaza de España {n};"
              "Calle Núñez de Balboa {n};Paseo de la Castellana {n}"),
           "99999", "{postcode} {city}",
           _t("ENE;FEB;MAR;ABR;MAY;JUN;JUL;AGO;SEP;OCT;NOV;DIC"),
           _t("MARRONES;AZULES;VERDES;NEGROS;GRISES"),
           _t("DIRECCIÓN GENERAL DE TRÁFICO;MINISTERIO DEL INTERIOR;COMISARÍA DE MÁLAGA;"
              "JEFATURA DE CÓRDOBA"),
           "99999999A"),
    Locale("en", "English", "GBR", "BRITISH CITIZEN",
           (*SURNAMES["en"], *_t("SMITH;FITZGERALD-JONES;O'CONNOR;TAYLOR;ASHWORTH;MACDONALD")),
           _t("JOHN PAUL;KEVIN;DAVID;ALEXANDER;OLIVER JAMES;MATTHEW;GEORGE;HARRY"),
           _t("MARGARET;OLIVIA;SARAH;IMA;CHARLOTTE ROSE;EMILY;AMELIA GRACE;JESSICA"),
           _t("London;Manchester;Bristol;Leeds;Norwich;Oxford;Cambridge;York;Liverpool"),
           _t("{n} High Street;{n} Church Road;{n} Victoria Avenue;Flat {n} Albion Court;"
              "{n} Queen's Drive;{n} Station Road"),
           "AA9 9AA", "{city} {postcode}",
           _t("JAN;FEB;MAR;APR;MAY;JUN;JUL;AUG;SEP;OCT;NOV;DEC"),
           _t("BLUE;BROWN;GREEN;GREY;HAZEL"),
           _t("HM PASSPORT OFFICE;DVLA SWANSEA;HOME OFFICE;IDENTITY AND PASSPORT SERVICE"),
           "AA 99 99 99 A"),
    Locale("us", "English", "USA", "UNITED STATES OF AMERICA",
           _t("GARCIA;JOHNSON;WASHINGTON;MCALLISTER;NGUYEN;SAMPLE;THOMPSON;WILLIAMS;KOWALSKI;"
              "RODRIGUEZ-MARTINEZ;O'BRIEN"),
           _t("ALEXANDER;JOHN PAUL;KEVIN;DAVID;MICHAEL;ROBERT LEE;JAMES"),
           _t("IMA;MARGARET;OLIVIA;SARAH;JENNIFER;MARY ELIZABETH;ASHLEY"),
           _t("Sacramento;Fresno;Oakland;Springfield;Portland;Austin;Denver;Phoenix"),
           _t("{n} Main St;{n} Oak Avenue;{n} Sunset Blvd;{n} Elm Drive;{n} 24th Street;{n} Pine Ct"),
           "99999", "{city}, CA {postcode}",
           _t("JAN;FEB;MAR;APR;MAY;JUN;JUL;AUG;SEP;OCT;NOV;DEC"),
           _t("BRN;BLU;GRN;HAZ;BLK;GRY"),
           _t("DEPT OF STATE;DEPT OF MOTOR VEHICLES;DEPARTMENT OF HOMELAND SECURITY"),
           "999-99-9999"),
    Locale("it", "Italian", "ITA", "ITALIANA",
           _t("ROSSI;BIANCHI;ESPOSITO;DE LUCA;D'ANGELO;COLOMBO;FERRARI;DELL'ACQUA;SANTORO;LO BIANCO;"
              "RICCI CURBASTRO"),
           _t("GIUSEPPE;NICOLÒ;LUCA;FRANCESCO;GIANLUCA;MATTIA;NICCOLÒ"),
           _t("GIULIA;FRANCESCA;CHIARA;ANNA MARIA;LUCREZIA;ROSALÌA"),
           _t("Roma;Milano;Napoli;Forlì;Cantù;Torino;Reggio Emilia;Sant'Angelo Lodigiano;Palermo"),
           _t("Via Giuseppe Garibaldi {n};Corso Vittorio Emanuele {n};Piazza del Popolo {n};"
              "Via Nicolò Tommaseo {n};Via Roma {n}"),
           "99999", "{postcode} {city}",
           _t("GEN;FEB;MAR;APR;MAG;GIU;LUG;AGO;SET;OTT;NOV;DIC"),
           _t("CASTANI;AZZURRI;VERDI;NERI;GRIGI"),
           _t("COMUNE DI ROMA;COMUNE DI FORLÌ;QUESTURA DI MILANO;MOTORIZZAZIONE CIVILE;PREFETTURA DI NAPOLI"),
           "AAAAAA99A99A999A"),
    Locale("pl", "Polish", "POL", "POLSKIE",
           _t("KOWALSKI;NOWAK;WIŚNIEWSKA;WÓJCIK;KAMIŃSKI;LEWANDOWSKA;ZIELIŃSKI;SZYMAŃSKA;WOŹNIAK;"
              "DĄBROWSKI;KOZŁOWSKA;JANKOWSKI-ŁĘCKI;GRZEGORZEWSKA"),
           _t("ŁUKASZ;PIOTR;KRZYSZTOF;JAN PAWEŁ;TOMASZ;MICHAŁ;ZBIGNIEW"),
           _t("AGNIESZKA;MAŁGORZATA;KATARZYNA;ŻANETA;JOANNA;BARBARA ŁUCJA"),
           _t("Warszawa;Kraków;Łódź;Wrocław;Poznań;Gdańsk;Bielsko-Biała;Zielona Góra;Częstochowa"),
           _t("ul. Marszałkowska {n};ul. Źródlana {n};al. Jerozolimskie {n};ul. Świętokrzyska {n}/{m};"
              "ul. Żeromskiego {n}"),
           "99-999", "{postcode} {city}",
           _t("STY;LUT;MAR;KWI;MAJ;CZE;LIP;SIE;WRZ;PAŹ;LIS;GRU"),
           _t("NIEBIESKIE;PIWNE;ZIELONE;SZARE"),
           _t("PREZYDENT M.ST. WARSZAWY;STAROSTA KRAKOWSKI;WOJEWODA ŁÓDZKI;PREZYDENT MIASTA POZNANIA"),
           "99999999999"),
    Locale("nl", "Netherlands", "NLD", "NEDERLANDSE",
           _t("DE JONG;JANSEN;DE VRIES;VAN DEN BERG;VAN DIJK;BAKKER;VISSER;SMIT;MEIJER;"
              "VAN DER MEULEN-BOSMA;DE BOER;IJZERMAN"),
           _t("JAN;PIETER;DAAN;SEM;JOOST;WILLEM-ALEXANDER;JOHANNES CORNELIS"),
           _t("ANNEKE;SANNE;FLEUR;MAARTJE;EVA;LOTTE;ZOË;NOËLLE"),
           _t("Amsterdam;Rotterdam;'s-Hertogenbosch;Den Haag;Utrecht;Groningen;Eindhoven;Zwolle"),
           _t("Keizersgracht {n};Dorpsstraat {n};Hoofdweg {n};Kerkstraat {n};Prinsengracht {n}"),
           "9999 AA", "{postcode} {city}",
           _t("JAN;FEB;MRT;APR;MEI;JUN;JUL;AUG;SEP;OKT;NOV;DEC"),
           _t("BLAUW;BRUIN;GROEN;GRIJS"),
           _t("BURGEMEESTER VAN AMSTERDAM;GEMEENTE UTRECHT;BURGEMEESTER VAN ZWOLLE;RDW"),
           "999999999"),
    Locale("pt", "Portuguese", "PRT", "PORTUGUESA",
           _t("SILVA;SANTOS;FERREIRA;PEREIRA;OLIVEIRA;COSTA;RODRIGUES;GONÇALVES;DE SOUSA MAGALHÃES;"
              "CONCEIÇÃO;ARAÚJO"),
           _t("JOÃO;JOSÉ;ANTÓNIO;FRANCISCO;JOÃO PEDRO;SEBASTIÃO"),
           _t("MARIA;ANA;INÊS;CONCEIÇÃO;MARIA JOÃO;BEATRIZ"),
           _t("Lisboa;Porto;Évora;Setúbal;Braga;Guimarães;Ponta Delgada;Viana do Castelo"),
           _t("Rua das Flores {n};Avenida da Liberdade {n};Travessa do Carmo {n};Rua de São João {n}"),
           "9999-999", "{postcode} {city}",
           _t("JAN;FEV;MAR;ABR;MAI;JUN;JUL;AGO;SET;OUT;NOV;DEZ"),
           _t("CASTANHOS;AZUIS;VERDES;PRETOS"),
           _t("REPÚBLICA PORTUGUESA;IMT LISBOA;SEF PORTO;CONSERVATÓRIA DE ÉVORA"),
           "99999999 9 AA9"),
    Locale("cs", "Czech", "CZE", "ČESKÁ REPUBLIKA",
           _t("NOVÁK;SVOBODOVÁ;DVOŘÁK;ČERNÝ;PROCHÁZKOVÁ;KUČERA;VESELÝ;HORÁK;NĚMCOVÁ;POKORNÝ;MAREŠ;RŮŽIČKA"),
           _t("JIŘÍ;JAN;PETR;TOMÁŠ;LUKÁŠ;ONDŘEJ"),
           _t("JANA;MARIE;ELIŠKA;TEREZA;LUCIE;KATEŘINA"),
           _t("Praha;Brno;Ostrava;Plzeň;České Budějovice;Hradec Králové;Ústí nad Labem;Olomouc"),
           _t("Václavské náměstí {n};Národní třída {n};Husova {n};Žižkova {n};Masarykova {n}"),
           "999 99", "{postcode} {city}",
           _t("LED;ÚNO;BŘE;DUB;KVĚ;ČVN;ČVC;SRP;ZÁŘ;ŘÍJ;LIS;PRO"),
           _t("MODRÉ;HNĚDÉ;ZELENÉ;ŠEDÉ"),
           _t("MAGISTRÁT MĚSTA BRNA;MĚSTSKÝ ÚŘAD PLZEŇ;ÚMČ PRAHA 1;MAGISTRÁT MĚSTA OSTRAVY"),
           "999999/9999"),
    Locale("tr", "Turkish", "TUR", "T.C.",
           _t("YILMAZ;KAYA;DEMİR;ŞAHİN;ÇELİK;YILDIZ;YILDIRIM;ÖZTÜRK;AYDIN;ÖZDEMİR;ARSLAN;DOĞAN;KILIÇ"),
           _t("MEHMET;MUSTAFA;AHMET;ALİ;HÜSEYİN;İBRAHİM;EMRE"),
           _t("AYŞE;FATMA;EMİNE;HATİCE;ZEYNEP;ÖZLEM;GÜLŞEN"),
           _t("İstanbul;Ankara;İzmir;Bursa;Eskişehir;Şanlıurfa;Muğla;Gaziantep;Diyarbakır"),
           _t("Atatürk Cad. No:{n};İstiklal Cad. No:{n};Gül Sok. No:{n};Cumhuriyet Mah. No:{n}"),
           "99999", "{postcode} {city}",
           _t("OCA;ŞUB;MAR;NİS;MAY;HAZ;TEM;AĞU;EYL;EKİ;KAS;ARA"),
           _t("KAHVE;MAVİ;YEŞİL;ELA;SİYAH"),
           _t("NÜFUS MÜDÜRLÜĞÜ ANKARA;İSTANBUL VALİLİĞİ;İZMİR EMNİYET MÜDÜRLÜĞÜ"),
           "99999999999"),
    Locale("sv", "Swedish", "SWE", "SVENSK",
           _t("ANDERSSON;JOHANSSON;KARLSSON;NILSSON;ERIKSSON;LARSSON;ÖBERG;ÅSTRÖM;LINDQVIST;SJÖGREN;"
              "BJÖRKLUND;ÅKESSON-LÖFGREN"),
           _t("LARS;ANDERS;JOHAN;BJÖRN;MÅNS;PER-OLOF"),
           _t("ANNA;MARIA;ÅSA;BRITT-MARIE;INGRID;SOFIA"),
           _t("Stockholm;Göteborg;Malmö;Uppsala;Västerås;Örebro;Linköping;Jönköping"),
           _t("Drottninggatan {n};Storgatan {n};Östra Långgatan {n};Kungsvägen {n}"),
           "999 99", "{postcode} {city}",
           _t("JAN;FEB;MAR;APR;MAJ;JUN;JUL;AUG;SEP;OKT;NOV;DEC"),
           _t("BLÅ;BRUNA;GRÖNA;GRÅ"),
           _t("POLISMYNDIGHETEN;TRANSPORTSTYRELSEN;SKATTEVERKET;MIGRATIONSVERKET"),
           "999999-9999"),
    Locale("no", "Norwegian", "NOR", "NORSK",
           _t("HANSEN;JOHANSEN;OLSEN;LARSEN;ANDERSEN;PEDERSEN;NILSEN;SØRENSEN;LØKKEN;BRÅTEN;ÆRØE;"
              "HØYER-ØSTBY"),
           _t("OLE;BJØRN;KNUT;HÅKON;JØRGEN;ESPEN"),
           _t("INGRID;KARI;SOLVEIG;MARTE;TONE;ÅSHILD"),
           _t("Oslo;Bergen;Trondheim;Tromsø;Bodø;Ålesund;Stavanger;Lillehammer"),
           _t("Storgata {n};Kirkegata {n};Bjørnstjerne Bjørnsons gate {n};Fjellveien {n};Sjøgata {n}"),
           "9999", "{postcode} {city}",
           _t("JAN;FEB;MAR;APR;MAI;JUN;JUL;AUG;SEP;OKT;NOV;DES"),
           _t("BLÅ;BRUNE;GRØNNE;GRÅ"),
           _t("POLITIET;STATENS VEGVESEN;UTLENDINGSDIREKTORATET;POLITIET I OSLO"),
           "99999 99999"),
)}
ENGLISH_MONTHS = LOCALES["en"].months


def upper(text: str, locale: str = "") -> str:
    """Upper case as documents print it: ß stays (no SS); in Turkish, i becomes İ."""
    return "".join(char if char == "ß" else "İ" if char == "i" and locale == "tr" else char.upper()
                   for char in text)


LATIN = "".join(sorted({char for locale in LOCALES.values()
                        for text in (*locale.surnames, *locale.male, *locale.female, *locale.cities,
                                     *locale.streets, *locale.months, *locale.eyes, *locale.authorities)
                        for char in upper(text, locale.code) + text if char.isalpha()}))  # every letter printed


@dataclass(frozen=True)
class Person:
    """One fake person: the facts a document prints about them."""

    locale: Locale  # where the names and the birth place come from
    home: Locale  # where the address is
    surname: str
    given: str
    sex: str  # M or F
    birth: _dt.date
    birth_place: str
    street: str
    postcode: str
    city: str
    height_cm: int
    eyes: str
    issued: _dt.date
    expires: _dt.date


def _fill(pattern: str, rng: random.Random) -> str:
    """A string following `pattern`: 9 a digit, A a letter, X a letter or digit, anything else kept."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    pools = {"9": "0123456789", "A": letters, "X": letters + "0123456789"}
    return "".join(rng.choice(pools[char]) if char in pools else char for char in pattern)


def random_day(rng: random.Random, start: int, end: int) -> _dt.date:
    return _dt.date(rng.randint(start, end), 1, 1) + _dt.timedelta(days=rng.randrange(365))


def make_person(rng: random.Random, locale: str, home: str | None = None) -> Person:
    """A person with names of `locale` living in `home` (the same by default), with a document issued to them."""
    where, lives = LOCALES[locale], LOCALES[home or locale]
    sex = rng.choice("MF")
    given = rng.choice(where.male if sex == "M" else where.female)
    birth = random_day(rng, 1940, 2006)
    issued = random_day(rng, 2014, 2025)
    street = rng.choice(lives.streets).format(n=rng.choice([rng.randint(1, 40), rng.randint(1, 250)]),
                                              m=rng.randint(1, 60))
    return Person(where, lives, rng.choice(where.surnames), given, sex, birth, rng.choice(where.cities), street,
                  _fill(lives.postcode, rng), rng.choice(lives.cities), rng.randint(150, 200),
                  rng.choice(lives.eyes), issued,
                  issued.replace(year=issued.year + rng.choice((5, 10, 10, 15)), day=min(issued.day, 28)))


def address_line2(person: Person) -> str:
    """The postcode-and-city line of the person's address."""
    # English second lines end with the postcode: a one-word city keeps the line's start findable
    city = person.city.split()[0] if person.home.code in ("en", "us") else person.city
    return person.home.line2.format(postcode=person.postcode, city=city)


_POSTCODE = r"(?:\d{5}|\d{4} [A-Z]{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3} \d{2}|\d{4})"
_LINE2 = re.compile(rf"(?:^|(?<=\s))(?:{_POSTCODE}\s\D+|[^\W\d_]+,? (?:[A-Z]{{2}} \d{{5}}|[A-Z]{{1,2}}\d[A-Z\d]? "
                    r"\d[A-Z]{2}))$")


def split_address(text: str) -> tuple[str, str] | None:
    """An address's street line and postcode-and-city line, or None when it has no second line.

    Works on the addresses `address_line2` makes (any case): the second line is the leftmost
    stretch that is a postcode then a city, or a one-word city then a postcode.
    """
    match = _LINE2.search(upper(text))
    if not match or match.start() == 0:
        return None
    return text[:match.start()].rstrip(), text[match.start():]


def date_text(day: _dt.date, style: str, locale: Locale) -> str:
    """A date as `style` prints it (see `DATE_STYLES`)."""
    form = DATE_STYLES[style][0]
    months = ENGLISH_MONTHS if "{mon}" in form else locale.months
    return form.format(d=day.day, m=day.month, y=day.year, yy=day.year % 100, mon=months[day.month - 1],
                       local=locale.months[day.month - 1], en=ENGLISH_MONTHS[day.month - 1])


def parse_date(text: str, style: str, locale: Locale) -> _dt.date | None:
    """The date that `date_text` printed as `text`, or None when `text` is none in that style."""
    def named(group: str, months: tuple[str, ...]) -> str:
        return f"(?P<{group}>{'|'.join(map(re.escape, months))})"

    pieces = {"{d:02d}": r"(?P<d>\d{2})", "{m:02d}": r"(?P<m>\d{2})", "{y}": r"(?P<y>\d{4})",
              "{yy:02d}": r"(?P<yy>\d{2})", "{mon}": named("mon", ENGLISH_MONTHS),
              "{local}": named("local", locale.months), "{en}": named("en", ENGLISH_MONTHS)}
    tokens = re.split(r"(\{[^}]*\})", DATE_STYLES[style][0])
    match = re.fullmatch("".join(pieces.get(token, re.escape(token)) for token in tokens), text)
    if not match:
        return None
    parts = match.groupdict()
    if parts.get("m"):
        month = int(parts["m"])
    elif parts.get("local"):
        month = locale.months.index(parts["local"]) + 1
    else:
        month = ENGLISH_MONTHS.index(parts["mon"]) + 1
    year = int(parts["y"]) if parts.get("y") else 1900 + int(parts["yy"]) + (100 if int(parts["yy"]) < 40 else 0)
    try:
        return _dt.date(year, month, int(parts["d"]))
    except ValueError:
        return None


DATE_STYLES = {  # name -> (how it prints, the template's strptime formats or None when it cannot be typed)
    "dmy_dot": ("{d:02d}.{m:02d}.{y}", "%d.%m.%Y"),
    "dmy_slash": ("{d:02d}/{m:02d}/{y}", "%d/%m/%Y"),
    "mdy_slash": ("{m:02d}/{d:02d}/{y}", "%m/%d/%Y"),
    "iso": ("{y}-{m:02d}-{d:02d}", "%Y-%m-%d"),
    "dmy_space": ("{d:02d} {m:02d} {y}", "%d %m %Y"),
    "dmy_dash": ("{d:02d}-{m:02d}-{y}", "%d-%m-%Y"),
    "dmy_dot_short": ("{d:02d}.{m:02d}.{yy:02d}", "%d.%m.%y"),
    "d_mon_y": ("{d:02d} {mon} {y}", "%d %b %Y"),  # English months
    "d_local_y": ("{d:02d} {local} {y}", "%d %b %Y"),  # the locale's months: typed when the extractor knows them
    "d_local_en_yy": ("{d:02d} {local}/{en} {yy:02d}", None),  # bilingual months, as passports print
}


def height_text(cm: int, style: str) -> str:
    """A height as `style` ("m_comma", "m_dot", "cm", "feet") prints it."""
    if style == "feet":
        inches = round(cm / 2.54)
        return f"{inches // 12}'-{inches % 12:02d}\""
    if style == "cm":
        return f"{cm} cm"
    metres = f"{cm // 100}{',' if style == 'm_comma' else '.'}{cm % 100:02d}"
    return f"{metres} m"


LICENCE_CLASSES = _t("AM;A1;A2;A;B1;B;BE;C1;C1E;C;CE;D1;D1E;D;DE;T")
RESTRICTIONS = _t("01;01.06;78;01.02 78;70;NONE;01, 78;05.07")
MORE_REMARKS = _t("NONE;KEINE;AUCUNE;NINGUNA;ERWERBSTÄTIGKEIT NUR NACH GENEHMIGUNG;PERMIS CONSERVÉ;"
                  "SOLO PARA TRABAJO;ZEZWOLENIE NA PRACĘ;VALID WITH PASSPORT")
DOCUMENT_NUMBERS = {  # name -> (pattern for `_fill`, the template's regex)
    "letter7": ("A9999999", r"[A-Z]\d{7}"),
    "letter8": ("A99999999", r"[A-Z]\d{8}"),
    "digits9": ("999999999", r"\d{9}"),
    "two_six_one": ("AA999999A", r"[A-Z]{2}\d{6}[A-Z]"),
    "grouped9": ("999 999 999", r"\d{3} \d{3} \d{3}"),
    "two_six_one_spaced": ("AA 999999 A", r"[A-Z]{2} \d{6} [A-Z]"),
    "alnum9": ("AXXXXXXXX", r"[A-Z][A-Z0-9]{8}"),
    "digits2_letters2_digits5": ("99AA99999", r"\d{2}[A-Z]{2}\d{5}"),
}


def document_number(style: str, rng: random.Random) -> str:
    return _fill(DOCUMENT_NUMBERS[style][0], rng)


def personal_number(person: Person, rng: random.Random, issuer: Locale | None = None) -> str:
    """The personal number the `issuer` (the person's home by default) gives; where its pattern
    starts with the birth date, it does."""
    issuer = issuer or person.home
    pattern = issuer.personal_number
    born = person.birth
    if issuer.code in ("pl", "sv", "cs"):  # PESEL, personnummer, rodné číslo start YYMMDD
        month = born.month + (50 if issuer.code == "cs" and person.sex == "F" else 0)
        return f"{born.year % 100:02d}{month:02d}{born.day:02d}" + _fill(pattern[6:], rng)
    if issuer.code == "no":  # fødselsnummer: DDMMYY
        return f"{born.day:02d}{born.month:02d}{born.year % 100:02d}" + _fill(pattern[6:], rng)
    return _fill(pattern, rng)
