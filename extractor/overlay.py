"""A picture of what was read: each field's rectangle, name and value drawn on the image."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .fields import LOW_CONFIDENCE, Extraction
from .geometry import rotate_image

FONT = Path(__file__).parent / "assets" / "DejaVuSans.ttf"  # covers accented Latin
GOOD = (0, 170, 60)
BAD = (220, 30, 30)


def draw_overlay(image: Image.Image, extraction: Extraction, rotate: int = 0) -> Image.Image:
    """`image` (turned by `rotate`, as it was read) with every field's box and reading.

    Green: a valid value read with confidence; red: invalid, empty or unsure.
    """
    canvas = rotate_image(image.convert("RGB"), rotate).copy()
    shade = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shade)
    size = max(12, round(min(canvas.size) / 40))
    font = ImageFont.truetype(str(FONT), size)
    for result in extraction.fields.values():
        colour = GOOD if result.valid and result.confidence >= LOW_CONFIDENCE else BAD
        left, top, right, bottom = result.rect
        draw.rectangle((left, top, right - 1, bottom - 1), outline=(*colour, 255), width=max(2, size // 6),
                       fill=(*colour, 40))
        label = f"{result.name}: {result.value or result.raw or '(empty)'}"
        text_box = draw.textbbox((left, top), label, font=font, anchor="lb")
        draw.rectangle(text_box, fill=(255, 255, 255, 210))
        draw.text((left, top), label, font=font, fill=(*colour, 255), anchor="lb")
    return Image.alpha_composite(canvas.convert("RGBA"), shade).convert("RGB")
