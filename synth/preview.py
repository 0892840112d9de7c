"""Look at generated designs: each card with values, the same with its template drawn on it (rectangles
green, anchors blue), a contact sheet, and with --photos a photo among distractors and a page scan.

    python synth/preview.py --seeds 0-11 --out /tmp/preview [--photos]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from synth.cards import font  # noqa: E402
from synth.designs import MILLIMETRES, Design, design, flatten  # noqa: E402
from synth.photo import desk_photo, page_scan  # noqa: E402


def seeds(text: str) -> list[int]:
    """"0-11,100000-100003,42" as a list of seeds."""
    out: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


def overlay(card: Image.Image, spec: Design) -> Image.Image:
    """The card with its field rectangles (green, named) and anchors (blue) drawn on it."""
    image = flatten(card)
    draw = ImageDraw.Draw(image)
    label = font("DejaVuSans.ttf", 11)
    for field in spec.anchored.fields:
        draw.rectangle(field.rect, outline=(0, 170, 0), width=1)
        draw.text((field.rect[0] + 2, field.rect[1] + 1), field.name, font=label, fill=(0, 130, 0))
    for anchor in spec.anchored.anchors:
        draw.rectangle(anchor.rect, outline=(0, 60, 255), width=1)
    return image


def contact_sheet(images: list[tuple[int, Image.Image]], columns: int = 4, cell: int = 420) -> Image.Image:
    """Thumbnails in a grid, each captioned with its seed."""
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * cell, rows * (cell + 20)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for index, (seed, image) in enumerate(images):
        thumb = image.copy()
        thumb.thumbnail((cell - 10, cell - 10))
        x, y = index % columns * cell, index // columns * (cell + 20)
        sheet.paste(thumb, (x + 5, y + 5))
        draw.text((x + 5, y + cell), f"design {seed}", font=font("DejaVuSans.ttf", 14), fill=(0, 0, 0))
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="0-11", help="seeds or ranges, e.g. 0-11,100000-100003")
    parser.add_argument("--out", type=Path, default=Path("/tmp/preview"))
    parser.add_argument("--photos", action="store_true", help="also a distractor photo and a page scan of each")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    overlays = []
    for seed in seeds(args.seeds):
        spec = design(seed)
        values = spec.values(random.Random(seed))
        card = spec.render(values, seed=seed)
        card.save(args.out / f"{seed}_card.png")
        boxed = overlay(card, spec)
        boxed.save(args.out / f"{seed}_template.png")
        overlays.append((seed, boxed))
        if args.photos:
            rng = random.Random(seed)
            photo, _ = desk_photo(card, "distractor", rng, card_width_mm=MILLIMETRES[spec.kind][0])
            photo.save(args.out / f"{seed}_photo.png")  # PNG: the image viewers at hand show PNG
            scan, _ = page_scan(card, rng)  # a card-sized image whatever the design
            scan.save(args.out / f"{seed}_scan.png")
        print(f"design {seed}: {spec.kind} {spec.template.width}x{spec.template.height}, labels {spec.labels}, "
              f"header {spec.header}, photo {spec.photo}, {len(spec.template.fields)} fields, "
              f"{len(spec.anchored.anchors)} anchors, fonts {', '.join(spec.families)}")
    contact_sheet(overlays).save(args.out / "contact.png")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
