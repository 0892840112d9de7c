"""How well `extractor templates new` proposes templates: each built-in sample (`samples/` with its
template in `templates/`) and one clean card of each generated design of a pool, proposed from and
compared with the real template.

A real field is *found* when a proposed rectangle overlaps it with IoU >= 0.7; its *name* is right
when that proposal has the real name; its *type* (judged where the real type is not text) when
that proposal has the real type. Shares are of all real fields (a field not found counts wrong).
A machine-readable zone is proposed as one `mrz` field (parsed and checked as a whole), where a
template may hold its lines as separate fields (named mrz...): such a line is found, named and
typed right when an `mrz` proposal holds it and covers the lines it holds with IoU >= 0.7.

    .venv/bin/python bench/authoring.py --pool dev [--designs 64] [--verbose]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from extractor.authoring import propose_template  # noqa: E402
from extractor.geometry import Rect, iou  # noqa: E402
from extractor.template import FieldSpec, Template, load_template  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from generated import POOLS, designed  # noqa: E402

from synth.designs import flatten  # noqa: E402

FOUND_IOU = 0.7


@dataclass
class Score:
    fields: int = 0
    found: int = 0
    named: int = 0
    typed: int = 0  # fields whose real type is not text
    typed_found: int = 0  # ... of them found
    typed_right: int = 0

    def add(self, other: Score) -> None:
        for key in vars(self):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def line(self) -> str:
        share = lambda part, whole: f"{100 * part / whole:5.1f} %" if whole else "    -  "  # noqa: E731
        return (f"{self.fields:4d} fields: found {share(self.found, self.fields)}, right name "
                f"{share(self.named, self.fields)}, right type {share(self.typed_right, self.typed)} "
                f"(of {self.typed} typed; {share(self.typed_right, self.typed_found)} of those found)")


def _inside(inner: Rect, outer: Rect) -> bool:
    """Whether most of `inner` lies within `outer`."""
    width = min(inner.right, outer.right) - max(inner.left, outer.left)
    height = min(inner.bottom, outer.bottom) - max(inner.top, outer.top)
    return width > 0 and height > 0 and width * height >= 0.8 * inner.width * inner.height


def _zone_lines(real: Template, zone: FieldSpec) -> Rect | None:
    """The box round the real fields a proposed `mrz` field holds, when it holds any."""
    held = [spec.rect for spec in real.fields if _inside(spec.rect, zone.rect)]
    if not held:
        return None
    return Rect(min(r.left for r in held), min(r.top for r in held), max(r.right for r in held),
                max(r.bottom for r in held))


def compare(real: Template, proposed: Template, verbose: bool) -> Score:
    score = Score()
    zones = [(p, box) for p in proposed.fields if p.type == "mrz" for box in [_zone_lines(real, p)] if box]
    for spec in real.fields:
        best = max(proposed.fields, key=lambda p: iou(spec.rect, p.rect))
        overlap = iou(spec.rect, best.rect)
        found = overlap >= FOUND_IOU
        named, typed = best.name == spec.name, best.type == spec.type
        zone = next((p for p, box in zones if _inside(spec.rect, p.rect) and iou(box, p.rect) >= FOUND_IOU), None)
        if not found and zone is not None and (spec.type == "mrz" or spec.name.startswith("mrz")):
            best, overlap, found, named, typed = zone, iou(spec.rect, zone.rect), True, True, True
        score.fields += 1
        score.found += found
        score.named += found and named
        if spec.type != "text":
            score.typed += 1
            score.typed_found += found
            score.typed_right += found and typed
        if verbose and (not found or not named or (spec.type != "text" and not typed)):
            print(f"    {spec.name} {spec.rect} {spec.type}: best {best.name} {best.rect} {best.type} "
                  f"IoU {overlap:.2f}")
    return score


def cases(pool: str, designs: int) -> Iterator[tuple[str, Image.Image, Template]]:
    for sample in sorted((ROOT / "samples").glob("*.png")):
        template = ROOT / "templates" / f"{sample.stem}.yaml"
        if template.is_file():
            yield sample.name, Image.open(sample), load_template(template)
    for seed in POOLS[pool][:designs]:
        design = designed(seed)
        values = design.values(random.Random(f"authoring/{seed}"))
        yield design.template.name, flatten(design.render(values, seed=seed)), design.template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", choices=sorted(POOLS), default="dev")
    parser.add_argument("--designs", type=int, default=64, help="generated designs of the pool to propose for")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every field missed or misnamed")
    args = parser.parse_args()
    totals = {"samples": Score(), "generated": Score()}
    started = time.perf_counter()
    for label, image, real in cases(args.pool, args.designs):
        proposed = propose_template(image, "proposed").template()
        score = compare(real, proposed, args.verbose)
        totals["samples" if label.endswith(".png") else "generated"].add(score)
        print(f"{label:28s} {score.line()}")
    overall = Score()
    for part, score in totals.items():
        overall.add(score)
        print(f"{part:28s} {score.line()}")
    print(f"{'all':28s} {overall.line()}")
    print(f"pool {args.pool}, {args.designs} design(s), {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
