"""Phone photos of rendered cards: on a desk, in perspective, turned, unevenly lit."""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Point = tuple[float, float]


SURFACES = ("dark", "white", "light_wood", "sheet")


def background(size: tuple[int, int], rng: random.Random, busy: bool = False, surface: str = "dark"
               ) -> Image.Image:
    """A desk: dark or wooden texture by default; "white" a white table, "light_wood" pale wood, "sheet" a white
    sheet of paper under everything (the last three leave the card's edge low-contrast). `busy` adds straight
    edges of papers."""
    width, height = size
    if surface == "dark":
        base = rng.choice([(40, 38, 36), (92, 64, 42), (70, 72, 80), (128, 100, 70), (25, 30, 40)])
    elif surface == "white":
        base = tuple([rng.randint(225, 248)] * 3)
    elif surface == "light_wood":
        base = rng.choice([(214, 186, 146), (226, 204, 170), (200, 170, 130)])
    elif surface == "sheet":
        return _sheet_desk(size, rng)
    else:
        raise ValueError(f"unknown surface {surface!r}; known: {', '.join(SURFACES)}")
    generator = np.random.default_rng(rng.randrange(2**32))
    stripes = np.sin(np.arange(width) / rng.uniform(6, 14))[None, :, None] * 6
    grain = generator.normal(0, 9, (height, width, 1)) + stripes
    desk = Image.fromarray(np.clip(np.asarray(base, np.float32) + grain, 0, 255).astype(np.uint8))
    if busy:
        draw = ImageDraw.Draw(desk)
        for _ in range(rng.randint(3, 6)):
            x, y = rng.uniform(-0.2, 0.9) * width, rng.uniform(-0.2, 0.9) * height
            w, h = rng.uniform(0.2, 0.5) * width, rng.uniform(0.15, 0.4) * height
            shade = rng.randint(150, 235)
            draw.rectangle([x, y, x + w, y + h], fill=(shade, shade, shade - 10), outline=(90, 90, 90), width=2)
            for line in range(int(y) + 12, int(y + h), 14):
                draw.line([(x + 10, line), (x + w - 10, line)], fill=(120, 120, 120), width=1)
    return desk


