"""The real embedded engine on rendered cards, clean and damaged like phone photos."""

from __future__ import annotations

import random
import socket
import threading
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor import GeometryError, RecognizeRegionsRequest, Region, RequestError, Settings, extract
from extractor.fields import LOW_CONFIDENCE
from extractor.geometry import Rect
from extractor.images import LoadedImage, load_image
from extractor.recognizers.config import ENGINE
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.recognizers.enhance import estimate_skew
from extractor.recognizers.lines import Cleanup, _mark, faint_reach, own_lines, split_lines
from synth.cards import font
from synth.damage import damage
from tests.helpers import FIXTURES, make_card, read_raw

TEMPLATES = ["drivers_license_ca", "national_id_de", "residence_permit_eu"]


def wrong_fields(values: dict[str, str], fields: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {name: (value, fields[name]) for name, value in values.items() if fields[name] != value}


@pytest.mark.parametrize(
    ("template", "locale", "style"),
    [("national_id_de", "de", "green"), ("residence_permit_eu", "fr", "sand"),
     ("drivers_license_ca", "es", "blue"), ("residence_permit_eu", "es", "rose")],
)
def test_clean_cards_read_exactly_accents_included(embedded, template, locale, style):
    image, values = make_card(template, seed=11, locale=locale, style=style)
    fields = read_raw(image, template, recognizer=embedded)
    assert list(fields) == list(values)
    assert wrong_fields(values, fields) == {}


@pytest.mark.parametrize("kind", ["jpeg35", "scale0.6", "scale1.7", "noise", "low_contrast", "skew", "glare"])
def test_damaged_cards(embedded, kind):
    wrong, total = {}, 0
    for index, template in enumerate(TEMPLATES):
        image, values = make_card(template, seed=100 + index, locale=["de", "fr", "es"][index])
        image = damage(image, kind, random.Random(index))
        fields = read_raw(image, template, recognizer=embedded)
        wrong.update({f"{template}.{k}": v for k, v in wrong_fields(values, fields).items()})
        total += len(values)
    assert len(wrong) <= 1, wrong  # at most one field in the 31 of three cards


def test_rotate_reads_a_card_photographed_on_its_side(embedded):
    image, values = make_card("national_id_de", seed=5, locale="de")
    turned = image.rotate(-90, expand=True)  # card photographed turned 90 degrees clockwise
    assert read_raw(turned, "national_id_de", recognizer=embedded, rotate=90) == values


def test_blank_field_is_empty_string(embedded):
    image, values = make_card("national_id_de", seed=6, locale="fr")
    values["place_of_birth"] = ""
    from extractor import load_template
    from synth.cards import render_card

    image = render_card(load_template("national_id_de"), values, "blue", seed=6)
    assert extract(image, "national_id_de", recognizer=embedded)["place_of_birth"] == ""


def test_extraction_opens_no_network_connection(monkeypatch):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network use during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    fresh = EmbeddedRecognizer()  # loads its models now, under the guard
    image, values = make_card("drivers_license_ca", seed=3, locale="en")
    assert extract(image, "drivers_license_ca", recognizer=fresh)["last_name"] == values["last_name"]
    assert attempts == []


def test_concurrent_use_shares_one_model_load(monkeypatch):
    from extractor.recognizers.models import Models

    loads = []
    real_load = Models._load_recognizer
    monkeypatch.setattr(Models, "_load_recognizer", lambda self, latin: loads.append(latin) or real_load(self, latin))
    shared = EmbeddedRecognizer(threads=1)
    cards = [make_card("national_id_de", seed=20 + i, locale="de") for i in range(4)]
    results: list[dict[str, str] | None] = [None] * len(cards)

    def read(index: int) -> None:
        results[index] = read_raw(cards[index][0], "national_id_de", recognizer=shared)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(len(cards))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == [True]
    assert results == [values for _, values in cards]


def test_unsupported_language_is_a_request_error(embedded):
    request = RecognizeRegionsRequest(load_image(Image.new("RGB", (50, 50))), Settings(language="Russian"),
                                      (Region(0, Rect(0, 0, 10, 10)),))
    with pytest.raises(RequestError, match="'Russian' is not read by the embedded engine"):
        embedded.recognize(request)


def test_region_outside_image_is_a_geometry_error(embedded):
    request = RecognizeRegionsRequest(load_image(Image.new("RGB", (50, 40))), Settings(),
                                      (Region(0, Rect(0, 0, 10, 10)), Region(4, Rect(30, 30, 60, 40))))
    with pytest.raises(GeometryError, match="region with order 4: rect .* outside the 50x40 image"):
        embedded.recognize(request)


def test_wire_bytes_are_decoded_safely(embedded):
    request = RecognizeRegionsRequest(b"not an image", Settings(), (Region(0, Rect(0, 0, 1, 1)),))
    with pytest.raises(ValueError, match="request image: not an image"):
        embedded.recognize(request)


@pytest.mark.parametrize("angle", [-3.0, -1.5, 2.0, 3.0])
def test_skew_is_measured(angle):
    image, _ = make_card("drivers_license_ca", seed=2)
    import cv2
    import numpy as np

    tilted = cv2.cvtColor(np.asarray(damage_skew(image, angle)), cv2.COLOR_RGB2BGR)
    assert estimate_skew(tilted) == pytest.approx(angle, abs=0.5)


def damage_skew(image: Image.Image, angle: float) -> Image.Image:
    from synth.damage import skew

    return skew(image, angle)


def test_split_lines_finds_two_lines_and_blank():
    import numpy as np
    from PIL import ImageDraw, ImageFont

    from synth.cards import font

    crop = Image.new("RGB", (400, 90), (240, 240, 240))
    draw = ImageDraw.Draw(crop)
    face: ImageFont.FreeTypeFont = font("DejaVuSans.ttf", 24)
    draw.text((10, 8), "FIRST LINE", font=face, fill=(0, 0, 0))
    draw.text((10, 50), "SECOND", font=face, fill=(0, 0, 0))
    boxes = split_lines(np.asarray(crop)[:, :, ::-1])
    assert len(boxes) == 2 and boxes[0].bottom < boxes[1].top
    assert split_lines(np.full((40, 300, 3), 200, np.uint8)) == []


def test_case_is_made_consistent_inside_upper_case_words():
    import numpy as np

    from extractor.recognizers.lines import Line
    from extractor.recognizers.recognition import LineRead
    from extractor.recognizers.repair import line_text

    def text(chars: str) -> str:
        read = LineRead(tuple(chars), tuple(float(10 * i) for i in range(len(chars))), (1.0,) * len(chars))
        return line_text(Line(np.full((48, 400), 255, np.uint8), 30.0), read)

    assert text("ANAïS") == "ANAÏS"
    assert text("sÖREN") == "SÖREN"
    assert text("ÖZDEMiR") == "ÖZDEMİR"  # the dot over its stem makes it İ, not I
    assert text("201 lb") == "201 lb"  # a lower-case word stays
    assert text("LoïC") == "LOÏC"  # small letters that differ from their capitals in size only, or marked
    assert text("McDonald") == "McDonald" and text("MacLEOD") == "MacLEOD"  # mixed case stays
    assert text("WEIß") == "WEIß" and text("WEIßx") == "WEIßX"


def test_a_look_alike_letter_inside_a_number_is_a_digit_but_a_code_s_digit_stays():
    from extractor.recognizers.lines import Line
    from extractor.recognizers.recognition import LineRead
    from extractor.recognizers.repair import line_text

    def text(chars: str) -> str:
        read = LineRead(tuple(chars), tuple(float(10 * i) for i in range(len(chars))), (1.0,) * len(chars))
        return line_text(Line(np.full((48, 400), 255, np.uint8), 30.0), read)

    assert text("8327O15") == "8327015"
    assert text("D5824163") == "D5824163"  # a code's first letter
    assert text("GHE8FVKVZ") == "GHE8FVKVZ"  # a passport number's one digit among capitals
    assert text("ZRUWDH0HG") == "ZRUWDH0HG"


def test_a_look_alike_digit_in_a_word_of_small_letters_is_a_letter():
    from extractor.recognizers.lines import Line
    from extractor.recognizers.recognition import LineRead
    from extractor.recognizers.repair import line_text

    def text(chars: str) -> str:
        read = LineRead(tuple(chars), tuple(float(10 * i) for i in range(len(chars))), (1.0,) * len(chars))
        return line_text(Line(np.full((48, 400), 255, np.uint8), 30.0), read)

    assert text("2231 0slo") == "2231 Oslo"  # a monospaced O read as 0 (fresh pool, document 46)
    assert text("Mi1ano") == "Milano" and text("Ka5per") == "Kasper"
    assert text("1st") == "1st" and text("2ème") == "2ème"  # ordinals
    assert text("0SLO") == "0SLO" and text("ZPCU0VA7C") == "ZPCU0VA7C"  # capitals: codes are left as read
    assert text("MÖ1ler") == "MÖ1ler" and text("km2") == "km2"


def test_a_short_word_in_a_wide_field_under_uneven_light_is_read(embedded):
    # from a hard phone photo: the ground's two halves are the crop's two tones, the word a speck
    crop = Image.open(FIXTURES / "short_word_falling_light.png").convert("RGB")
    bgr = np.asarray(crop)[:, :, ::-1]
    # the ground's two tones hide the word from the tone split, but it is a letter-tall dark mark:
    # the mark is the crop's line, levelled or not
    for boxes in (split_lines(bgr), split_lines(bgr, level_ground=True)):
        assert boxes is not None and len(boxes) == 1
        assert boxes[0].left < 20 and boxes[0].right > 60 and boxes[0].top >= 10 and boxes[0].bottom <= 45
    regions = (Region(0, Rect(0, 0, *crop.size)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(crop), Settings(), regions))[0].text == "UWE"
    plain = Settings(make_contrast_correction=False)  # found as a mark, it is read without levelling too
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(crop), plain, regions))[0].text == "UWE"


