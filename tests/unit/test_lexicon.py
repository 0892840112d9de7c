"""Words no language knows, one letter from a common one (wordfreq's real lists)."""

from __future__ import annotations

import pytest

from extractor.recognizers.config import ENGINE
from extractor.recognizers.lexicon import _WORD, Lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(ENGINE.common_word)


@pytest.mark.parametrize(("text", "word"), [
    ("COLCMBO", "colcmbo"),  # C for O
    ("Portiand", "portiand"),  # i for l
    ("VALID WITH PASSPCRT", "passpcrt"),
    ("ACCÊS AU MARCHÉ DU TRAVAIL", "accês"),  # the wrong accent
    ("STORGATAN 6 152 01 VÄSTERÁS", "västerás"),
    ("STADT GOTTINGEN", "gottingen"),  # an accent lost
    ("FRANÇAI SE", "françai"),  # a space put in
    ("UL. ŽEROMSKIEGO 30", "žeromskiego"),  # another mark than the known word's
    ("DABROWSKI", "dabrowski"),  # a mark lost, the plain form no word
    ("Kungsvägen 11 995 27 Malm0", "malm0"),  # a look-alike digit for a letter
    ("B0STON", "b0ston"),
])
def test_a_misread_word_is_found(lexicon, text, word):
    assert lexicon.misread_word(text) == word


@pytest.mark.parametrize("text", [
    "MARY ELIZABETH", "ACCÈS AU MARCHÉ DU TRAVAIL", "STORGATAN 6 152 01 VÄSTERÅS", "STADT GÖTTINGEN",
    "İSTANBUL", "KILIÇ", "YILDIZ",  # Turkish capitals: İ and I are i and ı
    "O'BRIEN",  # a word against an apostrophe is a part of one
    "ÉLODIE", "MÉGANE",  # names no list holds with their marks, whose plain forms are known
    "STRAUß", "Hauptstraße",  # ß, the lists' ss
    "D1END", "ABCD1", "A1B2C3D4",  # codes: a digit no known word has a letter for
    "EYJJ7XVH8", "DVLA SWANSEA", "ABCD",  # codes and acronyms: no digit against a word, five letters at least
    "P<UTOSVOBODOVA<<LUKAS<PETR<<<<<<<<<<<<<<<<<<",  # a zone line: its check digits say more
    "", "12.03.1987",
])
def test_known_words_codes_and_zone_lines_are_not(lexicon, text):
    assert lexicon.misread_word(text) is None


@pytest.mark.parametrize(("text", "known"), [
    ("MINISTERIO DEL INTERIOR", True),  # DEL: too short to look up
    ("Kraków", True),
    ("KOWALSKA", True),  # a surname the lists hold
    ("LIESELOTTE", False),  # a name they do not
    ("NOISITTE", False),
    ("SOUS-PRÉPECTORE D'ARLES", False),  # D'ARLES: against an apostrophe, not looked up
    ("GOMEZDE LA SERNA", False),  # two words run together
    ("12.03.1987", None), ("UB 29 74 72 N", None), ("", None),  # no word of four letters
    ("P<UTOSVOBODOVA<<LUKAS<PETR<<<<<<<<<<<<<<<<<<", None),  # a zone line
])
def test_whether_every_word_is_known(lexicon, text, known):
    assert lexicon.words_known(text) is known


def test_a_rare_word_is_left_alone_unless_a_common_one_is_a_letter_away(lexicon):
    assert lexicon.misread_word("XQZWVKJ") is None  # no word near: a code or a name, not a misread
    assert Lexicon(1.0).misread_word("COLCMBO") is None  # no word that common


def test_a_run_of_letters_longer_than_any_word_is_not_looked_up():
    # each letter is 300 one-letter edits to look up: hostile text costs no more than a word
    assert _WORD.findall("X" * 41) == [] and _WORD.findall("X" * 40) == ["X" * 40]


