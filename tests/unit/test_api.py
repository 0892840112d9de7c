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


def test_an_extractor_aligns_and_reads_with_the_engines_it_is_given(monkeypatch):
    from extractor import Extractor
    from extractor.recognizers.fake import FakeVision
    from extractor.recognizers.models import Models

    def no_model(*_args, **_kwargs):
        raise AssertionError("a model was loaded although both engines were given")

    monkeypatch.setattr(Models, "_session", no_model)

    def line(left: int, top: int, right: int, bottom: int) -> list[list[int]]:
        return [[left, top], [right, top], [right, bottom], [left, bottom]]

    vision = FakeVision([line(44, 42, 156, 78), line(204, 124, 356, 176)])  # the fields' lines, 4x the template
    fake = FakeRecognizer({7: "JÜRGEN", 1: "MÜLLER"})
    extraction = Extractor(fake, vision=vision).read(Image.new("RGB", (400, 200), "white"), TEMPLATE)
    assert extraction.values() == {"b": "JÜRGEN", "a": "MÜLLER"}
    assert extraction.alignment is not None and extraction.alignment.method == "scan"
    assert vision.calls["detect"] >= 1
    assert [r.rect for r in fake.requests[0].sorted_regions()] == [Rect(200, 120, 360, 180), Rect(40, 40, 160, 80)]
    # the fields sit where alignment put them: no recognizer-side levelling may move the text off them
    assert fake.requests[0].settings.make_skew_correct is False


def test_module_level_read_and_extract_delegate_to_the_default_extractor():
    from extractor import default_extractor

    assert default_extractor() is default_extractor()
    fake = FakeRecognizer(["X", "Y"])
    assert extract(Image.new("RGB", (100, 50)), TEMPLATE, recognizer=fake, align=False) == {"b": "Y", "a": "X"}


def test_the_engines_implement_their_protocols():
    from extractor.recognizers import Recognizer, ServedRecognizer, Vision
    from extractor.recognizers.embedded import EmbeddedRecognizer
    from extractor.recognizers.fake import FakeVision
    from extractor.recognizers.http import HttpRecognizer
    from extractor.recognizers.models import Models

    assert isinstance(EmbeddedRecognizer(), ServedRecognizer)  # what the server serves
    assert isinstance(HttpRecognizer("http://127.0.0.1:9", "id", "secret"), Recognizer)
    assert not isinstance(FakeRecognizer(), ServedRecognizer)
    assert isinstance(Models(1), Vision) and isinstance(FakeVision(), Vision)


def test_the_package_loads_its_engine_only_when_used():
    import subprocess
    import sys

    probe = ("import sys, extractor, extractor.fields, extractor.template\n"
             "heavy = [m for m in ('cv2', 'onnxruntime', 'extractor.alignment', 'extractor.api') if m in sys.modules]\n"
             "assert not heavy, heavy\n"
             "from extractor import Extractor, read\n"
             "assert 'extractor.api' in sys.modules and read is sys.modules['extractor.api'].read\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