@pytest.mark.parametrize("seed", range(1, 13))
def test_a_signature_beside_a_value_in_its_rectangle_is_left_out(embedded, seed):
    # a signature or a seal often reaches into the rectangle of a neighbouring field
    from PIL import ImageDraw, ImageFont

    from synth.security import signature_strokes

    crop = Image.new("RGB", (520, 64), (236, 240, 230))
    draw = ImageDraw.Draw(crop)
    draw.text((10, 16), "A1 A C1E", font=ImageFont.truetype("DejaVuSans-Bold.ttf", 26), fill=(30, 30, 60))
    for stroke in signature_strokes((250, 4, 510, 62), random.Random(seed)):
        draw.line(stroke, fill=(28, 28, 90), width=3, joint="curve")
    regions = (Region(0, Rect(0, 0, *crop.size)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(crop), Settings(), regions))[0].text == "A1 A C1E"


def test_a_space_the_model_half_saw_after_a_comma_is_kept():
    from extractor.recognizers.lines import Line
    from extractor.recognizers.recognition import LineRead
    from extractor.recognizers.repair import line_text

    def text(chars: str, space_after_comma: float) -> str:
        spaces = tuple(space_after_comma if c == "," else 0.0 for c in chars)
        read = LineRead(tuple(chars), tuple(float(10 * i) for i in range(len(chars))), (1.0,) * len(chars), spaces)
        return line_text(Line(np.full((48, 400), 255, np.uint8), 30.0), read)

    assert text("01,78", 0.43) == "01, 78"  # restriction codes, as a development-pool scan read them
    assert text("1,000", 0.0) == "1,000"
    assert text("A,B", 0.43) == "A, B"


