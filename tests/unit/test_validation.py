"""kiosk.validation: what residents and clerks type, normalised or refused with the field at fault."""

from __future__ import annotations

from datetime import date, time

import pytest

from kiosk import codes, validation
from kiosk.errors import InvalidInput


def refused(call, *args, **kwargs) -> InvalidInput:
    """The InvalidInput ``call`` raises."""
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return info.value


# --- phones ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678", "8613812345678",
    "0086 138-1234-5678", " (138) 1234 5678 ", "+86-138-1234-5678",
])
def test_mobile_numbers_are_normalised_to_eleven_digits(typed: str) -> None:
    assert validation.phone(typed) == "13812345678"


@pytest.mark.parametrize("typed", ["19912345678", "15000000000", "17712345678"])
def test_every_mobile_prefix_13_to_19_is_accepted(typed: str) -> None:
    assert validation.phone(typed) == typed


@pytest.mark.parametrize("typed", [
    "010-12345678",     # Beijing landline
    "021 6123 4567",    # Shanghai landline
    "0755-8888888",     # Shenzhen landline, 7-digit local number
    "1381234567",       # 10 digits
    "138123456789",     # 12 digits
    "12812345678",      # 12x is not a mobile prefix
    "12012345678",
    "11012345678",
    "23812345678",
    "+1 138 1234 5678",
    "138 1234 567a",
    "138١٢٣٤٥٦٧٨",      # Arabic-Indic digits: not a number anyone can dial here
])
def test_non_mobile_numbers_are_refused(typed: str) -> None:
    error = refused(validation.phone, typed)
    assert error.key == "input.phone_invalid"
    assert error.field == "phone"


@pytest.mark.parametrize("typed", ["１３８１２３４５６７８", "138１２３４５６７８", "＋８６ １３８ １２３４ ５６７８"])
def test_full_width_digits_from_a_chinese_input_method_become_ascii(typed: str) -> None:
    assert validation.phone(typed) == "13812345678"
    assert validation.phone_last4("５６７８") == "5678"


@pytest.mark.parametrize("typed", ["", "   ", None, " - "])
def test_a_missing_phone_says_so(typed: str | None) -> None:
    assert refused(validation.phone, typed).key == "input.phone_missing"


def test_the_phone_field_name_is_passed_through() -> None:
    assert refused(validation.phone, "123", field="contact").field == "contact"


@pytest.mark.parametrize(("typed", "ok"), [("5678", True), (" 5678 ", True), ("567", False), ("56789", False),
                                           ("56a8", False), ("", False),
                                           ("٥٦٧٨", False)])
def test_last_four_digits(typed: str, ok: bool) -> None:
    if ok:
        assert validation.phone_last4(typed) == "5678"
    else:
        assert refused(validation.phone_last4, typed).key == "input.last4_invalid"


# --- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "normal"), [
    ("张三", "张三"),
    ("  欧阳  娜娜 ", "欧阳 娜娜"),
    ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
    ("李" * validation.NAME_MAX, "李" * validation.NAME_MAX),
])
def test_names_are_accepted_and_spaces_folded(typed: str, normal: str) -> None:
    assert validation.name(typed) == normal


def test_a_name_too_long_is_refused() -> None:
    error = refused(validation.name, "李" * (validation.NAME_MAX + 1))
    assert error.key == "input.too_long"
    assert error.params == {"limit": validation.NAME_MAX}


@pytest.mark.parametrize("typed", ["张三3", "Agent 007", "张三!", "<b>李四</b>", "··", "王\u0000五", "😀"])
def test_names_with_digits_symbols_or_no_letters_are_refused(typed: str) -> None:
    assert refused(validation.name, typed).key == "input.name_invalid"


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_a_missing_name_says_so(typed: str | None) -> None:
    assert refused(validation.name, typed).key == "input.name_missing"


# --- descriptions, notes, addresses ----------------------------------------------------------------------------


def test_a_description_is_trimmed_and_may_span_lines() -> None:
    assert validation.description("  楼道灯坏了\r\n已经三天  ") == "楼道灯坏了\n已经三天"


