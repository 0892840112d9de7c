"""What each recognition setting costs and gains, on images made to need it.

    python bench/settings.py [--cards 12]

For every setting, the same damaged cards are read with it on and off; printed:
field exact-match (raw text; for spell checking, the corrected field) and ms per card. Images are
read as given (align=False), so that document alignment does not do the settings' work.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from cardset import cards
from PIL import Image

from extractor import read
from synth.damage import engraved, scale, skew, strong_glare


def tilted(image: Image.Image, rng: random.Random) -> Image.Image:
    return skew(image, rng.choice([-1, 1]) * rng.uniform(5, 8))


def tiny(image: Image.Image, rng: random.Random) -> Image.Image:
    return scale(image, rng.uniform(0.25, 0.32))


CASES: dict[str, tuple[str, Callable[[Image.Image, random.Random], Image.Image]]] = {
    "make_skew_correct": ("tilted 5-8 degrees", tilted),
    "make_contrast_correction": ("strong glare", strong_glare),
    "make_binarization": ("engraved background", lambda image, _: engraved(image)),
    "make_upsampling": ("card at 25-32 % size", tiny),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=12)
    args = parser.parse_args()
    deck = list(cards(args.cards, kinds=("clean",)))
    print(f"{'setting':26} {'images':22} {'on exact %':>10} {'off exact %':>11} {'on ms':>7} {'off ms':>7}")
    for setting, (label, damage) in CASES.items():
        images = [damage(card.image, random.Random(card.seed)) for card in deck]
        row = {}
        for state in (True, False):
            right = total = 0
            started = time.perf_counter()
            for card, image in zip(deck, images, strict=True):
                fields = read(image, card.template, align=False, **{setting: state}).fields
                right += sum(fields[k].raw == v for k, v in card.values.items())
                total += len(card.values)
            row[state] = (100 * right / total, 1000 * (time.perf_counter() - started) / len(deck))
        print(f"{setting:26} {label:22} {row[True][0]:10.2f} {row[False][0]:11.2f} "
              f"{row[True][1]:7.0f} {row[False][1]:7.0f}")
    _spelling(deck)


FRENCH_PHRASES = ["ACCÈS AU MARCHÉ DU TRAVAIL", "CARTE DE SÉJOUR PLURIANNUELLE", "PRÉFECTURE DE POLICE",
                  "MINISTÈRE DE L'INTÉRIEUR", "FAMILLE DE CITOYEN EUROPÉEN", "TRAVAILLEUR SAISONNIER"]


def _spelling(deck: list) -> None:
    """A French phrase with one letter dropped in the free-text `authority` field; spell check
    should restore it (and names, unmarked, are left alone)."""
    from synth.cards import render_card

    rng = random.Random(5)
    right = {True: 0, False: 0}
    times = {True: 0.0, False: 0.0}
    count = 0
    for card in deck:
        free = [n for n in card.values if n == "authority"]
        if not free:
            continue
        truth = dict(card.values)
        printed = dict(card.values)
        phrase = rng.choice(FRENCH_PHRASES)
        truth[free[0]] = phrase
        words = phrase.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        cut = rng.randrange(1, len(word) - 1)
        words[longest] = word[:cut] + word[cut + 1:]  # a dropped letter
        printed[free[0]] = " ".join(words)
        spec = card.template
        marked = type(spec)(spec.name, spec.width, spec.height, tuple(
            f if f.name != free[0] else type(f)(**{**f.__dict__, "spellcheck": True}) for f in spec.fields),
            spec.title, {**spec.settings, "language": "French"})
        image = render_card(marked, printed, "blue", seed=card.seed)
        count += 1
        for state in (True, False):
            started = time.perf_counter()
            value = read(image, marked, align=False, make_spell_check=state).fields[free[0]].value
            times[state] += time.perf_counter() - started
            right[state] += value == truth[free[0]]
    if count:
        print(f"{'make_spell_check':26} {'one letter dropped':22} {100 * right[True] / count:10.2f} "
              f"{100 * right[False] / count:11.2f} {1000 * times[True] / count:7.0f} "
              f"{1000 * times[False] / count:7.0f}   ({count} misprinted free-text fields)")


if __name__ == "__main__":
    main()
