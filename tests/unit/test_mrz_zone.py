"""Machine-readable zones parsed, checked and repaired from text (no model)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from mrz.generator.mrva import MRVACodeGenerator
from mrz.generator.mrvb import MRVBCodeGenerator
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator

from extractor import MRZ, MRZError, Template, TemplateError, parse_mrz
from extractor.mrz.zone import COMPOSITES, LAYOUTS, check_digit

ZONES = {
    "TD1": str(TD1CodeGenerator("I", "UTO", "D23145890", "740812", "F", "120415", "UTO", "ERIKSSON", "ANNA MARIA")),
    "TD2": str(TD2CodeGenerator("I", "UTO", "ERIKSSON", "ANNA MARIA", "D23145890", "UTO", "740812", "F", "120415")),
    "TD3": str(TD3CodeGenerator("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415",
                                "ZE184226B")),
    "MRV-A": str(MRVACodeGenerator("V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "400907", "F",
                                   "961210", "6ZE184226B")),
    "MRV-B": str(MRVBCodeGenerator("V", "UTO", "ERIKSSON", "ANNA MARIA", "L8988901C", "XXX", "400907", "F",
                                   "961210", "6ZE1842")),
}


@pytest.mark.parametrize("kind", ZONES)
def test_each_format_parses_with_every_check_holding(kind):
    zone = parse_mrz(ZONES[kind])
    assert zone.format == kind and zone.valid and zone.repairs == ()
    assert zone.fields["surname"] == "ERIKSSON" and zone.fields["given_names"] == "ANNA MARIA"
    assert zone.fields["issuing_country"] == "UTO" and zone.fields["sex"] == "F"
    birth, expiry = ("1940-09-07", "1996-12-10") if kind.startswith("MRV") else ("1974-08-12", "2012-04-15")
    assert zone.fields["birth_date"] == birth and zone.fields["expiry_date"] == expiry
    assert zone.text == ZONES[kind]


@pytest.mark.parametrize("kind", ZONES)
def test_a_wrong_check_digit_fails_its_check_and_is_not_repaired(kind):
    lines = ZONES[kind].split("\n")
    places = {spec.name: spec.check for spec in LAYOUTS[kind] if spec.check}
    for name, (line, column) in places.items():
        broken = [list(row) for row in lines]
        digit = broken[line][column]
        broken[line][column] = str((int(digit) + 1) % 10) if digit.isdigit() else "3"
        zone = parse_mrz(["".join(row) for row in broken])
        assert not zone.checks[name] and not zone.valid, name


def _set(kind: str, name: str, value: str) -> list[str]:
    """The zone of `kind` with field `name` holding `value`, its check digit and the composite made to hold."""
    grid = [list(row) for row in ZONES[kind].split("\n")]
    spec = next(spec for spec in LAYOUTS[kind] if spec.name == name)
    grid[spec.line][spec.start:spec.end] = value
    if spec.check:
        grid[spec.check[0]][spec.check[1]] = check_digit(value)
    if kind in COMPOSITES:
        (line, column), parts = COMPOSITES[kind]
        grid[line][column] = check_digit("".join("".join(grid[part][start:end]) for part, start, end in parts))
    return ["".join(row) for row in grid]


@pytest.mark.parametrize("kind", ZONES)
def test_what_no_check_digit_guards_is_held_to_the_format(kind):
    """A sex other than M, F, X or the filler, or a date no calendar has, fails its check though every
    digit holds: a blurred M read as N passed every check digit, and so did the names' Ms read as N."""
    for sex, expected in (("<", "X"), ("X", "X"), ("M", "M")):
        zone = parse_mrz(_set(kind, "sex", sex))
        assert zone.valid and zone.fields["sex"] == expected
    misread = parse_mrz(_set(kind, "sex", "N"))
    assert not misread.checks["sex"] and not misread.valid and misread.fields["sex"] is None
    assert all(holds for name, holds in misread.checks.items() if name != "sex")
    for date in ("741312", "740230", "740800"):
        zone = parse_mrz(_set(kind, "birth_date", date))
        assert zone.checks["birth_date"] and not zone.checks["dates"] and not zone.valid, date
    assert parse_mrz(_set(kind, "expiry_date", "120431")).checks["dates"] is False
    assert parse_mrz(_set(kind, "birth_date", "74<<<<")).checks["dates"]  # unknown: as printed


def test_look_alikes_are_repaired_where_the_checks_prove_them():
    lines = ZONES["TD3"].split("\n")
    misread = lines[1].replace("L898902C3", "L8989O2C3").replace("7408122", "74O8122")
    zone = parse_mrz([lines[0].replace("ERIKSSON", "ERIK5SON"), misread])
    assert zone.valid and zone.lines == tuple(lines)
    assert set(zone.repairs) == {"1:10 5->S", "2:6 O->0", "2:16 O->0"}
    assert not parse_mrz([lines[0], misread], repair=False).valid


def test_a_repair_that_is_not_the_only_one_is_not_made():
    # two look-alikes in the number: several single swaps or pairs may pass, so none is proven
    lines = ZONES["TD1"].split("\n")
    broken = lines[0].replace("D23145890", "D23I4SB9O")
    zone = parse_mrz([broken, *lines[1:]])
    assert zone.lines[0] == broken and not zone.checks["document_number"] and not zone.valid


