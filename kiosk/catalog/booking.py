"""Appointments: booking, moving, cancelling, checking in. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "booking.not_offered": (
        "This service does not take appointments.",
        "该业务不提供预约。",
    ),
    "booking.past_date": (
        "{date} has already passed.",
        "{date} 已经过去。",
    ),
    "booking.beyond_horizon": (
        "Appointments can be booked up to {days} days ahead.",
        "最多可预约 {days} 天内的时段。",
    ),
    "booking.closed_day": (
        "The hall is closed on {date}.",
        "{date} 大厅不开放。",
    ),
    "booking.no_such_slot": (
        "There is no appointment slot at {time} on {date}.",
        "{date} {time} 没有可预约的时段。",
    ),
    "booking.too_soon": (
        "Appointments must be booked at least {minutes} minutes ahead.",
        "请至少提前 {minutes} 分钟预约。",
    ),
    "booking.slot_full": (
        "Sorry, that time has just been fully booked. Please choose another.",
        "抱歉，该时段刚刚约满，请另选时段。",
    ),
    "booking.phone_cap": (
        "This phone number already has {limit} appointments that day.",
        "该电话号码当天已有 {limit} 个预约。",
    ),
    "booking.same_slot": (
        "The appointment is already at that time.",
        "预约已经是这个时段。",
    ),
    "appointment.not_found": (
        "No appointment matches that code and phone number.",
        "编码与电话号码不匹配，未找到预约。",
    ),
    "appointment.past": (
        "That appointment has already taken place.",
        "该预约的时间已过。",
    ),
    "appointment.started": (
        "The appointment time has begun, so it can no longer be changed.",
        "预约时间已开始，无法再更改。",
    ),
    "appointment.wrong_state": (
        "This appointment cannot be changed now (it is {status}).",
        "该预约当前无法更改（状态：{status}）。",
    ),
    "checkin.too_early": (
        "Too early to check in: check-in opens at {opens} for your {time} appointment.",
        "签到时间未到：您的预约时间为 {time}，{opens} 起可签到。",
    ),
    "checkin.wrong_day_future": (
        "Your appointment is on {date} at {time}. Please check in on that day.",
        "您的预约在 {date} {time}，请当天再来签到。",
    ),
    "checkin.wrong_day_past": (
        "Your appointment was on {date}; it can no longer be checked in.",
        "您的预约日期为 {date}，已无法签到。",
    ),
    "checkin.missed": (
        "Your {time} appointment has been missed and the hall is not serving now. Please book again.",
        "您 {time} 的预约已错过，当前不在服务时间，请重新预约。",
    ),
    "book.pick_service": (
        "Book an appointment: which service?",
        "预约办理：请选择业务",
    ),
    "book.slot_length": (
        "{minutes}-minute appointments",
        "每个时段 {minutes} 分钟",
    ),
    "book.pick_day": (
        "Which day?",
        "请选择日期",
    ),
    "book.pick_slot": (
        "Which time?",
        "请选择时段",
    ),
    "book.on_day": (
        "{service} · {day}",
        "{service} · {day}",
    ),
    "book.places_left": (
        "{n} places left",
        "余 {n} 个名额",
    ),
    "book.day_full": (
        "fully booked",
        "已约满",
    ),
    "book.day_not_offered": (
        "not offered this day",
        "当天不办理此项业务",
    ),
    "book.day_over": (
        "no more times today",
        "今天已无可约时段",
    ),
    "book.day_closed": (
        "closed: {reason}",
        "不开放：{reason}",
    ),
    "book.slot_full_short": (
        "full",
        "已约满",
    ),
    "book.current_slot": (
        "your current time",
        "您当前的时段",
    ),
    "book.part.morning": (
        "Morning {start}–{end}",
        "上午 {start}–{end}",
    ),
    "book.part.afternoon": (
        "Afternoon {start}–{end}",
        "下午 {start}–{end}",
    ),
    "book.part.evening": (
        "Evening {start}–{end}",
        "晚间 {start}–{end}",
    ),
    "book.no_slots_left": (
        "No times left on this day. Press Escape to choose another day.",
        "当天已无可约时段，请按 Esc 返回选择其他日期。",
    ),
    "book.slot_gone": (
        "Sorry, that time has just been taken. Please choose another.",
        "抱歉，该时段刚刚约满，请另选一个时段。",
    ),
    "book.contact": (
        "Your name and phone number",
        "请填写姓名和联系电话",
    ),
    "book.name": (
        "Name",
        "姓名",
    ),
    "book.phone": (
        "Phone: mobile, or landline with area code",
        "联系电话：手机或带区号的固话",
    ),
    "book.phone_hint": (
        "Used only for this appointment: to confirm it is yours, and to call you back if you rate it poorly.",
        "仅用于本次预约：核验是否本人办理，以及您给出不满意评价时回访您。",
    ),
    "book.confirm": (
        "Book this appointment",
        "确认预约",
    ),
    "book.done": (
        "Your appointment is booked.",
        "预约成功。",
    ),
    "book.done_who": (
        "For {name}, phone {phone}",
        "预约人：{name}，电话：{phone}",
    ),
    "book.done_checkin": (
        "On the day, check in here up to 30 minutes early with this code and your phone's last 4 digits.",
        "办理当天可提前30分钟到本机凭预约码和电话号码后4位签到。",
    ),
    "move.title": (
        "Change the appointment",
        "改约",
    ),
    "move.from": (
        "Now: {when}",
        "原时段：{when}",
    ),
    "move.to": (
        "New: {slot}",
        "新时段：{slot}",
    ),
    "move.confirm": (
        "Move my appointment",
        "确认改约",
    ),
    "move.done": (
        "Your appointment has been moved.",
        "改约成功。",
    ),
    "checkin.title": (
        "Check in for your appointment",
        "预约签到",
    ),
    "checkin.code": (
        "Appointment code",
        "预约码",
    ),
    "checkin.code_hint": (
        "8 letters and digits, such as A7KX-M2Q9",
        "8位字母和数字，如 A7KX-M2Q9",
    ),
    "checkin.last4": (
        "Last 4 digits of your phone",
        "电话号码后4位",
    ),
    "checkin.confirm": (
        "Check in",
        "签到",
    ),
    "checkin.early_title": (
        "You are early",
        "您来早了",
    ),
    "checkin.missed_title": (
        "This appointment can no longer be checked in",
        "该预约已无法签到",
    ),
    "checkin.wrong_day_title": (
        "Your appointment is on another day",
        "您的预约不在今天",
    ),
    "checkin.wrong_state_title": (
        "This appointment cannot be checked in",
        "该预约不能签到",
    ),
    "checkin.on_time_note": (
        "Checked in: you will be called ahead of walk-in tickets.",
        "签到成功：将优先于现场取号叫号。",
    ),
    "checkin.late_note": (
        "You are late, so you have joined the normal queue.",
        "您已迟到，已为您排入普通队列。",
    ),
    "checkin.book_again": (
        "You can book a new appointment from the start screen.",
        "您可以在首页重新预约。",
    ),
}
