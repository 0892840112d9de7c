"""What identity documents print besides the values: labels, titles, state names, fine print, in each
language of `synth.people.LOCALES` (the "us" locale prints English)."""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "it", "pl", "nl", "pt", "cs", "tr", "sv", "no")


def _by_language(text: str) -> dict[str, str]:
    """One entry per language of `LANGUAGES`, separated by semicolons."""
    items = [item.strip() for item in text.split(";")]
    assert len(items) == len(LANGUAGES), text
    return dict(zip(LANGUAGES, items, strict=True))


LABELS = {kind: _by_language(text) for kind, text in {
    "surname": "Surname;Name;Nom;Apellidos;Cognome;Nazwisko;Achternaam;Apelido;Příjmení;Soyadı;Efternamn;"
               "Etternavn",
    "given_names": "Given names;Vornamen;Prénoms;Nombre;Nome;Imiona;Voornamen;Nome próprio;Jméno;Adı;Förnamn;"
                   "Fornavn",
    "date_of_birth": "Date of birth;Geburtsdatum;Date de naissance;Fecha de nacimiento;Data di nascita;"
                     "Data urodzenia;Geboortedatum;Data de nascimento;Datum narození;Doğum tarihi;Födelsedatum;"
                     "Fødselsdato",
    "place_of_birth": "Place of birth;Geburtsort;Lieu de naissance;Lugar de nacimiento;Luogo di nascita;"
                      "Miejsce urodzenia;Geboorteplaats;Local de nascimento;Místo narození;Doğum yeri;Födelseort;"
                      "Fødested",
    "sex": "Sex;Geschlecht;Sexe;Sexo;Sesso;Płeć;Geslacht;Sexo;Pohlaví;Cinsiyeti;Kön;Kjønn",
    "nationality": "Nationality;Staatsangehörigkeit;Nationalité;Nacionalidad;Cittadinanza;Obywatelstwo;"
                   "Nationaliteit;Nacionalidade;Státní občanství;Uyruğu;Medborgarskap;Statsborgerskap",
    "document_number": "Document no.;Ausweisnummer;N° du document;Núm. soporte;N. documento;Nr dokumentu;"
                       "Documentnummer;N.º documento;Číslo dokladu;Seri no;Dokumentnummer;Dokumentnummer",
    "personal_number": "Personal no.;Persönliche Nr.;N° personnel;DNI;Codice fiscale;PESEL;BSN;"
                       "N.º identificação civil;Rodné číslo;T.C. kimlik no;Personnummer;Fødselsnummer",
    "date_of_issue": "Date of issue;Ausstellungsdatum;Date de délivrance;Fecha de expedición;Data di rilascio;"
                     "Data wydania;Datum van afgifte;Data de emissão;Datum vydání;Veriliş tarihi;Utfärdandedatum;"
                     "Utstedelsesdato",
    "date_of_expiry": "Date of expiry;Gültig bis;Date d'expiration;Válido hasta;Scadenza;Data ważności;"
                      "Geldig tot;Válido até;Platnost do;Geçerlilik tarihi;Giltig till;Gyldig til",
    "authority": "Authority;Behörde;Autorité;Autoridad;Autorità;Organ wydający;Autoriteit;Entidade emissora;"
                 "Vydal;Veren makam;Myndighet;Myndighet",
    "address": "Address;Anschrift;Adresse;Domicilio;Indirizzo;Adres;Adres;Morada;Adresa;Adres;Adress;Adresse",
    "postal_city": "Town;Wohnort;Commune;Localidad;Comune;Miejscowość;Woonplaats;Localidade;Obec;İl;Postort;"
                   "Poststed",
    "height": "Height;Größe;Taille;Estatura;Statura;Wzrost;Lengte;Altura;Výška;Boy;Längd;Høyde",
    "eye_colour": "Colour of eyes;Augenfarbe;Couleur des yeux;Color de ojos;Colore degli occhi;Kolor oczu;"
                  "Kleur ogen;Cor dos olhos;Barva očí;Göz rengi;Ögonfärg;Øyenfarge",
    "licence_classes": "Categories;Klassen;Catégories;Categorías;Categorie;Kategorie;Categorieën;Categorias;"
                       "Skupiny;Sınıflar;Behörighet;Klasser",
    "restrictions": "Restrictions;Beschränkungen;Restrictions;Restricciones;Restrizioni;Ograniczenia;"
                    "Beperkingen;Restrições;Omezení;Kısıtlamalar;Villkor;Begrensninger",
    "remarks": "Remarks;Anmerkungen;Observations;Observaciones;Annotazioni;Uwagi;Opmerkingen;Observações;"
               "Poznámky;Açıklamalar;Anmärkningar;Merknader",
    "permit_type": "Type of permit;Art des Titels;Type de titre;Tipo de permiso;Tipo di permesso;"
                   "Rodzaj zezwolenia;Soort verblijf;Tipo de título;Druh povolení;İzin türü;Typ av tillstånd;"
                   "Type tillatelse",
}.items()}