def test_of_repairs_as_small_the_one_of_the_only_unsure_character_is_made():
    # Z read as 2 at the number's sixth place: an 8 read as B at its third passes the check as well
    names = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    printed = "W985KZ5HN8UTO7408122F1204159<<<<<<<<<<<<<<04"
    misread = printed.replace("KZ5", "K25")
    assert parse_mrz([names, misread]).lines[1] == misread  # no probabilities: not proven
    sure = [[1.0] * 44, [1.0] * 44]
    sure[1][5] = 0.6
    zone = parse_mrz([names, misread], probabilities=sure)
    assert zone.lines[1] == printed and zone.repairs == ("2:6 2->Z",) and zone.valid
    sure[1][2] = 0.95  # the 8 not sure enough that B is ruled out
    zone = parse_mrz([names, misread], probabilities=sure)
    assert zone.lines[1] == misread and not zone.valid


@pytest.mark.parametrize(("probability", "proven"), [(0.95, True), (0.6, True), (0.3, False), (0.0, False)])
def test_a_guarded_character_hardly_read_is_no_proof_where_others_weigh_the_same(probability, proven):
    # a blurred W read as C (or a slot the reading left empty, filled): C, M, W and 2 count alike
    # in every check digit, so the checks pass whichever stands there
    names = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    number = "3CGHD793V1UTO7408122F1204159<<<<<<<<<<<<<<08"
    read = [[1.0] * 44, [1.0] * 44]
    read[1][1] = probability
    zone = parse_mrz([names, number], probabilities=read)
    assert zone.lines[1] == number and all(holds for name, holds in zone.checks.items() if name != "unambiguous")
    assert zone.checks["unambiguous"] is proven and zone.valid is proven


def test_a_td1_number_longer_than_nine_characters_goes_on_in_the_optional_data():
    zone = parse_mrz(["I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2",
                      "STEVENSON<<PETER<JOHN<<<<<<<<<"])
    assert zone.fields["document_number"] == "D23145890734"
    assert zone.checks["document_number"] and zone.valid


@pytest.mark.parametrize("text", ["", "P<UTOERIKSSON", "P<UTO\nL898", "P<UTOÉRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])
def test_text_that_is_no_zone_is_refused_by_name(text):
    with pytest.raises(MRZError):
        parse_mrz(text)


def test_a_cross_check_without_a_zone_field_is_a_template_error():
    with pytest.raises(TemplateError, match="needs one field of type mrz"):
        Template.from_dict({"name": "no_zone", "reference": {"width": 100, "height": 60},
                            "fields": [{"name": "surname", "rect": [0, 0, 50, 20], "mrz": "surname"}]})


def test_of_repairs_as_small_the_one_putting_in_what_the_recognizer_liked_next_is_made():
    # Z read as 2 at the number's sixth place (surely: 0.97), the model's next choice there a Z;
    # an 8 read as B at its third passes the check as well, but the model gave B nothing there
    names = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    printed = "W985KZ5HN8UTO7408122F1204159<<<<<<<<<<<<<<04"
    misread = printed.replace("KZ5", "K25")
    sure = [[1.0] * 44, [1.0] * 44]
    sure[1][5] = 0.97
    assert parse_mrz([names, misread], probabilities=sure).lines[1] == misread  # not proven

    def liked(b_given: float) -> list[list[dict[str, float]]]:
        alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]
        alternatives[1][5] = {"2": 0.97, "Z": 0.025, "7": 0.001}
        alternatives[1][2] = {"8": 1.0, "B": b_given, "3": 0.0001}
        return alternatives

    zone = parse_mrz([names, misread], probabilities=sure, alternatives=liked(0.0002))
    assert zone.lines[1] == printed and zone.repairs == ("2:6 2->Z",) and zone.valid
    # the model gave the B something as well: the two repairs stand alike, neither is made
    zone = parse_mrz([names, misread], probabilities=sure, alternatives=liked(0.01))
    assert zone.lines[1] == misread and not zone.valid
    # nothing known of what it gave at the 2 (a slot the reading left empty): the B it gave
    # nothing is still no candidate, so the Z is the one repair
    unknown = liked(0.0002)
    unknown[1][5] = {}
    assert parse_mrz([names, misread], probabilities=sure, alternatives=unknown).lines[1] == printed


def test_an_unsure_characters_look_alike_the_recognizer_hardly_gave_is_no_rival():
    # a 6 read unsurely: G would pass every check as well, unless the model gave G nothing there
    lines = str(TD3CodeGenerator("P", "UTO", "LI", "ANNA MARIA", "6532167A7", "UTO", "890303", "M",
                                 "320215")).split("\n")
    unsure = [[0.99] * 44, [0.66] + [0.99] * 43]
    alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]
    for given, valid in ((0.3, False), (0.01, False), (0.001, True)):
        alternatives[1][0] = {"6": 0.66, "G": given, "0": 0.0005}
        assert parse_mrz(lines, probabilities=unsure, alternatives=alternatives).valid is valid


