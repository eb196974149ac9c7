"""The message catalog: every sentence Hall Kiosk shows, in 简体中文 and English.

Messages are looked up by key and filled with ``str.format`` placeholders. A test checks that both languages
hold exactly the same keys and placeholders, so a missing translation fails CI rather than reaching a resident.
"""

from __future__ import annotations

import string
from typing import Any

from kiosk.config import LANGUAGES  # noqa: F401  (re-exported: the languages the catalog must cover)

EN: dict[str, str] = {
    # configuration and data file (read by the hall's IT person)
    "config.invalid": "{text}",
    "store.unreadable": (
        "The data file {path} cannot be read ({reason}). Nothing was changed. To recover, run "
        "'kiosk backups' and restore the newest with 'kiosk backups --restore NAME', or move the file away to start empty."
    ),
    "store.busy": "The data file {path} stayed locked for {seconds} s; another program may be stuck. Try again.",
    "store.io": "The data file {path} could not be used: {reason}.",
    "store.missing": "The data file {path} does not exist.",
    "store.readonly": "This view is read-only.",
    "store.no_backup": "There is no backup named '{name}'; 'kiosk backups' lists them.",
    "demo.days": "--days must be between 0 and 3660.",
    "demo.not_empty": "{path} already holds records; demo history only goes into a new data file (use --data).",
    # what residents type
    "input.phone_missing": "Please enter your mobile number.",
    "input.phone_invalid": "Please enter an 11-digit mainland mobile number, such as 138 1234 5678.",
    "input.last4_invalid": "Please enter the last 4 digits of your phone number.",
    "input.name_missing": "Please enter your name.",
    "input.name_invalid": "A name may contain only letters, spaces, '·' and '-'.",
    "input.required": "This field is required.",
    "input.too_long": "Too long: at most {limit} characters.",
    "input.too_short": "Too short: at least {minimum} characters, please.",
    "input.bad_characters": "This contains characters that cannot be accepted.",
    "input.date_invalid": "Please give a date as YYYY-MM-DD (got '{value}').",
    "input.time_invalid": "Please give a time as HH:MM (got '{value}').",
    "input.code_missing": "Please enter your code.",
    "input.code_invalid": "That code is not valid. Check it against your slip (8 characters, such as A7KX-M2Q9).",
    "input.staff_invalid": "A staff id is 1 to 20 letters, digits, '-', '_' or '.'.",
    "code.not_found": "No ticket, appointment or request has that code.",
    # tickets and counters
    "service.unknown": "There is no service '{service}'. Services: {known}.",
    "counter.unknown": "There is no counter '{counter}'. Counters: {known}.",
    "ticket.closed": "The hall is not taking walk-in residents now. It next opens at {opens}; you can book an appointment instead.",
    "ticket.not_in_window": "This service is not offered during extended hours. It is next available at {opens}.",
    "ticket.booking_only": "This service is by appointment only. Please book an appointment.",
    "ticket.past_closing": "The wait would run past closing time today. Please come back at {opens} or book an appointment.",
    "ticket.sold_out": "No more tickets can be issued for this service today.",
    "ticket.same_service": "The ticket is already for that service.",
    "ticket.bad_outcome": "Unknown outcome '{outcome}'. Outcomes: {known}.",
    "counter.busy": "Counter {counter} is still serving {number}: finish, transfer or mark a no-show first.",
    "counter.idle": "Counter {counter} is not serving anyone.",
    "counter.finish_first": "Counter {counter} is serving someone: finish first.",
    "counter.bad_state": "A counter can be open, paused or closed, not '{state}'.",
    # appointments
    "booking.not_offered": "This service does not take appointments.",
    "booking.past_date": "{date} has already passed.",
    "booking.beyond_horizon": "Appointments can be booked up to {days} days ahead.",
    "booking.closed_day": "The hall is closed on {date}.",
    "booking.no_such_slot": "There is no appointment slot at {time} on {date}.",
    "booking.too_soon": "Appointments must be booked at least {minutes} minutes ahead.",
    "booking.slot_full": "Sorry, that time has just been fully booked. Please choose another.",
    "booking.phone_cap": "This phone number already has {limit} appointments that day.",
    "booking.same_slot": "The appointment is already at that time.",
    "appointment.not_found": "No appointment matches that code and phone number.",
    "appointment.past": "That appointment has already taken place.",
    "appointment.started": "The appointment time has begun, so it can no longer be changed.",
    "appointment.wrong_state": "This appointment cannot be changed now (it is {status}).",
    "checkin.too_early": "Too early to check in: check-in opens at {opens} for your {time} appointment.",
    "checkin.wrong_day_future": "Your appointment is on {date} at {time}. Please check in on that day.",
    "checkin.wrong_day_past": "Your appointment was on {date}; it can no longer be checked in.",
    "checkin.missed": "Your {time} appointment has been missed and the hall is not serving now. Please book again.",
    # service requests
    "request.unknown_category": "There is no request category '{category}'. Categories: {known}.",
    "request.not_found": "No service request has that code.",
    "request.preferred_invalid": "Please give the preferred time as YYYY-MM-DDTHH:MM (got '{value}').",
    "request.preferred_range": "The preferred time must be in the next {days} days.",
    "request.preferred_hours": "Visits can be arranged between {first} and {last}, weekends included.",
    "request.bad_status": "'{status}' is not a status a request can be moved to.",
    "request.bad_transition": "A request that is {current} cannot become {wanted}.",
    "request.assignee_missing": "Say who the request is assigned to.",
    "request.ended": "This request has ended ({status}).",
    # ratings
    "rating.bad_level": "Choose a level from 1 (very dissatisfied) to 5 (very satisfied), not '{value}'.",
    "rating.not_served": "This {kind} cannot be rated yet: it has not been served.",
    "rating.too_late": "Ratings are accepted for {days} days after the service.",
    "rating.already": "This service has already been rated. Thank you.",
    # staff accounts and audit
    "staff.pin_missing": "Please enter the PIN.",
    "staff.pin_format": "A PIN is {minimum} to {maximum} digits.",
    "staff.pin_weak": "This PIN is too easy to guess (repeated or consecutive digits, a keypad pattern, or part of the staff id). Choose another.",
    "staff.pin_mismatch": "The two PINs are not the same; nothing was changed.",
    "staff.prompt_pin": "New PIN: ",
    "staff.prompt_repeat": "Repeat the PIN: ",
    "staff.exists": "There is already a staff account '{staff}'.",
    "staff.unknown": "There is no staff account '{staff}'. Add one with 'kiosk staff-add'.",
    "staff.disabled": "Staff account '{staff}' is disabled.",
    "staff.counter_taken": "{holder} is signed in at counter {counter}; sign in there to act at it.",
    "staff.sign_in_failed": "Wrong staff id or PIN. After {tries} wrong PINs in a row an id is locked for {minutes} minutes.",
    "staff.counter_missing": "Say which counter.",
    "staff.days_range": "Choose between 1 and {maximum} days.",
    "staff.added": "Staff account {staff} ({name}) added.",
    "staff.pin_set": "New PIN set for {staff}.",
    "staff.enabled": "Staff account {staff} is enabled.",
    "staff.disabled_now": "Staff account {staff} is disabled.",
    "staff.none": "No staff accounts yet. Add one with 'kiosk staff-add ID --name NAME'.",
    "staff.state_active": "active", "staff.state_disabled": "disabled", "staff.state_locked": "locked until {until}",
    "staff.col_id": "Id", "staff.col_name": "Name", "staff.col_state": "State", "staff.col_counter": "Signed in at",
    "staff.col_last": "Last sign-in",
    "staff.demo": "Demo staff accounts {ids}, all with PIN {pin} (for this demo file only).",
    "audit.bad_action": "Unknown audit action '{action}'. Actions: {known}.",
    "audit.bad_limit": "--limit must be at least 1.",
    "audit.none": "No audit entries match.",
    "audit.col_at": "Time", "audit.col_staff": "Staff", "audit.col_counter": "Counter", "audit.col_action": "Action",
    "audit.col_ticket": "Ticket/code", "audit.col_detail": "Detail",
    "audit.action_sign_in": "signed in", "audit.action_sign_in_failed": "sign-in failed",
    "audit.action_sign_in_locked": "sign-in while locked", "audit.action_sign_out": "signed out",
    "audit.action_call": "called", "audit.action_recall": "recalled", "audit.action_no_show": "no-show",
    "audit.action_transfer": "transferred", "audit.action_finish": "finished",
    "audit.action_counter_state": "counter state", "audit.action_request_status": "request status",
    "audit.action_request_note": "request note", "audit.action_staff_added": "account added",
    "audit.action_pin_changed": "PIN changed", "audit.action_staff_disabled": "account disabled",
    "audit.action_staff_enabled": "account enabled",
}