ABBREVIATIONS = {  # as US driving licences label their fields
    "surname": "LN", "given_names": "FN", "date_of_birth": "DOB", "place_of_birth": "POB", "sex": "SEX",
    "nationality": "NAT", "document_number": "NO", "personal_number": "ID", "date_of_issue": "ISS",
    "date_of_expiry": "EXP", "authority": "AUTH", "address": "ADDR", "postal_city": "CITY", "height": "HGT",
    "eye_colour": "EYES", "licence_classes": "CLASS", "restrictions": "REST", "remarks": "END",
    "permit_type": "TYPE",
}
EU_NUMBERS = {  # as the EU driving licence numbers its fields (the rest keep abbreviations)
    "surname": "1.", "given_names": "2.", "date_of_birth": "3.", "date_of_issue": "4a.",
    "date_of_expiry": "4b.", "authority": "4c.", "personal_number": "4d.", "document_number": "5.",
    "address": "8.", "licence_classes": "9.", "restrictions": "12.",
}

DOCUMENT_TITLES = {kind: _by_language(text) for kind, text in {
    "id_card": "IDENTITY CARD;PERSONALAUSWEIS;CARTE NATIONALE D'IDENTITÉ;DOCUMENTO NACIONAL DE IDENTIDAD;"
               "CARTA D'IDENTITÀ;DOWÓD OSOBISTY;IDENTITEITSKAART;CARTÃO DE CIDADÃO;OBČANSKÝ PRŮKAZ;"
               "KİMLİK KARTI;IDENTITETSKORT;NASJONALT ID-KORT",
    "driving_licence": "DRIVING LICENCE;FÜHRERSCHEIN;PERMIS DE CONDUIRE;PERMISO DE CONDUCCIÓN;PATENTE DI GUIDA;"
                       "PRAWO JAZDY;RIJBEWIJS;CARTA DE CONDUÇÃO;ŘIDIČSKÝ PRŮKAZ;SÜRÜCÜ BELGESİ;KÖRKORT;"
                       "FØRERKORT",
    "residence_permit": "RESIDENCE PERMIT;AUFENTHALTSTITEL;TITRE DE SÉJOUR;PERMISO DE RESIDENCIA;"
                        "PERMESSO DI SOGGIORNO;KARTA POBYTU;VERBLIJFSDOCUMENT;TÍTULO DE RESIDÊNCIA;"
                        "POVOLENÍ K POBYTU;İKAMET İZNİ;UPPEHÅLLSTILLSTÅND;OPPHOLDSKORT",
    "passport": "PASSPORT;REISEPASS;PASSEPORT;PASAPORTE;PASSAPORTO;PASZPORT;PASPOORT;PASSAPORTE;CESTOVNÍ PAS;"
                "PASAPORT;PASS;PASS",
    "certificate": "CERTIFICATE OF REGISTRATION;MELDEBESCHEINIGUNG;ATTESTATION DE RÉSIDENCE;"
                   "CERTIFICADO DE EMPADRONAMIENTO;CERTIFICATO DI RESIDENZA;ZAŚWIADCZENIE O ZAMELDOWANIU;"
                   "UITTREKSEL BASISREGISTRATIE;CERTIDÃO DE RESIDÊNCIA;POTVRZENÍ O POBYTU;YERLEŞİM YERİ BELGESİ;"
                   "PERSONBEVIS;BOSTEDSATTEST",
    "work_permit": "WORK PERMIT;ARBEITSERLAUBNIS;AUTORISATION DE TRAVAIL;PERMISO DE TRABAJO;PERMESSO DI LAVORO;"
                   "ZEZWOLENIE NA PRACĘ;TEWERKSTELLINGSVERGUNNING;AUTORIZAÇÃO DE TRABALHO;PRACOVNÍ POVOLENÍ;"
                   "ÇALIŞMA İZNİ;ARBETSTILLSTÅND;ARBEIDSTILLATELSE",
}.items()}

