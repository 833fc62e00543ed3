"""GS1 element strings as scanners and people send them."""

from datetime import date

import pytest

from backend.domain.rules.gs1 import (
    BarcodeError,
    InvalidGtin,
    gs1_date,
    parse_element_string,
    udi_string,
)

TODAY = date(2026, 11, 25)
GTIN = "09506000134352"  # the GS1 General Specifications' example GTIN
GS = "\x1d"


def parse(code: str):
    return parse_element_string(code, today=TODAY)


def test_parenthesised_form_with_every_supported_ai() -> None:
    data = parse(f"(01){GTIN}(11)250115(17)280731(10)AB-123(21)SN0001")
    assert data.gtin == GTIN
    assert data.produced_on == date(2025, 1, 15)
    assert data.expires_on == date(2028, 7, 31)
    assert data.lot_number == "AB-123"
    assert data.serial_number == "SN0001"


def test_raw_data_matrix_with_symbology_identifier_and_group_separators() -> None:
    data = parse(f"]d201{GTIN}17280731" f"10AB-123{GS}21SN0001")
    assert (data.gtin, data.expires_on, data.lot_number, data.serial_number) == (
        GTIN, date(2028, 7, 31), "AB-123", "SN0001"
    )


def test_raw_form_with_leading_fnc1_and_variable_field_in_the_middle() -> None:
    data = parse(f"{GS}01{GTIN}10LOT7{GS}17280100")
    assert data.lot_number == "LOT7"
    assert data.expires_on == date(2028, 1, 31)


def test_raw_gs1_128_ending_with_the_serial() -> None:
    data = parse(f"]C101{GTIN}21{'9' * 20}")
    assert data.serial_number == "9" * 20
    assert data.lot_number is None


def test_day_00_means_the_last_day_of_the_month() -> None:
    assert gs1_date("280200", today=TODAY) == date(2028, 2, 29)
    assert gs1_date("270200", today=TODAY) == date(2027, 2, 28)
    assert gs1_date("261100", today=TODAY) == date(2026, 11, 30)


def test_century_slides_around_today() -> None:
    assert gs1_date("760101", today=TODAY) == date(2076, 1, 1)
    assert gs1_date("770101", today=TODAY) == date(1977, 1, 1)
    assert gs1_date("990101", today=date(2049, 6, 1)) == date(2099, 1, 1)
    assert gs1_date("010101", today=date(2099, 6, 1)) == date(2101, 1, 1)


def test_udi_string_round_trips() -> None:
    udi = udi_string(gtin=GTIN, expires_on=date(2028, 7, 31), lot_number="L1", serial_number="S9")
    assert udi == f"(01){GTIN}(17)280731(10)L1(21)S9"
    data = parse(udi)
    assert (data.expires_on, data.lot_number, data.serial_number) == (date(2028, 7, 31), "L1", "S9")


@pytest.mark.parametrize(
    "code",
    [
        "(01)09506000134353(10)A1",  # check digit 3 instead of 2
        f"]d20109506000134351{GS}10A1",
    ],
)
def test_wrong_check_digit_is_an_invalid_gtin(code: str) -> None:
    with pytest.raises(InvalidGtin):
        parse(code)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("(01)0950600013435", "must be 14 digits"),
        (f"]d201{GTIN}1728073", r"\(17\) .* must be 6 digits"),  # truncated date
        (f"01{GTIN}17281301", "no month 13"),
        (f"01{GTIN}17280230", "30 of a month with 29"),
        ("(10)LOT1", "no GTIN"),
        (f"(01){GTIN}(10)", "empty"),
        (f"(01){GTIN}(10){'X' * 21}", "longer than 20"),
        (f"(01){GTIN}(10)LOT 1", "characters"),
        (f"(01){GTIN}(10)A(10)B", "twice"),
        ("", "empty"),
        ("]d2", "empty"),
        ("hello world", "No GS1 application identifier"),
        (f"01{GTIN[:6]}{GS}{GTIN[6:]}", r"\(01\) GTIN must be 14 digits"),
    ],
)
def test_malformed_codes_are_refused(code: str, why: str) -> None:
    with pytest.raises(BarcodeError, match=why) as raised:
        parse(code)
    assert not isinstance(raised.value, InvalidGtin)
