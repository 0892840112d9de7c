"""Security print for synthetic documents: backgrounds, guilloches, rosettes, fine lines, microprint,
holograms, chips, signatures, seals and overprints.

Line patterns are drawn as anti-aliased ink coverage (0..1) from a phase field: a line wherever the phase
crosses an integer, as wide as asked whatever the curve's slope. `tint` prints a coverage in one colour.
"""

from __future__ import annotations

import colorsys
import math
import random

import numpy as np
from PIL import Image, ImageDraw

from synth.cards import font

Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]


def hsv(hue: float, saturation: float, value: float) -> RGB:
    red, green, blue = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return round(red * 255), round(green * 255), round(blue * 255)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """`a` moved a fraction `t` towards `b`."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def gradient(size: tuple[int, int], start: RGB, end: RGB, angle: float) -> Image.Image:
    """A linear gradient from `start` to `end` along `angle` (radians), as an RGB image."""
    # a linear ramp survives bilinear scaling exactly: compute it small, then enlarge
    small = (min(64, size[0]), min(64, size[1]))
    xs, ys = _axes(small)
    ramp = xs * (size[0] / small[0]) * math.cos(angle) + ys * (size[1] / small[1]) * math.sin(angle)
    ramp -= ramp.min()
    ramp /= max(1e-6, float(ramp.max()))
    a, b = np.asarray(start, np.float32), np.asarray(end, np.float32)
    pixels = np.clip(a + (b - a) * ramp[..., None], 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).resize(size, Image.Resampling.BILINEAR)


def tint(image: Image.Image, coverage: np.ndarray, colour: RGB, opacity: float = 1.0) -> None:
    """Print `coverage` (0..1 per pixel) in `colour` on `image`, in place."""
    mask = Image.fromarray((coverage * (255 * opacity)).astype(np.uint8), "L")
    image.paste(colour, (0, 0), mask)


def _lines(phase: np.ndarray, width: float) -> np.ndarray:
    """Coverage of lines `width` pixels wide where `phase` is an integer."""
    distance = np.abs(phase - np.round(phase))
    # the phase's slope per pixel, from forward differences (the last row and column repeat)
    gx = np.diff(phase, axis=1, append=phase[:, -1:])
    gy = np.diff(phase, axis=0, append=phase[-1:, :])
    gx[:, -1] = gx[:, -2]
    gy[-1, :] = gy[-2, :]
    slope = np.hypot(gx, gy)
    slope += 1e-6
    return np.clip(width / 2 + 0.5 - distance / slope, 0.0, 1.0)


def _axes(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """x as a row and y as a column: they broadcast to the whole area."""
    width, height = size
    return np.arange(width, dtype=np.float32)[None, :], np.arange(height, dtype=np.float32)[:, None]


def _grid(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = _axes(size)
    return np.broadcast_to(xs, (size[1], size[0])), np.broadcast_to(ys, (size[1], size[0]))


def guilloche(size: tuple[int, int], rng: random.Random, scale: float) -> np.ndarray:
    """Two interlaced families of phase-shifted sine curves across the whole area."""
    xs, ys = _grid(size)
    spacing = rng.uniform(4.0, 9.0) * scale
    amplitude = rng.uniform(1.5, 5.0) * spacing
    wavelength = rng.uniform(0.04, 0.12) * size[0]
    drift = rng.uniform(0.15, 0.6)  # each curve's phase moves on from the last: the braided look
    phase0 = rng.uniform(0, math.tau)
    coverage = np.zeros(xs.shape, np.float32)
    for sign in (1, -1):
        wave = amplitude * np.sin(xs / wavelength + sign * drift * ys / spacing + phase0)
        coverage = np.maximum(coverage, _lines((ys + sign * wave) / spacing, rng.uniform(0.6, 1.2)))
    return coverage


def rosette(size: tuple[int, int], centre: tuple[float, float], radius: float, rng: random.Random
            ) -> np.ndarray:
    """Wavy rings and petals around `centre`, fading out at `radius`."""
    width, height = size
    coverage = np.zeros((height, width), np.float32)
    left, top = max(0, int(centre[0] - radius)), max(0, int(centre[1] - radius))
    right, bottom = min(width, int(centre[0] + radius) + 1), min(height, int(centre[1] + radius) + 1)
    if right - left < 2 or bottom - top < 2:
        return coverage
    xs, ys = _axes((right - left, bottom - top))  # only where it prints
    dx, dy = xs + (left - centre[0]), ys + (top - centre[1])
    r = np.hypot(dx, dy)
    theta = np.arctan2(dy, dx)
    lobes = rng.choice([6, 8, 9, 12, 16, 18])
    spacing = rng.uniform(0.035, 0.07) * radius
    rings = _lines((r + rng.uniform(0.2, 0.5) * radius * np.sin(lobes * theta) * (r / radius)) / spacing, 0.9)
    petals = _lines(theta * rng.choice([24, 36, 48]) / math.tau + np.sin(r / (0.15 * radius)) * 0.8, 0.8)
    fade = np.clip((radius - r) / (0.15 * radius), 0, 1)
    coverage[top:bottom, left:right] = np.maximum(rings, petals * 0.8) * fade
    return coverage


def fine_lines(size: tuple[int, int], rng: random.Random, scale: float) -> np.ndarray:
    """A hatch of thin straight or gently waving lines, sometimes crossed by a second one."""
    xs, ys = _grid(size)
    spacing = rng.uniform(3.0, 6.0) * scale
    coverage = np.zeros(xs.shape, np.float32)
    for _ in range(rng.choice([1, 1, 2])):
        angle = rng.uniform(0, math.pi)
        wave = rng.choice([0.0, rng.uniform(0.5, 2.5) * spacing])
        along = xs * math.cos(angle) + ys * math.sin(angle)
        across = -xs * math.sin(angle) + ys * math.cos(angle)
        phase = (along + wave * np.sin(across / (rng.uniform(8, 30) * spacing))) / spacing
        coverage = np.maximum(coverage, _lines(phase, rng.uniform(0.5, 0.9)))
    return coverage


def microprint(draw: ImageDraw.ImageDraw, start: tuple[int, int], length: int, text: str, file: str, size: int,
               fill: RGB) -> None:
    """A line of tiny repeated text, `length` pixels long from `start` (left, baseline)."""
    face = font(file, size)
    unit = text + " "
    repeats = int(length / max(1.0, face.getlength(unit))) + 1
    line = unit * repeats
    while line and face.getlength(line) > length:
        line = line[:-1]
    draw.text(start, line, font=face, fill=fill, anchor="ls")


def microprint_border(image: Image.Image, box: Box, text: str, file: str, size: int, fill: RGB) -> None:
    """Tiny repeated text along the four sides of `box`, as a border line."""
    left, top, right, bottom = box
    draw = ImageDraw.Draw(image)
    microprint(draw, (left, top), right - left, text, file, size, fill)
    microprint(draw, (left, bottom + size - 1), right - left, text, file, size, fill)
    strip = Image.new("L", (bottom - top, size + 2), 0)
    microprint(ImageDraw.Draw(strip), (0, size), bottom - top, text, file, size, 255)
    colour = Image.new("RGB", strip.size[::-1], fill)
    for x, turned in ((left - size - 1, strip.transpose(Image.Transpose.ROTATE_90)),
                      (right + 1, strip.transpose(Image.Transpose.ROTATE_270))):
        image.paste(colour, (x, top), turned)


def hologram(size: tuple[int, int], rng: random.Random, opacity: float) -> Image.Image:
    """An iridescent patch (RGBA of `size`): rainbow hues drifting across rings, soft-edged."""
    width, height = size
    xs, ys = _grid(size)
    u, v = xs / width - 0.5, ys / height - 0.5
    r = np.hypot(u, v)
    # the patch's shape as a distance (in patch widths) inside its edge: an ellipse or a rounded rectangle
    if rng.random() < 0.5:
        edge = 0.5 - r
    else:
        corner = rng.uniform(0.08, 0.2)
        qx, qy = np.maximum(np.abs(u) - 0.5 + corner, 0), np.maximum(np.abs(v) - 0.5 + corner, 0)
        edge = corner - np.hypot(qx, qy) - np.maximum(np.minimum(np.maximum(np.abs(u), np.abs(v)) - 0.5 + corner,
                                                                    0), -1)
    inside = np.clip(edge / 0.08, 0, 1)
    hue = (u * rng.uniform(0.8, 1.6) + v * rng.uniform(0.4, 1.2) + 0.15 * np.sin(r * rng.uniform(20, 40))
           + rng.random())
    # a rainbow: three cosines a third of a turn apart, lifted towards white as foil looks
    rgb = 0.55 + 0.45 * np.cos(math.tau * (hue[..., None] + np.array([0.0, 1 / 3, 2 / 3], np.float32)))
    pattern = 0.6 + 0.4 * np.cos(r * rng.uniform(60, 120)) * np.cos(np.arctan2(v, u) * rng.choice([5, 6, 8]))
    alpha = inside * opacity * pattern
    pixels = np.dstack([rgb * 255, alpha * 255])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGBA")


def chip(image: Image.Image, box: Box, rng: random.Random) -> None:
    """A gold contact plate (ISO 7816) filling `box`."""
    left, top, right, bottom = box
    gold = rng.choice([(214, 178, 90), (200, 170, 100), (222, 190, 120), (190, 190, 196)])  # some are silver
    layer = gradient((right - left, bottom - top), mix(gold, (255, 250, 235), 0.35), mix(gold, (90, 70, 30), 0.25),
                     rng.uniform(0, math.pi))
    mask = Image.new("L", layer.size, 0)
    radius = (bottom - top) // 6
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, layer.width - 1, layer.height - 1], radius=radius, fill=255)
    image.paste(layer, (left, top), mask)
    draw = ImageDraw.Draw(image)
    line = mix(gold, (60, 45, 15), 0.5)
    width, height = right - left, bottom - top
    middle = left + width // 2
    draw.rounded_rectangle([left, top, right - 1, bottom - 1], radius=radius, outline=line, width=1)
    draw.rounded_rectangle([left + width * 0.3, top + height * 0.25, right - width * 0.3, bottom - height * 0.25],
                           radius=radius // 2, outline=line, width=1)
    for k in (1, 2):  # the contacts: three a side
        y = top + height * k // 3
        draw.line([(left, y), (left + width * 0.3, y)], fill=line)
        draw.line([(right - width * 0.3, y), (right, y)], fill=line)
    draw.line([(middle, top), (middle, top + height * 0.25)], fill=line)
    draw.line([(middle, bottom - height * 0.25), (middle, bottom)], fill=line)


def signature_strokes(box: Box, rng: random.Random) -> list[list[tuple[float, float]]]:
    """A scribbled signature across `box`: one or two slanted looping words and sometimes an underline."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    strokes = []
    words = rng.choice([1, 2, 2])
    span = width * rng.uniform(0.85, 0.95) / words
    slant = rng.uniform(0.1, 0.5)
    for word in range(words):
        x0 = left + width * 0.03 + word * span * 1.04
        loops = rng.randint(4, 8)
        turn = loops * math.tau
        reach = span * 0.9 / turn * rng.uniform(1.1, 1.6)  # more than the pen moves on: the strokes loop back
        a1, a2 = rng.uniform(0.22, 0.34) * height, rng.uniform(0.04, 0.12) * height
        f2, p1, p2, q = rng.uniform(1.5, 3.5), rng.uniform(0, math.tau), rng.uniform(0, math.tau), rng.random()
        middle = top + height * rng.uniform(0.45, 0.6)
        points = []
        for i in range(200):
            t = i / 199
            angle = t * turn
            envelope = (1.5 if t < 1 / loops else 1.0) * (0.65 + 0.35 * math.sin(math.tau * (t * 1.5 + q)))
            lift = -a1 * envelope * math.sin(angle + p1) - a2 * math.sin(f2 * angle + p2)
            x = x0 + t * span * 0.9 + reach * math.cos(angle + p1) - slant * lift
            points.append((x, middle + lift - 0.1 * height * t))
        strokes.append(points)
    if rng.random() < 0.5:
        y = top + height * rng.uniform(0.8, 0.95)
        strokes.append([(left + 0.1 * width, y + 3), (left + 0.55 * width, y), (right - 0.05 * width, y - 4)])
    return strokes