STATE_FORMS = {  # how a state names itself: {} is the name
    "republic": _by_language("REPUBLIC OF {};REPUBLIK {};RÉPUBLIQUE DE {};REPÚBLICA DE {};REPUBBLICA DI {};"
                             "REPUBLIKA {};REPUBLIEK {};REPÚBLICA DE {};REPUBLIKA {};{} CUMHURİYETİ;"
                             "REPUBLIKEN {};REPUBLIKKEN {}"),
    "kingdom": _by_language("KINGDOM OF {};KÖNIGREICH {};ROYAUME DE {};REINO DE {};REGNO DI {};KRÓLESTWO {};"
                            "KONINKRIJK {};REINO DE {};KRÁLOVSTVÍ {};{} KRALLIĞI;KONUNGARIKET {};KONGERIKET {}"),
}
STATES = (("UTOPIA", "UTO"), ("ARCADIA", "ARC"), ("VALDORIA", "VLD"), ("NORDMARK", "NMK"), ("ESTRAVIA", "ETV"),
          ("BELMONTE", "BMT"), ("KASTELIA", "KST"), ("LUMINARA", "LMR"), ("SYLVANIA", "SYV"), ("MERIDIA", "MRD"))
MINISTRIES = _by_language(
    "MINISTRY OF THE INTERIOR;BUNDESMINISTERIUM DES INNERN;MINISTÈRE DE L'INTÉRIEUR;MINISTERIO DEL INTERIOR;"
    "MINISTERO DELL'INTERNO;MINISTERSTWO SPRAW WEWNĘTRZNYCH;MINISTERIE VAN BINNENLANDSE ZAKEN;"
    "MINISTÉRIO DA ADMINISTRAÇÃO INTERNA;MINISTERSTVO VNITRA;İÇİŞLERİ BAKANLIĞI;INRIKESDEPARTEMENTET;"
    "JUSTISDEPARTEMENTET")
SIGNATURE = _by_language(
    "Signature of holder;Unterschrift des Inhabers;Signature du titulaire;Firma del titular;Firma del titolare;"
    "Podpis posiadacza;Handtekening houder;Assinatura do titular;Podpis držitele;Hamilin imzası;"
    "Innehavarens namnteckning;Innehaverens underskrift")
SPECIMEN = _by_language("SPECIMEN;MUSTER;SPÉCIMEN;MUESTRA;CAMPIONE;WZÓR;SPECIMEN;ESPÉCIME;VZOR;ÖRNEKTİR;PROV;"
                        "PRØVE")
FINE_PRINT = _by_language(
    "The holder of this document is registered as resident at the address given below. This document is "
    "valid only together with a passport or an identity card.;"
    "Der Inhaber dieser Bescheinigung ist unter der unten genannten Anschrift gemeldet. Die Bescheinigung gilt "
    "nur zusammen mit einem Pass oder Personalausweis.;"
    "Le titulaire du présent document est domicilié à l'adresse indiquée ci-dessous. Ce document n'est valable "
    "qu'accompagné d'un passeport ou d'une carte d'identité.;"
    "El titular de este documento figura inscrito en el domicilio indicado a continuación. Este documento solo "
    "es válido junto con el pasaporte o el documento de identidad.;"
    "Il titolare del presente documento risulta residente all'indirizzo sotto indicato. Il documento è valido "
    "solo insieme al passaporto o alla carta d'identità.;"
    "Posiadacz niniejszego dokumentu jest zameldowany pod adresem wskazanym poniżej. Dokument jest ważny "
    "wyłącznie z paszportem lub dowodem osobistym.;"
    "De houder van dit document staat ingeschreven op het hieronder vermelde adres. Dit document is alleen "
    "geldig samen met een paspoort of identiteitskaart.;"
    "O titular deste documento reside na morada abaixo indicada. Este documento só é válido acompanhado do "
    "passaporte ou do cartão de cidadão.;"
    "Držitel tohoto dokladu je přihlášen k pobytu na níže uvedené adrese. Doklad je platný pouze společně "
    "s cestovním pasem nebo občanským průkazem.;"
    "Bu belgenin sahibi aşağıda belirtilen adreste ikamet etmektedir. Bu belge yalnızca pasaport veya kimlik "
    "kartı ile birlikte geçerlidir.;"
    "Innehavaren av detta dokument är folkbokförd på nedanstående adress. Dokumentet gäller endast tillsammans "
    "med pass eller identitetskort.;"
    "Innehaveren av dette dokumentet er registrert bosatt på adressen nedenfor. Dokumentet er kun gyldig "
    "sammen med pass eller nasjonalt ID-kort.")


def language(locale: str) -> str:
    """The wording language of a locale."""
    return "en" if locale == "us" else locale
