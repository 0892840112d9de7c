from __future__ import annotations

import base64
import json

import pytest
from PIL import Image

from extractor import RecognizeRegionsRequest, Region, RequestError, Settings
from extractor.geometry import Rect
from extractor.images import load_image

IMAGE = b"\x89PNG fake bytes"


def wire_body(**settings) -> dict:
    body = {"image": base64.b64encode(IMAGE).decode(),
            "settings": {"regions": [{"order": 0, "rect": {"topLeftX": 20, "topLeftY": 40,
                                                           "bottomRightX": 300, "bottomRightY": 80}}]}}
    body["settings"].update(settings)
    return body


def test_to_json_is_the_exact_wire_body():
    request = RecognizeRegionsRequest(IMAGE, Settings(rotate=90), (Region(0, Rect(20, 40, 300, 80)),))
    assert json.loads(request.to_json()) == {
        "image": base64.b64encode(IMAGE).decode(),
        "settings": {
            "language": "English", "makeSkewCorrect": True, "rotate": 90, "makeBinarization": False,
            "makeContrastCorrection": True, "makeUpsampling": False, "makeSpellCheck": False,
            "dsrMode": "Regions", "dsrConfidence": "Default", "resultType": "Text",
            "regions": [{"order": 0, "rect": {"topLeftX": 20, "topLeftY": 40,
                                              "bottomRightX": 300, "bottomRightY": 80}}],
        },
    }


def test_round_trip():
    request = RecognizeRegionsRequest(
        IMAGE, Settings(language="German", make_upsampling=True),
        (Region(3, Rect(1, 2, 3, 4)), Region(1, Rect(5, 6, 7, 8))),
    )
    assert RecognizeRegionsRequest.from_json(request.to_json()) == request
    assert [r.order for r in request.sorted_regions()] == [1, 3]


def test_defaults_when_settings_absent_and_sdk_rotate_spelling():
    parsed = RecognizeRegionsRequest.from_json(json.dumps(wire_body(Rotate=180)))
    assert parsed.settings == Settings(rotate=180)
    assert parsed.image == IMAGE


def test_decoded_image_is_encoded_only_for_the_wire():
    loaded = load_image(Image.new("RGB", (5, 5)))
    request = RecognizeRegionsRequest(loaded, Settings(), (Region(0, Rect(0, 0, 5, 5)),))
    png = base64.b64decode(json.loads(request.to_json())["image"])
    assert load_image(png).size == (5, 5)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "malformed JSON"),
        (json.dumps({"image": "!!!notbase64", "settings": wire_body()["settings"]}),
         "image: not valid base64"),
        (json.dumps(wire_body(language="Klingon")), "settings.language"),
        (json.dumps(wire_body(resultType="text")), "settings.resultType"),
        (json.dumps(wire_body(makeSkewCorrect="yes")), "settings.makeSkewCorrect"),
        (json.dumps(wire_body(colour=True)), "colour"),
        (json.dumps({"settings": wire_body()["settings"]}), "'image' is a required property"),
        (json.dumps(wire_body(regions=[])), "settings.regions"),
        (json.dumps(wire_body(regions=[{"order": 0, "rect": {"topLeftX": 1}}])), "settings.regions.0.rect"),
        (json.dumps(wire_body(regions=[{"order": -1, "rect": {"topLeftX": 1, "topLeftY": 1,
                                                              "bottomRightX": 2, "bottomRightY": 2}}])),
         "settings.regions.0.order"),
        (json.dumps(wire_body(rotate=90, Rotate=180)), "disagree"),
    ],
)
def test_bad_requests_name_the_field(body, fragment):
    with pytest.raises(RequestError) as caught:
        RecognizeRegionsRequest.from_json(body)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_duplicate_orders_rejected():
    region = {"order": 0, "rect": {"topLeftX": 1, "topLeftY": 1, "bottomRightX": 2, "bottomRightY": 2}}
    with pytest.raises(RequestError, match="share one order"):
        RecognizeRegionsRequest.from_json(json.dumps(wire_body(regions=[region, region])))


def test_settings_updated_validates_and_ignores_none():
    settings = Settings().updated(rotate=None, language="French")
    assert settings.language == "French" and settings.rotate == 0
    with pytest.raises(RequestError, match="language"):
        Settings().updated(language="Elvish")
    with pytest.raises(RequestError, match="unknown setting"):
        Settings().updated(colour=True)
