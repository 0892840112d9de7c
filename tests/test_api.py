"""The pipeline wiring, with a scripted recognizer standing in for OCR."""

from __future__ import annotations

import base64

import pytest
from PIL import Image

from extractor import RecognizerError, Template, extract
from extractor.fields import map_fields, normalize_text
from extractor.geometry import Rect
from extractor.recognizers import RegionResult
from extractor.recognizers.fake import FakeRecognizer

TEMPLATE = Template.from_dict(
    {
        "name": "tiny",
        "reference": {"width": 100, "height": 50},
        "settings": {"language": "German", "makeUpsampling": True},
        "fields": [
            {"name": "b", "rect": [10, 10, 40, 20], "order": 7},
            {"name": "a", "rect": [50, 30, 90, 45]},
        ],
    }
)


def test_one_request_with_scaled_ordered_regions():
    fake = FakeRecognizer({7: "  Jürgen \n Müller ", 1: ""})
    fields = extract(Image.new("RGB", (200, 100)), TEMPLATE, recognizer=fake, align=False)
    assert fields == {"b": "Jürgen Müller", "a": ""}
    assert len(fake.requests) == 1
    request = fake.requests[0]
    assert [(r.order, r.rect) for r in request.sorted_regions()] == [
        (1, Rect(100, 60, 180, 90)), (7, Rect(20, 20, 80, 40))]


def test_settings_precedence_defaults_template_call():
    fake = FakeRecognizer()
    extract(Image.new("RGB", (100, 50)), TEMPLATE, recognizer=fake, language="French", align=False)
    settings = fake.requests[0].settings
    assert settings.language == "French"  # call beats template
    assert settings.make_upsampling is True  # template beats default
    assert settings.make_skew_correct is True  # protocol default


def test_rotate_scales_to_the_rotated_image():
    fake = FakeRecognizer()
    extract(Image.new("RGB", (50, 100)), TEMPLATE, recognizer=fake, rotate=90, align=False)
    request = fake.requests[0]
    assert request.settings.rotate == 90
    assert request.sorted_regions()[0].rect == Rect(50, 30, 90, 45)


def test_no_base64_on_the_embedded_path(monkeypatch):
    def forbidden(*_args, **_kwargs):
        raise AssertionError("base64 used although nothing crossed a wire")

    monkeypatch.setattr(base64, "b64encode", forbidden)
    monkeypatch.setattr(base64, "b64decode", forbidden)
    extract(Image.new("RGB", (100, 50)), TEMPLATE, recognizer=FakeRecognizer(), align=False)


def test_missing_result_is_an_error():
    with pytest.raises(RecognizerError, match="no result for field"):
        map_fields(TEMPLATE, (), [RegionResult(7, "x")], "English")


def test_whitespace_normalised():
    assert normalize_text(" A\t B\n\nC ") == "A B C"
    assert normalize_text("\n") == ""
