"""Speed and memory of the embedded recognizer against baselines on the same engine.

    python bench/speed.py [--cards 40]

Each method runs in a fresh process on the same 9-field cards (half clean, half
phone-like, read as given: recognition alone), so cold start and peak memory are its own. Printed: cold start
(import, model load, first card), ms per card and per field, peak RSS, field
accuracy, and ratios against the embedded recognizer measured in this same run.
Then what document alignment costs: on already aligned scans (the fast path), and on
desk photos (finding, straightening, turning upright and verifying the document).
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
    extractor.read(deck[0].image, deck[0].template, recognizer=recognizer, align=False)
    first_done = time.perf_counter()
    times, right, total = [], 0, 0
    for card in deck:
        begin = time.perf_counter()
        fields = extractor.read(card.image, card.template, recognizer=recognizer, align=False).fields
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
    alignment_costs(args.cards)


def alignment_costs(count: int) -> None:
    """Time alignment alone, and whole reads with and without it, on the same images."""
    import random

    from cardset import cards

    import extractor
    from extractor.alignment import Picture, align_document
    from synth.photo import desk_photo

    recognizer = extractor.default_recognizer()
    recognizer.warm_up()
    scans = list(cards(count, kinds=("clean",), designs=("health_card",)))
    photos = [desk_photo(card.image, "desk", random.Random(card.seed))[0] for card in scans]
    template = scans[0].template
    align_document(Picture.of(photos[0]), template, recognizer.models)  # loads the classifier

    def mean_ms(job, images) -> float:
        began = time.perf_counter()
        for image in images:
            job(image)
        return 1000 * (time.perf_counter() - began) / len(images)

    def align(image):
        return align_document(Picture.of(image), template, recognizer.models)

    def read_aligned(image):
        return extractor.read(image, template, recognizer=recognizer)

    def read_as_given(image):
        return extractor.read(image, template, recognizer=recognizer, align=False)

    images = [card.image for card in scans]
    scan_align, scan_on = mean_ms(align, images), mean_ms(read_aligned, images)
    scan_off = mean_ms(read_as_given, images)
    photo_align, photo_read = mean_ms(align, photos), mean_ms(read_aligned, photos)
    print(f"\nalignment, {len(scans)} cards: already aligned scans: alignment alone {scan_align:.1f} ms; read "
          f"{scan_on:.1f} ms aligned vs {scan_off:.1f} ms as given (+{scan_on - scan_off:.1f} ms, "
          f"x{scan_on / scan_off:.2f})")
    print(f"desk photos (1280x960): alignment alone {photo_align:.0f} ms; whole read {photo_read:.0f} ms "
          f"(x{photo_read / scan_off:.2f} a scan read as given)")


if __name__ == "__main__":
    main()
