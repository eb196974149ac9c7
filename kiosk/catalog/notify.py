"""Text messages to residents: the words of each message (what the file outbox and the webhook send, and what a
hall submits to its SMS gateway for approval as templates), the consent lines, and the refusals. Each in English
and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the messages (their placeholders are the template's parameters, see kiosk/notices.py)
    "sms.near": (
        "Ticket {number} ({service}): {ahead} ahead of you. Please come back to the hall now.",
        "您的{number}号（{service}）前面还有{ahead}位，请尽快回到大厅等候叫号。",
    ),
    "sms.called": (
        "Ticket {number}: please go to {counter} now.",
        "请{number}号到{counter}办理业务。",
    ),
    "sms.booked": (
        "Booked: {service}, {time}. Code {code}. Check in at a kiosk with the code.",
        "您已预约{service}，时间{time}，预约码{code}，请凭预约码到自助终端签到。",
    ),
    "sms.moved": (
        "Appointment {code} moved to {time} ({service}).",
        "您的预约{code}已改到{time}（{service}）。",
    ),
    "sms.cancelled": (
        "Appointment {code} ({service}, {time}) is cancelled.",
        "您的预约{code}（{service}，{time}）已取消。",
    ),
    "sms.reminder": (
        "Reminder: {service} tomorrow at {time}, code {code}. Cannot come? Cancel at a kiosk with the code.",
        "温馨提醒：您预约了明天{time}的{service}，预约码{code}。如不能前来，请在自助终端凭预约码取消。",
    ),
    "sms.request": (
        "Your request {code}: {status}.{reason}",
        "您的诉求{code}{status}。{reason}",
    ),
    "sms.visit": (
        "Your request {code}: we will visit you at {time}.",
        "您的诉求{code}已安排上门服务，时间{time}。",
    ),
    "sms.call_back": (
        "We are sorry your visit fell short. We will call you back by {by}. Follow-up code {code}.",
        "您的评价已收到，我们将于{by}前回访，回访编号{code}。",
    ),
    "sms.stop_line": (" Reply TD to stop.", "回TD退订"),
    "sms.status.accepted": ("accepted", "已受理"),
    "sms.status.assigned": ("assigned to a worker", "已分派专人办理"),
    "sms.status.resolved": ("resolved", "已办结"),
    "sms.status.rejected": ("not taken up", "未予受理"),
    "sms.reason": (" Reason: {reason}", "原因：{reason}"),
    # -- consent (the kiosk)
    "notify.offer": (
        "Leave a mobile number and we text you when {ahead} are ahead of you and when you are called. Nothing else.",
        "留下手机号，前面还剩{ahead}位和叫到您时我们会发短信提醒您，不作他用。",
    ),
    "notify.offer_booking": (
        "Text me about this booking (confirmation, changes, a reminder the evening before)?",
        "是否以短信通知您本次预约（确认、变更、前一晚提醒）？",
    ),
    "notify.offer_request": (
        "Text me when this request moves on (accepted, assigned, a visit time, resolved)?",
        "是否以短信通知您本诉求的进展（受理、分派、上门时间、办结）？",
    ),
    "notify.left": (
        "We will text {phone} when your turn is near. Reply TD to stop, or stop at a kiosk with your code.",
        "将向 {phone} 发送叫号提醒。回复 TD 或在自助终端凭号码可停止。",
    ),
    "notify.stopped": ("No more texts about {code}.", "已停止发送关于 {code} 的短信。"),
    # -- refusals
    "notify.off": ("This hall does not send text messages.", "本大厅未开通短信通知。"),
    "notify.not_mobile": (
        "Texts go to a mobile number (11 digits from 1), not a landline.",
        "短信只能发送到手机号码（以1开头的11位数字），不能发送到固定电话。",
    ),
    "notify.ticket_not_waiting": (
        "Ticket {number} is no longer waiting: no reminder is needed.",
        "{number}号已不在等候中，无需提醒。",
    ),
    "notify.no_message": ("No such message.", "没有这条短信。"),
    "notify.resend_stopped": (
        "The resident stopped these texts: it cannot be sent again.",
        "居民已停止接收这些短信，不能重发。",
    ),
    "notify.opted_out": (
        "This number replied TD and gets no texts. Reply KT to that number's last text to get them again.",
        "该号码已回复退订，不再接收短信。如需恢复，请用该号码回复 KT。",
    ),
    "notify.not_yet_sent": (
        "That message has not been tried yet: it will go by itself.",
        "这条短信尚未发送，系统会自动发送。",
    ),
    "notify.bad_when": (
        "Give the visit time as YYYY-MM-DD HH:MM, within {days} days.",
        "上门时间请写成 年-月-日 时:分，且在 {days} 天内。",
    ),
    # -- the outbox's words (the console's message log, kiosk notify list)
    "notify.status.pending": ("waiting", "待发送"),
    "notify.status.sending": ("sending", "发送中"),
    "notify.status.sent": ("sent", "已发送"),
    "notify.status.failed": ("failed", "发送失败"),
    "notify.status.suppressed": ("not sent", "未发送"),
    "notify.event.near": ("turn near", "即将叫号"),
    "notify.event.called": ("called", "叫号"),
    "notify.event.booked": ("booked", "预约成功"),
    "notify.event.moved": ("moved", "改约"),
    "notify.event.cancelled": ("cancelled", "取消预约"),
    "notify.event.reminder": ("reminder", "预约提醒"),
    "notify.event.request": ("request", "诉求进展"),
    "notify.event.visit": ("visit time", "上门时间"),
    "notify.event.call_back": ("call-back", "回访安排"),
    # -- kiosk notify (the command line)
    "cli.notify.started": (
        "Sending texts through {gateway} as {sender}; Ctrl+C or SIGTERM stops.",
        "正在通过 {gateway} 发送短信（发送进程 {sender}）；Ctrl+C 或 SIGTERM 停止。",
    ),
    "cli.notify.round": (
        "{claimed} due: {sent} sent, {failed} failed.",
        "到期 {claimed} 条：已发送 {sent} 条，失败 {failed} 条。",
    ),
    "cli.notify.reminders": ("{count} reminders written.", "已生成 {count} 条预约提醒。"),
    "cli.notify.none": ("No messages.", "没有短信。"),
    "cli.notify.training": (
        "A training copy: its texts go to {path}, not to residents (--live-gateway to send them).",
        "培训副本：短信写入 {path}，不发给居民（如需真实发送，请加 --live-gateway）。",
    ),
    "cli.notify.col.time": ("Time", "时间"),
    "cli.notify.col.event": ("Event", "事件"),
    "cli.notify.col.code": ("Code", "编码"),
    "cli.notify.col.phone": ("Phone", "手机"),
    "cli.notify.col.status": ("Status", "状态"),
    "cli.notify.resent": ("Queued again as {message}.", "已重新排队发送：{message}。"),
    "cli.notify.opted_out": ("That number gets no more texts.", "该号码已退订，不再发送短信。"),
    "cli.notify.not_keyword": ("Not a stop keyword: nothing changed.", "不是退订指令，未作改动。"),
    "cli.notify.checked": (
        "Gateway {gateway} ready; events: {events}.",
        "短信通道 {gateway} 可用；发送事件：{events}。",
    ),
    "cli.request_visit": ("Visit for {code} set for {time}.", "已为 {code} 安排上门时间：{time}。"),
    # -- the kiosk's screens: a ticket's phone, yes or no to texts about a booking or a request, stopping them
    "notify.text_me": ("Text me", "短信提醒"),
    "notify.text_me_detail": ("a text when your turn is near", "快到您时发短信通知"),
    "key.text_me": ("Text me", "短信提醒"),
    "notify.slip_returning": (
        "Press 1 to be texted; any other key finishes. Back to the start in {seconds} s.",
        "按 1 短信提醒，按其他键完成，{seconds} 秒后自动返回首页。",
    ),
    "notify.title": ("Text reminders", "短信提醒"),
    "notify.ticket_line": ("Ticket {number} · {service}", "{number}号 · {service}"),
    "notify.offer_near": (
        "Leave a mobile number and we text you when {ahead} are ahead of you. Nothing else.",
        "留下手机号，前面还剩{ahead}位时我们会发短信提醒您，不作他用。",
    ),
    "notify.offer_called": (
        "Leave a mobile number and we text you when you are called. Nothing else.",
        "留下手机号，叫到您时我们会发短信提醒您，不作他用。",
    ),
    "notify.phone": ("Mobile number", "手机号码"),
    "notify.echo": ("Texts will go to {phone}.", "短信将发送到 {phone}。"),
    "notify.phone_hint": ("11 digits. Enter confirms, Esc goes back.", "11位手机号。按回车确认，按 Esc 返回。"),
    "notify.confirm": ("Text me at this number", "确认，短信提醒我"),
    "notify.left_title": ("Text reminder set", "短信提醒已设置"),
    "notify.consent_title": ("Text messages", "短信通知"),
    "notify.consent_yes": ("Yes, text {phone}", "是，发送到 {phone}"),
    "notify.consent_no": ("No, thank you", "不用了"),
    "notify.consent_default": ("(the default: Enter)", "（默认，按回车即可）"),
    "notify.consent_hint": (
        "Reply TD to any text to stop them, or stop them at a kiosk with your code.",
        "收到短信后回复 TD，或在自助终端凭编码，均可停止。",
    ),
    "notify.will_text": (
        "We will text {phone} about it. Reply TD to stop.",
        "将向 {phone} 发送短信通知，回复 TD 可退订。",
    ),
    "notify.offer_call_back": (
        "Text me when the call-back is arranged?",
        "回访安排好后，是否以短信通知您？",
    ),
    "notify.will_text_call_back": (
        "We will text {phone} when it is arranged. Reply TD to stop.",
        "安排好后将短信通知 {phone}，回复 TD 可退订。",
    ),
    "notify.no_texts": ("No text messages will be sent.", "不发送短信通知。"),
    "notify.summary_yes": ("Texts: yes, to {phone}", "短信通知：是（{phone}）"),
    "notify.summary_no": ("Texts: no", "短信通知：否"),
    "notify.stop": ("Stop text messages", "停止短信通知"),
    "notify.stop_confirm": ("Stop the texts", "确认停止短信"),
    "notify.stopped_title": ("Texts stopped", "短信已停止"),
    "notify.stopped_note": (
        "Texts already sent stay on your phone; nothing more is sent about this code.",
        "已发送的短信不受影响，此后不再发送与该编码有关的短信。",
    ),
    "notify.request_line": ("Request · {category}", "诉求 · {category}"),
    "event.visit": ("visit arranged", "已安排上门"),
    # -- the counter console: the text log (x), a request's texts and its visit time
    "console.tab.messages": ("Texts", "短信"),
    "key.console.msg_filter": ("Code filter", "按编码筛选"),
    "key.console.resend": ("Resend", "重发"),
    "key.console.visit": ("Visit time", "上门时间"),
    "console.msg.filter_label": ("Code (ticket, appointment, request)", "编码（取号、预约、诉求）"),
    "console.msg.filter_hint": ("Enter; empty: the latest", "回车筛选，留空看最新"),
    "console.msg.filters": (
        "{which} · {shown} shown · waiting {pending} · failed {failed}",
        "{which} · 显示 {shown} 条 · 待发送 {pending} · 发送失败 {failed}",
    ),
    "console.msg.latest": ("The latest texts", "最新短信"),
    "console.msg.of": ("Texts about {code}", "{code} 的短信"),
    "console.msg.none": ("No texts.", "没有短信。"),
    "console.msg.col.event": ("Text", "短信"),
    "console.msg.col.reason": ("Why", "原因"),
    "console.msg.resend_title": ("Send this text again?", "重发这条短信？"),
    "console.msg.resend_yes": ("Send it again to {phone}", "重发到 {phone}"),
    "console.msg.resend_no": ("Do not send", "不重发"),
    "console.msg.resent": ("Queued again for {phone} ({code}).", "已重新发送到 {phone}（{code}）。"),
    "console.msg.resend_mark": ("again", "重发"),
    "console.msg.reason.opted_out": ("replied TD", "已退订"),
    "console.msg.reason.cap": ("daily cap", "超每日上限"),
    "console.msg.reason.quiet_hours": ("quiet hours", "免打扰时段"),
    "console.msg.reason.stopped": ("stopped by code", "凭编码停止"),
    "console.msg.reason.stale": ("too late", "已过时"),
    "console.msg.reason.expired": ("expired", "已过期"),
    "console.msg.reason.not_mobile": ("not a mobile", "非手机号"),
    "console.msg.reason.interrupted": ("interrupted", "发送中断"),
    "console.req.texts": ("Texts", "短信通知"),
    "console.req.texts_yes": ("agreed · {n} sent", "已同意 · 已发 {n} 条"),
    "console.req.texts_no": ("not agreed", "未同意"),
    "console.req.visit_at": ("Visit", "上门时间"),
    "console.req.messages": ("Texts", "短信记录"),
    "console.req.messages_more": ("{n} more: x shows the text log", "另有 {n} 条，按 x 查看短信记录"),
    "console.req.visit_title": ("Visit for {code}", "{code} 安排上门"),
    "console.req.visit_label": ("When (YYYY-MM-DD HH:MM)", "时间（年-月-日 时:分）"),
    "console.req.visit_set": ("Visit for {code} set for {when}.", "{code} 已安排上门：{when}。"),
}
