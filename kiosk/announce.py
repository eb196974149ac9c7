"""What the hall says when a counter calls a ticket: the sentences of a call, word by word (no I/O here; the sound
is :mod:`kiosk.voice`'s).

A call is spoken in each of ``[announce] languages`` (``zh`` Mandarin, ``en`` English), from the templates of
``kiosk.toml`` (``zh``, ``en``, and ``zh_recall`` / ``en_recall`` for a recall, which must say it is one:
"再次呼叫" / "Calling again"). How things are read:

* **Ticket numbers** (``A001``): the letter by its English name in both languages (as Chinese halls say it:
  "A"), then the digits. ``number_style = "digits"`` (the default, what residents hear in most halls, and what
  matches the slip) reads each digit: "A 零零一", "A zero zero one"; ``"whole"`` reads the number without its
  leading zeros: "A 一", "A one"; "A 一百二十三", "A one hundred twenty-three".
* **Counters** are read as whole numbers whatever the style ("12" is "十二" / "twelve"), since that is how the
  windows are named; an id with letters is read character by character (``east-2``: "EAST 二"; ``-`` is not
  read).
* **The fixed words** of a template are the runs of text between placeholders and punctuation; punctuation
  (``，,。.；;：:！!？?、``) is a short pause.

Each :class:`Word` also names the recorded clip that says it (:attr:`Word.clip`): ``0``..``9`` for the digits,
``10`` (十 / ten), ``11``..``19`` and ``20``, ``30``..``90`` (English tens), ``100`` (百 / hundred), ``A``..``Z``
for the letters, and a fixed phrase by its words joined with ``_`` in lower case (``请``, ``号到``,
``please_go_to_counter``). :func:`clips_needed` lists every clip a hall's config can need.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.config import AnnounceRules, HallConfig
from kiosk.records import CallItem

__all__ = [
    "PAUSE_MARKS",
    "Announcement",
    "Sentence",
    "Word",
    "announcement",
    "clip_name",
    "clips_needed",
    "counter_words",
    "number_words",
    "sentence",
]

#: Punctuation read as a short pause (and where a template's fixed text is cut into clips).
PAUSE_MARKS = "，,。.；;：:！!？?、"

_ZH_DIGITS = "零一二三四五六七八九"
_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_EN_TENS = {
    20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety",
}  # fmt: skip
_EN_TENS_CLIPS = tuple(str(tens) for tens in _EN_TENS)
_DIGIT_CLIPS = tuple("0123456789")
_LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True)
class Word:
    """One piece of a spoken sentence."""

    text: str
    """As it is said (what the synthesiser reads, and the sentence log shows)."""
    clip: str | None
    """The recorded clip that says it (a file name without ``.wav`` in the language's clip folder); None for a
    pause."""


@dataclass(frozen=True)
class Sentence:
    """A call said in one language."""

    lang: str
    """``zh`` or ``en``."""
    text: str
    """The whole sentence as it is said: the template filled with the spoken number and counter."""
    words: tuple[Word, ...]
    """The same, word by word (for the recorded clips)."""


@dataclass(frozen=True)
class Announcement:
    """Everything said for one call, in the configured languages, in order."""

    call_id: int
    """The call's id (ids only grow: the order calls were made)."""
    number: str
    """The ticket's number as on the slip (``A001``)."""
    counter: str
    """The counter's id."""
    recall: bool
    """True when the counter called the ticket again."""
    sentences: tuple[Sentence, ...]
    """One per language, in ``[announce] languages`` order."""


def _digit(char: str, lang: str) -> Word:
    value = int(char)
    return Word(_ZH_DIGITS[value] if lang == "zh" else _EN_DIGITS[value], char)


def _whole(value: int, lang: str) -> list[Word]:
    """``value`` (0..999) read as a number, as words with their clips."""
    if value == 0:
        return [_digit("0", lang)]
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    words: list[Word] = []
    if hundreds:
        words += [_digit(str(hundreds), lang), Word("百" if lang == "zh" else "hundred", "100")]
    if lang == "zh":
        if hundreds and rest and tens == 0:
            words.append(_digit("0", lang))  # 一百零五
        if tens:
            # 十五, but 一百一十五 (the 一 is said after a hundred)
            words += ([] if tens == 1 and not hundreds else [_digit(str(tens), lang)]) + [Word("十", "10")]
        if ones:
            words.append(_digit(str(ones), lang))
        return words
    if 10 <= rest < 20:
        words.append(Word(_EN_TEENS[rest - 10], str(rest)))
    else:
        if tens:
            words.append(Word(_EN_TENS[tens * 10], str(tens * 10)))
        if ones:
            words.append(_digit(str(ones), lang))
    return words


def _text(words: list[Word], lang: str) -> str:
    """Words run together as they are written: English words with spaces (and a hyphen in twenty-three), Chinese
    digits without (零零一), a letter apart from what follows it (A 零零一)."""
    out = ""
    for index, word in enumerate(words):
        if index:
            previous = words[index - 1].clip
            if lang == "en" and previous in _EN_TENS_CLIPS and word.clip in _DIGIT_CLIPS[1:]:
                out += "-"
            elif lang == "en" or previous in _LETTERS or word.clip in _LETTERS:
                out += " "
        out += word.text
    return out


def _characters(value: str, lang: str) -> list[Word]:
    """Read character by character: letters by name, digits one by one, anything else not at all."""
    words: list[Word] = []
    for char in value.upper():
        if "A" <= char <= "Z":
            words.append(Word(char, char))
        elif char.isascii() and char.isdigit():
            words.append(_digit(char, lang))
    return words


def number_words(number: str, lang: str, style: str) -> list[Word]:
    """A ticket number (``A001``) as said in ``lang`` with ``style`` (``digits`` or ``whole``)."""
    match = re.fullmatch(r"([A-Za-z]*)([0-9]{1,3})", number)
    if match is None:
        return _characters(number, lang)
    letters, digits = match.groups()
    words = _characters(letters, lang)
    if style == "whole":
        return words + _whole(int(digits), lang)
    return words + [_digit(char, lang) for char in digits]


def counter_words(counter: str, lang: str) -> list[Word]:
    """A counter's id as said in ``lang``: a number up to 999 as a whole number, anything else character by
    character."""
    if counter.isascii() and counter.isdigit() and len(counter) <= 3:
        return _whole(int(counter), lang)
    return _characters(counter, lang)


def clip_name(phrase: str) -> str:
    """The clip of a fixed phrase of a template: its words in lower case joined by ``_`` (``Please go to`` ->
    ``please_go_to``; ``号到`` -> ``号到``); empty when it holds no word."""
    return "_".join(re.findall(r"\w+", phrase.casefold()))


def _fixed(literal: str) -> list[Word]:
    """A template's fixed text as words: each run between pause marks is one phrase (one clip)."""
    words: list[Word] = []
    for piece in re.split(f"([{re.escape(PAUSE_MARKS)}])", literal):
        if piece and piece in PAUSE_MARKS:
            words.append(Word(piece, None))
        elif clip_name(piece):
            words.append(Word(piece.strip(), clip_name(piece)))
    return words


def sentence(template: str, lang: str, number: str, counter: str, style: str) -> Sentence:
    """``template`` (validated by :mod:`kiosk.config`) filled for ticket ``number`` at ``counter`` in ``lang``."""
    words: list[Word] = []
    text = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        words += _fixed(literal)
        text += literal
        if name is None:
            continue
        spoken = number_words(number, lang, style) if name == "number" else counter_words(counter, lang)
        words += spoken
        text += _text(spoken, lang)
    return Sentence(lang=lang, text=text.strip(), words=tuple(words))


def announcement(call: CallItem, rules: AnnounceRules, languages: Iterable[str] | None = None) -> Announcement:
    """What is said for ``call`` (a call or a recall), in ``languages`` (default ``rules.languages``)."""
    langs = tuple(languages) if languages is not None else rules.languages
    return Announcement(
        call_id=call["id"],
        number=call["number"],
        counter=call["counter"],
        recall=call["recall"],
        sentences=tuple(
            sentence(
                rules.template(lang, recall=call["recall"]), lang, call["number"], call["counter"], rules.number_style
            )
            for lang in langs
        ),
    )


def clips_needed(config: HallConfig, lang: str, rules: AnnounceRules | None = None) -> set[str]:
    """Every clip a call in ``lang`` can need with this config: the fixed phrases of both templates, the letters
    of the services' prefixes, the words of every number 1..999 in the configured style, and the counters."""
    rules = rules or config.announce
    needed: set[str] = set()
    for recall in (False, True):
        for literal, _, _, _ in string.Formatter().parse(rules.template(lang, recall=recall)):
            needed.update(word.clip for word in _fixed(literal) if word.clip)
    for service in config.services:
        needed.update(word.clip for word in _characters(service.prefix, lang) if word.clip)
    for value in range(1, 1000):
        needed.update(word.clip for word in number_words(f"{value:03d}", lang, rules.number_style) if word.clip)
    for counter in config.counters:
        needed.update(word.clip for word in counter_words(counter.id, lang) if word.clip)
    return needed