def _sheet_desk(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A white sheet covering most of the frame, the desk showing at one or two edges."""
    desk = background(size, rng, surface=rng.choice(["dark", "light_wood"]))
    width, height = size
    white = rng.randint(232, 250)
    sheet = Image.new("RGB", size, (white, white, white - 3))
    mask = Image.new("L", size, 0)
    x0, y0 = rng.uniform(-0.3, 0.08) * width, rng.uniform(-0.3, 0.08) * height
    ImageDraw.Draw(mask).polygon([(x0, y0), (width * rng.uniform(0.92, 1.3), y0 + rng.uniform(-20, 20)),
                                  (width * rng.uniform(0.92, 1.3), height * rng.uniform(0.92, 1.3)),
                                  (x0 + rng.uniform(-20, 20), height * rng.uniform(0.92, 1.3))], fill=255)
    desk.paste(sheet, (0, 0), mask)
    return desk


def photograph(card: Image.Image, rng: random.Random, *, fill: tuple[float, float] = (0.55, 0.85),
               tilt: tuple[float, float] = (-12.0, 12.0), perspective: float = 0.06, quarter_turns: int = 0,
               busy: bool = False, light: float = 0.35, glare: bool = True, jpeg: int = 70,
               frame: tuple[int, int] = (1280, 960), surface: str | None = None, distractor: str | None = None,
               card_width_mm: float = 85.6) -> tuple[Image.Image, list[Point]]:
    """The card photographed: returns the photo and the card's corners in it (TL, TR, BR, BL of the card).

    An RGBA card keeps its alpha (rounded corners show the desk) and sometimes casts a faint shadow.
    `surface` is one of `SURFACES` or "any" (a dark desk by default); `distractor` one of
    `synth.distractors.DISTRACTORS` or "any": something lying beside or under the card, which stays on top.
    `card_width_mm` scales the distractors."""
    alpha = card.getchannel("A") if card.mode == "RGBA" else None
    card = card.convert("RGB")
    width, height = frame
    if surface == "any":
        surface = rng.choice(SURFACES)
    photo = background(frame, rng, busy, surface or "dark")
    angle = math.radians(rng.uniform(*tilt))
    # the card's width covers `fill` of the frame's width, and the turned card stays inside
    scale = rng.uniform(*fill) * width / card.width
    spread_w = abs(math.cos(angle)) * card.width + abs(math.sin(angle)) * card.height
    spread_h = abs(math.sin(angle)) * card.width + abs(math.cos(angle)) * card.height
    scale = min(scale, 0.95 * width / spread_w, 0.95 * height / spread_h)
    half_w, half_h = card.width * scale / 2, card.height * scale / 2
    cx, cy = width / 2 + rng.uniform(-0.08, 0.08) * width, height / 2 + rng.uniform(-0.08, 0.08) * height
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * half_w, sy * half_h
        x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
        jitter = perspective * min(half_w, half_h)
        corners.append((cx + x + rng.uniform(-jitter, jitter), cy + y + rng.uniform(-jitter, jitter)))
    # the whole card stays in the frame, a margin from its border
    margin = 0.02 * width
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    dx = max(0.0, margin - min(xs)) - max(0.0, max(xs) - (width - margin))
    dy = max(0.0, margin - min(ys)) - max(0.0, max(ys) - (height - margin))
    corners = [(x + dx, y + dy) for x, y in corners]
    if distractor:
        _distractor(photo, corners, distractor, card.width / card_width_mm * scale, rng)
    warped, mask = _warp(card, corners, frame, alpha)
    if alpha is not None and rng.random() < 0.6:  # a faint shadow under the card
        shift = (rng.uniform(-1, 1) * 0.01 * width, rng.uniform(0.3, 1) * 0.012 * width)
        _, shade = _warp(card, [(x + shift[0], y + shift[1]) for x, y in corners], frame, alpha)
        shade = shade.filter(ImageFilter.GaussianBlur(0.008 * width)).point(lambda v: round(v * rng.uniform(0.2, 0.4)))
        photo.paste((0, 0, 0), mask=shade)
    photo.paste(warped, mask=mask)
    photo = _lighting(photo, rng, light, glare)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    for _ in range(quarter_turns % 4):  # the phone held another way: the photo turns clockwise
        photo = photo.transpose(Image.Transpose.ROTATE_270)
        corners = [(photo.width - 1 - y, x) for x, y in corners]
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=jpeg)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), corners


def _warp(card: Image.Image, corners: list[Point], frame: tuple[int, int], alpha: Image.Image | None = None
          ) -> tuple[Image.Image, Image.Image]:
    """`card` (RGB) moved onto `corners` of a `frame`-sized image, and its mask there (its `alpha`, if given)."""
    import cv2

    source = np.array([(0, 0), (card.width, 0), (card.width, card.height), (0, card.height)], np.float32)
    matrix = cv2.getPerspectiveTransform(source, np.array(corners, np.float32))
    pixels = cv2.warpPerspective(np.asarray(card), matrix, frame, flags=cv2.INTER_AREA)
    opaque = np.asarray(alpha) if alpha is not None else np.full(card.size[::-1], 255, np.uint8)
    mask = cv2.warpPerspective(opaque, matrix, frame, flags=cv2.INTER_LINEAR)
    return Image.fromarray(pixels), Image.fromarray(mask)


def _distractor(photo: Image.Image, corners: list[Point], name: str, scale: float, rng: random.Random) -> None:
    """Lay a distractor (at `scale` photo pixels per mm) beside the card, or a sheet or newspaper under it;
    the card goes on top afterwards, so it stays whole."""
    from synth import distractors

    if name == "any":
        name = rng.choice(distractors.DISTRACTORS)
    thing = distractors.draw(name, scale, rng)
    alpha = thing.getchannel("A") if thing.mode == "RGBA" else None
    thing = thing.convert("RGB")
    width, height = photo.size
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    cx, cy = sum(xs) / 4, sum(ys) / 4
    angle = math.radians(rng.uniform(-25, 25))
    half_w, half_h = thing.width / 2, thing.height / 2
    under = name in ("sheet", "newspaper") and rng.random() < 0.5
    if under:  # partly under the card: its centre off the card's by about half its size
        direction = rng.uniform(0, math.tau)
        at = (cx + math.cos(direction) * half_w * 0.8, cy + math.sin(direction) * half_h * 0.8)
    else:  # beside the card: beyond its box on the roomiest side, reaching out of the frame if it must
        room = {"left": min(xs), "right": width - max(xs), "top": min(ys), "bottom": height - max(ys)}
        side = max(room, key=room.__getitem__)
        spread_w = abs(math.cos(angle)) * half_w + abs(math.sin(angle)) * half_h
        spread_h = abs(math.sin(angle)) * half_w + abs(math.cos(angle)) * half_h
        gap = rng.uniform(0.01, 0.05) * width
        at = {"left": (min(xs) - gap - spread_w, cy), "right": (max(xs) + gap + spread_w, cy),
              "top": (cx, min(ys) - gap - spread_h), "bottom": (cx, max(ys) + gap + spread_h)}[side]
        at = (at[0] + rng.uniform(-0.2, 0.2) * (spread_w if side in ("top", "bottom") else 0),
              at[1] + rng.uniform(-0.2, 0.2) * (spread_h if side in ("left", "right") else 0))
    quad = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * half_w, sy * half_h
        quad.append((at[0] + x * math.cos(angle) - y * math.sin(angle), at[1] + x * math.sin(angle)
                     + y * math.cos(angle)))
    warped, mask = _warp(thing, quad, photo.size, alpha)
    photo.paste(warped, mask=mask)


def _lighting(photo: Image.Image, rng: random.Random, strength: float, glare: bool) -> Image.Image:
    pixels = np.asarray(photo, np.float32)
    height, width = pixels.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width]
    direction = rng.uniform(0, math.tau)
    ramp = (np.cos(direction) * xs / width + np.sin(direction) * ys / height)
    ramp = (ramp - ramp.min()) / max(1e-6, ramp.max() - ramp.min())
    pixels = pixels * (1 - strength + strength * ramp)[..., None] * rng.uniform(0.95, 1.2)
    if glare:
        gx, gy = rng.uniform(0.25, 0.75) * width, rng.uniform(0.25, 0.75) * height
        radius = rng.uniform(0.06, 0.12) * width
        weight = np.exp(-(((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * radius**2)))[..., None] * 0.5
        pixels = pixels * (1 - weight) + 255 * weight
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


TIERS = {  # how hard the photo is: keyword arguments of `photograph`; bench kinds "<tier>_photo"
    "desk": dict(fill=(0.55, 0.9), tilt=(-20.0, 20.0), perspective=0.06, busy=False, light=0.3, jpeg=75),
    "hard": dict(fill=(0.45, 0.55), tilt=(8.0, 20.0), perspective=0.14, busy=True, light=0.5, jpeg=60),
    # something else in the picture, on any desk (some as light as the card)
    "distractor": dict(fill=(0.35, 0.55), tilt=(-15.0, 15.0), perspective=0.06, busy=False, light=0.3, jpeg=75,
                       surface="any", distractor="any"),
}


KINDS = tuple(f"{tier}_photo" for tier in TIERS)


def desk_photo(card: Image.Image, tier: str, rng: random.Random, quarter_turns: int | None = None,
               card_width_mm: float = 85.6) -> tuple[Image.Image, int]:
    """A photo of `card` in one of the `TIERS`, and the rotation (degrees counter-clockwise,
    as the `rotate` setting) that turns it upright; turns are random unless given."""
    photo, rotation, _ = desk_shot(card, tier, rng, quarter_turns, card_width_mm)
    return photo, rotation


def desk_shot(card: Image.Image, tier: str, rng: random.Random, quarter_turns: int | None = None,
              card_width_mm: float = 85.6) -> tuple[Image.Image, int, list[Point]]:
    """`desk_photo`, and where the card's corners are in the photo (TL, TR, BR, BL of the card)."""
    options: dict = dict(TIERS[tier])
    if tier == "distractor":
        options["card_width_mm"] = card_width_mm
    low, high = options.pop("tilt")
    tilt = rng.uniform(low, high) * rng.choice((-1, 1)) if low > 0 else rng.uniform(low, high)
    turns = rng.randrange(4) if quarter_turns is None else quarter_turns
    photo, corners = photograph(card, rng, tilt=(tilt, tilt), quarter_turns=turns, **options)
    return photo, 90 * turns % 360, corners


def page_scan(card: Image.Image, rng: random.Random, card_width_mm: float = 85.6
              ) -> tuple[Image.Image, list[Point]]:
    """A flatbed scan of an A4 page holding the card: white page at 150-300 dpi (its longer side at most
    2400 px), the card `card_width_mm` wide at that resolution, upright or tilted up to 3 degrees, light
    scanner noise, JPEG quality 85. Returns the scan and the card's corners (TL, TR, BR, BL)."""
    page, (corners,) = page_scan_of([card], rng, card_width_mm)
    return page, corners


def page_scan_of(cards: list[Image.Image], rng: random.Random, card_width_mm: float = 85.6
                 ) -> tuple[Image.Image, list[list[Point]]]:
    """A flatbed scan of an A4 page holding `cards` one above the other (the front and the back of
    an ID card copied onto one page), each as `page_scan` places its one card within its share of
    the page's height. Returns the scan and each card's corners."""
    dpi = min(rng.uniform(150, 300), 2400 / (297 / 25.4))
    size = (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    white = rng.randint(240, 253)
    page = Image.new("RGB", size, (white, white, white))
    margin = 0.04 * size[0]
    share = (size[1] - 2 * margin) / len(cards)
    placed = []
    for slot, card in enumerate(cards):
        alpha = card.getchannel("A") if card.mode == "RGBA" else None
        card = card.convert("RGB")
        card_w = card_width_mm / 25.4 * dpi
        card_h = card_w * card.height / card.width
        fits = min((size[0] - 2 * margin) / card_w, share / card_h)
        if fits < 1:  # a page as large as the scanner's: within its margins
            card_w, card_h = card_w * fits * 0.97, card_h * fits * 0.97
        angle = math.radians(rng.choice([0.0, rng.uniform(-3, 3)]))
        spread_w = abs(math.cos(angle)) * card_w + abs(math.sin(angle)) * card_h
        spread_h = abs(math.sin(angle)) * card_w + abs(math.cos(angle)) * card_h
        top = margin + slot * share
        cx = rng.uniform(margin + spread_w / 2, size[0] - margin - spread_w / 2)
        cy = rng.uniform(top + spread_h / 2, top + share - spread_h / 2)
        cos, sin = math.cos(angle), math.sin(angle)
        corners = [(cx + x * cos - y * sin, cy + x * sin + y * cos)
                   for x, y in ((-card_w / 2, -card_h / 2), (card_w / 2, -card_h / 2),
                                (card_w / 2, card_h / 2), (-card_w / 2, card_h / 2))]
        small = card.resize((max(1, round(card_w * 2)), max(1, round(card_h * 2))), Image.Resampling.LANCZOS)
        small_alpha = alpha.resize(small.size, Image.Resampling.LANCZOS) if alpha is not None else None
        warped, mask = _warp(small, corners, size, small_alpha)
        page.paste(warped, mask=mask)
        placed.append(corners)
    generator = np.random.default_rng(rng.randrange(2**32))
    pixels = np.asarray(page, np.float32) + generator.normal(0, rng.uniform(1.5, 3.5), (size[1], size[0], 1))
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=85)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), placed