def test_a_description_too_short_is_refused() -> None:
    error = refused(validation.description, "水管漏了")  # four characters
    assert error.key == "input.too_short"
    assert error.params == {"minimum": validation.DESCRIPTION_MIN}
    assert validation.description("水管漏水了") == "水管漏水了"  # five are enough


def test_a_description_too_long_is_refused() -> None:
    assert validation.description("漏" * validation.DESCRIPTION_MAX) == "漏" * validation.DESCRIPTION_MAX
    error = refused(validation.description, "漏" * (validation.DESCRIPTION_MAX + 1))
    assert error.key == "input.too_long"
    assert error.params == {"limit": validation.DESCRIPTION_MAX}


@pytest.mark.parametrize("bad", ["\x07", "\x1b[31m", "\u200b", "\u202e", "\x00", "\x7f"])
def test_control_and_format_characters_are_refused(bad: str) -> None:
    error = refused(validation.description, f"楼道灯坏了{bad}请尽快修")
    assert error.key == "input.bad_characters"
    assert error.field == "description"


def test_an_empty_description_is_required() -> None:
    assert refused(validation.description, "  \n ").key == "input.required"


def test_an_optional_text_block_may_be_empty() -> None:
    assert validation.text_block("  ", "comment", maximum=10, required=False) == ""


def test_an_address_is_one_line_and_required_only_when_asked() -> None:
    assert validation.address(None) == ""
    assert validation.address(" 阳光路8号3单元502 ", required=True) == "阳光路8号3单元502"
    assert refused(validation.address, "", required=True).key == "input.required"
    assert refused(validation.address, "阳光路8号\n3单元").key == "input.bad_characters"
    assert refused(validation.address, "路" * (validation.ADDRESS_MAX + 1)).key == "input.too_long"


# --- dates and times -------------------------------------------------------------------------------------------


def test_dates() -> None:
    assert validation.day("2026-11-23") == date(2026, 11, 23)
    assert validation.day(" 2026-11-23 ") == date(2026, 11, 23)
    for typed in ["2026-13-01", "2026-02-30", "23/11/2026", "明天", "", None]:
        error = refused(validation.day, typed)
        assert error.key == "input.date_invalid"
        assert error.field == "date"


@pytest.mark.parametrize(("typed", "expected"), [("09:05", time(9, 5)), ("9:05", time(9, 5)), ("23:59", time(23, 59)),
                                                 (" 00:00 ", time(0, 0))])
def test_times(typed: str, expected: time) -> None:
    assert validation.clock_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "12:60", "9.05", "0905", "9:5", "noon", "", "-1:00"])
def test_bad_times_are_refused(typed: str) -> None:
    error = refused(validation.clock_time, typed)
    assert error.key == "input.time_invalid"
    assert error.field == "time"


# --- codes -----------------------------------------------------------------------------------------------------


def test_codes_as_typed() -> None:
    code = codes.new_code("A")
    assert validation.code(codes.display(code).lower()) == code
    assert refused(validation.code, "").key == "input.code_missing"
    assert refused(validation.code, code[:-1] + ("2" if code[-1] != "2" else "3")).key == "input.code_invalid"


# --- masks -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "masked"), [("13812345678", "138****5678"), ("", ""), (None, ""),
                                                ("1234", "****")])
def test_phone_mask(number: str | None, masked: str) -> None:
    assert validation.mask_phone(number) == masked


@pytest.mark.parametrize(("full", "masked"), [
    ("张三", "张*"),
    ("张", "张*"),
    ("欧阳娜娜", "欧***"),
    ("John Smith", "J*** S****"),
    ("", ""),
    (None, ""),
])
def test_name_mask(full: str | None, masked: str) -> None:
    assert validation.mask_name(full) == masked


def test_a_mask_never_shows_more_than_the_first_character_of_a_chinese_name() -> None:
    masked = validation.mask_name("阿依古丽·买买提")
    assert masked[0] == "阿"
    assert set(masked[1:]) == {"*"}
