"""Words every face shares: keys, terms, history events, home, input hints, notices. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "input.phone_missing": (
        "Please enter your phone number.",
        "请输入联系电话。",
    ),
    "input.phone_invalid": (
        "Please enter a mainland mobile number (138 1234 5678) or a landline with its area code (010-1234 5678).",
        "请输入中国大陆手机号码（如 138 1234 5678）或带区号的固定电话（如 010-1234 5678）。",
    ),
    "input.last4_invalid": (
        "Please enter the last 4 digits of your phone number.",
        "请输入电话号码后4位。",
    ),
    "input.name_missing": (
        "Please enter your name.",
        "请输入姓名。",
    ),
    "input.name_invalid": (
        "A name may contain only letters, spaces, '·' and '-'.",
        "姓名只能包含文字、空格、“·”和“-”。",
    ),
    "input.required": (
        "This field is required.",
        "此项必填。",
    ),
    "input.too_long": (
        "Too long: at most {limit} characters.",
        "内容过长：最多 {limit} 个字。",
    ),
    "input.too_short": (
        "Too short: at least {minimum} characters, please.",
        "内容过短：请至少填写 {minimum} 个字。",
    ),
    "input.bad_characters": (
        "This contains characters that cannot be accepted.",
        "内容含有无法接受的字符。",
    ),
    "input.date_invalid": (
        "Please give a date as YYYY-MM-DD (got '{value}').",
        "请按 年-月-日（YYYY-MM-DD）填写日期（收到“{value}”）。",
    ),
    "input.time_invalid": (
        "Please give a time as HH:MM (got '{value}').",
        "请按 时:分（HH:MM）填写时间（收到“{value}”）。",
    ),
    "input.date_range": (
        "Please give a date from {first} to {last} (got '{value}').",
        "请填写 {first} 至 {last} 之间的日期（收到“{value}”）。",
    ),
    "input.instant_invalid": (
        "Please give a time such as 2026-11-23T09:15 (got '{value}').",
        "请按 2026-11-23T09:15 这样的格式填写时间（收到“{value}”）。",
    ),
    "input.bad_argument": (
        "Argument {position} is not valid text (UTF-8, without NUL): {value}.",
        "第 {position} 个参数不是有效的文本（应为 UTF-8，且不含 NUL）：{value}。",
    ),
    "input.argument_controls": (
        "{option}: '{value}' holds a control character (a newline, ESC...), which cannot be accepted.",
        "{option}：“{value}”含有控制字符（换行、ESC 等），无法接受。",
    ),
    "input.code_missing": (
        "Please enter your code.",
        "请输入您的编码。",
    ),
    "input.code_invalid": (
        "That code is not valid. Check it against your slip (8 characters, such as A7KX-M2Q9).",
        "编码无效，请核对凭条（8位，例如 A7KX-M2Q9）。",
    ),
    "input.staff_invalid": (
        "A staff id is 1 to 20 letters, digits, '-', '_' or '.'.",
        "工号为1至20位字母、数字、“-”、“_”或“.”。",
    ),
    "service.unknown": (
        "There is no service '{service}'. Services: {known}.",
        "没有“{service}”这项业务。可选业务：{known}。",
    ),
    "term.waiting": (
        "waiting",
        "等候中",
    ),
    "term.called": (
        "called",
        "已叫号",
    ),
    "term.done": (
        "done",
        "已办结",
    ),
    "term.no_show": (
        "a no-show",
        "过号",
    ),
    "term.expired": (
        "expired",
        "已作废",
    ),
    "term.booked": (
        "booked",
        "已预约",
    ),
    "term.checked_in": (
        "checked in",
        "已签到",
    ),
    "term.attended": (
        "attended",
        "已办理",
    ),
    "term.cancelled": (
        "cancelled",
        "已取消",
    ),
    "term.submitted": (
        "submitted",
        "已提交",
    ),
    "term.accepted": (
        "accepted",
        "已受理",
    ),
    "term.assigned": (
        "assigned",
        "已派单",
    ),
    "term.in_progress": (
        "in progress",
        "处理中",
    ),
    "term.resolved": (
        "resolved",
        "已解决",
    ),
    "term.closed": (
        "closed",
        "已关闭",
    ),
    "term.rejected": (
        "rejected",
        "已驳回",
    ),
    "term.ticket": (
        "ticket",
        "号票",
    ),
    "term.appointment": (
        "appointment",
        "预约",
    ),
    "term.request": (
        "request",
        "诉求",
    ),
    "term.open": (
        "open",
        "开放",
    ),
    "term.paused": (
        "paused",
        "暂停",
    ),
    "ui.clock": (
        "{weekday} {date} {time}",
        "{date} {weekday} {time}",
    ),
    "ui.other_language": (
        "中文 F2",
        "English F2",
    ),
    "ui.today": (
        "today",
        "今天",
    ),
    "ui.tomorrow": (
        "tomorrow",
        "明天",
    ),
    "ui.date": (
        "{weekday} {day} {month}",
        "{month}{day}日 {weekday}",
    ),
    "ui.day_time": (
        "{day} {time}",
        "{day} {time}",
    ),
    "ui.period": (
        "{when}–{end}",
        "{when}–{end}",
    ),
    "ui.no_opening": (
        "no opening within 60 days",
        "60天内暂无开放安排",
    ),
    "ui.staggered_tag": (
        " (extended hours)",
        "（错时服务）",
    ),
    "ui.staggered_booking_tag": (
        " (extended hours, by appointment)",
        "（错时服务，仅限预约）",
    ),
    "ui.no_wait": (
        "no wait",
        "无需等候",
    ),
    "ui.wait_exact": (
        "about {minutes} min",
        "约 {minutes} 分钟",
    ),
    "ui.wait_range": (
        "about {low}–{high} min",
        "约 {low}–{high} 分钟",
    ),
    "ui.one_moment": (
        "One moment, please…",
        "请稍候……",
    ),
    "ui.more_first": (
        "Back to the first choices (this is page {page} of {pages})",
        "回到第一页选项（当前第 {page}/{pages} 页）",
    ),
    "ui.more": (
        "More choices (page {page} of {pages})",
        "更多选项（第 {page}/{pages} 页）",
    ),
    "ui.next": (
        "Next",
        "下一步",
    ),
    "ui.list_separator": (
        ", ",
        "、",
    ),
    "ui.returning": (
        "Touch the screen or press any key to finish. Back to the start in {seconds} s.",
        "触摸屏幕或按任意键完成，{seconds} 秒后自动返回首页。",
    ),
    "ui.unavailable": (
        "That one cannot be chosen: please pick another.",
        "该项暂不可选，请选择其他项。",
    ),
    "ui.store_trouble": (
        "Sorry, the system is busy. Please try again in a moment, or ask the staff for help.",
        "系统繁忙，请稍后再试，或向工作人员求助。",
    ),
    "ui.internal_error": (
        "Sorry, something went wrong. Please try again, or ask the staff for help.",
        "抱歉，出现了问题。请再试一次，或向工作人员求助。",
    ),
    "ui.weekday.1": (
        "Mon",
        "周一",
    ),
    "ui.weekday.2": (
        "Tue",
        "周二",
    ),
    "ui.weekday.3": (
        "Wed",
        "周三",
    ),
    "ui.weekday.4": (
        "Thu",
        "周四",
    ),
    "ui.weekday.5": (
        "Fri",
        "周五",
    ),
    "ui.weekday.6": (
        "Sat",
        "周六",
    ),
    "ui.weekday.7": (
        "Sun",
        "周日",
    ),
    "ui.month.1": (
        "Jan",
        "1月",
    ),
    "ui.month.2": (
        "Feb",
        "2月",
    ),
    "ui.month.3": (
        "Mar",
        "3月",
    ),
    "ui.month.4": (
        "Apr",
        "4月",
    ),
    "ui.month.5": (
        "May",
        "5月",
    ),
    "ui.month.6": (
        "Jun",
        "6月",
    ),
    "ui.month.7": (
        "Jul",
        "7月",
    ),
    "ui.month.8": (
        "Aug",
        "8月",
    ),
    "ui.month.9": (
        "Sep",
        "9月",
    ),
    "ui.month.10": (
        "Oct",
        "10月",
    ),
    "ui.month.11": (
        "Nov",
        "11月",
    ),
    "ui.month.12": (
        "Dec",
        "12月",
    ),
    "key.back": (
        "Back",
        "返回",
    ),
    "key.choose": (
        "Choose",
        "选择",
    ),
    "key.confirm": (
        "Confirm",
        "确认",
    ),
    "key.next_field": (
        "Next field",
        "下一项",
    ),
    "key.language": (
        "中文",
        "English",
    ),
    "key.home": (
        "Finish",
        "完成",
    ),
    "key.cancel": (
        "Cancel",
        "取消",
    ),
    "home.no_counter_open": (
        "No counter is open yet: your wait starts when one opens.",
        "暂无窗口开放，开放后开始叫号。",
    ),
    "home.open": (
        "Open now: take a ticket until {end}.",
        "正在办理：现场取号至 {end}。",
    ),
    "home.extended": (
        "Extended hours until {end}: appointments only.",
        "错时服务至 {end}：仅接待预约。",
    ),
    "home.early_tickets": (
        "Tickets are being issued now for the session starting at {start}.",
        "现已开始取号，{start} 开始办理。",
    ),
    "home.closed": (
        "Closed now.",
        "现在休息。",
    ),
    "home.closed_because": (
        "Closed today: {reason}.",
        "今日休息：{reason}。",
    ),
    "home.next_opening": (
        "Opens next: {when}.",
        "下次开放：{when}。",
    ),
    "home.out_of_service": (
        "Out of service: this terminal cannot take requests just now. Please ask a member of staff.",
        "暂停服务：本机暂时无法办理，请联系工作人员。",
    ),
    "home.next_walk_in": (
        "Walk-in tickets from {when}.",
        "现场取号：{when} 起。",
    ),
    "ticket.outside_window": (
        "This service is not offered at this time. Walk-in tickets for it from {when}; you can book an appointment "
        "instead.",
        "该业务本时段不办理。现场取号：{when} 起；您也可以预约办理。",
    ),
    "ticket.outside_window_walk_in_only": (
        "This service is not offered at this time. Walk-in tickets for it from {when}.",
        "该业务本时段不办理。现场取号：{when} 起。",
    ),
    "ticket.outside_window.short": (
        "not offered now · from {when}",
        "本时段不办理 · {when} 起",
    ),
    # The refusal page, where the times to book follow: no "you can book instead" here.
    "refused.closed": (
        "The hall is not taking walk-in residents now. Walk-in tickets from {when}.",
        "现在不接待现场取号。现场取号：{when} 起。",
    ),
    "refused.past_closing": (
        "The wait would run past closing time today. Walk-in tickets again from {when}.",
        "预计等候将超过今日下班时间。现场取号：{when} 起。",
    ),
    "ticket.walk_ins_closed": (
        "The hall is not taking walk-in residents now. Walk-in tickets from {when}; you can book an appointment "
        "instead.",
        "现在不接待现场取号。现场取号：{when} 起；您也可以预约办理。",
    ),
    "home.waiting": (
        "{n} waiting",
        "等候 {n} 人",
    ),
    "home.by_appointment": (
        "by appointment only",
        "仅限预约",
    ),
    "home.ticket": (
        "Take a ticket",
        "现场取号",
    ),
    "home.ticket.detail": (
        "Queue for a service now",
        "立即排队办理业务",
    ),
    "home.ticket.detail_later": (
        "Walk-ins from {when}",
        "{when} 起可取号",
    ),
    "home.book": (
        "Book an appointment",
        "预约办理",
    ),
    "home.book.detail": (
        "Evenings and Saturdays too",
        "可约晚间及周六时段",
    ),
    "home.checkin": (
        "I have an appointment",
        "预约签到",
    ),
    "home.checkin.detail": (
        "Check in and get your number",
        "已预约，签到取号",
    ),
    "home.request": (
        "Service request",
        "诉求服务",
    ),
    "home.request.detail": (
        "Repair, visit, help, complaint",
        "上门、维修、帮扶、建议、投诉",
    ),
    "home.lookup": (
        "Check by code",
        "凭码查询",
    ),
    "home.lookup.detail": (
        "Status, cancel or change",
        "查进度、取消或改约",
    ),
    "home.rate": (
        "Rate a service",
        "服务评价",
    ),
    "home.rate.detail": (
        "Tell us how we did",
        "请为我们的服务打分",
    ),
    "done.code_label": (
        "Your code (please note it down or take a photo):",
        "您的编码（请记下或拍照保存）：",
    ),
    "event.issued": (
        "ticket taken",
        "取号",
    ),
    "event.called": (
        "called",
        "叫号",
    ),
    "event.recalled": (
        "called again",
        "重新叫号",
    ),
    "event.no_show": (
        "not present when called",
        "叫号未到",
    ),
    "event.finished": (
        "served",
        "办结",
    ),
    "event.transferred": (
        "sent on",
        "转办",
    ),
    "event.expired": (
        "expired at closing",
        "闭馆作废",
    ),
    "event.booked": (
        "booked",
        "预约",
    ),
    "event.cancelled": (
        "cancelled",
        "取消",
    ),
    "event.rescheduled": (
        "moved",
        "改约",
    ),
    "event.checked_in": (
        "checked in",
        "签到",
    ),
    "event.attended": (
        "attended",
        "已办理",
    ),
    "event.submitted": (
        "submitted",
        "提交",
    ),
    "event.accepted": (
        "accepted",
        "受理",
    ),
    "event.assigned": (
        "assigned to staff",
        "派单",
    ),
    "event.in_progress": (
        "being handled",
        "处理中",
    ),
    "event.resolved": (
        "resolved",
        "已解决",
    ),
    "event.closed": (
        "closed",
        "关闭",
    ),
    "event.rejected": (
        "not accepted",
        "不予受理",
    ),
    "event.note": (
        "note",
        "备注",
    ),
    "key.console.call": (
        "Call",
        "叫号",
    ),
    "key.console.recall": (
        "Recall",
        "重呼",
    ),
    "key.console.no_show": (
        "No-show",
        "过号",
    ),
    "key.console.transfer": (
        "Transfer",
        "转办",
    ),
    "key.console.finish": (
        "Finish",
        "办结",
    ),
    "key.console.pause": (
        "Pause",
        "暂停",
    ),
    "key.console.resume": (
        "Resume",
        "恢复",
    ),
    "key.console.sign_out": (
        "Sign out",
        "签退",
    ),
    "key.console.scope": (
        "Counter/hall",
        "本窗口/全厅",
    ),
    "key.console.filter_status": (
        "Status",
        "状态",
    ),
    "key.console.filter_category": (
        "Category",
        "类别",
    ),
    "key.console.filter_overdue": (
        "Overdue",
        "超时",
    ),
    "key.console.step": (
        "Next step",
        "下一步",
    ),
    "key.console.note": (
        "Note",
        "备注",
    ),
    "key.console.dissatisfied": (
        "Dissatisfied",
        "不满意",
    ),
    "key.console.days": (
        "Days",
        "天数",
    ),
    "key.console.bucket": (
        "Bar size",
        "时段",
    ),
    "key.console.measure": (
        "Median/P90",
        "中位数/P90",
    ),
    "key.console.audience": (
        "Who reads it",
        "可见范围",
    ),
}
