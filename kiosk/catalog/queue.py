"""Walk-in tickets, counters and the slip. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "counter.unknown": (
        "There is no counter '{counter}'. Counters: {known}.",
        "没有“{counter}”号窗口。窗口：{known}。",
    ),
    "ticket.closed": (
        "The hall is not taking walk-in residents now. It next opens at {opens}; you can book an appointment instead.",
        "现在不接待现场取号。下次开放时间：{opens}；您也可以预约办理。",
    ),
    "ticket.not_in_window": (
        "This service is not offered during extended hours. It is next available at {opens}.",
        "该业务在错时服务时段不办理，下次可办理时间：{opens}。",
    ),
    "ticket.booking_only": (
        "This service is by appointment only. Please book an appointment.",
        "该业务仅限预约办理，请先预约。",
    ),
    "ticket.past_closing": (
        "The wait would run past closing time today. Please come back at {opens} or book an appointment.",
        "预计等候将超过今日下班时间。请于 {opens} 再来，或预约办理。",
    ),
    "ticket.closed_walk_in_only": (
        "The hall is not taking walk-in residents now. It next opens at {opens}.",
        "现在不接待现场取号。下次开放时间：{opens}。",
    ),
    "ticket.past_closing_walk_in_only": (
        "The wait would run past closing time today. Please come back at {opens}.",
        "预计等候将超过今日下班时间。请于 {opens} 再来。",
    ),
    "ticket.sold_out": (
        "No more tickets can be issued for this service today.",
        "该业务今日号票已发完。",
    ),
    "ticket.same_service": (
        "The ticket is already for that service.",
        "该号票已属于这项业务。",
    ),
    "ticket.bad_outcome": (
        "Unknown outcome '{outcome}'. Outcomes: {known}.",
        "未知的办理结果“{outcome}”。可选：{known}。",
    ),
    "counter.busy": (
        "Counter {counter} is still serving {number}: finish, transfer or mark a no-show first.",
        "{counter}号窗口仍在办理 {number}：请先办结、转办或标记过号。",
    ),
    "ticket.recall_too_soon": (
        "{number} was called moments ago: it can be recalled in {seconds} s.",
        "{number} 刚呼叫过：{seconds} 秒后才能再次重呼。",
    ),
    "ticket.recalls_exhausted": (
        "{number} has been recalled {max} times: mark it as a no-show (recall --no-show, or the no-show key).",
        "{number} 已重呼 {max} 次：请记为过号（recall --no-show，或按过号键）。",
    ),
    "counter.idle": (
        "Counter {counter} is not serving anyone.",
        "{counter}号窗口当前没有在办理的号票。",
    ),
    "counter.finish_first": (
        "Counter {counter} is serving someone: finish first.",
        "{counter}号窗口正在办理业务：请先办结。",
    ),
    "counter.bad_state": (
        "A counter can be open, paused or closed, not '{state}'.",
        "窗口状态只能是开放、暂停或关闭，不能是“{state}”。",
    ),
    "ticket.pick_service": (
        "Take a ticket: which service?",
        "现场取号：请选择业务",
    ),
    "ticket.confirm": (
        "Take a ticket",
        "现场取号",
    ),
    "ticket.service": (
        "Service: {service}",
        "业务：{service}",
    ),
    "ticket.documents": (
        "Please bring: {documents}.",
        "请携带：{documents}。",
    ),
    "ticket.no_documents": (
        "No documents needed.",
        "无需携带材料。",
    ),
    "ticket.standard": (
        "Standard ticket",
        "普通号",
    ),
    "ticket.standard.detail": (
        "Called in turn",
        "按顺序叫号",
    ),
    "ticket.priority": (
        "Priority ticket",
        "优先号",
    ),
    "ticket.priority.detail": (
        "Aged 70+, disabled, pregnant, or with a baby in arms",
        "70岁以上老人、残疾人、孕妇、怀抱婴儿者",
    ),
    "slip.title": (
        "Your number",
        "您的号码",
    ),
    "slip.service": (
        "{service} · taken at {time}",
        "{service} · {time} 取号",
    ),
    "slip.priority": (
        " · priority",
        " · 优先",
    ),
    "slip.appointment": (
        " · appointment",
        " · 预约",
    ),
    "slip.wait": (
        "Estimated wait: {wait}",
        "预计等候：{wait}",
    ),
    "slip.session_starts": (
        "Issued ahead of opening: the session starts at {time}.",
        "提前取号：本场 {time} 开始办理。",
    ),
    "slip.wait_from_opening": (
        "Estimated wait from the opening: {wait}",
        "开始办理后预计等候：{wait}",
    ),
    "slip.wait_unknown": (
        "Estimated wait: unknown, {why}",
        "预计等候：暂无法估计，{why}",
    ),
    "slip.ahead": (
        "{ahead} ahead of you",
        "前面还有 {ahead} 人",
    ),
    "slip.none_ahead": (
        "Nobody ahead of you",
        "前面没有人等候",
    ),
    "wait.counters_closed": (
        "no counter open for it now",
        "暂无窗口办理",
    ),
    "wait.counters_closed_at": (
        "counters open at {when}",
        "窗口 {when} 开放",
    ),
    # Another day: "counters open tomorrow 08:30", not "at tomorrow 08:30".
    "wait.counters_closed_on": (
        "counters open {when}",
        "窗口 {when} 开放",
    ),
    "wait.counters_paused": (
        "counters paused for now",
        "窗口暂停办理中",
    ),
    "slip.code": (
        "Code: {code} (to check your place or rate the service)",
        "查询码：{code}（可查询排队进度、评价服务）",
    ),
    "slip.documents": (
        "Please have ready: {documents}.",
        "请提前准备：{documents}。",
    ),
    "refused.title": (
        "No walk-in tickets now",
        "现在不能现场取号",
    ),
    "refused.offer": (
        "You can book one of these times instead:",
        "您可以改为预约以下时段：",
    ),
    "refused.no_slots": (
        "There are no free appointment times for this service soon. Please ask the staff.",
        "该业务近期暂无可预约时段，请咨询工作人员。",
    ),
    "refused.walk_in_only": (
        "This service is for walk-in residents only, no appointment needed.",
        "该业务只需现场取号，无需预约。",
    ),
}
