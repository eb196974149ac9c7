"""Short codes that residents read off a slip and type at a kiosk.

A code is eight characters, shown as two groups of four (``A7KX-M2Q9``):

* a *kind* letter: ``T`` ticket, ``A`` appointment, ``R`` service request, so a code says what it is for;
* six random characters from :data:`ALPHABET` drawn with :mod:`secrets` (31**6, about 887 million per kind,
  so codes cannot be guessed in sequence or enumerated at a kiosk);
* a check character that catches any single mistyped character and any swap of two neighbours.

The alphabet leaves out the look-alikes 0/O and 1/I/L. It has 31 symbols, a prime, which is what lets a weighted
sum modulo 31 catch every single substitution and adjacent transposition (the weights 1..7 are distinct and
non-zero modulo 31).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
assert len(ALPHABET) == 31

KINDS = {"T": "ticket", "A": "appointment", "R": "request"}
RANDOM_LENGTH = 6
CODE_LENGTH = 1 + RANDOM_LENGTH + 1
_VALUE = {char: n for n, char in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-_.]+")
#: Dashes an input method types for ``-`` that NFKC leaves alone: hyphens, en and em dashes (a Chinese input
#: method's ``——``), the minus sign, the katakana long vowel mark (a Japanese one's ``ー``). Full-width ``－``,
#: letters, digits and the ideographic space are folded by NFKC itself.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"


def fold(text: str) -> str:
    """``text`` as plain ASCII where an input method typed full-width forms (``ＡＥＹ６－８ＧＰＧ``) or another
    dash: NFKC, then every dash of :data:`DASHES` as ``-``. Codes and phone numbers are read through this."""
    folded = unicodedata.normalize("NFKC", text or "")
    return folded.translate({ord(dash): "-" for dash in DASHES})


def check_character(body: str) -> str:
    """The check character for ``body`` (the kind letter and the random characters)."""
    total = sum((position + 1) * _VALUE[char] for position, char in enumerate(body))
    return ALPHABET[(-total) % 31]


def new_code(kind: str) -> str:
    """A fresh random code of ``kind`` (``"T"``, ``"A"`` or ``"R"``), in canonical form (no dash)."""
    if kind not in KINDS:
        raise ValueError(f"unknown code kind {kind!r}")
    body = kind + "".join(_random_characters(RANDOM_LENGTH))
    return body + check_character(body)


#: Random bytes below this are used (``byte % 31``, each character equally likely); the others are drawn again.
_UNBIASED_BELOW = 256 - 256 % len(ALPHABET)


def _random_characters(count: int) -> list[str]:
    """``count`` characters of :data:`ALPHABET` from the system's randomness, each equally likely: one
    ``os.urandom`` call for all of them (``secrets.choice`` made one per character, a quarter of issuing a
    ticket's own time)."""
    found: list[str] = []
    while len(found) < count:  # another draw for those refused (one byte in 32): rarely a second round
        found += [ALPHABET[b % len(ALPHABET)] for b in secrets.token_bytes(count - len(found)) if b < _UNBIASED_BELOW]
    return found


def normalize(text: str) -> str | None:
    """The canonical form of a typed code, or None when it is not a valid code.

    Accepts lower case, spaces and dashes, and what a Chinese input method types in full-width mode (:func:`fold`:
    ``ａｅｙ６－８ｇｐｇ``, ``AEY6——8GPG``, an ideographic space). A look-alike character we never print (0, O, 1, I, L) makes the code
    invalid rather than being guessed at: the check character would catch most such guesses anyway.
    """
    candidate = _SEPARATORS.sub("", fold(text or "")).upper()
    if len(candidate) != CODE_LENGTH or candidate[0] not in KINDS:
        return None
    if any(char not in _VALUE for char in candidate):
        return None
    body, check = candidate[:-1], candidate[-1]
    return candidate if check_character(body) == check else None


def kind_of(code: str) -> str:
    """``"ticket"``, ``"appointment"`` or ``"request"`` for a canonical code."""
    return KINDS[code[0]]


def display(code: str) -> str:
    """The code as printed on a slip: two groups of four, ``A7KX-M2Q9``."""
    return f"{code[:4]}-{code[4:]}"