@pytest.mark.parametrize("letter", ["F", "M", "7"])
def test_a_lone_letter_on_a_patterned_ground_is_read(embedded, letter):
    # a sex or class field: one letter is a few per cent of a rectangle crossed by a rosette's
    # rays, lit unevenly (as the development pool's photos showed: read as blank before)
    import math

    from PIL import ImageDraw, ImageFilter, ImageFont

    crop = Image.new("RGB", (330, 45), (226, 228, 222))
    draw = ImageDraw.Draw(crop)
    for degrees in range(0, 180, 4):
        ray = math.radians(degrees)
        draw.line((600, 200, 600 - 900 * math.cos(ray), 200 - 900 * math.sin(ray)), fill=(212, 214, 208))
    draw.text((18, 14), letter, font=ImageFont.truetype("DejaVuSans-Bold.ttf", 17), fill=(35, 35, 35))
    pixels = np.asarray(crop.filter(ImageFilter.GaussianBlur(0.8))).astype(np.int16)
    pixels += np.linspace(18, 0, crop.width)[None, :, None].astype(np.int16)  # light falling off
    pixels += np.random.default_rng(0).normal(0, 3, pixels.shape).astype(np.int16)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    regions = (Region(0, Rect(0, 0, *crop.size)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(photo), Settings(), regions))[0].text == letter
    assert split_lines(np.full((45, 330, 3), 226, np.uint8), level_ground=True) == []  # blank stays blank


