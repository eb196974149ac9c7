"""The counter console. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "console.sign_in.title": (
        "Counter console: sign in",
        "窗口工作台：登录",
    ),
    "console.sign_in.staff": (
        "Staff id",
        "工号",
    ),
    "console.sign_in.pin": (
        "PIN",
        "密码（PIN）",
    ),
    "console.sign_in.counter": (
        "Counter (press its number):",
        "窗口（按窗口序号选择）：",
    ),
    "console.sign_in.fixed": (
        "Counter: {counter}",
        "窗口：{counter}",
    ),
    "console.sign_in.pick_counter": (
        "Now pick your counter: its number, or Enter.",
        "请选择您的窗口：按序号，或按回车。",
    ),
    "console.sign_in.staff_missing": (
        "Please enter your staff id.",
        "请输入工号。",
    ),
    "console.sign_in.hint": (
        "F12 or F9: staff menu (quit, or use this terminal as a kiosk or board).",
        "F12 或 F9：管理菜单（退出程序，或将本机切换为自助终端、叫号屏）。",
    ),
    "console.signed_out": (
        "{name} signed out of {counter} at {time}.",
        "{name} 已于 {time} 从{counter}签退。",
    ),
    "console.taken_over": (
        "{holder} has signed in at {counter}: your session there has ended.",
        "{holder} 已在{counter}登录，您在该窗口的登录已结束。",
    ),
    "console.session_ended": (
        "Your session at {counter} has ended (signed in elsewhere, signed out or the day closed).",
        "您在{counter}的登录已结束（已在别处登录、已签退或已过当日）。",
    ),
    "console.tab.counter": (
        "Counter",
        "窗口",
    ),
    "console.tab.appointments": (
        "Appts",
        "预约",
    ),
    "console.tab.requests": (
        "Requests",
        "诉求",
    ),
    "console.tab.ratings": (
        "Ratings",
        "评价",
    ),
    "console.tab.report": (
        "Report",
        "报表",
    ),
    "console.who": (
        "{counter} · {name}",
        "{counter} · {name}",
    ),
    "console.state.open": (
        "Open",
        "开放",
    ),
    "console.state.paused": (
        "Paused",
        "暂停",
    ),
    "console.state.closed": (
        "Closed",
        "关闭",
    ),
    "console.served_today": (
        "Served today: {counter} · no-shows {no_show} · whole hall {hall}",
        "今日本窗口已办 {counter} 人 · 过号 {no_show} · 全厅已办 {hall} 人",
    ),
    "console.hall_closed": (
        "The hall is closed now.",
        "大厅现在休息。",
    ),
    "console.hall_appointments_only": (
        "Appointments only now.",
        "错时服务：仅接待预约。",
    ),
    "console.serving_title": (
        "Now serving",
        "正在办理",
    ),
    "console.idle_title": (
        "Not serving anyone",
        "空闲",
    ),
    "console.tag.appointment": (
        "appointment {slot} {name}",
        "预约 {slot} {name}",
    ),
    "console.tag.late_appointment": (
        "late appointment {slot} {name}",
        "迟到预约 {slot} {name}",
    ),
    "console.tag.priority": (
        "priority",
        "优先",
    ),
    "console.tag.transferred": (
        "sent from {service}",
        "由{service}转入",
    ),
    "console.tag.slot": (
        "appointment {slot}",
        "预约 {slot}",
    ),
    "console.serving_facts": (
        "Called {called} · at the counter {serving} min · waited {waited} min",
        "{called} 叫号 · 已办理 {serving} 分钟 · 此前等候 {waited} 分钟",
    ),
    "console.recalls": (
        "recalled {n}/{max}",
        "已重呼 {n}/{max}",
    ),
    "console.serving_code": (
        "Code {code}",
        "查询码 {code}",
    ),
    "console.idle.paused": (
        "Paused: press p to resume.",
        "已暂停：按 p 恢复。",
    ),
    "console.idle.closed": (
        "Closed: press p to open.",
        "已关闭：按 p 开放。",
    ),
    "console.idle.nobody": (
        "Nobody is waiting for this counter's services.",
        "本窗口的业务暂无人等候。",
    ),
    "console.idle.next": (
        "Next:",
        "下一位：",
    ),
    "console.idle.press_call": (
        "Press c to call.",
        "按 c 叫号。",
    ),
    "console.waited": (
        "waiting {minutes} min",
        "已等 {minutes} 分钟",
    ),
    "console.col.service": (
        "Service",
        "业务",
    ),
    "console.col.waiting": (
        "Waiting",
        "等候",
    ),
    "console.col.longest": (
        "Longest",
        "最长",
    ),
    "console.col.appointments": (
        "Appts",
        "预约",
    ),
    "console.col.next": (
        "Next numbers",
        "即将叫号",
    ),
    "console.col.time": (
        "Time",
        "时间",
    ),
    "console.col.code": (
        "Code",
        "编码",
    ),
    "console.col.name": (
        "Name",
        "姓名",
    ),
    "console.col.phone": (
        "Phone",
        "电话",
    ),
    "console.col.status": (
        "Status",
        "状态",
    ),
    "console.col.category": (
        "Category",
        "类别",
    ),
    "console.col.due": (
        "Due",
        "时限",
    ),
    "console.col.assignee": (
        "Assignee",
        "承办人",
    ),
    "console.col.summary": (
        "Summary",
        "摘要",
    ),
    "console.col.event": (
        "Event",
        "事项",
    ),
    "console.col.staff": (
        "Staff",
        "工号",
    ),
    "console.col.note": (
        "Note",
        "备注",
    ),
    "console.col.level": (
        "Rating",
        "评价",
    ),
    "console.col.subject": (
        "Service",
        "业务",
    ),
    "console.col.comment": (
        "Comment",
        "意见",
    ),
    "console.minutes": (
        "{n} min",
        "{n} 分",
    ),
    "console.legend": (
        "◆ appointment  ◇ late appointment  ★ priority  » transferred  red: long wait",
        "◆ 已签到预约  ◇ 迟到预约  ★ 优先  » 他项转入  红色：等候过久",
    ),
    "console.called": (
        "Called {number}.",
        "已叫号 {number}。",
    ),
    "console.nobody_waiting": (
        "Nobody is waiting.",
        "暂无人等候。",
    ),
    "console.recalled": (
        "Recalled {number} ({n}/{max}).",
        "已重呼 {number}（{n}/{max}）。",
    ),
    "console.recall_no_show": (
        "{number} was recalled {n} times without coming: marked as a no-show.",
        "{number} 已重呼 {n} 次仍未到，记为过号。",
    ),
    "console.recall_from": (
        "recall again from {time}",
        "{time} 起可重呼",
    ),
    "console.recall_gives_up": (
        "r: no-show (asks first)",
        "再按 r：记为过号（先确认）",
    ),
    "console.recall_limit.title": (
        "Recalled {max} times: {number}",
        "已重呼 {max} 次：{number}",
    ),
    "console.recall_limit.lead": (
        "Another recall is not allowed: mark as a no-show? This cannot be undone.",
        "不能再重呼：是否记为过号？此操作不能撤销。",
    ),
    "console.no_show.title": (
        "No-show: {number}",
        "过号：{number}",
    ),
    "console.no_show.lead": (
        "This cannot be undone.",
        "此操作不能撤销。",
    ),
    "console.no_show.confirm": (
        "{number} did not come: mark as a no-show",
        "{number} 未到，记为过号",
    ),
    "console.no_show_done": (
        "{number} marked as a no-show.",
        "{number} 已记为过号。",
    ),
    "console.transfer.title": (
        "Transfer {number}",
        "转办 {number}",
    ),
    "console.transfer.lead": (
        "To which service? The resident keeps their place.",
        "转到哪项业务？居民保留原排队顺序。",
    ),
    "console.transferred": (
        "{number} sent to {service}.",
        "{number} 已转至{service}。",
    ),
    "console.finish.title": (
        "Finish {number}: outcome",
        "办结 {number}：办理结果",
    ),
    "console.finish.note": (
        "{outcome}: note for staff only (optional; the resident does not see it)",
        "{outcome}：内部备注（选填，居民看不到）",
    ),
    "console.outcome.completed": (
        "Completed",
        "已办结",
    ),
    "console.outcome.documents_missing": (
        "Documents missing",
        "材料不全",
    ),
    "console.outcome.referred": (
        "Referred elsewhere",
        "已转介他处",
    ),
    "console.outcome.other": (
        "Other",
        "其他",
    ),
    "console.finished_as": (
        "{number} finished: {outcome}.",
        "{number} 已办结：{outcome}。",
    ),
    "console.finished_called": (
        "{number} finished; called {next}.",
        "{number} 已办结，已叫号 {next}。",
    ),
    "console.finished_nobody": (
        "{number} finished; nobody else is waiting.",
        "{number} 已办结，暂无其他人等候。",
    ),
    "console.finish_first.title": (
        "Still serving {number}",
        "仍在办理 {number}",
    ),
    "console.finish_first.lead": (
        "Finish the current resident before calling the next one.",
        "请先办结当前居民，再叫下一位。",
    ),
    "console.finish_first.completed": (
        "Finish {number} as completed and call the next",
        "{number} 记为已办结，并叫下一位",
    ),
    "console.finish_first.choose": (
        "Choose the outcome first, then call the next",
        "先选择办理结果，再叫下一位",
    ),
    "console.paused": (
        "Counter paused: nobody is called until you resume.",
        "窗口已暂停：恢复前不再叫号。",
    ),
    "console.resumed": (
        "Counter open again.",
        "窗口已恢复开放。",
    ),
    "console.enter_optional": (
        "Enter to confirm (it may stay empty), Escape to cancel.",
        "按回车确认（可不填），按 Esc 取消。",
    ),
    "console.enter_required": (
        "Enter to confirm, Escape to cancel.",
        "按回车确认，按 Esc 取消。",
    ),
    "console.text_required": (
        "Please write something here.",
        "此项必须填写。",
    ),
    "console.quoted": (
        "“{text}”",
        "“{text}”",
    ),
    "console.appt.scope_counter": (
        "Appointments for this counter's services (s: the whole hall)",
        "本窗口业务的预约（s：全厅）",
    ),
    "console.appt.scope_hall": (
        "Appointments for the whole hall (s: this counter's services)",
        "全厅的预约（s：本窗口业务）",
    ),
    "console.appt.counts": (
        "to come {booked} · checked in {checked_in} · attended {attended} · no-show {no_show} · cancelled {cancelled} · late {overdue}",
        "待签到 {booked} · 已签到 {checked_in} · 已办理 {attended} · 爽约 {no_show} · 取消 {cancelled} · 逾时 {overdue}",
    ),
    "console.appt.closed": (
        "closed: {reason}",
        "不开放：{reason}",
    ),
    "console.appt.none": (
        "No appointments.",
        "暂无预约。",
    ),
    "console.appt.booked": (
        "not checked in",
        "未签到",
    ),
    "console.appt.checked_in": (
        "checked in",
        "已签到",
    ),
    "console.appt.attended": (
        "attended",
        "已办理",
    ),
    "console.appt.no_show": (
        "no-show",
        "爽约",
    ),
    "console.appt.cancelled": (
        "cancelled",
        "已取消",
    ),
    "console.appt.overdue": (
        "past check-in time",
        "逾时未签到",
    ),
    "console.appt.ticket_waiting": (
        "{number} waiting",
        "{number} 等候中",
    ),
    "console.appt.ticket_called": (
        "{number} at a counter",
        "{number} 办理中",
    ),
    "console.appt.ticket_done": (
        "{number} served",
        "{number} 已办结",
    ),
    "console.appt.ticket_no_show": (
        "{number} no-show",
        "{number} 过号",
    ),
    "console.appt.ticket_expired": (
        "{number} expired",
        "{number} 已作废",
    ),
    "console.appt.late": (
        "(late)",
        "（迟到）",
    ),
    "console.req.filters": (
        "Status: {status} · Category: {category} · Overdue: {overdue}",
        "状态：{status} · 类别：{category} · 超时：{overdue}",
    ),
    "console.req.all": (
        "all",
        "全部",
    ),
    "console.req.only_overdue": (
        "only overdue",
        "仅超时的",
    ),
    "console.req.counts": (
        "{shown} shown of {total} open or recent · {overdue} overdue · Enter opens the one selected",
        "显示 {shown} 件，共 {total} 件 · 超时 {overdue} 件 · 回车打开所选诉求",
    ),
    "console.req.none": (
        "No requests match these filters.",
        "没有符合条件的诉求。",
    ),
    "console.req.overdue_mark": (
        "overdue",
        "已超时",
    ),
    "console.req.submitted": (
        "Submitted",
        "提交时间",
    ),
    "console.req.due": (
        "Due",
        "答复时限",
    ),
    "console.req.assignee": (
        "Assignee",
        "承办人",
    ),
    "console.req.contact": (
        "Phone",
        "联系电话",
    ),
    "console.req.address": (
        "Address",
        "地址",
    ),
    "console.req.preferred": (
        "Preferred time",
        "期望时间",
    ),
    "console.req.description": (
        "Request",
        "诉求内容",
    ),
    "console.req.reason": (
        "Reason",
        "驳回原因",
    ),
    "console.req.origin": (
        "Rating followed up",
        "回访的评价",
    ),
    "console.req.rating": (
        "Rated",
        "居民评价",
    ),
    "console.req.archived": (
        "Archived",
        "已归档",
    ),
    "console.req.next": (
        "Next steps (m)",
        "下一步（m）",
    ),
    "console.req.movers": (
        "Who may act",
        "谁可推进",
    ),
    "console.req.movers.assignee": (
        "only {assignee}, the assignee",
        "仅承办人 {assignee}",
    ),
    "console.req.movers.reassign": (
        "; {by}, who assigned it, may reassign",
        "；派单人 {by} 可改派",
    ),
    "console.req.movers.anyone_for": (
        "any clerk, recording for {assignee}",
        "任何工作人员（代 {assignee} 登记）",
    ),
    "console.req.movers.anyone": (
        "any clerk",
        "任何工作人员",
    ),
    "console.req.movers.not_you": (
        "not you: add a note (n) instead",
        "您不可推进，可添加备注（n）",
    ),
    "console.req.archived_note": (
        "ended and archived: read only",
        "已结束并归档，只能查看",
    ),
    "console.req.resolved_at": (
        "resolved {when}",
        "{when} 已解决",
    ),
    "console.req.history": (
        "History",
        "办理记录",
    ),
    "console.req.auto_close": (
        "closed automatically",
        "系统自动关闭",
    ),
    "console.req.note_label": (
        "Note",
        "备注",
    ),
    "console.req.reason_label": (
        "Reason (the resident sees it)",
        "驳回原因（居民可见）",
    ),
    "console.req.add_note": (
        "Add a note",
        "添加备注",
    ),
    "console.req.noted": (
        "Note added.",
        "备注已添加。",
    ),
    "console.req.assignee_lead": (
        "Assign to:",
        "派给：",
    ),
    "console.req.current_assignee": (
        "assigned now",
        "当前承办人",
    ),
    "console.req.moved": (
        "{code} is now {status}.",
        "{code} 现为“{status}”。",
    ),
    "console.step.title": (
        "Next step for {code}",
        "{code} 的下一步",
    ),
    "console.step.accepted": (
        "Accept",
        "受理",
    ),
    "console.step.assigned": (
        "Assign",
        "派单",
    ),
    "console.step.in_progress": (
        "Start work",
        "开始处理",
    ),
    "console.step.resolved": (
        "Resolve",
        "已解决",
    ),
    "console.step.closed": (
        "Close",
        "关闭",
    ),
    "console.step.rejected": (
        "Reject (with a reason)",
        "驳回（须填写原因）",
    ),
    "console.rat.filters": (
        "Ratings of the last {days} day(s) · {scope} · {levels}",
        "近 {days} 天的评价 · {scope} · {levels}",
    ),
    "console.rat.scope_hall": (
        "whole hall",
        "全厅",
    ),
    "console.rat.all_levels": (
        "all levels",
        "全部等级",
    ),
    "console.rat.low_only": (
        "dissatisfied only",
        "仅不满意",
    ),
    "console.rat.summary": (
        "{count} ratings, average {average} · follow-ups {follow_ups}, overdue {overdue}",
        "共 {count} 条，平均 {average} 分 · 回访 {follow_ups} 件，超时 {overdue} 件",
    ),
    "console.rat.none": (
        "No ratings received in this span.",
        "这段时间没有收到评价。",
    ),
    "console.rat.met": (
        "met",
        "按时",
    ),
    "console.rat.late": (
        "late",
        "超时办结",
    ),
    "console.rat.due": (
        "due {when}",
        "{when} 前",
    ),
    "console.rat.follow_up_missing": (
        "not found",
        "未找到",
    ),
    "console.rat.follow_up": (
        "↳ follow-up",
        "↳ 回访",
    ),
    "console.rep.chart": (
        "Waits through the day ({measure}, {bucket}-minute bars; calls in brackets)",
        "全天等候时长（{measure}，每 {bucket} 分钟一栏，括号内为叫号数）",
    ),
    "console.rep.median": (
        "median",
        "中位数",
    ),
    "console.rep.p90": (
        "90th percentile",
        "90百分位",
    ),
    "console.rep.no_calls": (
        "Nobody has been called in this span yet.",
        "这段时间还没有叫号。",
    ),
    "console.req.audience_lead": (
        "Who may read this note? (F3 switches)",
        "这条备注谁可以看到？（F3 切换）",
    ),
    "console.req.audience_internal": (
        "Internal: staff only",
        "内部：仅工作人员",
    ),
    "console.req.audience_visible": (
        "The resident too (shown by code)",
        "居民也可看到（凭码查询时显示）",
    ),
    "console.req.note_label_internal": (
        "Note (internal: staff only)",
        "备注（内部，仅工作人员可见）",
    ),
    "console.req.note_label_visible": (
        "Note (the resident sees it)",
        "备注（居民可见）",
    ),
    "console.req.resolution_label": (
        "Resolution (the resident sees it)",
        "办结说明（居民可见）",
    ),
    "console.req.tag_visible": (
        "[resident sees]",
        "[居民可见]",
    ),
    "console.req.tag_internal": (
        "[internal]",
        "[内部]",
    ),
    "console.req.noted_internal": (
        "Internal note added (staff only).",
        "已添加内部备注（仅工作人员可见）。",
    ),
    "console.req.noted_visible": (
        "Note added; the resident sees it.",
        "已添加备注，居民可见。",
    ),
}
