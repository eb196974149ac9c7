"""The Textual screens: one flow per module, each with the stylesheet ``kiosk.tcss`` (shared look).

The resident kiosk's flows start from :class:`HomeScreen`; :func:`first_screen` maps a home action to the first
screen of its flow.
"""

from __future__ import annotations

from textual.screen import Screen

from screens.base import KioskScreen
from screens.board import BoardScreen
from screens.booking import BookContactScreen, BookDayScreen, BookServiceScreen, BookSlotScreen, MoveConfirmScreen
from screens.checkin import CheckInScreen
from screens.console_appointments import AppointmentsScreen
from screens.console_counter import CounterScreen
from screens.console_ratings import RatingsScreen
from screens.console_report import ReportScreen
from screens.console_request import RequestScreen
from screens.console_requests import RequestsScreen
from screens.console_signin import SignInScreen
from screens.home import HomeScreen
from screens.lookup import CodeScreen, OwnerScreen, StatusScreen
from screens.rate import RateCodeScreen, RateCommentScreen, RateLevelScreen
from screens.request import RequestCategoryScreen, RequestConfirmScreen, RequestFormScreen, RequestTimeScreen
from screens.result import DoneScreen, SlipScreen
from screens.staff_prompt import StaffPrompt
from screens.ticket import RefusedScreen, TicketConfirmScreen, TicketServiceScreen

FLOWS: dict[str, type[KioskScreen]] = {
    "ticket": TicketServiceScreen,
    "book": BookServiceScreen,
    "checkin": CheckInScreen,
    "request": RequestCategoryScreen,
    "lookup": CodeScreen,
    "rate": RateCodeScreen,
}


def first_screen(action: str) -> Screen[object]:
    """The first screen of the home action ``action``."""
    return FLOWS[action]()


__all__ = [
    "BoardScreen",
    "AppointmentsScreen", "CounterScreen", "RatingsScreen", "ReportScreen", "RequestScreen", "RequestsScreen",
    "SignInScreen",
    "BookContactScreen", "BookDayScreen", "BookServiceScreen", "BookSlotScreen", "CheckInScreen", "CodeScreen",
    "DoneScreen", "FLOWS", "HomeScreen", "KioskScreen", "MoveConfirmScreen", "OwnerScreen", "RateCodeScreen",
    "RateCommentScreen", "RateLevelScreen", "RefusedScreen", "RequestCategoryScreen", "RequestConfirmScreen",
    "RequestFormScreen", "RequestTimeScreen", "SlipScreen", "StaffPrompt", "StatusScreen", "TicketConfirmScreen",
    "TicketServiceScreen", "first_screen",
]