def test_a_lone_letter_over_a_watermark_is_read(embedded):
    # a sex field over a specimen's big pale watermark (development pool, design 25): Otsu
    # splits the watermark from the ground, detection finds no line, so the letter's own dark
    # blot is read (every scan of this design read F as blank before)
    import random

    from synth.designs import design, flatten

    chosen = design(25)
    values = chosen.values(random.Random("dev/25/values"))
    card = flatten(chosen.render(values, seed=25))
    rect = Rect(*next(spec.rect for spec in chosen.template.fields if spec.name == "sex"))
    regions = (Region(0, rect),)
    read = embedded.recognize(RecognizeRegionsRequest(LoadedImage(card), Settings(), regions))[0]
    assert values["sex"] == "F" and read.text == "F"


def test_small_letters_beside_the_tall_marks_are_the_same_line(embedded):
    # "178 cm" scanned at 0.6x on a washed guilloche (development pool, design 1): the crop looks
    # blank to Otsu, the digits' blots were read alone and "cm", x-height letters, was lost
    import random

    from synth.damage import damage
    from synth.designs import DEV_SEEDS, design, flatten

    chosen = design(DEV_SEEDS[1])
    values = chosen.values(random.Random("dev/1/values"))
    scan = damage(flatten(chosen.render(values, seed=1)), "scale0.6", random.Random("dev/1/scale0.6"))
    scale = scan.width / chosen.template.width
    rect = Rect(*(round(v * scale) for v in next(s.rect for s in chosen.template.fields if s.name == "height")))
    read = embedded.recognize(RecognizeRegionsRequest(LoadedImage(scan), Settings(), (Region(0, rect),)))[0]
    assert values["height"] == "178 cm" and read.text == "178 cm"


def test_skew_correction_reads_regions_of_the_levelled_image(embedded):
    """With `makeSkewCorrect` the regions are cut from the image levelled about its centre (the
    meaning chosen and documented): a template's rectangles of the straight document read a
    scan tilted in its frame, even far from the centre, where a 4 degree turn moves text ~40 px."""
    from PIL import ImageDraw

    from synth.cards import font

    page = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(page)
    face = font("DejaVuSans.ttf", 34)
    words = {(60, 60): "NORTHWEST 2741", (800, 690): "SOUTHEAST 9130"}
    for (x, y), text in words.items():
        draw.text((x, y), text, fill="black", font=face)
    for row in range(6):  # lines enough for the skew to be measured
        draw.text((300, 200 + 70 * row), "THE QUICK BROWN FOX 12345", fill="black", font=face)
    regions = []
    for order, ((x, y), text) in enumerate(words.items()):
        left, top, right, bottom = draw.textbbox((x, y), text, font=face)
        regions.append(Region(order, Rect(left - 8, top - 8, right + 8, bottom + 8)))
    tilted = page.rotate(4.0, resample=Image.Resampling.BICUBIC, fillcolor="white")
    levelled = RecognizeRegionsRequest(load_image(tilted), Settings(make_skew_correct=True), tuple(regions))
    assert [result.text for result in embedded.recognize(levelled)] == list(words.values())
    as_sent = RecognizeRegionsRequest(load_image(tilted), Settings(make_skew_correct=False), tuple(regions))
    assert [result.text for result in embedded.recognize(as_sent)] != list(words.values())


