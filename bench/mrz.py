"""Machine-readable zones read from images: ours (`read_mrz`) and PassportEye's, same images, same run.

    python bench/mrz.py [--pool test] [--documents 24] [--kinds scan,small,...] [--no-passporteye]

The zones are made by an independent generator (the `mrz` package from PyPI: TD1, TD2, TD3 for
made-up people), printed in OCR-B in the MRZ band of the pool's generated designs that carry
one (passport pages, ID cards), and shown as scans and phone photos. Printed per kind and
reader: zones read fully exact, zones whose checks all pass, wrong zones that pass all checks
(the worst outcome: it must be 0), images where no zone was found, ms per image.

PassportEye (`pip install passporteye`, with Debian's `tesseract-ocr`) runs when both are
installed; `--no-passporteye` skips it.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
# this file is named as the `mrz` package is: the generator is imported with this folder off the path
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
from mrz.base.errors import LengthError  # noqa: E402
from mrz.generator.td1 import TD1CodeGenerator  # noqa: E402
from mrz.generator.td2 import TD2CodeGenerator  # noqa: E402
from mrz.generator.td3 import TD3CodeGenerator  # noqa: E402

sys.path.insert(0, str(HERE))
from generated import POOLS, designed  # noqa: E402
from PIL import Image  # noqa: E402

from extractor.api import default_extractor  # noqa: E402
from extractor.mrz import MRZError, read_mrz  # noqa: E402
from synth.damage import damage  # noqa: E402
from synth.designs import flatten  # noqa: E402
from synth.photo import desk_shot  # noqa: E402

KINDS = ("scan", "jpeg", "small", "glare", "blur", "desk_photo", "hard_photo", "turned_photo")
SURNAMES = ("ERIKSSON", "MÜLLER-LÜDENSCHEIDT", "O'NEILL", "DE LA CRUZ", "NOWAK", "VAN DER BERG", "ØSTERGÅRD", "LI",
            "PAPADOPOULOS", "SANTOS SILVA", "KOWALCZYK", "DUBOIS")
GIVEN = ("ANNA MARIA", "JEAN-PIERRE", "MO", "KRZYSZTOF", "SØREN", "JOSÉ LUIS", "ELIF", "WEI", "OLUWASEUN", "ÅSA")
COUNTRIES = ("UTO", "D", "FRA", "NLD", "POL", "SWE", "GBR", "CZE", "ITA", "ESP")


def zone(layout: str, rng: random.Random) -> tuple[str, ...]:
    """An MRZ made by the `mrz` package for a made-up person."""
    def day(first: int, last: int) -> str:
        value = _dt.date(first, 1, 1) + _dt.timedelta(days=rng.randrange((last - first) * 365))
        return value.strftime("%y%m%d")

    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    number = "".join(rng.choice(letters + "0123456789" * 3) for _ in range(9))
    country, nationality = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
    surname, given, sex = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice("MF")
    birth, expiry = day(1940, 2006), day(2026, 2036)
    digits = rng.choice((0, 6, 11) if layout == "td1" else (0, 10, 14))
    optional = "".join(rng.choice("0123456789") for _ in range(digits))
    while True:
        try:
            if layout == "td1":
                code = TD1CodeGenerator("ID", country, number, birth, sex, expiry, nationality, surname, given,
                                        optional)
            elif layout == "td2":
                code = TD2CodeGenerator("ID", country, surname, given, number, nationality, birth, sex, expiry)
            else:
                code = TD3CodeGenerator("P", country, surname, given, number, nationality, birth, sex, expiry, optional)
            return tuple(str(code).split("\n"))
        except LengthError:  # a name longer than the format holds (TD2: 31 letters): another person
            surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)


def images(pool: str, documents: int, kinds: tuple[str, ...]) -> Iterator[tuple[str, Image.Image, tuple[str, ...]]]:
    """(kind, image, the zone's lines) for `documents` documents of the pool's designs with an MRZ band."""
    seeds = [seed for seed in POOLS[pool] if any(spec.name == "mrz_1" for spec in designed(seed).template.fields)]
    for number in range(documents):
        chosen = designed(seeds[number % len(seeds)])
        rng = random.Random(f"{pool}/{number}/mrz")
        values = chosen.values(rng)
        names = sorted(name for name in values if name.startswith("mrz_"))
        layout = {3: "td1", 2: "td2" if len(values["mrz_1"]) == 36 else "td3"}[len(names)]
        lines = zone(layout, rng)
        values.update(zip(names, lines, strict=True))
        card = chosen.render(values, seed=number)
        for kind in kinds:
            kind_rng = random.Random(f"{pool}/{number}/{kind}")
            if kind.endswith("_photo"):
                tier = "hard" if kind == "hard_photo" else "desk"
                turns = 1 + number % 3 if kind == "turned_photo" else 0
                image = desk_shot(card, tier, kind_rng, turns)[0]
            else:
                scan = flatten(card)
                image = {"scan": scan, "jpeg": damage(scan, "jpeg35", kind_rng),
                         "small": damage(scan, "tiny", kind_rng), "glare": damage(scan, "glare", kind_rng),
                         "blur": damage(scan, "blur", kind_rng)}[kind]
            yield kind, image, lines


Reader = Callable[[Image.Image], tuple[tuple[str, ...] | None, bool]]


def passporteye_reader() -> Reader | None:
    """PassportEye's reader (the zone's lines as it read them, and its own validity), or None
    when PassportEye or tesseract is not installed."""
    try:
        from passporteye import read_mrz as passporteye_read
    except ImportError:
        return None
    if shutil.which("tesseract") is None:
        return None

    def read(image: Image.Image) -> tuple[tuple[str, ...] | None, bool]:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        found = passporteye_read(buffer)
        if found is None:
            return None, False
        return tuple(found.aux.get("text", "").split("\n")), bool(found.valid)

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", choices=sorted(POOLS), default="test")
    parser.add_argument("--documents", type=int, default=24, help="documents, each shown as every kind")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--no-passporteye", action="store_true")
    args = parser.parse_args()
    vision = default_extractor().vision

    def ours(image: Image.Image) -> tuple[tuple[str, ...] | None, bool]:
        try:
            found = read_mrz(image, vision=vision)
        except MRZError:
            return None, False
        return found.lines, found.valid

    readers: dict[str, Reader] = {"read_mrz": ours}
    other = None if args.no_passporteye else passporteye_reader()
    if other is not None:
        readers["passporteye"] = other
    else:
        print("PassportEye: not run (--no-passporteye, or passporteye or tesseract not installed)\n")
    tally: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for kind, image, truth in images(args.pool, args.documents, tuple(args.kinds.split(","))):
        for name, reader in readers.items():
            began = time.perf_counter()
            lines, valid = reader(image)
            row = tally[(kind, name)]
            row["seconds"] += time.perf_counter() - began
            row["images"] += 1
            row["exact"] += lines == truth
            row["valid"] += valid
            row["wrong_valid"] += valid and lines != truth
            row["missing"] += lines is None
    print(f"pool: {args.pool}, {args.documents} documents per kind\n")
    print(f"{'kind':14} {'reader':12} {'images':>6} {'exact %':>8} {'valid %':>8} {'wrong+valid':>11} "
          f"{'not found':>9} {'ms/image':>9}")
    for name in readers:
        total: dict[str, float] = defaultdict(float)
        for kind in args.kinds.split(","):
            row = tally[(kind, name)]
            for key, value in row.items():
                total[key] += value
            print(_row(kind, name, row))
        print(_row("all", name, total))
        print()


def _row(kind: str, name: str, row: dict[str, float]) -> str:
    images = max(1.0, row["images"])
    return (f"{kind:14} {name:12} {int(row['images']):6d} {100 * row['exact'] / images:8.1f} "
            f"{100 * row['valid'] / images:8.1f} {int(row['wrong_valid']):11d} {int(row['missing']):9d} "
            f"{1000 * row['seconds'] / images:9.0f}")


if __name__ == "__main__":
    main()
