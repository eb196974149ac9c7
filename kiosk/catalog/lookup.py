"""Checking by code, and the wait after wrong codes. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "code.not_found": (
        "No ticket, appointment or request has that code.",
        "没有找到该编码对应的号票、预约或诉求。",
    ),
    "lookup.title": (
        "Check by code",
        "凭码查询",
    ),
    "lookup.code": (
        "Code from your ticket, appointment or request",
        "号票、预约或诉求上的查询码",
    ),
    "lookup.confirm": (
        "Look it up",
        "查询",
    ),
    "lookup.status_title": (
        "What we have for this code",
        "查询结果",
    ),
    "lookup.ticket_line": (
        "Number {number} · {service} · {day}",
        "号码 {number} · {service} · {day}",
    ),
    "lookup.position": (
        "{ahead} ahead of you.",
        "您前面还有 {ahead} 人。",
    ),
    "lookup.go_to_counter": (
        "Please go to counter {counter}.",
        "请到 {counter} 号窗口办理。",
    ),
    "lookup.appointment_line": (
        "{service} · {when}–{end}",
        "{service} · {when}–{end}",
    ),
    "lookup.request_line": (
        "{category} · answer by {due}",
        "{category} · {due} 前答复",
    ),
    "lookup.overdue": (
        "This request is overdue; it has been flagged to the staff.",
        "该诉求已超期，已提醒工作人员优先处理。",
    ),
    "lookup.reason": (
        "Reason: {reason}",
        "原因：{reason}",
    ),
    "lookup.history": (
        "History",
        "办理记录",
    ),
    "lookup.at_counter": (
        "counter {counter}",
        "{counter} 号窗口",
    ),
    "lookup.to_service": (
        "to {service}",
        "转至{service}",
    ),
    "lookup.new_slot": (
        "new time {when}",
        "新时段 {when}",
    ),
    "lookup.ticket_number": (
        "number {number}",
        "号码 {number}",
    ),
    "lookup.cancel": (
        "Cancel this appointment",
        "取消预约",
    ),
    "lookup.move": (
        "Change the time",
        "改约其他时段",
    ),
    "lookup.rate": (
        "Rate this service",
        "评价本次服务",
    ),
    "lookup.owner_title": (
        "Please confirm it is yours",
        "请核验身份",
    ),
    "lookup.confirm_cancel": (
        "Cancel the appointment",
        "确认取消预约",
    ),
    "lookup.choose_new_slot": (
        "Choose a new time",
        "选择新时段",
    ),
    "lookup.cancelled": (
        "Your appointment has been cancelled.",
        "预约已取消。",
    ),
    "lookup.cancelled_note": (
        "The place is free for someone else. You can book again any time.",
        "名额已释放。您可以随时重新预约。",
    ),
    "lookup.expired.walk_in_ended": (
        "Walk-in hours ended before this number was called, so it no longer counts. "
        "You can book an appointment, or take a ticket on another day.",
        "当天现场办理时间已结束，此号未被叫到，已作废。您可以预约办理，或另选日期现场取号。",
    ),
    "lookup.expired.day_closed": (
        "The day ended before this number was served, so it no longer counts.",
        "当天办理结束时此号尚未办结，已作废。",
    ),
    "lookup.expired_short": (
        "walk-in hours ended",
        "现场办理时间已结束",
    ),
    "lookup.book_instead": (
        "Book an appointment",
        "预约办理",
    ),
    "lookup.status.documents_missing": (
        "not finished: documents incomplete",
        "未办结：材料不全",
    ),
    "lookup.outcome.documents_missing": (
        "Documents incomplete: the service could not be finished. Bring the missing documents the counter told "
        "you about, then take a new ticket or book an appointment.",
        "材料不全：本次未能办结。请按窗口告知补齐材料后，重新取号或预约办理。",
    ),
    "lookup.documents_needed": (
        "Documents this service needs: {documents}.",
        "本事项所需材料：{documents}。",
    ),
    "throttle.wait": (
        "Too many wrong codes or digits at this kiosk. Please wait {seconds} seconds, then try again.",
        "本机输错查询码或电话号码后4位次数过多，请等待 {seconds} 秒后再试。",
    ),
    "lookup.appointment_day_line": (
        "{service} · {day}",
        "{service} · {day}",
    ),
    "lookup.time_hidden": (
        'The time is not shown to whoever holds the code: choose "Show the time" and enter the last 4 digits of your phone.',
        "为保护隐私，凭码不显示预约时间；请选择“查看预约时间”并输入电话号码后4位。",
    ),
    "lookup.details": (
        "Show the time",
        "查看预约时间",
    ),
    "lookup.show_details": (
        "Show my appointment",
        "查看我的预约",
    ),
    "lookup.owner_name": (
        "Booked for {name}",
        "预约人：{name}",
    ),
}