@pytest.mark.parametrize(("word", "washed_right"), [("PIOTR", True), ("PROCHÁZKOVÁ", False)])
def test_letters_a_highlight_washed_out_at_a_line_s_end_are_read(embedded, word, washed_right):
    # a specular highlight over one end of a value (development pool glare: PIOT for PIOTR,
    # ROCHÁZKOVÁ for PROCHÁZKOVÁ): the tone split leaves the faint letters out of the line
    from PIL import ImageFont

    face = ImageFont.truetype("DejaVuSerif.ttf", 26)
    crop = Image.new("RGB", (420, 52), (255, 255, 255))
    ImageDraw.Draw(crop).text((14, 12), word, font=face, fill=(40, 40, 40))
    washed_end = 14 + face.getlength(word) if washed_right else 14  # the highlight's middle
    weight = 0.93 * np.exp(-((np.linspace(0, 1, crop.width) - washed_end / crop.width) / 0.12) ** 2)
    pixels = np.asarray(crop, np.float32)
    washed = pixels * (1 - weight[None, :, None]) + 255 * weight[None, :, None]
    photo = Image.fromarray(np.clip(washed, 0, 255).astype(np.uint8))
    regions = (Region(0, Rect(0, 0, *crop.size)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(photo), Settings(), regions))[0].text == word


def test_words_a_highlight_washed_out_a_monospaced_word_space_away_are_read(embedded):
    # development pool glare: PARA TRABAJO for SOLO PARA TRABAJO, in a monospaced face whose word
    # space leaves a blank wider than its capitals are tall between the faint words
    from synth.cards import font

    crop = Image.new("RGB", (560, 46), (252, 252, 250))
    draw = ImageDraw.Draw(crop)
    face = font("LiberationMono-Bold.ttf", 24)
    draw.text((12, 10), "SOLO PARA", font=face, fill=(226, 196, 200))
    draw.text((12 + face.getlength("SOLO PARA "), 10), "TRABAJO", font=face, fill=(120, 50, 60))
    regions = (Region(0, Rect(0, 0, *crop.size)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(crop), Settings(), regions))[0].text == (
        "SOLO PARA TRABAJO")


def test_letters_a_highlight_faded_to_a_trace_on_a_plain_ground_are_read(embedded):
    # development pool glare: MARY ELIZ for MARY ELIZABETH, the name's last letters 7-10 grey
    # levels under a blank ground; on a patterned ground strokes as deep are no letters
    def crop(patterned: bool) -> Image.Image:
        image = Image.new("RGB", (620, 46), (250, 250, 248))
        draw = ImageDraw.Draw(image)
        if patterned:
            for x in range(0, 620, 5):
                draw.line((x, 0, x + 40, 46), fill=(240, 240, 238), width=1)
        face = font("LiberationMono-Bold.ttf", 24)
        draw.text((12, 10), "MARY", font=face, fill=(120, 50, 60))
        draw.text((12 + face.getlength("MARY "), 10), "ELIZABETH", font=face, fill=(241, 241, 239))
        return image

    plain = np.asarray(crop(False))[:, :, ::-1].copy()
    boxes = split_lines(plain, level_ground=True)
    assert boxes is not None and len(boxes) == 1 and boxes[0].right < 80
    reach = faint_reach(plain, boxes[0])
    assert reach is not None and reach.right > 200
    regions = (Region(0, Rect(0, 0, 620, 46)),)
    assert embedded.recognize(RecognizeRegionsRequest(LoadedImage(crop(False)), Settings(), regions))[0].text == (
        "MARY ELIZABETH")
    patterned = np.asarray(crop(True))[:, :, ::-1].copy()
    boxes = split_lines(patterned, level_ground=True)
    assert boxes is not None and len(boxes) == 1 and faint_reach(patterned, boxes[0]) is None


