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


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 138-1234-5678",
        " (138) 1234 5678 ",
        "+86-138-1234-5678",
    ],
)
def test_mobile_numbers_are_normalised_to_eleven_digits(typed: str) -> None:
    assert validation.phone(typed) == "13812345678"


@pytest.mark.parametrize("typed", ["19912345678", "15000000000", "17712345678"])
def test_every_mobile_prefix_13_to_19_is_accepted(typed: str) -> None:
    assert validation.phone(typed) == typed


@pytest.mark.parametrize(
    "typed",
    [
        "0101234567",  # a landline one digit short
        "010-0234 5678",  # a local number never starts with 0
        "0755-123456",  # 6-digit local number
        "0755-123456789",  # 9-digit local number
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # 12x is not a mobile prefix
        "12012345678",
        "11012345678",
        "23812345678",
        "+1 138 1234 5678",
        "138 1234 567a",
        "138١٢٣٤٥٦٧٨",  # Arabic-Indic digits: not a number anyone can dial here
    ],
)
def test_non_mobile_numbers_are_refused(typed: str) -> None:
    error = refused(validation.phone, typed)
    assert error.key == "input.phone_invalid"
    assert error.field == "phone"


@pytest.mark.parametrize(
    ("typed", "number", "masked"),
    [
        ("010-12345678", "01012345678", "010-****5678"),  # Beijing
        ("010 1234 5678", "01012345678", "010-****5678"),
        ("(010) 12345678", "01012345678", "010-****5678"),
        ("021 6123 4567", "02161234567", "021-****4567"),  # Shanghai
        ("0755-8888888", "07558888888", "0755-****8888"),  # a 4-digit area code, 7-digit local number
        ("0571-87654321", "057187654321", "0571-****4321"),  # a 4-digit area code, 8-digit local number
        ("+86 10 1234 5678", "01012345678", "010-****5678"),  # as dialled from abroad: no trunk 0
        ("０１０－１２３４５６７８", "01012345678", "010-****5678"),  # full-width, from an input method
        ("010—12345678", "01012345678", "010-****5678"),  # a Chinese input method's dash
    ],
)
def test_landlines_with_their_area_code_are_accepted_and_masked_with_it(typed: str, number: str, masked: str) -> None:
    assert validation.phone(typed) == number
    assert validation.mask_phone(number) == masked
    assert number.endswith(validation.phone_last4(number[-4:]))  # the last four digits still prove ownership


def test_a_mobile_is_still_masked_as_before() -> None:
    assert validation.mask_phone(validation.phone("138-1234-5678")) == "138****5678"


@pytest.mark.parametrize(
    "typed",
    ["１３８１２３４５６７８", "138１２３４５６７８", "＋８６ １３８ １２３４ ５６７８", "１３８－１２３４－５６７８"],
)
def test_full_width_digits_from_a_chinese_input_method_become_ascii(typed: str) -> None:
    assert validation.phone(typed) == "13812345678"
    assert validation.phone_last4("５６７８") == "5678"
    assert validation.phone_last4("５ ６ ７ ８") == "5678"


@pytest.mark.parametrize("typed", ["", "   ", None, " - "])
def test_a_missing_phone_says_so(typed: str | None) -> None:
    assert refused(validation.phone, typed).key == "input.phone_missing"


def test_the_phone_field_name_is_passed_through() -> None:
    assert refused(validation.phone, "123", field="contact").field == "contact"


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("5678", True), (" 5678 ", True), ("567", False), ("56789", False), ("56a8", False), ("", False), ("٥٦٧٨", False)],
)
def test_last_four_digits(typed: str, ok: bool) -> None:
    if ok:
        assert validation.phone_last4(typed) == "5678"
    else:
        assert refused(validation.phone_last4, typed).key == "input.last4_invalid"


# --- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("张三", "张三"),
        ("  欧阳  娜娜 ", "欧阳 娜娜"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("李" * validation.NAME_MAX, "李" * validation.NAME_MAX),
    ],
)
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


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("09:05", time(9, 5)), ("9:05", time(9, 5)), ("23:59", time(23, 59)), (" 00:00 ", time(0, 0))],
)
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


@pytest.mark.parametrize(("number", "masked"), [("13812345678", "138****5678"), ("", ""), (None, ""), ("1234", "****")])
def test_phone_mask(number: str | None, masked: str) -> None:
    assert validation.mask_phone(number) == masked


@pytest.mark.parametrize(
    ("full", "masked"),
    [
        ("张三", "张*"),
        ("张", "张*"),
        ("欧阳娜娜", "欧***"),
        ("John Smith", "J*** S****"),
        ("", ""),
        (None, ""),
    ],
)
def test_name_mask(full: str | None, masked: str) -> None:
    assert validation.mask_name(full) == masked