def test_an_unsure_character_whose_look_alike_passes_every_check_too_is_not_valid():
    # G is 16 and 6 is 6: at a place weighted 7 they differ by 70, which no check digit sees
    truth = str(TD3CodeGenerator("P", "UTO", "LI", "ANNA MARIA", "G532167A7", "UTO", "890303", "M", "320215"))
    lines = [truth.split("\n")[0], truth.split("\n")[1].replace("G532167A7", "6532167A7", 1)]
    assert parse_mrz(lines).valid  # the checks alone cannot tell
    sure = [[0.99] * 44, [0.99] * 44]
    unsure = [[0.99] * 44, [0.66] + [0.99] * 43]
    assert parse_mrz(lines, probabilities=sure).valid
    zone = parse_mrz(lines, probabilities=unsure)
    assert not zone.checks["unambiguous"] and not zone.valid


@pytest.mark.parametrize(("kind", "place"), [("TD3", (1, 20)), ("TD1", (1, 7))])
def test_a_sex_read_as_x_unsurely_is_not_valid(kind, place):
    # no check guards the sex, and a blurred M looks like an X
    line, column = place
    lines = ZONES[kind].split("\n")
    lines[line] = lines[line][:column] + "X" + lines[line][column + 1:]
    width = len(lines[0])
    sure = [[0.99] * width for _ in lines]
    unsure = [row[:] for row in sure]
    unsure[line][column] = 0.87
    assert parse_mrz(lines, probabilities=sure).valid
    zone = parse_mrz(lines, probabilities=unsure)
    assert zone.fields["sex"] == "X" and not zone.checks["unambiguous"] and not zone.valid
    unsure_m = [row[:] for row in unsure]
    lines[line] = lines[line][:column] + "M" + lines[line][column + 1:]
    assert parse_mrz(lines, probabilities=unsure_m).valid  # an M is often read as unsurely


def test_a_name_character_hardly_read_beside_a_letter_is_not_valid():
    # names have no check digit: a slot the reading left empty (probability 0) next to a
    # letter is a guess; one in a run of fillers is one more filler
    lines = ZONES["TD3"].split("\n")
    certain = [[0.99] * 44, [0.99] * 44]
    guessed = [[0.99] * 5 + [0.0] + [0.99] * 38, [0.99] * 44]  # the E of ERIKSSON
    filler = [[0.99] * 30 + [0.0] + [0.99] * 13, [0.99] * 44]  # inside the run of < after the names
    assert parse_mrz(lines, probabilities=certain).valid
    assert not parse_mrz(lines, probabilities=guessed).valid
    assert parse_mrz(lines, probabilities=filler).valid


def test_a_name_character_hardly_read_is_proven_only_where_its_ink_singles_it_out():
    # a blurred name read right at 0.2 a letter (fresh pool): the ink that looks like the letter
    # read more than like any other by INK_SINGLES_OUT proves it; a slot left empty it cannot
    lines = ZONES["TD3"].split("\n")
    e_of_eriksson = (0, 5)

    def singling(margin: float):
        return lambda line, column, char, alike: -margin if (line, column) == e_of_eriksson else 0.0

    for probability, margin, valid in ((0.2, 0.15, True), (0.2, 0.05, False), (0.0, 0.15, False)):
        read = [[0.99] * 44, [0.99] * 44]
        read[0][5] = probability
        assert parse_mrz(lines, probabilities=read, ink=singling(margin)).valid is valid, (probability, margin)


def test_a_name_letter_hardly_read_becomes_the_one_its_ink_singles_out():
    # a blurred W of NOWAK read as O or U at 0.2 (fresh pool), its ink like a W's by 0.17-0.36
    # more than like the letter read
    printed = ZONES["TD3"].split("\n")
    misread = [printed[0].replace("ERIKSSON", "ORIKSSON"), printed[1]]

    def like(letter: str, by: float):
        return lambda line, column, char, alike: ((by if alike == letter else 0.0) - (by if char == letter else 0.0)
                                                  if (line, column) == (0, 5) else 0.0)

    for probability, ink, lines, valid in ((0.2, like("E", 0.3), printed, True),
                                           (0.0, like("E", 0.3), printed, False),  # a slot left empty: a guess still
                                           (0.2, like("E", 0.05), misread, False),  # not singled out: left as read
                                           (0.6, like("E", 0.3), misread, None)):  # read surely enough: left as read
        read = [[0.99] * 44, [0.99] * 44]
        read[0][5] = probability
        zone = parse_mrz(misread, probabilities=read, ink=ink)
        assert list(zone.lines) == lines and valid in (None, zone.valid), (probability, zone.lines, zone.checks)
    assert parse_mrz(misread, probabilities=[[0.99] * 5 + [0.2] + [0.99] * 38, [0.99] * 44],
                     ink=like("E", 0.3)).repairs == ("1:6 O->E",)


def test_a_letter_hardly_read_among_the_fillers_becomes_the_filler_its_ink_singles_out():
    # the last fillers of a blurred name line read AA at 0.2-0.3 (development blur): their ink
    # looks like a filler's by 0.18 and like a K's by less; the letter nearest was put in before
    printed = ZONES["TD3"].split("\n")
    misread = [printed[0][:42] + "AA", printed[1]]

    def ink(line, column, char, alike):
        if (line, column) not in ((0, 42), (0, 43)):
            return 0.0
        likeness = {"<": 0.18, "K": 0.05}
        return likeness.get(alike, -0.3) - likeness.get(char, 0.0 if char == "A" else -0.3)

    read = [[0.99] * 42 + [0.24, 0.33], [0.99] * 44]
    zone = parse_mrz(misread, probabilities=read, ink=ink)
    assert zone.lines == tuple(printed) and zone.repairs == ("1:43 A-><", "1:44 A-><")


