"""Field accuracy of the embedded recognizer on rendered cards, clean and damaged.

    python bench/accuracy.py [--cards 210] [--kinds clean,jpeg35,...]

Prints, per damage kind: exact-match of fields, character error rate (CER), and the
same for accented fields alone; then the worst misreads.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from cardset import cards
from rapidfuzz.distance import Levenshtein

from extractor import extract
from extractor.recognizers.embedded import EmbeddedRecognizer
from synth.damage import KINDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=210, help="base cards (each read once per kind)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="damage kinds, comma-separated")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    recognizer = EmbeddedRecognizer()
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    misreads: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    for card in cards(args.cards, kinds):
        fields = extract(card.image, card.template, recognizer=recognizer)
        row = stats[card.kind]
        row["cards"] += 1
        for name, truth in card.values.items():
            read = fields[name]
            accented = any(ord(c) > 127 for c in truth)
            for prefix in ("", "accented_") if accented else ("",):
                row[prefix + "fields"] += 1
                row[prefix + "exact"] += read == truth
                row[prefix + "edits"] += Levenshtein.distance(read, truth)
                row[prefix + "chars"] += len(truth)
            if read != truth:
                misreads.append((card.kind, f"{card.design}#{card.seed}.{name}", truth, read))
    elapsed = time.perf_counter() - started

    print(f"{'kind':14} {'cards':>6} {'fields':>7} {'exact %':>8} {'CER %':>7} "
          f"{'accented':>9} {'acc. exact %':>13} {'acc. CER %':>10}")
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
        for kind, where, truth, read in misreads[:40]:
            print(f"  {kind:13} {where:38} {truth!r} -> {read!r}")


def _line(kind: str, row: dict[str, float]) -> str:
    def pct(a: str, b: str) -> float:
        return 100 * row[a] / row[b] if row[b] else float("nan")

    return (f"{kind:14} {row['cards']:6.0f} {row['fields']:7.0f} {pct('exact', 'fields'):8.2f} "
            f"{pct('edits', 'chars'):7.2f} {row['accented_fields']:9.0f} "
            f"{pct('accented_exact', 'accented_fields'):13.2f} {pct('accented_edits', 'accented_chars'):10.2f}")


if __name__ == "__main__":
    main()
