"""Render a specimen card from any template: labels above each rectangle, values inside."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from extractor.template import Template

FONTS = Path(__file__).parent / "fonts"
PACKAGE_FONTS = Path(__file__).parent.parent / "extractor" / "assets"  # DejaVu Sans (overlays) and OCR-B (MRZ glyphs)


@dataclass(frozen=True)
class Style:
    """How a card design looks."""

    background: tuple[int, int, int] = (232, 238, 246)
    background_end: tuple[int, int, int] = (212, 224, 240)
    band: tuple[int, int, int] = (24, 62, 120)
    ink: tuple[int, int, int] = (18, 18, 28)
    label_ink: tuple[int, int, int] = (150, 30, 30)
    value_font: str = "DejaVuSans-Bold.ttf"
    label_font: str = "DejaVuSans.ttf"
    value_scale: float = 0.62  # value glyph size relative to the rectangle's height
    guilloche: tuple[int, int, int] | None = (200, 212, 232)
    band_height: int = 48


STYLES = {
    "blue": Style(),
    "sand": Style(background=(244, 236, 214), background_end=(226, 214, 186), band=(120, 70, 20),
                  ink=(40, 25, 10), label_ink=(90, 60, 30), value_font="DejaVuSerif.ttf",
                  guilloche=(222, 206, 176), value_scale=0.6),
    "green": Style(background=(226, 242, 230), background_end=(200, 228, 210), band=(20, 100, 60),
                   ink=(10, 30, 20), label_ink=(20, 90, 60), value_font="DejaVuSansCondensed-Bold.ttf",
                   label_font="DejaVuSansCondensed.ttf", value_scale=0.66),
    "grey": Style(background=(240, 240, 240), background_end=(220, 220, 225), band=(60, 60, 70),
                  ink=(0, 0, 0), label_ink=(90, 90, 110), value_font="DejaVuSerif.ttf",
                  guilloche=None, value_scale=0.58),
    "rose": Style(background=(248, 230, 236), background_end=(232, 208, 220), band=(140, 30, 80),
                  ink=(50, 10, 40), label_ink=(140, 60, 100), value_font="DejaVuSans.ttf",
                  guilloche=(232, 200, 214), value_scale=0.6),
}


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONTS / name if (FONTS / name).exists() else PACKAGE_FONTS / name
    return ImageFont.truetype(str(path), size)


def _label(field: str) -> str:
    return field.replace("_", " ").upper()


def _background(template: Template, style: Style, rng: random.Random) -> Image.Image:
    width, height = template.width, template.height
    card = Image.new("RGB", (width, height), style.background)
    draw = ImageDraw.Draw(card)
    for y in range(height):  # a soft vertical gradient
        t = y / max(1, height - 1)
        ends = zip(style.background, style.background_end, strict=True)
        colour = tuple(round(a + (b - a) * t) for a, b in ends)
        draw.line([(0, y), (width, y)], fill=colour)
    if style.guilloche:
        phase = rng.uniform(0, math.tau)
        for k in range(0, height + 80, 26):
            points = [(x, k + 14 * math.sin(x / 47 + phase + k / 90)) for x in range(0, width + 8, 8)]
            draw.line(points, fill=style.guilloche, width=1)
    return card


def render_card(template: Template, values: dict[str, str], style: Style | str = "blue",
                seed: int = 0, specimen: bool = True) -> Image.Image:
    """The card of `template` at its reference size, showing `values` inside the field rects."""
    style = STYLES[style] if isinstance(style, str) else style
    rng = random.Random(seed)
    card = _background(template, style, rng)
    draw = ImageDraw.Draw(card)
    width = card.width
    draw.rectangle([0, 0, width, style.band_height], fill=style.band)
    title, title_at, title_font = _title(template, style)
    draw.text(title_at, title, font=title_font, fill=(255, 255, 255), anchor="lm")
    photo = _photo_box(template)
    if photo:
        draw.rectangle(photo, fill=tuple(max(0, c - 40) for c in style.background), outline=style.band,
                       width=3)
        cx, cy = (photo[0] + photo[2]) // 2, (photo[1] + photo[3]) // 2
        r = (photo[2] - photo[0]) // 4
        draw.ellipse([cx - r, cy - r - r // 2, cx + r, cy + r - r // 2], fill=(120, 120, 130))
        draw.rectangle([cx - 2 * r, cy + r, cx + 2 * r, photo[3] - 4], fill=(120, 120, 130))
    label_font = font(style.label_font, 15)
    labelled = {spec.name for spec in _labelled(template, style)}
    for spec in template.fields:
        left, top, _, _ = spec.rect
        if spec.name in labelled:
            draw.text((left + 4, top - 3), _label(spec.name), font=label_font, fill=style.label_ink,
                      anchor="ls")
        text = values.get(spec.name, "")
        if text and spec.type == "mrz":
            _draw_zone(draw, spec.rect, text.split("\n"))
        elif text and spec.type == "pdf417":
            _draw_barcode(card, spec.rect, text)
        elif text:
            _draw_value(draw, spec.rect, text, style, rng)
    if specimen:
        _stamp(card, "SPECIMEN", style)
    return card


def _title(template: Template, style: Style) -> tuple[str, tuple[int, int], ImageFont.FreeTypeFont]:
    text = (template.title or template.name).split("(")[0].strip().upper()
    return text, (24, style.band_height // 2), font("DejaVuSans-Bold.ttf", int(style.band_height * 0.42))


def _labelled(template: Template, style: Style) -> list:
    """The fields whose name is printed above them: where the band and other fields leave room."""
    return [spec for spec in template.fields
            if spec.type not in ("mrz", "pdf417") and spec.rect[1] - 20 >= style.band_height + 2
            and not any(_overlaps((spec.rect[0], spec.rect[1] - 20, spec.rect[2], spec.rect[1]), other.rect)
                        for other in template.fields if other is not spec)]


def printed_text(template: Template, style: Style | str = "blue") -> list[tuple[str, tuple[int, int, int, int]]]:
    """The text every card of `template` shows whatever the values (title, labels), with its bounding box:
    the candidates for the template's `anchors`."""
    style = STYLES[style] if isinstance(style, str) else style
    title, at, title_font = _title(template, style)
    printed = [(title, title_font.getbbox(title, anchor="lm"), at)]
    label_font = font(style.label_font, 15)
    for spec in _labelled(template, style):
        text = _label(spec.name)
        printed.append((text, label_font.getbbox(text, anchor="ls"), (spec.rect[0] + 4, spec.rect[1] - 3)))
    return [(text, (x + box[0] - 2, y + box[1] - 2, x + box[2] + 2, y + box[3] + 2))
            for text, box, (x, y) in printed]


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _photo_box(template: Template) -> tuple[int, int, int, int] | None:
    """The free area left of every field, if wide enough for a portrait."""
    upper = [spec.rect[0] for spec in template.fields
             if spec.rect[1] < template.height * 0.8 and spec.type not in ("mrz", "pdf417")]
    leftmost = min(upper, default=0)
    if leftmost < 220:
        return None
    top = 110
    bottom = min(top + int((leftmost - 70) * 1.3), template.height - 90)
    return (36, top, leftmost - 36, bottom)