@pytest.mark.parametrize(("text", "mended"), [
    ("DABROWSKI", "DĄBROWSKI"),  # a mark the model did not see
    ("STADT GOTTINGEN", "STADT GÖTTINGEN"),
    ("STORGATAN 6 152 01 VÄSTERÁS", "STORGATAN 6 152 01 VÄSTERÅS"),  # a mark read as another
    ("Västerás", "Västerås"),  # each letter keeps its case
    ("NICCOLO CANTU", "NICCOLÒ CANTÙ"),  # every word
    ("UL. ŽEROMSKIEGO 30", "UL. ŻEROMSKIEGO 30"),
    ("HAUPTSTRABE 72", "HAUPTSTRAßE 72"),  # a ß read as B: the lists know HAUPTSTRASSE
    ("Lindenstrabe", "Lindenstraße"),
])
def test_a_word_no_list_knows_takes_the_one_known_word_with_more_marks(lexicon, text, mended):
    assert lexicon.mended(text) == mended


@pytest.mark.parametrize("text", [
    "FAURÉ",  # a mark read is not taken off, though FAURE is a known word and FAURÉ none
    "MICHAL", "KRAKOW",  # known words as read (a Czech name, the English spelling)
    "İSTANBUL",  # Turkish İ is an i
    "ASA",  # three letters: an abbreviation as often as a word
    "STRAUS",  # STRAUß: ß is not a mark
    "STRAUB", "BARBARA",  # known words with a B stay B
    "P<UTOSVOBODOVA<<LUKAS<PETR<<<<<<<<<<<<<<<<<<",  # a zone line is printed without marks
    "D4BROWSKI", "XQZWVKJ", "",
])
def test_known_words_marks_read_and_zone_lines_are_left_as_read(lexicon, text):
    assert lexicon.mended(text) == text


def test_a_letter_whose_form_the_ink_chose_is_not_changed(lexicon):
    # a Polish name no list holds, a Czech one with a caron the lists know: the ink saw the dot
    assert lexicon.mended("ŻANETA") == "ŽANETA"
    assert lexicon.mended("ŻANETA", ink_chosen={"Ż"}) == "ŻANETA"
    assert lexicon.mended("UL. ŽEROMSKIEGO", ink_chosen={"Ł"}) == "UL. ŻEROMSKIEGO"


def test_a_known_word_read_without_marks_takes_only_marks_the_model_weighed(lexicon):
    assert lexicon.mended("WROCLAW") == "WROCLAW"  # the English spelling, as read
    assert lexicon.mended("WROCLAW", weighed={"Ł"}) == "WROCŁAW"  # the model gave Ł some probability
    assert lexicon.mended("STADT KOLN", weighed={"Ö"}) == "STADT KÖLN"
    assert lexicon.mended("WROCLAW", weighed={"Ó"}) == "WROCLAW"  # no known word is WRÓCLAW
    assert lexicon.mended("MÅNS", weighed={"Ä"}) == "MÅNS"  # a known word's mark read is kept


def test_an_i_whose_dot_was_read_as_a_stroke_is_a_dotted_i(lexicon):
    assert lexicon.mended("İBRAHÍM") == "İBRAHİM"
    assert lexicon.mended("ÍSTANBUL VALİLİĞİ") == "İSTANBUL VALİLİĞİ"
    assert lexicon.mended("NARODNÍ") == "NÁRODNÍ"  # a known word with more marks comes first
    assert lexicon.mended("MARÍA") == "MARÍA"  # a known word as read
    assert lexicon.mended("İBRAHÍM", ink_chosen={"Í"}) == "İBRAHÍM"  # the ink chose the stroke


@pytest.mark.parametrize(("text", "weighed", "corrected"), [
    ("COLCMBO", {("l", "c", "o", "m")}, "COLOMBO"),  # the model gave O some in the C's place
    ("Portiand", {("t", "i", "l", "a")}, "Portland"),
    ("VALID WITH PASSPCRT", {("p", "c", "o", "r")}, "VALID WITH PASSPORT"),
    ("SRATTEVERKET", {("", "s", "x", "r"), ("s", "r", "k", "a")}, "SKATTEVERKET"),  # at a word's end, any letter
    ("ACCÊS AU MARCHÉ", {("c", "ê", "è", "s")}, "ACCÈS AU MARCHÉ"),
])
def test_a_misread_letter_the_model_weighed_is_corrected_to_the_one_common_word(lexicon, text, weighed, corrected):
    assert lexicon.corrected(text, weighed) == corrected


