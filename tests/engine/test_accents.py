"""Accents told from the ink: the mark over or under a capital, in every bundled face, and the
engine reading accented capitals its model alone misreads."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.geometry import Rect
from extractor.recognizers import accents
from extractor.recognizers.embedded import EmbeddedRecognizer
from extractor.recognizers.lines import Cleanup, line_image, split_lines
from extractor.recognizers.recognition import LineRead
from extractor.request import Region
from synth.cards import font
from synth.typefaces import FAMILIES, TEXT_FAMILIES
from tests.helpers import FIXTURES

SEEN = {
    "E": ("none", False), "É": ("acute", False), "È": ("grave", False), "Ě": ("cup", False),
    "Â": ("roof", False), "Ä": ("dots", False), "Å": ("ring", False), "Ů": ("ring", False),
    "Ż": ("dot", False), "Ç": ("none", True), "Ş": ("none", True), "Ę": ("none", True),
    "Ň": ("cup", False), "Ú": ("acute", False),
}


def letter_line(letter: str, file: str, size: int, blur: float = 0.0) -> tuple[np.ndarray, float]:
    """The line image of `letter` between two H's, as the engine cuts it, and the letter's column."""
    image = Image.new("L", (300, 120), 235)
    ImageDraw.Draw(image).text((20, 30), f"H{letter}H", font=font(file, size), fill=25)
    printed = np.asarray(image)
    if blur:
        printed = cv2.GaussianBlur(printed, (0, 0), blur)
    bgr = np.repeat(printed[:, :, None], 3, axis=2)
    (box,) = split_lines(bgr) or []
    line = line_image(bgr, box, Cleanup()).image
    inked = np.flatnonzero((line < 128).any(axis=0))
    return line, (inked[0] + inked[-1]) / 2


def test_the_mark_over_or_under_a_capital_is_seen_right_in_every_face():
    seen = wrong = 0
    for name in TEXT_FAMILIES:
        for bold in (False, True):
            for size in (30, 40):
                for letter, marks in SEEN.items():
                    line, column = letter_line(letter, FAMILIES[name].file(bold), size)
                    ink = accents._ink(line)
                    capitals = accents._capitals(ink)
                    assert capitals is not None
                    found = accents._seen_marks(ink, capitals, column)
                    seen += found is not None
                    if found is not None and found != marks:
                        wrong += 1
                        print(name, bold, size, letter, found)
    total = len(TEXT_FAMILIES) * 4 * len(SEEN)
    assert wrong == 0
    assert seen >= 0.9 * total  # unclear marks leave the model's choice: rare at these sizes


@pytest.mark.parametrize("letter", ["Ã", "Ñ", "Õ", "Ā", "Ő"])
def test_a_tilde_a_bar_or_a_double_acute_is_never_taken_for_another_mark(letter):
    for name in TEXT_FAMILIES:
        for bold in (False, True):
            line, column = letter_line(letter, FAMILIES[name].file(bold), 30)
            ink = accents._ink(line)
            found = accents._seen_marks(ink, accents._capitals(ink), column)
            assert found is None or letter == "Ő" or found == ("none", False), (name, bold, found)


def test_a_stroke_through_a_letter_is_seen_in_most_faces_and_never_on_the_plain_letter():
    seen = judged = 0
    for name in TEXT_FAMILIES:
        for bold in (False, True):
            for size in (20, 30):
                for stroked, plain in accents.STROKED.items():
                    if plain == "H":
                        continue  # Ħ: not judged
                    for letter in (stroked, plain):
                        line, column = letter_line(letter, FAMILIES[name].file(bold), size)
                        capitals = accents._capitals(accents._ink(line))
                        assert capitals is not None
                        found = accents._stroke_seen(capitals, column, (), plain)
                        assert not (found and letter == plain), (name, bold, size, letter)
                        seen += found
                        judged += letter == stroked
    assert seen >= 0.9 * judged  # a stroke not seen leaves the model's choice


def read_as(letter: str, options: tuple[tuple[str, float], ...], file: str = "LiberationSerif-Regular.ttf",
            size: int = 36, blur: float = 0.0) -> LineRead:
    line, column = letter_line(letter, file, size, blur)
    inked = np.flatnonzero((line < 128).any(axis=0))
    step = (inked[-1] - inked[0]) / 3
    columns = (inked[0] + step / 2, column, inked[-1] - step / 2)
    first = options[0] if options else (letter, 0.99)
    return line, LineRead(("H", first[0], "H"), columns, (0.99, first[1], 0.99), (), (), ((), options, ()))


def test_among_the_forms_the_model_hesitated_over_the_ink_chooses():
    line, read = read_as("Ě", (("É", 0.6), ("Ě", 0.3)))
    settled = accents.settle(line, read)
    assert settled.chars == ("H", "Ě", "H")
    assert settled.probabilities[1] >= 0.8  # the model was sure of an accented E


def test_the_letters_whose_form_the_ink_chose_are_told():
    line, read = read_as("Ě", (("É", 0.6), ("Ě", 0.3)))
    assert accents.ink_chosen(read) == frozenset()  # the model's likeliest form as read
    assert accents.ink_chosen(accents.settle(line, read)) == {"Ě"}


def test_the_marked_forms_the_model_weighed_where_it_read_a_plain_letter_are_told():
    read = LineRead(("L", "É", "O"), (0.0, 10.0, 20.0), (0.8, 0.9, 0.9), (), (),
                    ((("L", 0.8), ("Ł", 0.15)), (("É", 0.9), ("Ě", 0.1)), (("O", 0.95), ("Ó", 0.04))))
    assert accents.weighed_marks(read, 0.1) == {"Ł"}  # not Ě: the model read a marked É there
    assert accents.weighed_marks(read, 0.03) == {"Ł", "Ó"}


def test_a_stroke_seen_chooses_the_stroked_form_the_model_hesitated_over():
    line, read = read_as("Ø", (("O", 0.8), ("Ø", 0.15), ("Ő", 0.0001)))  # a double acute among them too
    settled = accents.settle(line, read)
    assert settled.chars == ("H", "Ø", "H") and settled.probabilities[1] >= 0.8
    line, read = read_as("O", (("O", 0.8), ("Ø", 0.15), ("Ő", 0.0001)))
    assert accents.settle(line, read) == read  # no stroke in the ink: the model's O stands
    line, read = read_as("Ł", (("L", 0.9), ("Ł", 0.08)))
    assert accents.settle(line, read).chars == ("H", "Ł", "H")


def test_a_frame_at_the_line_s_edge_leaves_the_capitals_judged():
    # a desk photo's JØRGEN: the crop took in a dark frame from the line image's top to its
    # bottom, taller than any letter, and the capitals were left unmeasured (Ø read surely as O)
    line, read = read_as("Ø", (("O", 0.99), ("Ø", 0.009)))
    tall = line.shape[0]
    framed = np.hstack([np.full((tall, 4), 20, np.uint8), np.full((tall, 4), 235, np.uint8), line])
    framed_read = LineRead(read.chars, tuple(c + 8 for c in read.columns), read.probabilities, (), (), read.variants)
    assert accents._capitals(accents._ink(framed)).height == accents._capitals(accents._ink(line)).height
    settled = accents.settle(framed, framed_read)
    assert settled.chars[1] == "O" and settled.probabilities[1] <= accents.DOUBTED  # flagged


def test_a_thin_rule_through_the_line_image_leaves_the_capitals_judged():
    # a tiny HÅKON: the field's crop took in a panel's thin rule through its whole height, away
    # from the crop's edge; the line cut to its height, the rule was taken for the tallest letter
    # and the capitals, under half as tall, went unmeasured
    image = Image.new("L", (300, 80), 235)
    draw = ImageDraw.Draw(image)
    draw.text((40, 20), "HOH", font=font("LiberationSans-Regular.ttf", 36), fill=25)
    draw.line([(32, 0), (32, 80)], fill=60, width=2)
    bgr = np.repeat(np.asarray(image)[:, :, None], 3, axis=2)
    (box,) = split_lines(bgr) or []
    line = line_image(bgr, box, Cleanup()).image
    capitals = accents._capitals(accents._ink(line))
    assert capitals is not None and len(capitals.letters) == 3  # H, O, H
    assert capitals.height < 0.5 * line.shape[0]


def test_no_mark_seen_never_takes_off_the_mark_the_model_read():
    # HORÁK blurred: the acute paler than the tone split between the letters and the ground, which
    # saw no mark over the A and took the model's Á off (12 of 12 so on development documents 0-47)
    image = Image.new("L", (300, 120), 235)
    ImageDraw.Draw(image).text((20, 30), "HÁH", font=font("LiberationSans-Regular.ttf", 36), fill=25)
    printed = np.asarray(image).copy()
    capitals_top = int(np.flatnonzero((printed[:, 20:40] < 128).any(axis=1))[0])  # the first H's
    above = printed[:capitals_top]
    printed[:capitals_top] = np.where(above < 200, 200, above)  # the accent pales
    bgr = np.repeat(printed[:, :, None], 3, axis=2)
    (box,) = split_lines(bgr) or []
    line = line_image(bgr, box, Cleanup()).image
    inked = np.flatnonzero((line < 128).any(axis=0))
    step = (inked[-1] - inked[0]) / 3
    columns = (inked[0] + step / 2, (inked[0] + inked[-1]) / 2, inked[-1] - step / 2)
    ink = accents._ink(line)
    assert accents._seen_marks(ink, accents._capitals(ink), columns[1]) == ("none", False)
    read = LineRead(("H", "Á", "H"), columns, (0.99, 0.9, 0.99), (), (), ((), (("Á", 0.9), ("A", 0.08)), ()))
    assert accents.settle(line, read) == read


def test_a_narrow_letter_placed_beside_its_ink_is_still_judged():
    # HÜSEYİN: the model put the İ's column a few pixels right of its thin stem, off its ink, and
    # the dot over it went unjudged (read surely as I)
    line, read = read_as("İ", (("I", 0.78), ("Í", 0.21), ("İ", 0.007)), file="LiberationSans-Regular.ttf")
    capitals = accents._capitals(accents._ink(line))
    stem = next(label for label in capitals.letters if capitals.stats[label, cv2.CC_STAT_WIDTH] < 0.3 * capitals.height)
    beside = capitals.stats[stem, cv2.CC_STAT_LEFT] + capitals.stats[stem, cv2.CC_STAT_WIDTH] + 1.5
    shifted = LineRead(read.chars, (read.columns[0], beside, read.columns[2]), read.probabilities, (), (),
                       read.variants)
    settled = accents.settle(line, shifted)
    assert settled.chars[1] in ("I", "İ") and settled.probabilities[1] <= accents.DOUBTED  # flagged


def test_a_caron_blurred_onto_its_letter_chooses_only_among_the_forms_the_model_weighed():
    # blurred, the V of Ě runs into the E's top: no mark of its own, a dip in the ink's top edge
    blurred = {"file": "P052-Roman.otf", "size": 26, "blur": 1.0}
    line, read = read_as("Ě", (("É", 0.6), ("Ě", 0.25), ("Ë", 0.005)), **blurred)
    assert accents._seen_marks(accents._ink(line), accents._capitals(accents._ink(line)), read.columns[1]) == (
        "notch", False)
    assert accents.settle(line, read).chars == ("H", "Ě", "H")
    # a caron or two dots run together: never against the model's word, nor doubting it
    line, read = read_as("Ě", (("E", 0.99), ("Ě", 0.0001)), **blurred)
    assert accents.settle(line, read) == read


def test_a_double_acute_among_the_forms_leaves_the_model_s_choice():
    line, read = read_as("Ő", (("Ö", 0.6), ("Ő", 0.3)))
    assert accents.settle(line, read) == read


def test_a_letter_read_surely_but_with_another_mark_above_takes_it_doubted():
    line, read = read_as("Ň", (("Ñ", 0.99), ("N", 0.004), ("Ň", 0.0001)))
    settled = accents.settle(line, read)
    assert settled.chars == ("H", "Ň", "H")  # the one form with the mark seen
    assert settled.probabilities[1] == accents.DOUBTED  # against the model's word: flagged


def test_an_i_read_surely_but_with_a_dot_above_takes_it_doubted():
    line, read = read_as("İ", (("I", 0.99), ("Í", 0.005), ("İ", 0.0001)))
    settled = accents.settle(line, read)
    assert settled.chars == ("H", "İ", "H")
    assert settled.probabilities[1] == accents.DOUBTED


@pytest.mark.parametrize(("printed", "options"), [
    ("Ż", (("Z", 0.99), ("Ź", 0.005), ("Ż", 0.0001))),  # a dot over another letter may be an acute blurred
    ("Ę", (("E", 0.99), ("É", 0.004), ("Ę", 0.0001))),  # ink under a letter may be a neighbour's or the guilloche
    ("Ě", (("E", 0.99), ("Ě", 0.0001), ("Ĕ", 0.0001))),  # a cup: a caron or a breve
])
def test_a_letter_read_surely_whose_ink_shows_a_mark_below_or_of_several_forms_is_only_doubted(printed, options):
    line, read = read_as(printed, options)
    settled = accents.settle(line, read)
    assert settled.chars == read.chars
    assert settled.probabilities[1] == accents.DOUBTED


def test_letters_run_together_are_parted_between_their_columns():
    """An L whose foot touches the Ş after it is one blob of ink with the Ş's cedilla: the
    cedilla hangs under the Ş's column, not the L's."""
    face = font("LiberationSansNarrow-Regular.ttf", 40)  # narrow letters: two run together are as wide as one
    image = Image.new("L", (300, 120), 235)
    draw = ImageDraw.Draw(image)
    draw.text((10, 30), "HH", font=face, fill=25)
    draw.text((80, 30), "L", font=face, fill=25)
    l_width = draw.textbbox((80, 30), "L", font=face)[2] - 80
    s_left, _, s_right, _ = draw.textbbox((0, 0), "Ş", font=face)
    draw.text((80 + l_width - 4 - s_left, 30), "Ş", font=face, fill=25)  # over the L's foot
    draw.text((80 + l_width - 4 + s_right - s_left + 12, 30), "HH", font=face, fill=25)
    bgr = np.repeat(np.asarray(image)[:, :, None], 3, axis=2)
    (box,) = split_lines(bgr) or []
    line = line_image(bgr, box, Cleanup()).image
    scale = line.shape[0] / box.height
    ink = accents._ink(line)
    capitals = accents._capitals(ink)
    blob = max(capitals.letters, key=lambda label: capitals.stats[label, cv2.CC_STAT_WIDTH])
    left = capitals.stats[blob, cv2.CC_STAT_LEFT]
    right = left + capitals.stats[blob, cv2.CC_STAT_WIDTH]
    l_column, s_column = left + l_width * scale / 2, right - (s_right - s_left) * scale / 2
    assert accents._seen_marks(ink, capitals, l_column) == ("none", True)  # judged alone: the cedilla taken for its own
    assert accents._seen_marks(ink, capitals, l_column, (s_column,)) == ("none", False)
    assert accents._seen_marks(ink, capitals, s_column, (l_column,)) == ("none", True)


@pytest.fixture(scope="module")
def engine() -> EmbeddedRecognizer:
    return EmbeddedRecognizer(threads=1)


@pytest.mark.parametrize(("text", "file"), [
    ("MAGISTRÁT MĚSTA BRNA", "LiberationSerif-Regular.ttf"),
    ("ČESKÉ BUDĚJOVICE", "LiberationSerif-Regular.ttf"),
    ("ZEZWOLENIE NA PRACĘ", "NimbusSansNarrow-Regular.otf"),
    ("ŻYWIEC ŁÓDŹ", "LiberationSans-Regular.ttf"),
    ("NĚMCOVÁ", "P052-Roman.otf"),
    ("GÜLŞEN", "NimbusMonoPS-Regular.otf"),
    # an I with a grave the model reads as È or À: its ink is as narrow as an I's stem
    ("COMUNE DI FORLÌ", "LiberationSerif-Bold.ttf"),
    ("COMUNE DI FORLÌ", "NotoSerif-Regular.ttf"),
    ("CHIARA ROSALÌA", "NimbusSansNarrow-Regular.otf"),
    # a Ğ the model reads as Č: the G's bar closes its right side, where a C's stays open
    ("NÜFUS MÜDÜRLÜĞÜ", "DejaVuSans.ttf"),
    ("DOĞAN", "LiberationMono-Regular.ttf"),
    ("ČAPEK", "DejaVuSans.ttf"),
])
def test_the_engine_reads_accented_capitals_its_model_alone_misreads(engine, text, file):
    image = Image.new("RGB", (600, 70), (240, 238, 230))
    ImageDraw.Draw(image).text((12, 15), text, font=font(file, 30), fill=(30, 30, 40))
    bgr = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
    (result,) = engine.read_regions(bgr, [Region(order=0, rect=Rect(0, 0, 600, 70))], Cleanup(), True)
    assert result.text == text


def test_a_word_no_list_knows_is_read_as_the_known_word_with_the_marks_small_print_hid(engine, monkeypatch):
    image = Image.new("RGB", (400, 40), (240, 238, 230))
    ImageDraw.Draw(image).text((8, 12), "DĄBROWSKI DVOŘÁK", font=font("DejaVuSans.ttf", 13), fill=(30, 30, 40))
    bgr = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
    region = Region(order=0, rect=Rect(0, 0, 400, 40))
    (result,) = engine.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == "DĄBROWSKI DVOŘÁK"
    # what the model alone reads there: no word of any list, each known once with its marks
    monkeypatch.setattr(engine.lexicon, "mended", lambda text, ink_chosen=(), weighed=(): text)
    (alone,) = engine.read_regions(bgr, [region], Cleanup(), True)
    assert alone.text != result.text


@pytest.mark.parametrize(("text", "file", "size"), [
    ("VALID WITH PASSPORT", "LiberationMono-Regular.ttf", 11),
    ("COLOMBO", "C059-Roman.otf", 10),
    ("Portland", "DejaVuSans.ttf", 9),
])
def test_a_blurred_word_s_misread_letter_is_corrected_and_still_doubted(engine, monkeypatch, text, file, size):
    image = Image.new("RGB", (420, 36), (240, 238, 230))
    ImageDraw.Draw(image).text((8, 10), text, font=font(file, size), fill=(30, 30, 40))
    bgr = cv2.GaussianBlur(cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR), (0, 0), 0.9)
    region = Region(order=0, rect=Rect(0, 0, 420, 36))
    (result,) = engine.read_regions(bgr, [region], Cleanup(), True)
    # the letter is the lists' guess among those the model weighed: the value stays flagged
    assert result.text == text and result.evidence["misread_word"] == 1.0
    assert result.confidence <= engine.config.unsteady
    # what the model alone reads there: a word no list knows, a letter from a common one
    monkeypatch.setattr(engine.lexicon, "corrected", lambda text, weighed, spaces=(): text)
    (alone,) = engine.read_regions(bgr, [region], Cleanup(), True)
    assert alone.text != text and alone.evidence["misread_word"] == 1.0


def test_a_neighbour_s_stroke_under_a_letter_is_no_mark_of_it():
    # a J whose hook reaches back under the letter before it (as script and some serif faces draw
    # it) is a letter of its own, not an ogonek or a cedilla of that letter
    image = Image.new("L", (300, 120), 235)
    draw = ImageDraw.Draw(image)
    draw.text((20, 30), "HAHAH", font=font("LiberationSans-Regular.ttf", 36), fill=25)
    dark = np.asarray(image) < 128
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    top, baseline, right = rows[0], rows[-1], columns[-1] + 10
    draw.line((right, top, right, baseline + 8), fill=25, width=4)  # the J's stem, down past the baseline
    draw.arc((right - 17, baseline - 4, right + 2, baseline + 12), 0, 180, fill=25, width=4)  # its hook
    bgr = np.repeat(np.asarray(image)[:, :, None], 3, axis=2)
    (box,) = split_lines(bgr) or []
    line = line_image(bgr, box, Cleanup()).image
    ink = accents._ink(line)
    capitals = accents._capitals(ink)
    letters = sorted(capitals.letters, key=lambda label: capitals.stats[label, 0])
    last_h = capitals.stats[letters[4]]
    assert accents._seen_marks(ink, capitals, last_h[0] + last_h[2] / 2) == ("none", False)


def test_the_dots_over_a_capital_in_small_print_are_part_of_its_line(engine):
    # a field of a generated card (capitals 10 px high, dark green ink): the dots are too thin to
    # outlive the opening that clears specks from the line mask; left out of the line image,
    # the Ö read as a bare O
    bgr = cv2.imread(str(FIXTURES / "small_print_with_dots_over_a_capital.png"))
    (box,) = split_lines(bgr) or []
    dots = np.flatnonzero((cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)[:, box.left:box.right] < 170).any(axis=1))
    assert box.top <= dots[0] < box.top + 2
    region = Region(order=0, rect=Rect(0, 0, bgr.shape[1], bgr.shape[0]))
    (result,) = engine.read_regions(bgr, [region], Cleanup(), True)
    assert result.text == "GÖTEBORG"


def test_a_pattern_s_pale_stroke_over_a_line_is_no_mark_of_it():
    image = Image.new("RGB", (300, 40), (240, 238, 230))
    draw = ImageDraw.Draw(image)
    draw.text((20, 14), "NONE", font=font("LiberationSans-Regular.ttf", 14), fill=(30, 30, 40))
    (plain,) = split_lines(np.asarray(image)[:, :, ::-1]) or []
    draw.line((0, plain.top - 3, 300, plain.top - 2), fill=(190, 200, 190), width=1)
    (patterned,) = split_lines(np.asarray(image)[:, :, ::-1]) or []
    assert patterned == plain
