"""Security print for synthetic documents: backgrounds, guilloches, rosettes, fine lines, microprint,
holograms, chips, signatures, seals and overprints.

Line patterns are anti-aliased ink coverage (0..1) from a phase field: a line wherever the phase crosses an
integer, as wide as asked whatever the curve's slope. A pattern gives the coverage of any band of rows;
`tint` prints one in a colour.
"""

from __future__ import annotations

import colorsys
import math
import random
from collections.abc import Callable

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
    xs, ys = _axes(0, small[0], 0, small[1])
    ramp = xs * (size[0] / small[0]) * math.cos(angle) + ys * (size[1] / small[1]) * math.sin(angle)
    ramp -= ramp.min()
    ramp /= max(1e-6, float(ramp.max()))
    a, b = np.asarray(start, np.float32), np.asarray(end, np.float32)
    pixels = np.clip(a + (b - a) * ramp[..., None], 0, 255).astype(np.uint8)
    return Image.fromarray(pixels).resize(size, Image.Resampling.BILINEAR)


Pattern = Callable[[int, int], "np.ndarray | None"]  # rows top..bottom -> their ink coverage, None if blank


def tint(image: Image.Image, pattern: Pattern, colour: RGB, opacity: float = 1.0, band: int = 64) -> None:
    """Print `pattern` in `colour` on `image`, in place, a band of rows at a time (the arrays stay small
    enough to be quick)."""
    width, height = image.size
    for top in range(0, height, band):
        bottom = min(height, top + band)
        coverage = pattern(top, bottom)
        if coverage is not None:
            mask = Image.fromarray((coverage * (255 * opacity)).astype(np.uint8), "L")
            image.paste(colour, (0, top, width, bottom), mask)


def _lines(phase: np.ndarray, width: float, slope: np.ndarray | None = None) -> np.ndarray:
    """Coverage of lines `width` pixels wide where `phase` is an integer; `slope` is the phase's change per
    pixel, worked out from the phase when not given."""
    if slope is None:  # forward differences (the last row and column repeat the one before)
        gx = np.empty_like(phase)
        np.subtract(phase[:, 1:], phase[:, :-1], out=gx[:, :-1])
        gx[:, -1] = gx[:, -2]
        gy = np.empty_like(phase)
        np.subtract(phase[1:], phase[:-1], out=gy[:-1])
        gy[-1] = gy[-2]
        slope = np.hypot(gx, gy, out=gx)
    distance = phase - np.round(phase)  # in phase units, then in pixels
    np.abs(distance, out=distance)
    distance /= slope + 1e-6
    np.subtract(width / 2 + 0.5, distance, out=distance)
    return np.clip(distance, 0.0, 1.0, out=distance)


def _axes(left: int, right: int, top: int, bottom: int) -> tuple[np.ndarray, np.ndarray]:
    """x as a row and y as a column over a rectangle: they broadcast to all of it."""
    return (np.arange(left, right, dtype=np.float32)[None, :], np.arange(top, bottom, dtype=np.float32)[:, None])


