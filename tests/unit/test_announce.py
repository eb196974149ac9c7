"""What is said for a call (:mod:`kiosk.announce`) and the ``[announce]`` section of ``kiosk.toml``: numbers read
digit by digit or whole, counters as numbers, recalls saying so, the clips a config needs, and a broken section
named by its key."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.announce import announcement, clip_name, clips_needed, counter_words, number_words, sentence
from kiosk.config import AnnounceRules, HallConfig, parse_config
from kiosk.errors import ConfigError
from kiosk.records import CallItem

BUNDLED = Path(__file__).resolve().parents[2] / "kiosk.toml"
DATA = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))


def call(number: str = "A001", counter: str = "3", *, recall: bool = False, id: int = 1) -> CallItem:
    """A call as the board's view lists it."""
    return {
        "id": id,
        "day": "2026-11-23",
        "seq": id,
        "at": "2026-11-23T09:00:00+08:00",
        "number": number,
        "service": "social-security",
        "counter": counter,
        "recall": recall,
    }


def spoken(number: str, lang: str, style: str) -> str:
    return " ".join(word.text for word in number_words(number, lang, style))


@pytest.mark.parametrize(
    ("number", "zh_digits", "zh_whole", "en_whole"),
    [
        ("A001", "A 零 零 一", "A 一", "A one"),
        ("B010", "B 零 一 零", "B 十", "B ten"),
        ("C015", "C 零 一 五", "C 十 五", "C fifteen"),
        ("D105", "D 一 零 五", "D 一 百 零 五", "D one hundred five"),
        ("E110", "E 一 一 零", "E 一 百 一 十", "E one hundred ten"),
        ("F999", "F 九 九 九", "F 九 百 九 十 九", "F nine hundred ninety nine"),
        ("A020", "A 零 二 零", "A 二 十", "A twenty"),
    ],
)
def test_numbers_are_read_digit_by_digit_or_whole(number, zh_digits, zh_whole, en_whole):
    assert spoken(number, "zh", "digits") == zh_digits
    assert spoken(number, "zh", "whole") == zh_whole
    assert spoken(number, "en", "whole") == en_whole


def test_counters_are_read_as_numbers_and_ids_with_letters_by_character():
    assert [w.text for w in counter_words("12", "zh")] == ["十", "二"]
    assert [w.text for w in counter_words("12", "en")] == ["twelve"]
    assert [w.text for w in counter_words("east-2", "zh")] == ["E", "A", "S", "T", "二"]


def test_the_sentence_fills_the_template_as_it_is_said():
    rules = AnnounceRules()
    said = sentence(rules.zh, "zh", "A001", "3", "digits")
    assert said.text == "请 A 零零一 号到 三 号窗口办理"
    assert [w.clip for w in said.words] == ["请", "A", "0", "0", "1", "号到", "3", "号窗口办理"]
    english = sentence(rules.en, "en", "B123", "12", "whole")
    assert english.text == "Number B one hundred twenty-three, please go to counter twelve"
    assert [w.clip for w in english.words] == ["number", "B", "1", "100", "20", "3", None, "please_go_to_counter", "12"]


def test_a_recall_says_so_in_each_language_in_the_configured_order():
    rules = AnnounceRules(languages=("en", "zh"))
    first = announcement(call(), rules)
    again = announcement(call(recall=True, id=2), rules)
    assert [s.lang for s in again.sentences] == ["en", "zh"]
    assert again.recall and not first.recall
    assert again.sentences[0].text.startswith("Calling again")
    assert again.sentences[1].text.startswith("再次呼叫")
    assert not any("再次" in s.text or "again" in s.text for s in first.sentences)
    assert [s.lang for s in announcement(call(), rules, ["zh"]).sentences] == ["zh"]


def test_clip_names_are_the_words_of_a_phrase_in_lower_case():
    assert clip_name(" Please go to ") == "please_go_to"
    assert clip_name("号窗口办理") == "号窗口办理"
    assert clip_name(" ") == ""


def test_the_clips_a_config_needs_follow_its_style(hall_config: HallConfig):
    digits = clips_needed(hall_config, "zh")
    assert {"0", "9", "请", "号到", "号窗口办理", "再次呼叫"} <= digits
    assert {s.prefix for s in hall_config.services} <= digits
    assert "100" not in digits and "10" not in digits  # the bundled counters are 1..6
    whole = clips_needed(hall_config, "en", AnnounceRules(number_style="whole"))
    assert {"10", "11", "19", "20", "90", "100", "number", "please_go_to_counter", "calling_again"} <= whole


# --- [announce] in kiosk.toml ---------------------------------------------------------------------------------


def parsed(**announce: Any) -> AnnounceRules:
    data = copy.deepcopy(DATA)
    data["announce"] = announce
    return parse_config(data, BUNDLED).announce


def test_the_bundled_section_and_the_defaults():
    data = copy.deepcopy(DATA)
    assert parse_config(data, BUNDLED).announce == AnnounceRules()
    del data["announce"]
    assert parse_config(data, BUNDLED).announce == AnnounceRules()
    rules = parsed(clips="sounds", number_style="whole", languages=["en"], player="paplay")
    assert rules.clips == BUNDLED.parent / "sounds"
    assert (rules.number_style, rules.languages, rules.player) == ("whole", ("en",), "paplay")


@pytest.mark.parametrize(
    ("announce", "expected"),
    [
        ({"zh": "请到 {counter} 号窗口"}, "announce.zh: expected a sentence with {number}"),
        ({"en": "Number {ticket}"}, "announce.en: expected a sentence with {number}"),
        ({"en_recall": "Again {number"}, "announce.en_recall: expected a sentence with {number}"),
        ({"zh_recall": "{number:>5}"}, "announce.zh_recall: expected a sentence with {number}"),
        ({"zh": "请 {number} 号到 ../{counter}"}, "announce.zh: expected a sentence with {number}"),
        ({"languages": []}, "announce.languages: expected a non-empty array"),
        ({"languages": ["zh", "zh"]}, "announce.languages: expected a non-empty array"),
        ({"languages": ["zh", "fr"]}, "announce.languages[1]: expected 'zh' or 'en', got 'fr'"),
        ({"number_style": "words"}, "announce.number_style: expected one of 'digits', 'whole', got 'words'"),
        ({"player": "aplay 'unclosed"}, "announce.player: expected a command line"),
        ({"player": " "}, "announce.player: expected a command line"),
        ({"player_timeout_seconds": 0}, "announce.player_timeout_seconds: expected an integer 1..600, got 0"),
        ({"chime": "yes"}, "announce.chime: expected true or false, got 'yes'"),
        ({"clips": 3}, "announce.clips: expected a non-empty string, got 3"),
        ({"voice": "cmn"}, "announce.voice: unknown key"),
    ],
)
def test_a_broken_announce_section_names_the_key(announce, expected):
    with pytest.raises(ConfigError) as error:
        parsed(**announce)
    assert error.value.params["text"].startswith(expected), error.value.params["text"]