def test_what_a_widened_line_adds_is_told_with_how_surely_it_was_read():
    from extractor.recognizers.embedded import _added
    from extractor.recognizers.recognition import LineRead

    def read(text: str, *probabilities: float) -> LineRead:
        return LineRead(tuple(text), tuple(float(i) for i in range(len(text))),
                        probabilities or (0.99,) * len(text))

    assert _added(read("PIOT"), read("PIOTR")) == [0.99]
    assert _added(read("ROCHÁZKOVÁ"), read("PROCHÁZKOVÁ")) == [0.99]
    assert _added(read("PIOI"), read("PIOTR")) == [0.99, 0.99]  # the letter the end cut, read as another
    assert _added(read("PIOT"), read("PIOTR", 0.99, 0.99, 0.99, 0.99, 0.6)) == [0.6]  # read unsurely
    assert _added(read("PIOTR"), read("PIOTR")) is None
    assert _added(read("MAIN ST"), read("MAIM STREET")) is None  # a changed line: not the same line


def printed_word(word: str, file: str, size: int, blur: float) -> LoadedImage:
    image = Image.new("L", (420, 60), 235)
    ImageDraw.Draw(image).text((10, 18), word, font=font(file, size), fill=40)
    return LoadedImage(Image.fromarray(cv2.GaussianBlur(np.asarray(image), (0, 0), blur)).convert("RGB"))


def test_a_reading_that_changes_with_where_its_line_is_cut_is_unsure(embedded):
    # small and blurred, the diaeresis is read as another mark or not as the line is cut with more
    # or less room above it
    request = RecognizeRegionsRequest(printed_word("CHLOË", "DejaVuSans.ttf", 13, 0.8), Settings(),
                                      (Region(0, Rect(0, 0, 420, 60)),))
    read = embedded.recognize(request)[0]
    assert read.evidence.get("unsteady") == 1.0
    assert read.confidence <= ENGINE.unsteady < LOW_CONFIDENCE
    once = EmbeddedRecognizer(config=replace(ENGINE, steady_below=0.0)).recognize(request)[0]
    assert "unsteady" not in once.evidence  # read once, it is not found so
    # read CHLOÊ, which no list knows, it is spelt as the known CHLOÉ (`Lexicon.mended`): only
    # the cuts' raw readings, which differ, show that its mark was not seen plainly
    assert once.text == read.text == "CHLOÉ" and "misread_word" not in once.evidence


def test_a_reading_the_second_cut_confirms_keeps_its_confidence(embedded):
    request = RecognizeRegionsRequest(printed_word("KATERINA", "LiberationSans-Regular.ttf", 13, 0.8), Settings(),
                                      (Region(0, Rect(0, 0, 420, 60)),))
    steady = EmbeddedRecognizer(config=replace(ENGINE, steady_below=1.01)).recognize(request)[0]
    assert steady.text == "KATERINA" and "unsteady" not in steady.evidence
    assert steady.confidence == embedded.recognize(request)[0].confidence


def test_a_code_whose_zero_the_model_took_for_an_o_as_well_is_unsure(embedded):
    # a generated card's document number ZPCU0VA7C, whose face draws 0 and O alike: read
    # ZPCUOVA7C, the O given 0.73 and the 0 0.27, it had passed as sure
    image = load_image(str(FIXTURES / "a_code_with_a_zero_like_an_o.png"))
    request = RecognizeRegionsRequest(image, Settings(), (Region(0, Rect(0, 0, *image.size)),))
    read = embedded.recognize(request)[0]
    assert read.text == "ZPCUOVA7C" and read.evidence["code_rival"] >= ENGINE.code_rival
    assert read.confidence <= ENGINE.unsteady < LOW_CONFIDENCE
    trusting = EmbeddedRecognizer(config=replace(ENGINE, code_rival=1.01)).recognize(request)[0]
    assert trusting.text == read.text and trusting.confidence > LOW_CONFIDENCE


