"""Things lying near a photographed card: a printed A4 sheet (invoice or letter), a newspaper, a keyboard,
another card. Each is drawn flat, `width` pixels wide; `synth.photo` turns it and places it on the desk."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from synth.cards import font
from synth.people import LOCALES, make_person
from synth.typefaces import FAMILIES

DISTRACTORS = ("sheet", "newspaper", "keyboard", "card")
_VOCABULARY = ("the of and to in for on with by from at as this that order total delivery payment account service "
               "number date invoice customer amount tax price item unit quantity reference please within days thank "
               "you business report city council market weather sport minister said year new plans")
_WORDS = tuple(_VOCABULARY.split())


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def sheet(width: int, rng: random.Random) -> Image.Image:
    """A printed A4 page: an invoice (title, address block, table of items and amounts) or a letter."""
    height = round(width * 297 / 210)
    page = Image.new("RGB", (width, height), tuple([rng.randint(238, 252)] * 3))
    draw = ImageDraw.Draw(page)
    family = FAMILIES[rng.choice(["Liberation Serif", "Liberation Sans", "Noto Serif", "Carlito", "P052"])]
    unit = width / 210  # pixels per mm
    small = max(6, round(3.2 * unit))
    ink = (20, 20, 24)
    margin = round(20 * unit)
    person = make_person(rng, rng.choice(sorted(LOCALES)))
    y = round(25 * unit)
    for line in (f"{person.given.title()} {person.surname.title()}", person.street,
                 f"{person.postcode} {person.city}"):
        draw.text((margin, y), line, font=font(family.regular, small), fill=ink)
        y += round(small * 1.3)
    invoice = rng.random() < 0.6
    y = round(70 * unit)
    title = rng.choice(["INVOICE", "RECHNUNG", "FACTURE", "FACTURA"]) if invoice else rng.choice(
        ["Dear Sir or Madam,", "Re: your application", "Sehr geehrte Damen und Herren,"])
    draw.text((margin, y), title, font=font(family.bold, round(small * (2.0 if invoice else 1.2))), fill=ink)
    y += round(small * 3.5)
    if invoice:
        columns = (margin, round(width * 0.55), round(width * 0.7), width - margin)
        for header in (("Description", columns[0]), ("Qty", columns[1]), ("Price", columns[2])):
            draw.text((header[1], y), header[0], font=font(family.bold, small), fill=ink)
        draw.text((columns[3], y), "Amount", font=font(family.bold, small), fill=ink, anchor="ra")
        y += round(small * 1.5)
        draw.line([(margin, y), (width - margin, y)], fill=ink, width=max(1, round(unit * 0.3)))
        y += round(small * 0.6)
        total = 0.0
        for _ in range(rng.randint(5, 14)):
            quantity, price = rng.randint(1, 12), rng.uniform(2, 400)
            total += quantity * price
            face = font(family.regular, small)
            draw.text((columns[0], y), _words(rng, rng.randint(2, 5)).capitalize(), font=face, fill=ink)
            draw.text((columns[1], y), str(quantity), font=face, fill=ink)
            draw.text((columns[2], y), f"{price:,.2f}", font=face, fill=ink)
            draw.text((columns[3], y), f"{quantity * price:,.2f}", font=face, fill=ink, anchor="ra")
            y += round(small * 1.45)
        draw.line([(columns[2], y), (width - margin, y)], fill=ink, width=max(1, round(unit * 0.3)))
        draw.text((columns[3], y + small), f"TOTAL {total:,.2f} EUR", font=font(family.bold, small), fill=ink,
                  anchor="ra")
    else:
        face = font(family.regular, small)
        for _ in range(rng.randint(3, 5)):
            for _ in range(rng.randint(3, 7)):
                draw.text((margin, y), _words(rng, 12), font=face, fill=ink)
                y += round(small * 1.4)
            y += round(small * 1.2)
    return page


def newspaper(width: int, rng: random.Random) -> Image.Image:
    """A newspaper page: a headline and columns of small grey text."""
    height = round(width * 1.35)
    tone = rng.randint(215, 232)
    page = Image.new("RGB", (width, height), (tone, tone, tone - 6))
    draw = ImageDraw.Draw(page)
    family = FAMILIES[rng.choice(["Liberation Serif", "Noto Serif", "C059"])]
    margin = round(width * 0.04)
    headline = max(8, round(width * 0.055))
    draw.text((margin, margin), _words(rng, 4).upper(), font=font(family.bold, headline), fill=(25, 25, 25))
    top = margin + round(headline * 1.8)
    columns = rng.randint(4, 6)
    column_w = (width - 2 * margin) / columns
    size = max(5, round(width * 0.012))
    face = font(family.regular, size)
    for c in range(columns):
        x = margin + c * column_w
        y = top
        while y < height - margin:
            line = _words(rng, 8)
            while line and face.getlength(line) > column_w * 0.92:
                line = line.rsplit(" ", 1)[0]
            draw.text((x, y), line, font=face, fill=(45, 45, 45))
            y += round(size * 1.3)
            if rng.random() < 0.04:
                y += size * 2
    return page


def keyboard(width: int, rng: random.Random) -> Image.Image:
    """A keyboard seen from above: rows of dark keys with light letters on a dark body."""
    height = round(width * 0.36)
    body = rng.choice([(30, 30, 34), (50, 50, 55), (200, 200, 205)])
    key = (20, 20, 22) if body[0] < 100 else (235, 235, 238)
    legend = (220, 220, 220) if body[0] < 100 else (40, 40, 40)
    board = Image.new("RGB", (width, height), body)
    draw = ImageDraw.Draw(board)
    pitch = width / 16.5
    face = font(FAMILIES["Liberation Sans"].regular, max(6, round(pitch * 0.3)))
    rows = ("1234567890-=", "QWERTYUIOP[]", "ASDFGHJKL;'", "ZXCVBNM,./")
    for r, letters in enumerate(rows):
        y = pitch * 0.4 + r * pitch
        x = pitch * (0.4 + 0.25 * r)
        for letter in letters:
            draw.rounded_rectangle([x, y, x + pitch * 0.88, y + pitch * 0.88], radius=pitch * 0.1, fill=key)
            draw.text((x + pitch * 0.2, y + pitch * 0.15), letter, font=face, fill=legend)
            x += pitch
    y = pitch * 0.4 + 4 * pitch
    draw.rounded_rectangle([pitch * 3, y, pitch * 10.5, y + pitch * 0.88], radius=pitch * 0.1, fill=key)
    return board


def other_card(scale: float, rng: random.Random) -> Image.Image:
    """A card (ID-1, ID-2 or ID-3) of another generated design, RGBA with rounded corners, at `scale` px/mm."""
    from synth.designs import MILLIMETRES, design  # late: the designs need much more than photos do

    while True:
        spec = design(rng.randrange(10**6))
        if spec.kind in ("id1", "id2", "id3"):
            break
    card = spec.render(spec.values(rng), seed=rng.randrange(1000))
    width = round(MILLIMETRES[spec.kind][0] * scale)
    return card.resize((width, round(width * card.height / card.width)))


WIDTHS = {"sheet": 210.0, "newspaper": 300.0, "keyboard": 440.0}  # mm


def draw(name: str, scale: float, rng: random.Random) -> Image.Image:
    """The distractor `name` (one of `DISTRACTORS`) at `scale` pixels per mm."""
    if name == "card":
        return other_card(scale, rng)
    makers = {"sheet": sheet, "newspaper": newspaper, "keyboard": keyboard}
    return makers[name](round(WIDTHS[name] * scale), rng)
