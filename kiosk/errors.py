"""The errors the domain raises, shared by the CLI, the screens and the tests.

Every refusal a resident or a clerk can meet is a :class:`KioskError` carrying a message *key* and its
parameters, never a finished sentence: the CLI renders it in English (or ``--lang``), the kiosk screens in the
resident's language, both from the one catalog in :mod:`kiosk.i18n`. ``field`` names the input at fault, so a
screen can show the message next to that field.

Raising any of these means nothing was written: domain functions validate before they modify, and the store
discards a transaction that ends in an exception.
"""

from __future__ import annotations

from typing import Any

#: Parameters that carry what someone typed (a service, a date, a backup's name...): a message quotes at most
#: :data:`kiosk.validation.QUOTE_MAX` characters of them.
TYPED_PARAMS = frozenset(
    {
        "value",
        "service",
        "counter",
        "outcome",
        "state",
        "category",
        "status",
        "action",
        "name",
        "staff",
        "group",
        "code",
        "option",
    }
)
#: Any other parameter (a path, a list of known values, a config problem) is cut at this many characters.
PARAM_MAX = 300


class KioskError(Exception):
    """Base of every expected, user-facing failure.

    ``key`` selects the message in the catalog; ``params`` fill its placeholders; ``field`` (optional) names
    the input the message is about; ``data`` carries extra structured facts for a screen (for example the next
    bookable slots offered with a refusal).
    """

    #: Exit status the CLI uses for this kind of failure.
    exit_status = 2

    def __init__(self, key: str, *, field: str | None = None, data: Any = None, **params: Any) -> None:
        self.key = key
        self.field = field
        self.params = params
        self.data = data
        super().__init__(key)

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, with its parameters filled in, always on one line: every text parameter has
        its control characters and newlines escaped, typed ones (:data:`TYPED_PARAMS`) are cut short and any
        other at :data:`PARAM_MAX` (see :func:`kiosk.validation.shown`)."""
        from kiosk.i18n import translate
        from kiosk.validation import QUOTE_MAX, shown

        params = {
            name: shown(value, limit=QUOTE_MAX if name in TYPED_PARAMS else PARAM_MAX)
            if isinstance(value, str)
            else value
            for name, value in self.params.items()
        }
        hint_key = params.pop("hint_key", None)
        if hint_key:  # a second sentence chosen by the situation (what to do next), in the same language
            params["hint"] = translate(lang, hint_key, **params)
        return translate(lang, self.key, **params)

    def resident_message(self, lang: str = "en") -> str:
        """The message as a resident at a kiosk may read it. A refusal that only the hall's IT person can act on
        (the machine's clock contradicts the hall: ``clock.*``) becomes "out of service, please ask staff": its
        full text (with commands to run) is for the command line and the log, not for a resident."""
        if self.key.startswith("clock."):
            from kiosk.i18n import translate

            return translate(lang, "clock.resident")
        return self.message(lang)

    def __str__(self) -> str:
        return self.message("en")


class InvalidInput(KioskError):
    """Input that is malformed, out of range or too long (a phone number, a date, a description)."""


class NotFound(KioskError):
    """No ticket, appointment, request, service or counter answers to what was given."""


class Refused(KioskError):
    """Well-formed input that the hall's rules refuse now (closed, slot full, wrong state, already rated)."""


class ConfigError(KioskError):
    """``kiosk.toml`` is missing, unreadable or invalid. The message names the key and what was expected."""

    exit_status = 2

    def __init__(self, text: str) -> None:
        super().__init__("config.invalid", text=text)


class StoreError(KioskError):
    """The data file cannot be used (unreadable, corrupt, locked too long). Says how to recover."""

    exit_status = 1


class DeviceError(KioskError):
    """A device of the hall failed (a printer off, out of paper, not answering): the machine's fault, not the
    input's, so the command line exits 1."""

    exit_status = 1
