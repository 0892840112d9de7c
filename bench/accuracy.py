"""Field accuracy of the embedded recognizer on rendered cards, clean and damaged.

    python bench/accuracy.py [--cards 210] [--kinds clean,jpeg35,...,desk_photo,hard_photo]

Prints, per damage kind: exact-match of the text read in each field, character error
rate (CER), the same for accented fields alone, and for typed fields (dates, enums,
patterns): exact-match of the normalised value and the share of wrong values that
were flagged invalid; for photos (a desk photo, any of four orientations, no `rotate`
given) the share whose orientation was found and the time per card; then the misreads.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import datetime

from cardset import cards
from rapidfuzz.distance import Levenshtein

from extractor import read
from extractor.errors import DocumentNotFoundError
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.template import FieldSpec
from synth.damage import KINDS
from synth.photo import KINDS as PHOTO_KINDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=210, help="base cards (each read once per kind)")
    parser.add_argument("--kinds", default=",".join(KINDS + PHOTO_KINDS), help="damage kinds, comma-separated")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    recognizer = EmbeddedRecognizer()
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    misreads: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    for card in cards(args.cards, kinds):
        began = time.perf_counter()
        try:
            extraction = read(card.image, card.template, recognizer=recognizer)
        except DocumentNotFoundError as exc:
            misreads.append((card.kind, f"{card.design}#{card.seed}", "(document)", str(exc)))
            stats[card.kind]["cards"] += 1
            stats[card.kind]["fields"] += len(card.values)
            continue
        fields = extraction.fields
        specs = {spec.name: spec for spec in card.template.fields}
        row = stats[card.kind]
        row["cards"] += 1
        row["ms"] += 1000 * (time.perf_counter() - began)
        row["turned_right"] += extraction.alignment is not None and extraction.alignment.rotation == card.rotation
        for name, truth in card.values.items():
            result = fields[name]
            if specs[name].type != "text":
                expected = _normalised(specs[name], truth)
                row["typed"] += 1
                row["typed_exact"] += result.value == expected
                row["typed_wrong"] += result.value != expected
                row["typed_caught"] += result.value != expected and not result.valid
            read_text = result.raw
            accented = any(ord(c) > 127 for c in truth)
            for prefix in ("", "accented_") if accented else ("",):
                row[prefix + "fields"] += 1
                row[prefix + "exact"] += read_text == truth
                row[prefix + "edits"] += Levenshtein.distance(read_text, truth)
                row[prefix + "chars"] += len(truth)
            if read_text != truth:
                misreads.append((card.kind, f"{card.design}#{card.seed}.{name}", truth, read_text))
    elapsed = time.perf_counter() - started

    print(f"{'kind':14} {'cards':>6} {'fields':>7} {'exact %':>8} {'CER %':>7} "
          f"{'accented':>9} {'acc. exact %':>13} {'acc. CER %':>10} {'typed':>6} {'typed exact %':>13} "
          f"{'wrong flagged %':>15} {'upright %':>9} {'ms/card':>8}")
    total = defaultdict(float)
    for kind in kinds:
        row = stats[kind]
        for key, value in row.items():
            total[key] += value
        print(_line(kind, row))
    print(_line("all", total))
    print(f"\n{sum(s['cards'] for s in stats.values()):.0f} card reads in {elapsed:.0f} s")
    if misreads:
        print(f"\nmisreads ({len(misreads)}):")
        for kind, where, truth, text in misreads[:40]:
            print(f"  {kind:13} {where:38} {truth!r} -> {text!r}")


def _line(kind: str, row: dict[str, float]) -> str:
    def pct(a: str, b: str) -> float:
        return 100 * row[a] / row[b] if row[b] else float("nan")

    return (f"{kind:14} {row['cards']:6.0f} {row['fields']:7.0f} {pct('exact', 'fields'):8.2f} "
            f"{pct('edits', 'chars'):7.2f} {row['accented_fields']:9.0f} "
            f"{pct('accented_exact', 'accented_fields'):13.2f} {pct('accented_edits', 'accented_chars'):10.2f} "
            f"{row['typed']:6.0f} {pct('typed_exact', 'typed'):13.2f} {pct('typed_caught', 'typed_wrong'):15.1f} "
            f"{pct('turned_right', 'cards'):9.1f} {row['ms'] / max(1, row['cards']):8.0f}")


def _normalised(spec: FieldSpec, truth: str) -> str:
    """What a typed field should come back as, from the value printed on the card."""
    if spec.type == "date":
        return datetime.strptime(truth, spec.formats[0]).date().isoformat()
    return truth


if __name__ == "__main__":
    main()
