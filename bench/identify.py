"""Template detection: how often `template="auto"` picks the right one of six templates.

    python bench/identify.py [--cards 60] [--kinds clean,desk_photo,hard_photo]

Cards of the three built-in templates and the three benchmark designs (six candidates,
the benchmark designs made visible through EXTRACTOR_TEMPLATES), as scans and photos
in any orientation. Printed per kind: the share identified right, the mean margin of the
winner's score over the runner-up, the share of wrong picks, errors, and ms per card.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import defaultdict

from cardset import DESIGNS, LOCALES, ROOT

from extractor import read
from extractor.errors import DocumentNotFoundError
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.template import iter_templates, load_template
from synth import photo
from synth.cards import render_card
from synth.people import person

STYLES = {**{design: style for design, (style, _) in DESIGNS.items()},
          "drivers_license_ca": "blue", "national_id_de": "green", "residence_permit_eu": "sand"}
DATES = {**{design: dates for design, (_, dates) in DESIGNS.items()},
         "drivers_license_ca": "us", "national_id_de": "eu", "residence_permit_eu": "eu"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=60, help="cards, spread over the six templates")
    parser.add_argument("--kinds", default="clean," + ",".join(photo.KINDS))
    args = parser.parse_args()
    os.environ["EXTRACTOR_TEMPLATES"] = str(ROOT / "bench" / "designs")
    names = sorted(STYLES)
    assert sorted(path.stem for path in iter_templates()) == names, "the six candidates must all be visible"
    recognizer = EmbeddedRecognizer()
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    wrong: list[str] = []
    for seed in range(args.cards):
        name = names[seed % len(names)]
        spec = load_template(name)
        rng = random.Random(seed)
        values = person([f.name for f in spec.fields], rng, LOCALES[seed % len(LOCALES)], DATES[name])
        card = render_card(spec, values, STYLES[name], seed=seed)
        for kind in args.kinds.split(","):
            image = card if kind == "clean" else photo.desk_photo(card, kind.removesuffix("_photo"),
                                                                   random.Random(seed * 17 + 3))[0]
            row = rows[kind]
            row["cards"] += 1
            began = time.perf_counter()
            try:
                extraction = read(image, "auto", recognizer=recognizer)
            except DocumentNotFoundError as exc:
                row["errors"] += 1
                wrong.append(f"{kind} {name}#{seed}: {exc}")
                continue
            finally:
                row["ms"] += 1000 * (time.perf_counter() - began)
            scores = sorted(extraction.alignment.candidates.values(), reverse=True)
            row["margin"] += scores[0] - scores[1]
            if extraction.template == name:
                row["right"] += 1
            else:
                row["wrong"] += 1
                wrong.append(f"{kind} {name}#{seed}: picked {extraction.template} {extraction.alignment.candidates}")
    print(f"{len(names)} candidate templates: {', '.join(names)}\n")
    print(f"{'kind':12} {'cards':>6} {'right %':>8} {'wrong %':>8} {'errors %':>9} {'margin':>7} {'ms/card':>8}")
    for kind, row in rows.items():
        picked = max(1.0, row["cards"] - row["errors"])
        print(f"{kind:12} {row['cards']:6.0f} {100 * row['right'] / row['cards']:8.2f} "
              f"{100 * row['wrong'] / row['cards']:8.2f} {100 * row['errors'] / row['cards']:9.2f} "
              f"{row['margin'] / picked:7.2f} {row['ms'] / row['cards']:8.0f}")
    for line in wrong[:20]:
        print("  " + line)


if __name__ == "__main__":
    main()