ZH: dict[str, str] = {
    "config.invalid": "{text}",
    "store.unreadable": (
        "无法读取数据文件 {path}（{reason}）。未做任何改动。恢复方法：运行 'kiosk backups' 查看备份，再用 'kiosk backups --restore 名称' 恢复最新备份，"
        "或将该文件移走后重新开始。"
    ),
    "store.busy": "数据文件 {path} 被锁定超过 {seconds} 秒，可能有程序卡住，请重试。",
    "store.io": "无法使用数据文件 {path}：{reason}。",
    "store.missing": "数据文件 {path} 不存在。",
    "store.readonly": "此视图为只读。",
    "store.no_backup": "没有名为“{name}”的备份；运行 'kiosk backups' 查看。",
    "demo.days": "--days 须在 0 到 3660 之间。",
    "demo.not_empty": "{path} 中已有记录；演示数据只能写入新的数据文件（请用 --data 指定）。",
    "input.phone_missing": "请输入手机号码。",
    "input.phone_invalid": "请输入11位中国大陆手机号码，例如 138 1234 5678。",
    "input.last4_invalid": "请输入手机号码后4位。",
    "input.name_missing": "请输入姓名。",
    "input.name_invalid": "姓名只能包含文字、空格、“·”和“-”。",
    "input.required": "此项必填。",
    "input.too_long": "内容过长：最多 {limit} 个字。",
    "input.too_short": "内容过短：请至少填写 {minimum} 个字。",
    "input.bad_characters": "内容含有无法接受的字符。",
    "input.date_invalid": "请按 年-月-日（YYYY-MM-DD）填写日期（收到“{value}”）。",
    "input.time_invalid": "请按 时:分（HH:MM）填写时间（收到“{value}”）。",
    "input.code_missing": "请输入您的编码。",
    "input.code_invalid": "编码无效，请核对凭条（8位，例如 A7KX-M2Q9）。",
    "input.staff_invalid": "工号为1至20位字母、数字、“-”、“_”或“.”。",
    "code.not_found": "没有找到该编码对应的号票、预约或诉求。",
    "service.unknown": "没有“{service}”这项业务。可选业务：{known}。",
    "counter.unknown": "没有“{counter}”号窗口。窗口：{known}。",
    "ticket.closed": "现在不接待现场取号。下次开放时间：{opens}；您也可以预约办理。",
    "ticket.not_in_window": "该业务在错时服务时段不办理，下次可办理时间：{opens}。",
    "ticket.booking_only": "该业务仅限预约办理，请先预约。",
    "ticket.past_closing": "预计等候将超过今日下班时间。请于 {opens} 再来，或预约办理。",
    "ticket.sold_out": "该业务今日号票已发完。",
    "ticket.same_service": "该号票已属于这项业务。",
    "ticket.bad_outcome": "未知的办理结果“{outcome}”。可选：{known}。",
    "counter.busy": "{counter}号窗口仍在办理 {number}：请先办结、转办或标记过号。",
    "counter.idle": "{counter}号窗口当前没有在办理的号票。",
    "counter.finish_first": "{counter}号窗口正在办理业务：请先办结。",
    "counter.bad_state": "窗口状态只能是开放、暂停或关闭，不能是“{state}”。",
    "booking.not_offered": "该业务不提供预约。",
    "booking.past_date": "{date} 已经过去。",
    "booking.beyond_horizon": "最多可预约 {days} 天内的时段。",
    "booking.closed_day": "{date} 大厅不开放。",
    "booking.no_such_slot": "{date} {time} 没有可预约的时段。",
    "booking.too_soon": "请至少提前 {minutes} 分钟预约。",
    "booking.slot_full": "抱歉，该时段刚刚约满，请另选时段。",
    "booking.phone_cap": "该手机号当天已有 {limit} 个预约。",
    "booking.same_slot": "预约已经是这个时段。",
    "appointment.not_found": "编码与手机号不匹配，未找到预约。",
    "appointment.past": "该预约的时间已过。",
    "appointment.started": "预约时间已开始，无法再更改。",
    "appointment.wrong_state": "该预约当前无法更改（状态：{status}）。",
    "checkin.too_early": "签到时间未到：您的预约时间为 {time}，{opens} 起可签到。",
    "checkin.wrong_day_future": "您的预约在 {date} {time}，请当天再来签到。",
    "checkin.wrong_day_past": "您的预约日期为 {date}，已无法签到。",
    "checkin.missed": "您 {time} 的预约已错过，当前不在服务时间，请重新预约。",
    "request.unknown_category": "没有“{category}”这类诉求。可选类别：{known}。",
    "request.not_found": "没有找到该编码的服务诉求。",
    "request.preferred_invalid": "请按 YYYY-MM-DDTHH:MM 填写期望时间（收到“{value}”）。",
    "request.preferred_range": "期望时间须在今后 {days} 天之内。",
    "request.preferred_hours": "上门时间可安排在 {first} 至 {last}，周末也可以。",
    "request.bad_status": "“{status}”不是诉求可以转入的状态。",
    "request.bad_transition": "处于“{current}”状态的诉求不能转为“{wanted}”。",
    "request.assignee_missing": "请填写承办人。",
    "request.ended": "该诉求已结束（{status}）。",
    "rating.bad_level": "请选择1（非常不满意）到5（非常满意）之间的评价，而不是“{value}”。",
    "rating.not_served": "该{kind}尚未办理，暂不能评价。",
    "rating.too_late": "服务结束后 {days} 天内可评价。",
    "rating.already": "该服务已评价过，谢谢您。",
    # staff accounts and audit
    "staff.pin_missing": "请输入密码。",
    "staff.pin_format": "密码为 {minimum} 至 {maximum} 位数字。",
    "staff.pin_weak": "该密码太容易被猜到（重复或连续的数字、键盘规律，或包含工号），请另选一个。",
    "staff.pin_mismatch": "两次输入的密码不一致，未做任何改动。",
    "staff.prompt_pin": "新密码：",
    "staff.prompt_repeat": "再次输入密码：",
    "staff.exists": "工号“{staff}”已存在。",
    "staff.unknown": "没有工号“{staff}”。请用 'kiosk staff-add' 添加。",
    "staff.disabled": "工号“{staff}”已停用。",
    "staff.counter_taken": "{counter}号窗口当前由 {holder} 登录；请在该窗口登录后再操作。",
    "staff.sign_in_failed": "工号或密码错误。连续输错 {tries} 次，该工号将被锁定 {minutes} 分钟。",
    "staff.counter_missing": "请指定窗口。",
    "staff.days_range": "天数须在 1 到 {maximum} 之间。",
    "staff.added": "已添加工号 {staff}（{name}）。",
    "staff.pin_set": "已为 {staff} 设置新密码。",
    "staff.enabled": "工号 {staff} 已启用。",
    "staff.disabled_now": "工号 {staff} 已停用。",
    "staff.none": "尚无工作人员账号。请用 'kiosk staff-add 工号 --name 姓名' 添加。",
    "staff.state_active": "正常", "staff.state_disabled": "已停用", "staff.state_locked": "锁定至 {until}",
    "staff.col_id": "工号", "staff.col_name": "姓名", "staff.col_state": "状态", "staff.col_counter": "登录窗口",
    "staff.col_last": "上次登录",
    "staff.demo": "演示工号 {ids}，密码均为 {pin}（仅限本演示数据文件）。",
    "audit.bad_action": "未知的操作类型“{action}”。可选：{known}。",
    "audit.bad_limit": "--limit 至少为 1。",
    "audit.none": "没有符合条件的操作记录。",
    "audit.col_at": "时间", "audit.col_staff": "工号", "audit.col_counter": "窗口", "audit.col_action": "操作",
    "audit.col_ticket": "号票/编码", "audit.col_detail": "详情",
    "audit.action_sign_in": "登录", "audit.action_sign_in_failed": "登录失败",
    "audit.action_sign_in_locked": "锁定期间尝试登录", "audit.action_sign_out": "退出",
    "audit.action_call": "叫号", "audit.action_recall": "重呼", "audit.action_no_show": "过号",
    "audit.action_transfer": "转办", "audit.action_finish": "办结",
    "audit.action_counter_state": "窗口状态", "audit.action_request_status": "诉求状态",
    "audit.action_request_note": "诉求备注", "audit.action_staff_added": "添加账号",
    "audit.action_pin_changed": "修改密码", "audit.action_staff_disabled": "停用账号",
    "audit.action_staff_enabled": "启用账号",
}