def test_a_name_character_whose_ink_looks_more_like_the_letter_given_next_is_not_valid():
    # a blurred W of NOWAK read as U surely enough (0.6), W given next: no check guards a name,
    # so the ink decides whether the reading is proven (fresh pool, a blurred passport page)
    truth = str(TD3CodeGenerator("P", "D", "NOWAK", "JEAN PIERRE", "1B355S599", "GBR", "960311", "M", "341223"))
    lines = [truth.split("\n")[0].replace("NOWAK", "NOUAK"), truth.split("\n")[1]]
    column = lines[0].index("NOUAK") + 2
    probabilities = [[0.99] * 44, [0.99] * 44]
    probabilities[0][column] = 0.6
    alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]
    alternatives[0][column] = {"U": 0.6, "W": 0.2}  # a toss between the two would be a guess alone

    def ink(margin: float) -> Callable[[int, int, str, str], float]:
        return lambda line, column_, char, alike: margin if (line, column_) == (0, column) else 0.0

    assert parse_mrz(lines, probabilities=probabilities, alternatives=alternatives, ink=ink(0.0)).valid
    assert not parse_mrz(lines, probabilities=probabilities, alternatives=alternatives, ink=ink(0.13)).valid
    # read surely, or W given nothing: the ink is not asked
    alternatives[0][column] = {"U": 0.6, "W": 0.01}
    assert parse_mrz(lines, probabilities=probabilities, alternatives=alternatives, ink=ink(0.13)).valid
    alternatives[0][column] = {"U": 0.6, "W": 0.2}
    probabilities[0][column] = 0.95
    assert parse_mrz(lines, probabilities=probabilities, alternatives=alternatives, ink=ink(0.13)).valid


def test_a_one_swap_repair_is_not_proven_while_two_unsure_characters_swapped_pass_too():
    # printed 6B5VC250D, read 685VC2500: the check passes once the unsure 0 at the eighth place is
    # made an O (by chance), and as well with the unsure C made a < and that 0 a Q
    names = "P<UTOSANTOS<SILVA<<MO<<<<<<<<<<<<<<<<<<<<<<<"
    misread = "685VC25003UTO9411058F3203101<<<<<<<<<<<<<<02"
    unsure = [[1.0] * 44, [1.0] * 44]
    unsure[1][4], unsure[1][7] = 0.87, 0.79
    zone = parse_mrz([names, misread], probabilities=unsure)
    assert zone.repairs == ("2:8 0->O",) and not zone.valid and not zone.checks["unambiguous"]
    unsure[1][4] = 1.0  # the C read surely: no other repair of one or two unsure characters passes
    assert parse_mrz([names, misread], probabilities=unsure).valid


def test_an_unsure_characters_look_alike_the_ink_plainly_opposes_is_no_rival():
    names = "P<UTOSANTOS<SILVA<<MO<<<<<<<<<<<<<<<<<<<<<<<"
    misread = "685VC25003UTO9411058F3203101<<<<<<<<<<<<<<02"
    unsure = [[1.0] * 44, [1.0] * 44]
    unsure[1][4], unsure[1][7] = 0.87, 0.79

    def ink(margin: float, round_margin: float) -> Callable[[int, int, str, str], float]:
        return lambda line, column, char, alike: round_margin if {char, alike} <= set("0ODQ") else margin

    # the C looks less like < by 0.2: only the O's round look-alikes are left, and the ink has no
    # say among them, however it leans
    assert parse_mrz([names, misread], probabilities=unsure, ink=ink(-0.2, -0.2)).valid
    for margin in (-0.04, 0.0, 0.2):  # not plainly opposed: the reading stays unproven
        assert not parse_mrz([names, misread], probabilities=unsure, ink=ink(margin, 0.0)).valid


def test_a_repair_of_a_surely_read_character_proves_nothing_while_others_are_unsure():
    # printed 6B5VC250D, read 685VC2500 with the 0 that was a D unsure and the other surely: the
    # check passes once the sure 0 is made an O, by chance
    names = "P<UTOSANTOS<SILVA<<MO<<<<<<<<<<<<<<<<<<<<<<<"
    misread = "685VC25003UTO9411058F3203101<<<<<<<<<<<<<<02"
    unsure = [[1.0] * 44, [1.0] * 44]
    unsure[1][8] = 0.79

    def refuting(line: int, column: int, char: str, alike: str) -> float:
        return -0.2

    zone = parse_mrz([names, misread], probabilities=unsure, ink=refuting)
    assert zone.repairs == ("2:8 0->O",) and not zone.valid and not zone.checks["unambiguous"]
    unsure[1][7], unsure[1][8] = 0.79, 1.0  # the unsure one repaired, the rest read surely
    assert parse_mrz([names, misread], probabilities=unsure, ink=refuting).valid


