"""Speed and memory of the embedded recognizer against baselines on the same engine.

    python bench/speed.py [--cards 40]

Each method runs in a fresh process on the same 9-field cards (half clean, half
phone-like), so cold start and peak memory are its own. Printed: cold start
(import, model load, first card), ms per card and per field, peak RSS, field
accuracy, and ratios against the embedded recognizer measured in this same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(method: str, count: int) -> None:
    started = time.perf_counter()
    from baselines import METHODS

    import extractor

    imported = time.perf_counter()
    recognizer = METHODS[method]()
    recognizer.warm_up()
    loaded = time.perf_counter()
    from cardset import cards

    deck = list(cards(count, kinds=("clean", "phone"), designs=("health_card",)))
    first = time.perf_counter()
    extractor.read(deck[0].image, deck[0].template, recognizer=recognizer)
    first_done = time.perf_counter()
    times, right, total = [], 0, 0
    for card in deck:
        begin = time.perf_counter()
        fields = extractor.read(card.image, card.template, recognizer=recognizer).fields
        times.append(time.perf_counter() - begin)
        right += sum(fields[k].raw == v for k, v in card.values.items())
        total += len(card.values)
    print(json.dumps({
        "import_s": imported - started, "load_s": loaded - imported, "first_card_s": first_done - first,
        "card_ms": 1000 * statistics.mean(times), "p95_ms": 1000 * sorted(times)[int(0.95 * (len(times) - 1))],
        "field_ms": 1000 * sum(times) / total, "fields_per_card": total / len(deck),
        "exact": right / total, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cards": len(deck),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=40, help="base cards (each clean and phone-like)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.cards)
        return
    from baselines import METHODS

    rows = {}
    for method in METHODS:
        done = subprocess.run([sys.executable, __file__, "--child", method, "--cards", str(args.cards)],
                              capture_output=True, text=True, cwd=HERE, env={**os.environ}, check=True)
        rows[method] = json.loads(done.stdout.strip().splitlines()[-1])
    base = rows["embedded"]
    print(f"{os.cpu_count()} cores; {base['cards']} cards of {base['fields_per_card']:.0f} fields "
          "(health_card design, half clean, half phone-like)\n")
    print(f"{'method':20} {'import s':>8} {'load s':>7} {'1st card s':>10} {'ms/card':>8} {'p95 ms':>7} "
          f"{'ms/field':>8} {'peak MB':>8} {'exact %':>8} {'time x':>7} {'mem x':>6}")
    for method, row in rows.items():
        print(f"{method:20} {row['import_s']:8.2f} {row['load_s']:7.2f} {row['first_card_s']:10.2f} "
              f"{row['card_ms']:8.1f} {row['p95_ms']:7.1f} {row['field_ms']:8.1f} {row['peak_rss_mb']:8.0f} "
              f"{100 * row['exact']:8.2f} {row['card_ms'] / base['card_ms']:7.2f} "
              f"{row['peak_rss_mb'] / base['peak_rss_mb']:6.2f}")
    cold = base["import_s"] + base["load_s"]
    print(f"\nembedded cold start (import + model load): {cold:.2f} s; "
          f"to the first card's fields: {cold + base['first_card_s']:.2f} s")


if __name__ == "__main__":
    main()
