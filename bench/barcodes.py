"""Licence barcodes read from images: PDF417 decoded, AAMVA data parsed, against what was encoded.

    python bench/barcodes.py [--documents 24] [--kinds scan,small,...]

Made-up licence data in the AAMVA layout (`synth/barcode.py`), encoded by pdf417gen on the
back of the built-in `drivers_license_back_ca` specimen, shown as scans and phone photos.
Printed per kind: symbols decoded, data parsed exactly as encoded (every named field), ms per
image for `read_barcode` (the whole image) and for `read()` with the template (the document
aligned first, the barcode field decoded in it).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from extractor import BarcodeNotFoundError, load_template, read, read_barcode  # noqa: E402
from extractor.barcodes.aamva import parse_aamva  # noqa: E402
from synth.barcode import aamva_payload  # noqa: E402
from synth.cards import render_card  # noqa: E402
from synth.damage import damage  # noqa: E402
from synth.photo import desk_shot  # noqa: E402

KINDS = ("scan", "jpeg", "small", "blur", "glare", "desk_photo", "hard_photo", "turned_photo")
SURNAMES = ("GARCIA", "NGUYEN", "O'BRIEN", "SMITH-JONES", "TREMBLAY", "VAN DYKE", "KOWALSKI", "LEE")
FIRST = ("MARIA", "JAMES", "LINH", "JEAN-LUC", "AISHA", "WEI", "ROBERT", "SOFIA")
CITIES = (("SACRAMENTO", "CA", "95818"), ("AUSTIN", "TX", "73301"), ("PORTLAND", "OR", "97201"),
          ("TORONTO", "ON", "M5V2T6"))


def elements(rng: random.Random) -> dict[str, str]:
    city, state, postal = rng.choice(CITIES)
    canadian = state == "ON"

    def day(first: int, last: int) -> str:
        year, month, date = rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)
        return f"{year}{month:02d}{date:02d}" if canadian else f"{month:02d}{date:02d}{year}"

    return {
        "DAQ": f"{rng.choice('ABDEFGHIJKLMNPRSTUVWXYZ')}{rng.randrange(10**7):07d}", "DCS": rng.choice(SURNAMES),
        "DDE": "N", "DAC": rng.choice(FIRST), "DDF": "N", "DAD": rng.choice(("", "LEE", "ANN")), "DDG": "N",
        "DCA": "C", "DCB": "NONE", "DCD": "NONE", "DBD": day(2019, 2025), "DBB": day(1940, 2006),
        "DBA": day(2026, 2031), "DBC": rng.choice("12"), "DAU": f"0{rng.randint(58, 76)} in",
        "DAY": rng.choice(("BRO", "BLU", "GRN")), "DAG": f"{rng.randint(1, 9999)} {rng.choice(('OAK', 'MAIN'))} ST",
        "DAI": city, "DAJ": state, "DAK": f"{postal}  ", "DCF": f"{rng.randrange(10**10):010d}",
        "DCG": "CAN" if canadian else "USA",
    }


def images(documents: int, kinds: tuple[str, ...]) -> Iterator[tuple[str, Image.Image, str]]:
    template = load_template("drivers_license_back_ca")
    for number in range(documents):
        rng = random.Random(f"barcode/{number}")
        data = aamva_payload(elements(rng))
        parsed = parse_aamva(data)
        card = render_card(template, {"barcode": data, "dl_number": parsed.fields["licence_number"],
                                      "last_name": parsed.fields["surname"]}, seed=number)
        for kind in kinds:
            kind_rng = random.Random(f"barcode/{number}/{kind}")
            if kind.endswith("_photo"):
                turns = 1 + number % 3 if kind == "turned_photo" else 0
                image = desk_shot(card, "hard" if kind == "hard_photo" else "desk", kind_rng, turns)[0]
            else:
                image = card if kind == "scan" else damage(card, {"jpeg": "jpeg35", "small": "tiny"}.get(kind, kind),
                                                           kind_rng)
            yield kind, image, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=24)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    template = load_template("drivers_license_back_ca")
    tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for kind, image, data in images(args.documents, kinds):
        row = tally[kind]
        row["images"] += 1
        expected = parse_aamva(data).fields
        began = time.perf_counter()
        try:
            found = read_barcode(image)
            row["decoded"] += 1
            row["exact"] += found.fields == expected
        except BarcodeNotFoundError:
            pass
        row["seconds"] += time.perf_counter() - began
        began = time.perf_counter()
        field = read(image, template).fields["barcode"]
        row["template_seconds"] += time.perf_counter() - began
        row["template_exact"] += field.barcode is not None and field.barcode.fields == expected
    print(f"{args.documents} licences per kind\n")
    print(f"{'kind':14} {'images':>6} {'decoded %':>9} {'exact %':>8} {'ms':>6} {'template exact %':>16} {'ms':>6}")
    total: dict[str, float] = defaultdict(float)
    for kind in (*kinds, "all"):
        row = total if kind == "all" else tally[kind]
        if kind != "all":
            for key, value in row.items():
                total[key] += value
        images_seen = max(1.0, row["images"])
        print(f"{kind:14} {int(row['images']):6d} {100 * row['decoded'] / images_seen:9.1f} "
              f"{100 * row['exact'] / images_seen:8.1f} {1000 * row['seconds'] / images_seen:6.0f} "
              f"{100 * row['template_exact'] / images_seen:16.1f} {1000 * row['template_seconds'] / images_seen:6.0f}")


if __name__ == "__main__":
    main()
