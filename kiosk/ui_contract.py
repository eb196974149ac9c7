"""What the facade exposes to the UI besides :class:`kiosk.hall.Hall`: the constants the screens label and
filter choices with, and the pure display helpers they format records with.

The screens import, from ``kiosk``, only :mod:`kiosk.hall` (the facade), :mod:`kiosk.records` (the types of what
it returns), :mod:`kiosk.errors` (the refusals it raises), :mod:`kiosk.config` (the typed config),
:mod:`kiosk.i18n` (the message catalog) and this module; the app (:mod:`screens.app`) for typing only.
``tests/unit/test_screen_imports.py`` enforces it. So a screen never imports a rule module: anything that
decides (validating what was typed, what happens after a rating, the fairness cap, which visit times to offer) is
a :class:`~kiosk.hall.Hall` method or a field of its results; what is here only names things or formats them.
Constants are re-exported from the modules that own them, so they cannot drift.
"""

from __future__ import annotations

from kiosk.audit import AUDIT
from kiosk.booking import APPOINTMENTS
from kiosk.codes import display as display_code
from kiosk.context import parse_stamp
from kiosk.fileformat import META_TABLE
from kiosk.names import name_of
from kiosk.outbox import MESSAGES
from kiosk.outbox import REASONS as OUTBOX_REASONS
from kiosk.queue import CALLS, COUNTERS, OUTCOMES, TICKETS, expired_because, session_start
from kiosk.ratings import FOLLOW_UP_AT, INDICATORS, LEVELS, ON_RECORD, PADS, RATINGS, Level, not_ratable_because
from kiosk.rectification import GRADE_IDS as CASE_GRADES
from kiosk.rectification import GRADE_NUMBERS as CASE_GRADE_NUMBERS
from kiosk.report import APPOINTMENT_STATUSES, fitted_chart
from kiosk.report import TABLES as REPORT_TABLES
from kiosk.report_layout import Grid as ReportGrid
from kiosk.report_layout import blocks as report_blocks
from kiosk.report_layout import fit as report_fit
from kiosk.report_layout import heading as report_heading
from kiosk.requests import ASSIGNED, FOLLOW_UP, REJECTED, REQUESTS, RESOLVED, STATUSES
from kiosk.staff import STAFF, TerminalThrottle
from kiosk.throttle import Throttle
from kiosk.validation import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NOTE_MAX,
    mask_name,
    mask_phone,
)

__all__ = [
    # the data file's tables, by the names :meth:`kiosk.hall.Hall.changed_since` reports changes in: a live
    # screen says which of them its view reads (the meta table, written by every commit, is no view's)
    "APPOINTMENTS",
    "AUDIT",
    "CALLS",
    "COUNTERS",
    "META_TABLE",
    "MESSAGES",
    "OUTBOX_REASONS",
    "PADS",
    "RATINGS",
    "REPORT_TABLES",
    "REQUESTS",
    "STAFF",
    "TICKETS",
    # a rating's call back to the phone on record: its digits are never shown
    "ON_RECORD",
    # the terminal's own slow-downs: after wrong codes or digits, and after wrong PINs at the staff key
    "TerminalThrottle",
    "Throttle",
    # finishing a ticket at a counter: the outcomes a clerk picks from
    "OUTCOMES",
    # a ticket: when the session it was issued ahead of opens, and why an expired one expired
    "expired_because",
    "session_start",
    # ratings: the five levels (best first) and the level at or below which a follow-up opens (a filter for
    # staff lists; whether a given rating opened one is its result's ``follow_up``)
    "FOLLOW_UP_AT",
    "LEVELS",
    "Level",
    # the rating pad: the indicators it may ask besides the level (服务效率, 服务水平, 服务态度), by name
    "INDICATORS",
    # why a record cannot be rated (a message key): not yet, a no-show, or ended without a service
    "not_ratable_because",
    # poor ratings handled to the end: the resident's grades of a rectification, best first
    "CASE_GRADES",
    "CASE_GRADE_NUMBERS",
    # service requests: every status, the ones a clerk's keys lead to, and the built-in follow-up category
    "ASSIGNED",
    "FOLLOW_UP",
    "REJECTED",
    "RESOLVED",
    "STATUSES",
    # the report's figures (Hall.report): the appointment statuses it counts, in order, its chart of waits
    # through the day as plain text bars, and its tables and lines in words (the command line draws the same)
    "APPOINTMENT_STATUSES",
    "ReportGrid",
    "report_blocks",
    "report_fit",
    "report_heading",
    "fitted_chart",
    # longest free texts, for the fields' limits and counters
    "COMMENT_MAX",
    "DESCRIPTION_MAX",
    "NOTE_MAX",
    # display helpers: a code as printed (A7KX-M2Q9), masked contact details, a stored instant, a name by id
    "display_code",
    "mask_name",
    "mask_phone",
    "name_of",
    "parse_stamp",
]