def _draw_value(draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int], text: str, style: Style,
                rng: random.Random) -> None:
    left, top, right, bottom = rect
    size = max(10, int((bottom - top) * style.value_scale))
    room = right - left - 14
    face = font(style.value_font, size)
    while face.getlength(text) > room and size > 10:
        size -= 1
        face = font(style.value_font, size)
    x = left + rng.randint(6, 12)
    baseline = top + (bottom - top) // 2 + int(size * 0.36) + rng.randint(-2, 2)
    draw.text((x, baseline), text, font=face, fill=style.ink, anchor="ls")


def _draw_zone(draw: ImageDraw.ImageDraw, rect: tuple[int, int, int, int], lines: list[str]) -> None:
    """A machine-readable zone: its lines in OCR-B, as wide as the rectangle lets them be, spaced evenly."""
    left, top, right, bottom = rect
    pitch = (bottom - top) / len(lines)
    size = int(min(pitch * 0.8, 100 * (right - left - 16) / font("OCRB.otf", 100).getlength(max(lines, key=len))))
    face = font("OCRB.otf", size)
    for index, line in enumerate(lines):
        baseline = top + pitch * (index + 0.5) + size * 0.36
        draw.text((left + 8, baseline), line, font=face, fill=(20, 20, 24), anchor="ls")


def _draw_barcode(card: Image.Image, rect: tuple[int, int, int, int], data: str) -> None:
    """A PDF417 symbol of `data`, centred in the rectangle, as large as whole modules let it be."""
    from synth.barcode import pdf417_image

    left, top, right, bottom = rect
    unit = pdf417_image(data, module=1)
    module = max(1, min((right - left) // unit.width, (bottom - top) // unit.height))
    symbol = pdf417_image(data, module=module)
    card.paste(symbol, (left + (right - left - symbol.width) // 2, top + (bottom - top - symbol.height) // 2))


def _stamp(card: Image.Image, text: str, style: Style) -> None:
    """A faint diagonal watermark away from the field text's darkness."""
    layer = Image.new("L", card.size, 0)
    ImageDraw.Draw(layer).text((card.width // 2, card.height - 13), text,
                               font=font("DejaVuSans-Bold.ttf", 20), fill=70, anchor="mm")
    tint = Image.new("RGB", card.size, style.label_ink)
    card.paste(tint, mask=layer)