@pytest.mark.parametrize(("text", "weighed"), [
    ("COLCMBO", set()),  # the model gave nothing else
    ("COLCMBO", {("x", "c", "o", "m")}),  # ... an O, but between other letters
    ("COLCMBO", {("l", "c", "a", "m")}),  # ... a letter that makes no word
    ("COLOMBO", {("l", "o", "a", "m")}),  # a known word stays
    ("ÉLODIE", {("", "é", "m", "l")}),  # a rare name no list knows: no common word is one weighed letter away
    ("HOLT", {("", "h", "b", "o")}),  # four letters: a letter from too many words
    ("DUBOIS-ROCHÉ", {("h", "é", "e", "")}),  # a mark read is never taken off: a name's (ROCHE is common)
    ("P<UTOSVOBODCVA<<LUKAS", {("d", "c", "o", "v")}),  # a zone line: its check digits say more
])
def test_a_word_is_corrected_only_to_a_common_word_with_a_letter_the_model_weighed_there(lexicon, text, weighed):
    assert lexicon.corrected(text, weighed) == text


def test_a_word_two_weighed_letters_make_two_words_of_stays_as_read(lexicon):
    # SHARE and SHORE are both common: the lists cannot say which
    assert lexicon.corrected("SHQRE", {("h", "q", "a", "r"), ("h", "q", "o", "r")}) == "SHQRE"
    assert lexicon.corrected("SHQRE", {("h", "q", "a", "r")}) == "SHARE"


@pytest.mark.parametrize(("text", "joined"), [
    ("FAMI LLE DE CITOYEN UE", "FAMILLE DE CITOYEN UE"),  # a widely spaced face's letter gap
    ("FRANÇAI SE", "FRANÇAISE"),
    ("BÉ ZIERS", "BÉZIERS"),
])
def test_a_space_inside_a_known_word_one_part_of_which_is_none_is_taken_out(lexicon, text, joined):
    assert lexicon.corrected(text, ()) == joined


@pytest.mark.parametrize("text", [
    "MARIE ANNE", "DE LA CRUZ", "VAN DER BERG", "OLE HÅKON",  # both parts known words
    "Anna maria Lopez", "Ostra Va",  # a capital opening a word after small letters: a new word
    "UDKUV9P SK", "A B C D", "FAMI  LLE",  # a code, single letters, two spaces
    "P<UTOSVOBODOVA<<LUKAS<PETR<<<<<<<<<<<<<<<<<<",
])
def test_spaces_between_words_stay(lexicon, text):
    assert lexicon.corrected(text, ()) == text


@pytest.mark.parametrize(("text", "spaces", "parted"), [
    ("TRABAJO POR CUENTAAJENA", {("a", "a")}, "TRABAJO POR CUENTA AJENA"),  # the model gave a space there some
    ("DEPT OFMOTOR VEHICLES", {("f", "m")}, "DEPT OF MOTOR VEHICLES"),
])
def test_a_word_run_together_parts_where_the_model_weighed_a_space_between_two_known_words(lexicon, text, spaces,
                                                                                             parted):
    assert lexicon.corrected(text, (), spaces) == parted


@pytest.mark.parametrize(("text", "spaces"), [
    ("CUENTAAJENA", set()),  # no space weighed
    ("CUENTAAJENA", {("t", "a")}),  # ... where no two known words part
    ("COLOMBO", {("l", "o")}),  # a known word stays whole
])
def test_a_word_parts_only_into_known_words_where_the_model_weighed_a_space(lexicon, text, spaces):
    assert lexicon.corrected(text, (), spaces) == text
