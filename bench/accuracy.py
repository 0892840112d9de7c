"""Field accuracy on documents of generated designs the product was not tuned on.

    python bench/accuracy.py [--pool test] [--cards 96] [--first 0] [--kinds clean,...]
                              [--variants rects,anchors,as_given]

Documents of the pool's designs (`bench/generated.py`: the test pool by default, which nothing
is tuned on; `--pool dev` for the development pool), read as a user would: `read(image,
template)` with default arguments. Variants: `rects` (templates of rectangles alone, what most
users write), `anchors` (the same with the designs' anchors), `as_given` (`align=False`, scans
only: alignment must never make a scan worse).

Printed per kind and variant: exact-match of each field (its value where the type keeps the
printed form, text and pattern fields; else the text read; a refused read counts every field
wrong), character error rate, the share of wrong values flagged (`valid` false or the read
refused) and of right values flagged, documents refused, orientation found, time per document;
then the figures by group and the misreads.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import dataclass

from generated import KINDS, POOLS, samples
from rapidfuzz.distance import Levenshtein

from extractor import read
from extractor.errors import DocumentNotFoundError
from extractor.fields import normalize_text
from extractor.recognizers import RegionResult
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.request import RecognizeRegionsRequest
from synth.damage import HARD_KINDS, SCAN_KINDS

VARIANTS = ("rects", "anchors", "as_given")
GROUPS = {
    "scans": SCAN_KINDS,
    "tiny, blur, glare": HARD_KINDS,
    "desk photos": ("desk_photo",),
    "hard photos": ("hard_photo",),
    "turned photos": ("turned_photo",),
    "another document in the frame": ("distractor_photo",),
    "A4 page holding the card": ("page_scan",),
}


@dataclass
class Tally:
    documents: int = 0
    refused: int = 0
    fields: int = 0
    right: int = 0
    edits: int = 0
    chars: int = 0
    wrong_flagged: int = 0
    right_flagged: int = 0
    upright: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, name: str) -> str:
        wrong = self.fields - self.right
        return (f"{name:32} {self.documents:5d} {self.fields:6d} {_pct(self.right, self.fields):8.2f} "
                f"{_pct(self.edits, self.chars):6.2f} {_pct(self.wrong_flagged, wrong):10.1f} "
                f"{_pct(self.right_flagged, self.right):10.1f} {self.refused:7d} "
                f"{_pct(self.upright, self.documents):8.1f} {1000 * self.seconds / max(1, self.documents):8.0f}")


HEADER = (f"{'':32} {'docs':>5} {'fields':>6} {'exact %':>8} {'CER %':>6} {'wrong fl.%':>10} "
          f"{'right fl.%':>10} {'refused':>7} {'upright%':>8} {'ms/doc':>8}")


class Recording:
    """The embedded recognizer, keeping its last results (with their evidence) for the dump."""

    def __init__(self, recognizer: EmbeddedRecognizer) -> None:
        self.recognizer = recognizer
        self.models = recognizer.models
        self.last: list[RegionResult] = []

    def recognize(self, request: RecognizeRegionsRequest) -> list[RegionResult]:
        self.last = self.recognizer.recognize(request)
        return self.last


def _pct(part: float, whole: float) -> float:
    return 100 * part / whole if whole else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", choices=sorted(POOLS), default="test")
    parser.add_argument("--cards", type=int, default=96, help="documents per kind, spread over the pool's designs")
    parser.add_argument("--first", type=int, default=0,
                        help="the first document's number: a later stretch of the pool, its other designs")
    parser.add_argument("--kinds", default=",".join(KINDS), help="kinds of image, comma-separated")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="rects, anchors, as_given")
    parser.add_argument("--misreads", type=int, default=40, help="misreads listed at the end")
    parser.add_argument("--dump", default=None, help="write every field read (JSON lines) to this file")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    variants = tuple(args.variants.split(","))
    recognizer = Recording(EmbeddedRecognizer())
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    misreads: list[str] = []
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115
    started = time.perf_counter()
    for sample in samples(args.pool, args.cards, kinds, args.first):
        for variant in variants:
            if variant == "as_given" and sample.kind not in SCAN_KINDS + HARD_KINDS:
                continue
            template = sample.design.anchored if variant == "anchors" else sample.design.template
            tally = tallies[(sample.kind, variant)]
            tally.documents += 1
            tally.fields += len(sample.values)
            began = time.perf_counter()
            try:
                extraction = read(sample.image, template, recognizer=recognizer, align=variant != "as_given")
            except DocumentNotFoundError as exc:
                tally.seconds += time.perf_counter() - began
                tally.refused += 1
                tally.wrong_flagged += len(sample.values)
                tally.chars += sum(len(v) for v in sample.values.values())
                tally.edits += sum(len(v) for v in sample.values.values())
                misreads.append(f"{variant:8} {sample.kind:16} {sample.where:16} refused: {exc}")
                continue
            tally.seconds += time.perf_counter() - began
            alignment = extraction.alignment
            tally.upright += alignment is None or alignment.rotation == sample.rotation
            names = [spec.name for spec in template.fields]
            evidence = {result.order: dict(result.evidence) for result in recognizer.last}
            orders = {spec.name: spec.order for spec in template.fields}
            kept_as_read = {spec.name for spec in template.fields if spec.type in ("text", "pattern")}
            for name, truth in sample.values.items():
                field = extraction.fields[name]
                # the value a user gets where it keeps the printed form; the text read where the
                # type reformats it (ISO dates, plain numbers), as the truth is the printed form
                text = field.value if name in kept_as_read else normalize_text(field.raw)
                right = text == truth
                if dump:
                    fit = alignment.field_fits[names.index(name)] if alignment and alignment.field_fits else None
                    dump.write(json.dumps({
                        "variant": variant, "kind": sample.kind, "where": sample.where, "field": name,
                        "truth": truth, "read": text, "right": right, "valid": field.valid,
                        "confidence": field.confidence, "field_fit": fit,
                        "alignment": alignment.score if alignment else None,
                        "verified": alignment.verified if alignment else None,
                        "evidence": evidence.get(orders[name], {})}, ensure_ascii=False) + "\n")
                tally.right += right
                tally.edits += Levenshtein.distance(text, truth)
                tally.chars += len(truth)
                tally.wrong_flagged += not right and not field.valid
                tally.right_flagged += right and not field.valid
                if not right:
                    misreads.append(f"{variant:8} {sample.kind:16} {sample.where + '.' + name:36} {truth!r} -> "
                                    f"{text!r}{'' if field.valid else ' (flagged)'}")
    elapsed = time.perf_counter() - started
    print(f"pool: {args.pool}, {args.cards} documents per kind\n")
    for variant in variants:
        print(f"{variant}\n{HEADER}")
        total = Tally()
        for kind in kinds:
            if (kind, variant) in tallies:
                print(tallies[(kind, variant)].row(kind))
                total.add(tallies[(kind, variant)])
        print(total.row("all"))
        print()
    print(f"by group\n{HEADER}")
    for variant in variants:
        for group, members in GROUPS.items():
            grouped = Tally()
            for kind in members:
                if (kind, variant) in tallies:
                    grouped.add(tallies[(kind, variant)])
            if grouped.documents:
                print(grouped.row(f"{group} ({variant})"))
    flag_kinds = (*HARD_KINDS, "hard_photo")  # where the issue asks wrong values to be flagged
    flagged = Tally()
    for kind in flag_kinds:
        flagged.add(tallies.get((kind, "rects"), Tally()))
    if flagged.documents:
        print(flagged.row("hard photos, tiny, blur, glare"))
    print(f"\n{sum(t.documents for t in tallies.values())} reads in {elapsed:.0f} s")
    if misreads:
        print(f"\nmisreads ({len(misreads)}):")
        for line in misreads[:args.misreads]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