def test_a_repair_of_a_surely_read_character_proves_nothing_while_the_ink_favours_another_look_alike():
    # every character read surely: the check passes once a 0 is made an O, by chance, while
    # the ink plainly shows a B where an 8 was read (and a D for the last 0, which it cannot tell)
    names = "P<UTOSANTOS<SILVA<<MO<<<<<<<<<<<<<<<<<<<<<<<"
    misread = "685VC25003UTO9411058F3203101<<<<<<<<<<<<<<02"
    sure = [[1.0] * 44, [1.0] * 44]

    def ink_of(favoured: dict[tuple[int, int, str], float]) -> Callable[[int, int, str, str], float]:
        return lambda line, column, char, alike: favoured.get((line, column, alike), -0.2)

    zone = parse_mrz([names, misread], probabilities=sure, ink=ink_of({(1, 1, "B"): 0.25, (1, 8, "D"): 0.3}))
    assert zone.repairs and all(zone.checks[name] for name in zone.checks if name != "unambiguous")
    assert not zone.valid and not zone.checks["unambiguous"]
    assert parse_mrz([names, misread], probabilities=sure, ink=ink_of({(1, 8, "D"): 0.3})).valid  # round: no say


def test_a_document_code_letter_read_as_a_digit_of_several_look_alikes_is_not_proven():
    lines = ZONES["TD1"].split("\n")
    certain = [[0.99] * 30 for _ in lines]
    assert lines[0].startswith("I<") and parse_mrz(lines, probabilities=certain).valid
    for read, proven in (("I0", False), ("I1", False), ("I5", True)):  # O, D or Q; I or L; S alone
        zone = parse_mrz([read + lines[0][2:], *lines[1:]], probabilities=certain)
        assert zone.valid is proven and zone.checks["unambiguous"] is proven
    assert parse_mrz(["I0" + lines[0][2:], *lines[1:]]).lines[0].startswith("ID")  # as codes print, not IO


def test_a_line_parted_by_detection_is_joined_again():
    from extractor.mrz.find import _joined

    def box(left: float, right: float, top: float = 100.0) -> np.ndarray:
        return np.array([(left, top), (right, top), (right, top + 30), (left, top + 30)], np.float32)

    joined = _joined([box(10, 500), box(530, 700), box(10, 300, top=160)])  # a gap of one height; another line
    lengths = sorted(round(float(np.hypot(*(quad[1] - quad[0])))) for quad in joined)
    assert lengths == [290, 690]


def test_a_line_whose_fillers_were_not_detected_is_stretched_to_its_neighbours_length():
    from extractor.mrz.find import _completed

    def box(left: float, right: float, top: float) -> np.ndarray:
        return np.array([(left, top), (right, top), (right, top + 30), (left, top + 30)], np.float32)

    whole, started = box(10, 700, 100), box(12, 420, 145)  # the second line's run of < missed
    far, beyond = box(10, 300, 400), box(600, 900, 145)  # a line far below; one past the long line's end
    stretched = _completed([whole, started, far, beyond])
    assert len(stretched) == 1
    np.testing.assert_allclose(stretched[0], box(10, 700, 145), atol=0.5)
    # read the other way round, the short line is stretched the way the long one runs
    assert np.allclose(_completed([whole, np.roll(started, 2, axis=0)])[0], stretched[0], atol=0.5)
    # a part between two long lines (a TD1's middle line) is stretched once, not once by each
    assert len(_completed([whole, started, box(10, 700, 190)])) == 1
    # a block beside the line much taller than it (a picture, a paragraph) is no part of a line
    tall = np.array([(12, 145), (420, 145), (420, 215), (12, 215)], np.float32)
    assert _completed([whole, tall]) == []


def test_a_zone_line_detection_missed_whole_is_looked_for_on_the_rows_of_ink_beside_one_read():
    from PIL import Image, ImageDraw

    from extractor.mrz.find import _beside, _Candidate
    from extractor.recognizers.recognition import LineRead
    from synth.cards import font

    first, second = ZONES["TD3"].split("\n")
    image = Image.new("RGB", (900, 320), (235, 232, 225))
    draw = ImageDraw.Draw(image)
    face = font("OCRB.otf", 30)
    draw.text((20, 100), first, font=face, fill=(30, 30, 30))  # its centre about 118 rows down
    draw.text((20, 150), second, font=face, fill=(30, 30, 30))  # ... and this one's about 168
    bgr = np.asarray(image)[:, :, ::-1].copy()
    left, top, right, bottom = draw.textbbox((20, 150), second, font=face)
    read = LineRead(tuple(second), tuple(float(i) for i in range(44)), (1.0,) * 44)
    found = _Candidate(second, 1.0, read, np.array([(left + right) / 2, (top + bottom) / 2]),
                       np.array([1.0, 0.0]), float(right - left), float(bottom - top) * 1.3,
                       np.asarray(image.convert("L"))[top:bottom, left:right])
    boxes = _beside(bgr, [found])
    first_top, first_bottom = draw.textbbox((20, 100), first, font=face)[1::2]
    assert len(boxes) == 1  # the line above; nothing below
    assert abs(float(boxes[0][:, 1].mean()) - (first_top + first_bottom) / 2) < 4