def _sin_cos(along_x: np.ndarray, along_y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sin and cos of (a row plus a column) over the whole area, from the row's and column's own: two products
    per pixel instead of two transcendental functions."""
    sx, cx, sy, cy = np.sin(along_x), np.cos(along_x), np.sin(along_y), np.cos(along_y)
    return sx * cy + cx * sy, cx * cy - sx * sy


def guilloche(size: tuple[int, int], rng: random.Random, scale: float) -> Pattern:
    """Two interlaced families of phase-shifted sine curves across the whole area."""
    spacing = rng.uniform(4.0, 9.0) * scale
    amplitude = rng.uniform(1.5, 5.0) * spacing
    wavelength = rng.uniform(0.04, 0.12) * size[0]
    drift = rng.uniform(0.15, 0.6)  # each curve's phase moves on from the last: the braided look
    phase0 = rng.uniform(0, math.tau)
    widths = (rng.uniform(0.6, 1.2), rng.uniform(0.6, 1.2))

    def rows(top: int, bottom: int) -> np.ndarray:
        xs, ys = _axes(0, size[0], top, bottom)
        coverage = np.zeros((bottom - top, size[0]), np.float32)
        for sign, width in zip((1, -1), widths, strict=True):
            sine, cosine = _sin_cos(xs / wavelength, sign * drift * ys / spacing + phase0)
            phase = (ys + sign * amplitude * sine) / spacing
            bend = amplitude * cosine
            slope = np.hypot(bend / wavelength, 1 + bend * drift / spacing) / spacing  # the phase's, worked out
            np.maximum(coverage, _lines(phase, width, slope), out=coverage)
        return coverage

    return rows


def rosette(size: tuple[int, int], centre: tuple[float, float], radius: float, rng: random.Random) -> Pattern:
    """Wavy rings and petals around `centre`, fading out at `radius`."""
    width, height = size
    left, right = max(0, int(centre[0] - radius)), min(width, int(centre[0] + radius) + 1)
    first, last = max(0, int(centre[1] - radius)), min(height, int(centre[1] + radius) + 1)
    lobes = rng.choice([6, 8, 9, 12, 16, 18])
    spacing = rng.uniform(0.035, 0.07) * radius
    swing = rng.uniform(0.2, 0.5) * radius
    petals = rng.choice([24, 36, 48])

    def rows(top: int, bottom: int) -> np.ndarray | None:
        low, high = max(top, first), min(bottom, last)
        if high - low < 1 or right - left < 2:
            return None
        # one row more than asked, where there is one, so that the slope below the band is the true one
        xs, ys = _axes(left, right, low, min(height, high + 1))
        dx, dy = xs - centre[0], ys - centre[1]
        r = np.hypot(dx, dy)
        theta = np.arctan2(dy, dx)
        rings = _lines((r + swing * np.sin(lobes * theta) * (r / radius)) / spacing, 0.9)
        spokes = _lines(theta * petals / math.tau + np.sin(r / (0.15 * radius)) * 0.8, 0.8)
        fade = np.clip((radius - r) / (0.15 * radius), 0, 1)
        coverage = np.zeros((bottom - top, width), np.float32)
        coverage[low - top:high - top, left:right] = (np.maximum(rings, spokes * 0.8) * fade)[:high - low]
        return coverage

    return rows


def fine_lines(size: tuple[int, int], rng: random.Random, scale: float) -> Pattern:
    """A hatch of thin straight or gently waving lines, sometimes crossed by a second one."""
    spacing = rng.uniform(3.0, 6.0) * scale
    families = []
    for _ in range(rng.choice([1, 1, 2])):
        angle = rng.uniform(0, math.pi)
        wave = rng.choice([0.0, rng.uniform(0.5, 2.5) * spacing])
        families.append((angle, wave, rng.uniform(8, 30) * spacing, rng.uniform(0.5, 0.9)))

    def rows(top: int, bottom: int) -> np.ndarray:
        xs, ys = _axes(0, size[0], top, bottom)
        coverage = np.zeros((bottom - top, size[0]), np.float32)
        for angle, wave, period, width in families:
            sine, cosine = _sin_cos(-xs * math.sin(angle) / period, ys * math.cos(angle) / period)  # across
            phase = (xs * math.cos(angle) + ys * math.sin(angle) + wave * sine) / spacing
            slope = np.sqrt(1 + (wave / period * cosine) ** 2) / spacing  # the phase's, worked out
            np.maximum(coverage, _lines(phase, width, slope), out=coverage)
        return coverage

    return rows


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
    xs, ys = _axes(0, width, 0, height)
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
    """A scribbled signature in `box`: one or two slanted words of looping strokes of uneven height (a capital,
    some ascenders), sometimes underlined."""
    left, top, right, bottom = box
    height = bottom - top
    width = min(right - left, round(height * rng.uniform(3.5, 6)))  # a signature is not endlessly long
    words = rng.choice([1, 2, 2])
    gap = width * 0.07
    span = (width * 0.92 - gap * (words - 1)) / words
    slant = rng.uniform(0.15, 0.45)
    baseline = top + height * rng.uniform(0.62, 0.75)
    x0 = left + width * 0.04
    strokes = []
    for _ in range(words):
        letters = max(2, round(span / (height * rng.uniform(0.2, 0.32))))
        heights = [height * rng.uniform(0.18, 0.3) * rng.choice([1, 1, 1, 1.9, 2.3]) for _ in range(letters + 1)]
        heights[0] = height * rng.uniform(0.5, 0.65)  # the capital
        reach = span / letters * rng.uniform(0.35, 0.55)  # more than the pen moves on: each stroke loops back
        points = []
        steps = letters * 20
        for i in range(steps + 1):
            phase = i / steps * letters
            k = min(int(phase), letters - 1)
            rise = 0.5 - 0.5 * math.cos(math.tau * phase)  # 0 on the baseline, 1 at the letter's top
            lift = heights[k] * rise
            x = x0 + phase / letters * span - reach * math.sin(math.tau * phase) + slant * lift
            points.append((x, baseline - lift + height * 0.04 * math.sin(phase * 0.7)))
        strokes.append(points)
        x0 += span + gap
    if rng.random() < 0.5:
        y = baseline + height * rng.uniform(0.08, 0.2)
        strokes.append([(left + 0.1 * width, y + 3), (left + 0.55 * width, y), (left + 0.95 * width, y - 4)])
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