@pytest.mark.parametrize(("printed", "misread"), [("VALID WITH PASSPORT", False), ("VALID WITH PASSPCRT", True)])
def test_a_word_of_no_language_one_letter_from_a_common_one_is_unsure(embedded, printed, misread):
    # read surely as printed: the model cannot tell a misprint from the misread a blurred O makes
    request = RecognizeRegionsRequest(printed_word(printed, "LiberationSans-Regular.ttf", 22, 0.4), Settings(),
                                      (Region(0, Rect(0, 0, 420, 60)),))
    read = embedded.recognize(request)[0]
    assert read.text == printed
    assert (read.evidence.get("misread_word") == 1.0) is misread
    assert (read.confidence <= ENGINE.unsteady) is misread and (read.confidence > LOW_CONFIDENCE) is not misread


def test_two_lines_of_small_print_set_solid_are_read_as_two(embedded):
    # a generated card's address at 0.6x: its lines parted by one blank row, the lower one on a
    # watermark's edge. Merged, they read as the first alone; levelled (the watermark made the
    # crop look washed out), the pattern hid both from the tone split, the top line's letters
    # were taken for a lone mark, and "7294 Lillehammer" was lost while the value passed as sure
    bgr = cv2.imread(str(FIXTURES / "two_lines_of_small_print_set_solid.png"))
    for level_ground in (False, True):
        first, second = split_lines(bgr, level_ground=level_ground) or []
        assert first.bottom <= second.top
    assert _mark(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)) is None  # letters in other rows: no lone mark
    region = Region(0, Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = embedded.read_regions(bgr, [region], Cleanup(), True)
    assert result.text.split("\n")[1] == "7294 Lillehammer"


def test_a_signature_reaching_into_a_fields_corner_is_no_part_of_its_value(embedded):
    # a generated card's place of birth with the holder's signature across the rectangle's top
    # right corner: read unsurely as one line, the crop went to detection, which found the
    # signature as a line of its own ("10000000)", read as surely as the accented value) and
    # gave "10000000) PLZEŇ"
    bgr = cv2.imread(str(FIXTURES / "a_value_with_a_signature_across_its_corner.png"))
    pad = max(4, bgr.shape[0] // 6)
    padded = cv2.copyMakeBorder(bgr, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    found = embedded.models.detect(padded)
    kept = own_lines(found, padded.shape[0])
    assert len(found) == 2 and len(kept) == 1 and kept[0][:, 0].max() < padded.shape[1] / 2
    region = Region(0, Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = embedded.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == "PLZEŇ"


def test_a_stroked_o_run_together_with_its_neighbours_is_read_with_its_stroke(embedded):
    # a generated card's surname in a bold slab face, 12 px high: L, Ø and K touch, and the
    # model gave Ø 0.23 beside O 0.73. The stroke parts the O's bowl in two plainly, but the
    # letter was not looked at, being run together, and LOKKEN came back
    bgr = cv2.imread(str(FIXTURES / "a_stroked_o_run_together_with_its_neighbours.png"))
    region = Region(0, Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = embedded.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == "LØKKEN"


@pytest.mark.parametrize(("fixture", "value"), [("a_date_a_highlight_paled_on_hatching.png", "03/14/1960"),
                                                ("a_lone_letter_a_highlight_paled_on_a_hologram.png", "M")])
def test_a_value_a_highlight_paled_until_the_crop_looks_blank_is_read(embedded, fixture, value):
    # glare-spotted development-pool scans: a date paled to 10-40 levels under its ground on
    # pink hatching, a sex M under a hologram's patch; to the tone split each crop looks blank,
    # and the field had been read as nothing, surely. Detection decides where a crop looks blank
    bgr = cv2.imread(str(FIXTURES / fixture))
    assert split_lines(bgr, level_ground=True) == []
    region = Region(0, Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = embedded.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == value


def test_a_lone_capital_of_tiny_print_is_a_line(embedded):
    # a development-pool scan at 0.42x: the sex F, 5 pixels tall, keeps 4 rows once specks are
    # opened away, and had been taken for specks: the field read as nothing, surely
    bgr = cv2.imread(str(FIXTURES / "a_lone_capital_of_tiny_print.png"))
    (line,) = split_lines(bgr, level_ground=True) or []
    assert line.left <= 4 and line.right >= 8
    region = Region(0, Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = embedded.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == "F"
    assert split_lines(np.full((13, 136, 3), 238, np.uint8), level_ground=True) == []  # blank stays blank