def test_two_readings_of_one_line_are_one_line_of_the_zone():
    from extractor.mrz.find import _best_zone, _Candidate
    from extractor.recognizers.recognition import LineRead

    def line(text: str, row: float, confidence: float = 1.0) -> _Candidate:
        read = LineRead(tuple(text), tuple(float(10 * i) for i in range(len(text))), (1.0,) * len(text))
        return _Candidate(text, confidence, read, np.array([150.0, row]), np.array([1.0, 0.0]), 300.0, 20.0,
                          np.full((48, 300), 255, np.uint8))

    first, second, third = ZONES["TD1"].split("\n")
    # a box stretched or found beside a line, read again a pixel off it: the same line read twice
    # (two candidates alike must not crash the search either)
    assert _best_zone([line(first, 100.0), line(second, 130.0), line(second, 130.0)]) is None
    # read the second time as a names line would be: no zone of three lines is made of one line twice
    twice = [line(first, 100.0), line(second, 130.0), line("TAOBIZZFIZOAIS9UTO<<<<<<<<<<<G", 130.8, 0.9)]
    assert _best_zone(twice) is None
    zone = _best_zone([*twice, line(third, 160.0)])
    assert zone is not None and zone.lines == (first, second, third) and zone.valid


def _plain(names: list[str]) -> Template:
    """Rectangles alone, as most users draw a zone: one per line, or one for the band."""
    return Template.from_dict({"name": "plain", "reference": {"width": 100, "height": 40},
                               "fields": [{"name": name, "rect": [0, 10 * i, 100, 10 * i + 10]}
                                          for i, name in enumerate(names)]})


def test_plain_fields_holding_zone_lines_are_repaired_and_checked():
    from PIL import Image

    from extractor import read
    from extractor.recognizers.fake import FakeRecognizer

    lines = ZONES["TD3"].splitlines()
    shifted = lines[1][:12] + "0" + lines[1][13:]  # UTO's O read as 0: a digit where letters stand
    blank = Image.new("RGB", (100, 40))
    repaired = read(blank, _plain(["name", "mrz_1", "mrz_2"]),
                    recognizer=FakeRecognizer(["ERIKSSON", lines[0], shifted]), align=False)
    assert repaired.fields["mrz_2"].value == lines[1] and repaired.fields["mrz_2"].raw == shifted
    assert all(field.valid for field in repaired.fields.values())
    assert repaired.fields["name"].value == "ERIKSSON"

    wrong_digit = lines[1].replace("740812", "740813")  # a birth date its check digit refutes
    flagged = read(blank, _plain(["mrz_1", "mrz_2"]), recognizer=FakeRecognizer([lines[0], wrong_digit]), align=False)
    assert not flagged.fields["mrz_2"].valid and "MRZ checks fail: birth_date" in flagged.fields["mrz_2"].warnings[0]
    assert flagged.fields["mrz_1"].valid  # the names: no check digit looks at them, none doubts them
    as_band = read(blank, _plain(["band"]), recognizer=FakeRecognizer([f"{lines[0]}\n{wrong_digit}"]), align=False)
    assert not as_band.fields["band"].valid

    short = read(blank, _plain(["mrz_1", "mrz_2"]), recognizer=FakeRecognizer([lines[0], lines[1][:-2]]), align=False)
    assert not short.fields["mrz_2"].valid and "differ in length" in short.fields["mrz_2"].warnings[0]

    small = lines[0][:5] + lines[0][5:12].lower() + lines[0][12:]  # blurred capitals read as small letters
    cased = read(blank, _plain(["mrz_1", "mrz_2"]), recognizer=FakeRecognizer([small, lines[1]]), align=False)
    assert cased.fields["mrz_1"].value == lines[0] and cased.fields["mrz_1"].valid

    band = read(blank, _plain(["band"]), recognizer=FakeRecognizer([f"{lines[0]}\n{shifted}"]), align=False)
    assert band.fields["band"].value == f"{lines[0]} {lines[1]}" and band.fields["band"].valid


@pytest.mark.parametrize(("change", "doubted"), [
    ((0, 14, "3"), {0, 1}),  # the document number's digit: its line, and the composite's lines
    ((1, 3, "9"), {0, 1}),  # a birth date's digit: the composite guards it too
    ((1, 7, "N"), {1}),  # the sex, which no digit guards, is M, F, X or <
    ((2, 3, "X"), set()),  # a name's letter: nothing checks it
])
def test_a_failed_check_doubts_the_lines_it_looks_at(change, doubted):
    line, column, char = change
    lines = ZONES["TD1"].splitlines()
    lines[line] = lines[line][:column] + char + lines[line][column + 1:]
    zone = parse_mrz(lines, repair=False)
    assert zone.doubted_lines() == doubted
    assert zone.valid == (not doubted)


def test_a_digit_read_in_a_country_code_becomes_the_letter_that_names_a_state():
    lines = str(TD3CodeGenerator("P", "NLD", "DE BRUIJN", "WILLEKE", "SPECI2021", "NLD", "650310", "F", "310809",
                                 "999999990")).splitlines()
    misread = lines[1][:12] + "0" + lines[1][13:]  # NLD's D read as 0: O would be the commoner guess
    zone = parse_mrz([lines[0], misread])
    assert zone.lines[1] == lines[1] and zone.fields["nationality"] == "NLD" and zone.valid
    assert zone.repairs == ("2:13 0->O", "2:13 O->D")
    made_up = lines[0].replace("P<NLD", "P<ETO")  # a made-up state read as letters stays as printed
    assert parse_mrz([made_up, lines[1]]).fields["issuing_country"] == "ETO"
    assert parse_mrz([made_up.replace("P<ETO", "P<ET0"), lines[1]]).fields["issuing_country"] == "ETO"


