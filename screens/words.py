"""How times, days, waits and statuses are said to a resident, in the current language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.ui_contract import name_of, parse_stamp

if TYPE_CHECKING:
    from screens.app import HallApp


def capital(text: str) -> str:
    """``text`` with its first letter in upper case, for words that start a label or a line ("Tomorrow 10:00",
    "Ticket T7KX-M2Q9"); the rest is left as it is, Chinese is unchanged, and so is a label that starts with an id
    or a code (a staff id such as ``s01``)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if not first.isalpha():  # an id or a code ("s01", "a7kx"): never changed
        return text
    return text[:1].upper() + text[1:]


def day_words(app: HallApp, day: date) -> str:
    """ "today", "tomorrow", or the date with its weekday ("11月25日 周三" / "Wed 25 Nov")."""
    today = app.hall.now().date()
    offset = (day - today).days
    if offset == 0:
        return app.t("ui.today")
    if offset == 1:
        return app.t("ui.tomorrow")
    return app.t(
        "ui.date", month=app.t(f"ui.month.{day.month}"), day=day.day, weekday=app.t(f"ui.weekday.{day.isoweekday()}")
    )


def when_words(app: HallApp, instant: str | datetime | None) -> str:
    """A stored instant as day and time: "明天 08:30" / "tomorrow 08:30"."""
    if instant is None:
        return ""
    moment = parse_stamp(instant) if isinstance(instant, str) else instant
    moment = moment.astimezone(app.config.timezone)
    return app.t("ui.day_time", day=day_words(app, moment.date()), time=moment.strftime("%H:%M"))


def start_words(app: HallApp, period: Any) -> str:
    """When a session starts, for "from ...": its day and first minute, "tomorrow 08:30" (a range after "from" read
    oddly: "from tomorrow 08:30-12:00"); "" when none is known. ``period`` is a period as the overview gives it (a
    dict) or as a refusal carries it (its ``start``)."""
    start = period.get("start") if isinstance(period, Mapping) else getattr(period, "start", None)
    return when_words(app, start) if start else ""


def time_words(instant: str | datetime | None) -> str:
    """Just the clock time, HH:MM."""
    if instant is None:
        return ""
    moment = parse_stamp(instant) if isinstance(instant, str) else instant
    return moment.strftime("%H:%M")


def wait_words(app: HallApp, low: int | None, high: int | None) -> str:
    """An estimated wait range: "约 5–10 分钟" / "about 5–10 min" (or "no wait")."""
    if low is None or high is None:
        return ""
    if high <= 0:
        return app.t("ui.no_wait")
    if low == high:
        return app.t("ui.wait_exact", minutes=low)
    return app.t("ui.wait_range", low=low, high=high)


def unknown_wait_words(app: HallApp, record: Mapping[str, Any]) -> str:
    """Why a ticket's or a service's wait is not known (the domain's ``wait_unknown``): "窗口尚未开放" /
    "counters open at 08:30" (tomorrow's date when not today); "" when the wait is known."""
    reason = record.get("wait_unknown")
    if not reason:
        return ""
    opens_at = record.get("counters_open_at")
    if opens_at:  # between sessions: the counters open with the next one
        moment = parse_stamp(opens_at).astimezone(app.config.timezone)
        if moment.date() == app.hall.now().date():
            return app.t("wait.counters_closed_at", when=time_words(moment))
        return app.t("wait.counters_closed_on", when=when_words(app, moment))
    return app.t(f"wait.{reason}")


def estimate_words(app: HallApp, record: Mapping[str, Any]) -> str:
    """A ticket's or a service's estimated wait: the range ("约 5–10 分钟"), or why it is not known."""
    return unknown_wait_words(app, record) or wait_words(app, record.get("wait_min"), record.get("wait_max"))


def documents_words(app: HallApp, service_id: str, key: str = "ticket.documents", none: str = "") -> str:
    """The documents to bring for a service, said with ``key`` ("请携带：居民身份证、户口簿。"); ``none`` (a
    catalog key, or nothing) when the service needs none or the config no longer has it (一次告知)."""
    try:
        documents = app.config.service(service_id).documents
    except KeyError:
        documents = ()
    if not documents:
        return app.t(none) if none else ""
    return app.t(key, documents=app.t("ui.list_separator").join(app.word(d) for d in documents))


def status_words(app: HallApp, status: str) -> str:
    """A record's status in words, e.g. "checked_in" -> "已签到" / "checked in"."""
    try:
        return app.t(f"term.{status}")
    except KeyError:
        return status


def service_name(app: HallApp, service_id: str) -> str:
    """A service's name, or its id when the config no longer has it."""
    return name_of(app.config, app.lang, "service", service_id)


def category_words(app: HallApp, category_id: str) -> str:
    """A request category's name (the built-in follow-up one included)."""
    return name_of(app.config, app.lang, "category", category_id)


def period_words(app: HallApp, period: Mapping[str, Any] | None) -> str:
    """An opening as words: "明天 08:30–12:00" with "(延时服务，仅限预约)" when it is a staggered-hours window."""
    if period is None:
        return app.t("ui.no_opening")
    text = app.t("ui.period", when=when_words(app, period["start"]), end=time_words(period["end"]))
    if period.get("staggered"):
        text += app.t("ui.staggered_tag") if period.get("walk_in") else app.t("ui.staggered_booking_tag")
    return text


def percent_words(rate: float) -> str:
    """A share as a percentage to a tenth: ``98.2%``, ``100%``."""
    value = round(rate * 100, 1)
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


def public_words(app: Any, public: Mapping[str, Any] | None) -> str:
    """This month's public satisfaction line (政务公开) in ``app``'s language (an app or a board's voice): "本月满意率
    98.2% · 差评 3 件，已整改 3 件", or that nothing has been rated yet this month (never a 0% or 100% of nothing);
    empty before the first read."""
    if not public:
        return ""
    if not public["rated"] or public["rate"] is None:
        return str(app.t("figures.public_none"))
    return str(
        app.t("figures.public", rate=percent_words(public["rate"]), poor=public["poor"], handled=public["handled"])
    )