def test_a_mask_never_shows_more_than_the_first_character_of_a_chinese_name() -> None:
    masked = validation.mask_name("阿依古丽·买买提")
    assert masked[0] == "阿"
    assert set(masked[1:]) == {"*"}


# --- control characters, limits and the edge ------------------------------------------------------------------

HOSTILE = [
    "\x00",
    "\x07",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\u200b",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\udcff",
    "\ue000",
    "\r",
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_unsafe_characters_are_refused_in_every_free_text_field(bad: str) -> None:
    checks = {
        "description": lambda text: validation.description(text),
        "address": lambda text: validation.address(text),
        "note": lambda text: validation.text_block(text, "note", maximum=validation.NOTE_MAX),
        "comment": lambda text: validation.text_block(text, "comment", maximum=validation.COMMENT_MAX),
        "name": lambda text: validation.name(text),
    }
    for field, check in checks.items():
        error = refused(check, f"张三反映{bad}楼道灯坏")
        assert error.key in ("input.bad_characters", "input.name_invalid"), field
        assert error.field == field


@pytest.mark.parametrize("bad", ["\n", "\t"])
def test_newlines_and_tabs_only_in_a_multi_line_field(bad: str) -> None:
    assert validation.description(f"楼道灯坏了{bad}三楼") == f"楼道灯坏了{bad}三楼"
    assert refused(validation.address, f"阳光路{bad}8号").key == "input.bad_characters"
    assert refused(validation.text_block, f"第一行{bad}第二行", "note", maximum=300).key == "input.bad_characters"
    assert refused(validation.name, f"张{bad}三").key == "input.name_invalid", "not folded into a space"


def test_emoji_and_the_joiners_they_need_are_allowed_in_free_text() -> None:
    family = "👨\u200d👩\u200d👧"
    assert validation.description(f"楼道灯坏了 {family} 👍🏽") == f"楼道灯坏了 {family} 👍🏽"
    assert validation.text_block("很好 ❤️", "comment", maximum=300) == "很好 ❤️"
    assert validation.name("阿依古丽·买买提") == "阿依古丽·买买提"
    assert refused(validation.name, "张三👍").key == "input.name_invalid"


def test_every_free_text_field_has_a_limit() -> None:
    for check, limit in (
        (validation.description, validation.DESCRIPTION_MAX),
        (validation.address, validation.ADDRESS_MAX),
        (validation.name, validation.NAME_MAX),
    ):
        assert refused(check, "长" * 1_000_000).params["limit"] == limit
    assert refused(validation.staff_id, "s" * 21).key == "input.staff_invalid"


def test_unsafe_names_what_a_terminal_would_act_on() -> None:
    assert all(validation.unsafe(char) for char in "\x00\x1b\x7f\x85\x9b\u202e\u2066\u2028\udcff\n\t")
    assert not validation.unsafe("\n", multiline=True) and not validation.unsafe("\t", multiline=True)
    assert not any(validation.unsafe(char) for char in "aZ9 张·-'’，。１👍\u200d\u200c\u3000")


def test_undecodable_finds_surrogate_escapes_and_nul() -> None:
    assert validation.undecodable(b"caf\xe9".decode("utf-8", "surrogateescape"))
    assert validation.undecodable("a\x00b")
    assert not validation.undecodable("café 张三 👍 \x1b")


def test_dates_are_held_to_2000_through_2100() -> None:
    assert validation.day("2000-01-01") == validation.EARLIEST == date(2000, 1, 1)
    assert validation.day("2100-12-31") == validation.LATEST == date(2100, 12, 31)
    for typed in ("1999-12-31", "2101-01-01", "9999-12-31", "0001-01-01"):
        error = refused(validation.day, typed, "from")
        assert error.key == "input.date_range" and error.field == "from"
        assert error.params == {"value": typed, "first": "2000-01-01", "last": "2100-12-31"}


def test_full_width_dates_and_times_are_read_other_digits_are_not() -> None:
    assert validation.day("２０２６－１１－２３") == date(2026, 11, 23)
    assert validation.clock_time("１８：３０") == time(18, 30)
    assert refused(validation.day, "٢٠٢٦-١١-٢٣").key == "input.date_invalid"
    assert refused(validation.clock_time, "١٨:٣٠").key == "input.time_invalid"


def test_instants(hall_config) -> None:
    tz = hall_config.timezone
    assert validation.instant("2026-11-23T09:15", tz).isoformat() == "2026-11-23T09:15:00+08:00"
    assert validation.instant("２０２６-11-23T09:15", tz).hour == 9
    assert validation.instant("2026-11-23T01:15Z", tz).hour == 9, "converted to hall time"
    for typed in ("yesterday", "", "2026-11-23T09:15\x1b", "\udcff", "25:00"):
        assert refused(validation.instant, typed, tz).key == "input.instant_invalid"
    for typed in (
        "0001-01-01",
        "9999-12-31T23:59-12:00",
        "0001-01-01T00:00+14:00",
        "2100-12-31T23:00-12:00",
        "1999-12-31T23:00",
    ):
        error = refused(validation.instant, typed, tz)  # never an OverflowError
        assert error.key == "input.date_range" and error.field == "now"


def test_quote_is_one_line_escaped_and_short() -> None:
    assert validation.quote("household") == "'household'"
    assert validation.quote("gen\neral") == "'gen\\neral'"
    assert validation.quote("\x1b[2J\x00\u202e") == "'\\x1b[2J\\x00\\u202e'"
    assert validation.quote(b"\xff".decode("utf-8", "surrogateescape")) == "'\\xff'"
    assert validation.quote("x" * 1_000_000) == "'" + "x" * 40 + "'…"
    assert validation.quote("张三👍") == "'张三👍'"


def test_shown_escapes_and_cuts_and_escaping_twice_changes_nothing() -> None:
    once = validation.shown("a\nb\x1b", limit=None)
    assert once == "a\\nb\\x1b" and validation.shown(once, limit=None) == once
    assert validation.shown("y" * 50) == "y" * 40 + "…"
    assert validation.shown("C:\\path") == "C:\\path"


def test_for_terminal_neutralises_every_string_in_a_record() -> None:
    record = {
        "note": "\x1b[2Jgone",
        "history": [{"at": "t", "note": "a\r\nfake"}],
        "n": 3,
        "k\x1b": None,
        "pair": ("\u202e", 1),
    }
    safe = validation.for_terminal(record)
    assert safe == {
        "note": "\\x1b[2Jgone",
        "history": [{"at": "t", "note": "a\\r\\nfake"}],
        "n": 3,
        "k\\x1b": None,
        "pair": ("\\u202e", 1),
    }
    assert validation.for_terminal("张三 👍") == "张三 👍"


def test_an_error_message_is_one_line_whatever_was_typed() -> None:
    from kiosk.errors import NotFound

    error = NotFound(
        "service.unknown", field="service", service="ta\nx\x1b[2J" + "x" * 1000, known="general, household"
    )
    for lang in ("en", "zh-Hans"):
        text = error.message(lang)
        assert "\n" not in text and "\x1b" not in text and len(text) < 200
        assert "ta\\nx\\x1b[2J" in text and "…" in text and "general, household" in text


# --- every face gets it: the facade refuses, whoever calls -----------------------------------------------------


def test_the_facade_refuses_unsafe_or_long_free_text(hall) -> None:
    from kiosk.errors import KioskError

    hall.add_staff("w01", "王芳", "480316")
    hall.issue_ticket("social-security")
    hall.call_next("1")
    filed = hall.file_request("repair", "楼道灯坏了\n三楼", "13900001111", address="3栋")
    before = hall.store.path.read_bytes()
    for note in ("\x1b[2Jcleared", "a\x00b", "two\nlines", "n" * 1_000_000, "\u202eevil"):
        with pytest.raises(KioskError) as info:
            hall.finish("1", note=note)
        assert info.value.key in ("input.bad_characters", "input.too_long") and info.value.field == "note"
    for call, field in (
        (lambda: hall.file_request("repair", "楼道灯坏了", "13900001111", address="3栋\n4栋"), "address"),
        (lambda: hall.file_request("repair", "楼道灯\x1b[2J坏了", "13900001111", address="3栋"), "description"),
        (
            lambda: hall.file_request(
                "repair", "楼道灯坏了", "13900001111", address="3栋", preferred_time="9999-12-31T23:59-12:00"
            ),
            "preferred_time",
        ),
        (lambda: hall.note_request(filed["code"], staff="w01", note="内部\n第二行"), "note"),
        (lambda: hall.advance_request(filed["code"], "rejected", staff="w01", note="\x9b2J不受理"), "note"),
        (lambda: hall.add_staff("w02", "王\x1b芳", "480316"), "name"),
    ):
        with pytest.raises(KioskError) as info:
            call()
        assert info.value.field == field
    assert hall.store.path.read_bytes() == before, "a refusal writes nothing"
    assert hall.finish("1", note=" 材料齐全 👍 ")["history"][-1]["note"] == "材料齐全 👍"