def test_a_states_code_is_proven_by_the_list_of_states_unless_a_look_alike_names_another():
    lines = ZONES["TD3"].split("\n")
    certain = [[0.99] * 44, [0.99] * 44]
    unsure_code = [[0.99] * 4 + [0.3] + [0.99] * 39, [0.99] * 44]  # the O of UTO hardly read, as a 0
    misread = [lines[0][:4] + "0" + lines[0][5:], lines[1]]
    repaired = parse_mrz(misread, probabilities=unsure_code)
    assert repaired.lines[0] == lines[0] and repaired.valid
    aland = [lines[0][:2] + "ALA" + lines[0][5:], lines[1]]  # ALA and AIA (Anguilla) differ by an L read as I
    unsure_letter = [[0.99] * 3 + [0.6] + [0.99] * 40, [0.99] * 44]
    assert parse_mrz(aland, probabilities=certain).valid
    assert not parse_mrz(aland, probabilities=unsure_letter).checks["unambiguous"]
    no_state = [lines[0][:2] + "SME" + lines[0][5:], lines[1]]  # SWE with its W read as M: a state no list holds
    assert parse_mrz(no_state, probabilities=certain).valid  # made-up states of specimens, read surely
    assert not parse_mrz(no_state, probabilities=[[0.99] * 3 + [0.88] + [0.99] * 40, [0.99] * 44]).valid


def _zone(number: str, surname: str = "LI") -> list[str]:
    return str(TD3CodeGenerator("P", "UTO", surname, "ANNA MARIA", number, "UTO", "890303", "M", "320215")).split("\n")


def _ink_at(margins: dict[tuple[int, int, str, str], float]) -> Callable[[int, int, str, str], float]:
    """How much more the ink looks like `alike` than like `char`: as given, else no difference."""
    return lambda line, column, char, alike: margins.get((line, column, char, alike), 0.0)


def test_a_repair_the_ink_opposes_proves_nothing():
    # printed ZT7BB1M8L, the Z read surely as 2 and the next-but-last B unsurely: making that B
    # an 8 cancels the 2's error in every check digit, and it is the repair of the one unsure
    # character; the ink, which plainly shows a B there, says it made a second error
    truth = _zone("ZT7BB1M8L")
    misread = [truth[0], "2" + truth[1][1:]]
    probabilities = [[1.0] * 44, [0.9987] + [1.0] * 43]
    probabilities[1][4] = 0.7
    zone = parse_mrz(misread, probabilities=probabilities)
    assert zone.repairs == ("2:5 B->8",) and zone.valid  # the checks alone cannot tell
    opposed = parse_mrz(misread, probabilities=probabilities, ink=_ink_at({(1, 4, "8", "B"): 0.23}))
    assert opposed.repairs == ("2:5 B->8",) and not opposed.valid and not opposed.checks["unambiguous"]
    favoured = parse_mrz(misread, probabilities=probabilities, ink=_ink_at({(1, 4, "8", "B"): -0.05}))
    assert favoured.valid


def test_a_rival_the_recognizer_gave_that_no_check_tells_apart_is_asked_of_the_ink():
    # a blurred S read as 8 (0.91, S given 0.065): S and 8 count alike in every check digit
    truth = _zone("987F544DS")
    misread = [truth[0], truth[1].replace("987F544DS", "987F544D8", 1)]
    probabilities = [[1.0] * 44, [1.0] * 8 + [0.91] + [1.0] * 35]
    alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]

    def read(s_given: float, margin: float) -> bool:
        alternatives[1][8] = {"8": 0.91, "S": s_given, "3": 0.02}
        return parse_mrz(misread, probabilities=probabilities, alternatives=alternatives,
                         ink=_ink_at({(1, 8, "8", "S"): margin})).valid

    assert not read(0.065, 0.064)
    assert read(0.065, 0.0)  # the ink does not favour S
    assert read(0.001, 0.064)  # the recognizer gave S nothing: not asked


def test_a_look_alike_the_recognizer_gave_nothing_is_no_repair_unless_the_ink_shows_it():
    # printed D098E8Z6Y, read 0098E826Y: the D read 0 (D given nearly as much), the Z read 2
    # surely. Making the 0 a Q cancels the 2's error in every check digit by chance; the
    # recognizer gave Q nothing there, so the repair is the D and the Z
    truth = _zone("D098E8Z6Y")
    misread = [truth[0], truth[1].replace("D098E8Z6Y", "0098E826Y", 1)]
    probabilities = [[1.0] * 44, [0.51] + [1.0] * 43]
    probabilities[1][6] = 0.984
    alternatives = [[{char: 1.0, "?": 0.0001} for char in line] for line in misread]

    def read(q_given: float, z_given: float = 0.013, ink: Callable[[int, int, str, str], float] | None = None) -> MRZ:
        alternatives[1][0] = {"0": 0.51, "D": 0.48, "Q": q_given}
        alternatives[1][6] = {"2": 0.984, "Z": z_given, "1": 0.002}
        return parse_mrz(misread, probabilities=probabilities, alternatives=alternatives, ink=ink)

    assert read(0.0012).lines == tuple(truth)
    assert read(0.03).repairs == ("2:1 0->Q",)  # given something: the one-swap repair is made
    # Z given nothing too: no repair; unless the ink plainly shows the Z
    assert read(0.0012, z_given=0.0001).lines == tuple(misread)
    assert read(0.0012, z_given=0.0001, ink=_ink_at({(1, 6, "2", "Z"): 0.3})).lines == tuple(truth)