# Words that stand inside messages: statuses and kinds of record, filled in for {status}, {kind} and the like.
EN.update({
    "term.waiting": "waiting", "term.called": "called", "term.done": "done", "term.no_show": "a no-show",
    "term.expired": "expired", "term.booked": "booked", "term.checked_in": "checked in", "term.attended": "attended",
    "term.cancelled": "cancelled", "term.submitted": "submitted", "term.accepted": "accepted",
    "term.assigned": "assigned", "term.in_progress": "in progress", "term.resolved": "resolved",
    "term.closed": "closed", "term.rejected": "rejected", "term.ticket": "ticket", "term.appointment": "appointment",
    "term.request": "request",
})
ZH.update({
    "term.waiting": "等候中", "term.called": "已叫号", "term.done": "已办结", "term.no_show": "过号",
    "term.expired": "已作废", "term.booked": "已预约", "term.checked_in": "已签到", "term.attended": "已办理",
    "term.cancelled": "已取消", "term.submitted": "已提交", "term.accepted": "已受理", "term.assigned": "已派单",
    "term.in_progress": "处理中", "term.resolved": "已解决", "term.closed": "已关闭", "term.rejected": "已驳回",
    "term.ticket": "号票", "term.appointment": "预约", "term.request": "诉求",
})

# The status view (`kiosk` / `kiosk overview`).
EN.update({
    "view.open": "OPEN: walk-ins welcome", "view.extended": "EXTENDED HOURS until {end}: appointments only",
    "view.closed": "CLOSED", "view.closed_because": "CLOSED ({reason})",
    "view.next": "Walk-ins next: {walk_in}    Appointments next: {booking}", "view.none": "not within 60 days",
    "view.next_walk_in": "Walk-ins next: {walk_in}",
    "view.service": "Service", "view.waiting": "Waiting", "view.longest": "Longest wait", "view.estimate": "Estimate",
    "view.numbers": "Next", "view.counter": "Counter", "view.state": "State", "view.serving": "Serving",
    "view.minutes": "{n} min", "view.range": "{low}-{high} min",
    "term.open": "open", "term.paused": "paused",
})
ZH.update({
    "view.open": "营业中：可现场取号", "view.extended": "错时服务至 {end}：仅接待预约",
    "view.closed": "休息中", "view.closed_because": "休息中（{reason}）",
    "view.next": "下次现场取号：{walk_in}    下次预约服务：{booking}", "view.none": "60天内无",
    "view.next_walk_in": "下次现场取号：{walk_in}",
    "view.service": "业务", "view.waiting": "等候", "view.longest": "最长等候", "view.estimate": "预计等候",
    "view.numbers": "即将叫号", "view.counter": "窗口", "view.state": "状态", "view.serving": "正在办理",
    "view.minutes": "{n} 分钟", "view.range": "{low}-{high} 分钟",
    "term.open": "开放", "term.paused": "暂停",
})

CATALOG: dict[str, dict[str, str]] = {"en": EN, "zh-Hans": ZH}
#: Parameters whose values are terms of the catalog rather than text to show as given.
TERM_PARAMS = ("status", "current", "wanted", "kind")


class _Lenient(dict[str, Any]):
    """Leaves an unknown placeholder visible instead of failing: a message must never crash a screen."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(lang: str, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown), filled with ``params``.

    An unknown key is returned as itself, so a gap shows up plainly instead of raising.
    """
    messages = CATALOG.get(lang, EN)
    template = messages.get(key) or EN.get(key) or key
    for name in TERM_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and f"term.{value}" in messages:
            params[name] = messages[f"term.{value}"]
    return string.Formatter().vformat(template, (), _Lenient(params))


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses (for the catalog's completeness test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