def seal(image: Image.Image, centre: tuple[int, int], radius: int, text: str, file: str, colour: RGB,
         opacity: float = 1.0) -> list[Box]:
    """An emblem: two rings, `text` running round between them and a star in the middle.
    Returns the ink boxes of the ring's letters (they are printed text too)."""
    layer = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    ink = round(255 * opacity)
    for r, width in ((radius, max(1, radius // 22)), (round(radius * 0.68), max(1, radius // 30))):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=ink, width=width)
    size = max(6, round(radius * 0.2))
    face = font(file, size)
    letters = f"{text} • "
    ring = radius * 0.84
    total = sum(face.getlength(c) for c in letters)
    step_scale = min(1.0, math.tau * ring * 0.97 / max(1.0, total))
    angle = -math.pi / 2 - (total * step_scale / ring) / 2
    boxes = []
    for char in letters:
        advance = face.getlength(char) * step_scale
        angle += advance / ring / 2
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=face, fill=ink, anchor="mm")
        turned = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x, y = cx + ring * math.cos(angle) - size, cy + ring * math.sin(angle) - size
        layer.paste(turned, (round(x), round(y)), turned)
        if char.strip():
            boxes.append((round(x), round(y), round(x) + 2 * size, round(y) + 2 * size))
        angle += advance / ring / 2
    star = [(cx + (0.45 if k % 2 == 0 else 0.2) * radius * math.cos(-math.pi / 2 + k * math.pi / 5),
             cy + (0.45 if k % 2 == 0 else 0.2) * radius * math.sin(-math.pi / 2 + k * math.pi / 5))
            for k in range(10)]
    draw.polygon(star, fill=ink)
    image.paste(Image.new("RGB", image.size, colour), (0, 0), layer)
    return boxes


def overprint(size: tuple[int, int], text: str, file: str, colour: RGB, opacity: float, angle: float,
              rng: random.Random) -> Image.Image:
    """A big diagonal word (SPECIMEN...) across the middle, as an RGBA layer of `size`."""
    width, height = size
    face_size = max(20, round(min(width * 0.9 / max(1, len(text)) * 1.3, height * 0.3)))
    face = font(file, face_size)
    word = Image.new("L", (round(face.getlength(text)) + 20, round(face_size * 1.4)), 0)
    ImageDraw.Draw(word).text((10, word.height // 2), text, font=face, fill=round(255 * opacity), anchor="lm")
    word = word.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    layer = Image.new("RGBA", size, (*colour, 0))
    alpha = Image.new("L", size, 0)
    x = (width - word.width) // 2 + rng.randint(-width // 10, width // 10)
    y = (height - word.height) // 2 + rng.randint(-height // 10, height // 10)
    alpha.paste(word, (x, y))
    layer.putalpha(alpha)
    return layer