def test_a_digit_in_a_name_becomes_the_look_alike_the_recognizer_gave_most():
    truth = _zone("L898902C3", surname="DUBOIS")
    misread = [truth[0].replace("DUBOIS", "0UBOIS"), truth[1]]
    column = truth[0].index("DUBOIS")
    assert parse_mrz(misread).lines[0] == truth[0].replace("DUBOIS", "OUBOIS")  # O, where nothing says
    alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]
    alternatives[0][column] = {"0": 0.66, "D": 0.32, "9": 0.001, "O": 0.0009}
    assert parse_mrz(misread, alternatives=alternatives).lines[0] == truth[0]


def test_a_name_letter_the_recognizer_split_with_another_letter_is_not_valid():
    # a blurred M of MUELLER read as K (0.56) with X given 0.44: no check guards a name
    truth = _zone("L898902C3", surname="MUELLER")
    misread = [truth[0].replace("MUELLER", "KUELLER"), truth[1]]
    column = truth[0].index("KUELLER".replace("K", "M"))
    probabilities = [[1.0] * 44, [1.0] * 44]
    probabilities[0][column] = 0.56
    alternatives: list[list[dict[str, float]]] = [[{}] * 44, [{}] * 44]
    for x_given, valid in ((0.44, False), (0.1, True)):
        alternatives[0][column] = {"K": 0.56, "X": x_given, "H": 0.001}
        assert parse_mrz(misread, probabilities=probabilities, alternatives=alternatives).valid is valid
    alternatives[0][column] = {"K": 0.56, "<": 0.44}  # a filler is no letter
    assert parse_mrz(misread, probabilities=probabilities, alternatives=alternatives).valid


def test_a_rival_no_check_sees_is_put_in_where_the_ink_and_the_recognizer_both_show_it():
    # a blurred G read as 6 (0.76, G given 0.24): G and 6 count alike in every check digit
    truth = _zone("YLA1GCFPR")
    misread = [truth[0], truth[1].replace("YLA1GCFPR", "YLA16CFPR", 1)]
    probabilities = [[1.0] * 44, [1.0] * 4 + [0.76] + [1.0] * 39]
    alternatives = [[{char: 1.0, "?": 0.0001} for char in line] for line in misread]

    def read(g_given: float, margin: float) -> MRZ:
        alternatives[1][4] = {"6": 0.76, "G": g_given, "9": 0.0001}
        return parse_mrz(misread, probabilities=probabilities, alternatives=alternatives,
                         ink=_ink_at({(1, 4, "6", "G"): margin, (1, 4, "G", "6"): -margin}))

    plainly = read(0.24, 0.186)
    assert plainly.lines == tuple(truth) and plainly.repairs == ("2:5 6->G",) and plainly.valid
    leaning = read(0.24, 0.07)  # favoured, but by less than a repair needs to stand proven
    assert leaning.lines == tuple(truth) and not leaning.valid
    for g_given, margin in ((0.24, 0.0), (0.001, 0.186)):  # the ink silent, or G given nothing
        assert read(g_given, margin).lines == tuple(misread)


def test_the_ink_opposes_a_d_read_becoming_a_round_look_alike():
    # printed E7NZD9S20, the Z read as 2 surely enough and the D unsurely (0 given 0.36): making
    # the 2 a Z or the D a 0 passes the check alike; the ink shows the Z, and a D's straight side
    truth = _zone("E7NZD9S20")
    misread = [truth[0], truth[1].replace("E7NZD9S20", "E7N2D9S20", 1)]
    probabilities = [[1.0] * 44, [1.0] * 3 + [0.951, 0.638] + [1.0] * 39]
    alternatives = [[{char: 1.0, "?": 0.0001} for char in line] for line in misread]
    alternatives[1][3] = {"2": 0.951, "Z": 0.049, "N": 0.0001}
    alternatives[1][4] = {"D": 0.638, "0": 0.36, "8": 0.001}
    for d_to_0, repaired in ((-0.43, True), (0.0, False), (0.3, False)):  # a D looking like 0 has no say
        ink = _ink_at({(1, 3, "2", "Z"): 0.155, (1, 4, "D", "0"): d_to_0})
        zone = parse_mrz(misread, probabilities=probabilities, alternatives=alternatives, ink=ink)
        assert (zone.lines == tuple(truth)) is repaired


def test_a_j_read_as_1_is_repaired_where_the_check_proves_it():
    truth = _zone("B92FFW44J")
    misread = [truth[0], truth[1].replace("B92FFW44J", "B92FFW441", 1)]
    probabilities = [[1.0] * 44, [1.0] * 8 + [0.59] + [1.0] * 35]
    alternatives = [[{char: 1.0, "?": 0.0001} for char in line] for line in misread]
    alternatives[1][8] = {"1": 0.59, "3": 0.14, "J": 0.09}
    zone = parse_mrz(misread, probabilities=probabilities, alternatives=alternatives)
    assert zone.lines == tuple(truth) and zone.repairs == ("2:9 1->J",) and zone.valid
