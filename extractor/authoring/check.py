"""A template checked against a sample of its document: what the schema cannot see.

The sample (a straight scan of the document) is brought to the template's size, its text lines
read, and its fields read with the template. Errors: anchors that do not read as written or sit
off their rectangle (saying where they were found), fields that read empty, rectangles that cut
text at their border or take in a label, rectangles that share text. Warnings: rectangles that
overlap without sharing text, optional fields that read empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..alignment.anchors import reads_as
from ..geometry import Rect, iou
from ..images import ImageInput, load_image
from ..labels import known_label, label_end
from ..recognizers.languages import LATIN_LANGUAGES
from ..template import Template
from .lines import TextLine, read_lines

if TYPE_CHECKING:
    from ..api import Extractor

SIMILAR = 0.6  # reads_as: a line this close to an anchor's text is that anchor, misspelt or misread
PLACED = 0.5  # of an anchor's rectangle, its line must cover at least this much (IoU)
ASPECT = 0.03  # the sample's shape may differ from the template's this much (a scan cropped loosely)
CUT = 0.2  # of a text line's width (height), as much on either side of a border is text cut by it


@dataclass(frozen=True)
class Finding:
    """One problem of a template: `error` (the template is wrong) or `warning` (to look at)."""

    severity: str
    subject: str  # "anchor 'EXPIRES'", "field 'surname'"
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def check_template(template: Template, sample: ImageInput | None = None, *, extractor: Extractor | None = None
                   ) -> list[Finding]:
    """The problems `sample` (default: the template's own `sample`) shows in `template`;
    `ValueError`s (`TemplateError`, `ImageError`, `GeometryError`) when there is no sample or it
    is not a straight image of the document."""
    from ..api import default_extractor
    from ..errors import GeometryError, TemplateError

    source = sample if sample is not None else template.sample
    if source is None:
        raise TemplateError(f"{template.source}: no sample to check against: give one, or a `sample:` key")
    reader = extractor or default_extractor()
    loaded = load_image(source)
    size = (template.width, template.height)
    aspect = (loaded.size[0] / loaded.size[1]) / template.aspect
    if abs(aspect - 1) > ASPECT:
        raise GeometryError(f"{template.source}: the sample is {loaded.size[0]}x{loaded.size[1]}, not of the shape "
                            f"the template was drawn on ({template.width}x{template.height}): a straight scan of "
                            "the document, cropped to its edges, is needed")
    image = loaded.image if loaded.size == size else loaded.image.resize(size)
    bgr = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    latin = template.recognition_settings().language in LATIN_LANGUAGES
    lines = read_lines(reader.vision, bgr, latin)
    extraction = reader.read(image, template, align=False)
    findings = [*_anchor_findings(template, lines), *_field_findings(template, lines)]
    for spec in template.fields:
        if spec.type != "pdf417" and not extraction.fields[spec.name].raw.strip():
            findings.append(Finding("warning" if spec.optional else "error", f"field {spec.name!r}",
                                    f"reads empty on the sample: is {list(spec.rect)} where its value prints?"))
    findings += _overlaps(template, lines)
    return findings


def _ink(line: TextLine) -> Rect:
    """A detected line's box pulled in to about where its ink is (detection grows round it)."""
    dx, dy = round(0.1 * line.height), round(0.18 * line.height)
    return Rect(line.left + dx, line.top + dy, line.right - dx, line.bottom - dy)


def _same(text: str, printed: str) -> bool:
    """Whether `text` is `printed`, case and spacing aside."""
    return " ".join(text.upper().split()) == " ".join(printed.upper().split())


def _anchor_findings(template: Template, lines: list[TextLine]) -> list[Finding]:
    findings = []
    for anchor in template.anchors:
        subject = f"anchor {anchor.text!r}"
        inside = [line for line in lines if anchor.rect.holds_middle(line.box)]
        here = " ".join(line.text for line in sorted(inside, key=lambda t: t.left))
        if _same(here, anchor.text):
            continue
        matches = sorted(lines, key=lambda line: -reads_as(line.text, anchor.text))
        best = matches[0] if matches else None
        if best is not None and _same(best.text, anchor.text):
            dx = round((best.left + best.right - anchor.rect.left - anchor.rect.right) / 2)
            dy = round(best.middle - (anchor.rect.top + anchor.rect.bottom) / 2)
            findings.append(Finding("error", subject, f"sits off its rectangle {list(anchor.rect)}: found at "
                                    f"{list(best.box)} ({dx:+d}, {dy:+d} px)"))
        elif best is not None and reads_as(best.text, anchor.text) >= SIMILAR:
            where = "in its rectangle" if best in inside else f"at {list(best.box)}"
            findings.append(Finding("error", subject, f"does not read as written: the sample reads {best.text!r} "
                                    f"{where}"))
        else:
            findings.append(Finding("error", subject, f"not found on the sample; its rectangle "
                                    f"{list(anchor.rect)} reads {here!r}" if here else
                                    f"not found on the sample; its rectangle {list(anchor.rect)} holds no text"))
    for anchor in template.anchors:  # an anchor read as written but placed loosely
        inside = [line for line in lines if anchor.rect.holds_middle(line.box) and _same(line.text, anchor.text)]
        if inside and iou(inside[0].box, anchor.rect) < PLACED:
            findings.append(Finding("warning", f"anchor {anchor.text!r}", f"its rectangle {list(anchor.rect)} "
                                    f"fits the text loosely: it prints at {list(inside[0].box)}"))
    return findings


def _field_findings(template: Template, lines: list[TextLine]) -> list[Finding]:
    """Rectangles that cut text at a border, and rectangles that hold a label."""
    findings = []
    anchors = [anchor.text for anchor in template.anchors]
    for spec in template.fields:
        left, top, right, bottom = spec.rect
        subject = f"field {spec.name!r}"
        for line in lines:
            ink = _ink(line)
            if ink.width <= 0 or ink.height <= 0 or ink.right <= left or ink.left >= right or ink.bottom <= top \
                    or ink.top >= bottom:
                continue
            cuts = [side for side, at, low, high, span in (
                ("left", left, ink.left, ink.right, ink.width), ("right", right, ink.left, ink.right, ink.width),
                ("top", top, ink.top, ink.bottom, ink.height), ("bottom", bottom, ink.top, ink.bottom, ink.height))
                if at - low >= CUT * span and high - at >= CUT * span]
            if cuts:
                findings.append(Finding("error", subject, f"cuts {line.text!r} at its {' and '.join(cuts)} border "
                                        f"(the text prints at {list(line.box)})"))
                continue
            if not spec.rect.holds_middle(line.box):
                continue
            label = line.text if known_label(line.text) or line.text.rstrip().endswith(":") or any(
                reads_as(line.text, text) >= 0.9 for text in anchors) else line.text[:label_end(line.text)]
            if label.strip():
                findings.append(Finding("error", subject, f"takes in the label {label.strip()!r} at "
                                        f"{list(line.box)}: a rectangle holds the value only"))
    return findings


def _overlaps(template: Template, lines: list[TextLine]) -> list[Finding]:
    findings = []
    for index, one in enumerate(template.fields):
        for other in template.fields[index + 1:]:
            a, b = one.rect, other.rect
            inter = Rect(max(a.left, b.left), max(a.top, b.top), min(a.right, b.right), min(a.bottom, b.bottom))
            if inter.width <= 0 or inter.height <= 0:
                continue
            shared = [line.text for line in lines if a.holds_middle(line.box) and b.holds_middle(line.box)]
            findings.append(Finding(
                "error" if shared else "warning", f"fields {one.name!r} and {other.name!r}",
                f"rectangles overlap at {list(inter)}" + (f" and both hold {shared[0]!r}" if shared else "")))
    return findings
