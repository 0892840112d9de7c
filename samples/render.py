"""Render the specimen image of every built-in template into samples/ (fake people, marked SPECIMEN),
and a phone-style photo of one of them (on a desk, tilted, in perspective, turned on its side).

    python samples/render.py
"""

from __future__ import annotations

import datetime as _dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.template import Template  # noqa: E402
from synth.barcode import aamva_payload  # noqa: E402
from synth.cards import render_card  # noqa: E402
from synth.mrz import lines as mrz_lines  # noqa: E402
from synth.photo import desk_photo  # noqa: E402

PHOTOS = ("drivers_license_ca", "passport_utopia")  # specimens photographed into samples/photo_<name>.jpg

SPECIMENS = {
    "drivers_license_ca": ("blue", {
        "dl_number": "D5824163", "expires": "08/31/2029", "last_name": "GARCIA",
        "first_name": "ALEXANDER JOSÉ", "address": "2570 24TH STREET",
        "city_state_zip": "SACRAMENTO, CA 95818", "date_of_birth": "08/31/1977", "sex": "M",
        "hair": "BRN", "eyes": "BRN", "class": "C", "height": "5'-10\"", "weight": "165 lb",
        "issued": "09/06/2024",
    }),
    "national_id_de": ("green", {
        "card_number": "L01X00T47", "surname": "MUSTERMANN", "given_names": "ERIKA JÜRGEN",
        "date_of_birth": "12.08.1983", "nationality": "DEUTSCH", "place_of_birth": "BERLIN",
        "expiry_date": "01.08.2031", "sex": "F",
    }),
    "residence_permit_eu": ("sand", {
        "document_number": "FR8Z41K7P", "surname": "LEFÈVRE-NÚÑEZ", "given_names": "HÉLÈNE CHLOÉ",
        "permit_type": "CARTE DE SÉJOUR PLURIANNUELLE", "valid_until": "14.03.2030",
        "remarks": "ACCÈS AU MARCHÉ DU TRAVAIL", "nationality": "ESP", "sex": "F",
        "date_of_birth": "03.11.1990",
    }),
    "drivers_license_back_ca": ("blue", {
        "barcode": aamva_payload({
            "DAQ": "D5824163", "DCS": "GARCIA", "DDE": "N", "DAC": "ALEXANDER", "DDF": "N", "DAD": "JOSE", "DDG": "N",
            "DCA": "C", "DCB": "NONE", "DCD": "NONE", "DBD": "09062024", "DBB": "08311977", "DBA": "08312029",
            "DBC": "1", "DAU": "070 in", "DAY": "BRN", "DAG": "2570 24TH STREET", "DAI": "SACRAMENTO", "DAJ": "CA",
            "DAK": "958180000  ", "DCF": "09/06/2024628A4/CCFD/29", "DCG": "USA"}),
        "dl_number": "D5824163", "last_name": "GARCIA",
    }),
    "passport_utopia": ("blue", {
        "document_number": "L898902C3", "surname": "ERIKSSON", "given_names": "ANNA MARIA", "nationality": "UTO",
        "date_of_birth": "12.08.1974", "sex": "F", "place_of_birth": "ZENITH", "date_of_expiry": "15.04.2032",
        "authority": "PASSPORT OFFICE ZENITH",
        "mrz": "\n".join(mrz_lines("td3", "P", "UTO", "L898902C3", "ERIKSSON", "ANNA MARIA", "UTO",
                                    _dt.date(1974, 8, 12), "F", _dt.date(2032, 4, 15), "ZE184226B")),
    }),
    "id_card_utopia": ("grey", {
        "document_number": "D23145890", "surname": "ØSTERGÅRD", "given_names": "SØREN PETER",
        "date_of_birth": "02.03.1988", "sex": "M", "nationality": "UTO", "date_of_expiry": "30.06.2031",
        "mrz": "\n".join(mrz_lines("td1", "ID", "UTO", "D23145890", "ØSTERGÅRD", "SØREN PETER", "UTO",
                                    _dt.date(1988, 3, 2), "M", _dt.date(2031, 6, 30))),
    }),
}


def main() -> None:
    for name, (style, values) in SPECIMENS.items():
        template = Template.from_file(ROOT / "templates" / f"{name}.yaml")
        card = render_card(template, values, style, seed=random.Random(name).randrange(1000))
        out = ROOT / "samples" / f"{name}.png"
        card.save(out, optimize=True)
        print(f"wrote {out.relative_to(ROOT)}")
        if name in PHOTOS:
            photo, _ = desk_photo(card, "desk", random.Random(2026), quarter_turns=1)
            out = ROOT / "samples" / f"photo_{name}.jpg"
            photo.save(out, quality=85)
            print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
