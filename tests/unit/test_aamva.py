"""Licence barcode data (AAMVA) parsed to named, typed values (no image)."""

from __future__ import annotations

import pytest

from extractor.barcodes import AAMVAError, parse_aamva
from tests.helpers import licence_payload as payload


def test_the_aamva_payload_is_parsed_to_named_typed_values():
    parsed = parse_aamva(payload())
    assert parsed.issuer == "636014" and parsed.version == 8 and parsed.document == "DL"
    assert parsed.fields["surname"] == "GARCIA" and parsed.fields["first_name"] == "MARIA"
    assert parsed.fields["birth_date"] == "1977-08-31" and parsed.fields["expiry_date"] == "2029-08-31"
    assert parsed.fields["sex"] == "F" and parsed.fields["licence_number"] == "I1234568"
    assert parsed.fields["street"] == "2570 24TH STREET" and parsed.fields["postal_code"] == "958180000"
    assert parsed.elements["DCK"] == "12345678901234567890"


def test_canadian_dates_are_read_year_first():
    assert parse_aamva(payload(DBB="19770831", DCG="CAN")).fields["birth_date"] == "1977-08-31"


@pytest.mark.parametrize("data", ["", "hello", "@\n\x1e\rANSI 6360140800", "@\n\x1e\rANSI 636014080001ZC00310008"])
def test_other_data_is_no_aamva(data):
    with pytest.raises(AAMVAError):
        parse_aamva(data)
