"""The Textual screens: one flow per module, each with the stylesheet ``kiosk.tcss`` (shared look).

Screens open one another by name (``app.go("book-contact", ...)``), through :data:`ROUTES`, never by importing one
another. The resident kiosk's flows start from :class:`HomeScreen`, whose actions are the names of their first
screens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from screens.base import KioskScreen
from screens.board import BoardScreen
from screens.console.appointments import AppointmentsScreen
from screens.console.cases import CaseScreen, CasesScreen
from screens.console.counter import CounterScreen
from screens.console.messages import MessagesScreen
from screens.console.ratings import RatingsScreen
from screens.console.report import ReportScreen
from screens.console.request import RequestScreen
from screens.console.requests import RequestsScreen
from screens.console.signin import SignInScreen
from screens.pad import PadScreen
from screens.resident.booking import (
    BookContactScreen,
    BookDayScreen,
    BookServiceScreen,
    BookSlotScreen,
    Draft,
    MoveConfirmScreen,
)
from screens.resident.checkin import CheckInScreen
from screens.resident.home import HomeScreen
from screens.resident.lookup import CodeScreen, OwnerScreen, StatusScreen
from screens.resident.notify import ConsentScreen, TextMeScreen
from screens.resident.rate import GradeScreen, RateCodeScreen, RateCommentScreen, RateLevelScreen, RateReasonsScreen
from screens.resident.request import RequestCategoryScreen, RequestConfirmScreen, RequestFormScreen, RequestTimeScreen
from screens.resident.result import DoneScreen, SlipScreen
from screens.resident.ticket import RefusedScreen, TicketConfirmScreen, TicketServiceScreen
from screens.staff_prompt import StaffPrompt

#: Every screen another screen (or the app) opens, by name: called with the arguments given to ``app.go``.
ROUTES: dict[str, Callable[..., Screen[Any]]] = {
    # the resident kiosk: home, and the first screen of each home action (the action's name)
    "home": HomeScreen,
    "ticket": TicketServiceScreen,
    "book": BookServiceScreen,
    "checkin": CheckInScreen,
    "request": RequestCategoryScreen,
    "lookup": CodeScreen,
    "rate": RateCodeScreen,
    # later steps opened from another flow
    "book-day": lambda **draft: BookDayScreen(Draft(**draft)),
    "book-contact": lambda **draft: BookContactScreen(Draft(**draft)),
    "rate-level": RateLevelScreen,
    "text-me": TextMeScreen,
    "notify-consent": ConsentScreen,
    # the counter console
    "sign-in": SignInScreen,
    "console-counter": CounterScreen,
    "console-appointments": AppointmentsScreen,
    "console-requests": RequestsScreen,
    "console-request": RequestScreen,
    "console-ratings": RatingsScreen,
    "console-cases": CasesScreen,
    "console-case": CaseScreen,
    "console-report": ReportScreen,
    "console-messages": MessagesScreen,
    # the board, a counter's rating pad, and the staff key's prompt on every face
    "board": BoardScreen,
    "pad": PadScreen,
    "staff-prompt": StaffPrompt,
}


__all__ = [
    "BoardScreen",
    "AppointmentsScreen",
    "CaseScreen",
    "CasesScreen",
    "CounterScreen",
    "RatingsScreen",
    "ReportScreen",
    "RequestScreen",
    "RequestsScreen",
    "SignInScreen",
    "BookContactScreen",
    "BookDayScreen",
    "BookServiceScreen",
    "BookSlotScreen",
    "CheckInScreen",
    "CodeScreen",
    "ConsentScreen",
    "DoneScreen",
    "HomeScreen",
    "KioskScreen",
    "MessagesScreen",
    "MoveConfirmScreen",
    "OwnerScreen",
    "PadScreen",
    "RateCodeScreen",
    "RateCommentScreen",
    "RateLevelScreen",
    "RateReasonsScreen",
    "GradeScreen",
    "RefusedScreen",
    "RequestCategoryScreen",
    "RequestConfirmScreen",
    "RequestFormScreen",
    "RequestTimeScreen",
    "SlipScreen",
    "StaffPrompt",
    "StatusScreen",
    "TextMeScreen",
    "TicketConfirmScreen",
    "TicketServiceScreen",
    "ROUTES",
]
