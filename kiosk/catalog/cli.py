"""The command line's own lines: what each command says it did, and its usage errors. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.config_exists": (
        "{path} already exists and was left as it is; choose another path or move it away first.",
        "{path} 已存在，未做改动；请换一个路径，或先把它移走。",
    ),
    "cli.config_written": (
        "Wrote a starting config to {path}. Edit it (hall.data says where the data file goes, relative to it), then run: kiosk --config {path} init",
        "已写出初始配置 {path}。请先修改（hall.data 指定数据文件位置，相对于该文件），再运行：kiosk --config {path} init",
    ),
    "cli.version": (
        "Hall Kiosk {version}",
        "便民服务大厅自助终端 Hall Kiosk {version}",
    ),
    "cli.provisional": (
        "Calendar: {count} day(s) are provisional until the State Council's notice: {days}.",
        "日历：{count} 天为暂定安排，待国务院办公厅通知发布后核对：{days}。",
    ),
    "cli.field_required": (
        "{option} is required here.",
        "此处必须给出 {option}。",
    ),
    "cli.interrupted": (
        "interrupted",
        "已中断",
    ),
    "cli.internal_error": (
        "internal error ({error}); set KIOSK_DEBUG=1 for details",
        "内部错误（{error}）；设置 KIOSK_DEBUG=1 可查看详情",
    ),
    "cli.counter_empty": (
        "Counter {counter}: nobody is waiting.",
        "{counter} 号窗口：无人等候。",
    ),
    "cli.counter_called": (
        "Counter {counter}: called {number} ({service}), now {status}.",
        "{counter} 号窗口：已叫 {number}（{service}），现为{status}。",
    ),
    "cli.counter_finished": (
        "Counter {counter}: finished {number} ({service}), now {status}.",
        "{counter} 号窗口：{number}（{service}）办理结束，现为{status}。",
    ),
    "cli.counter_recalled": (
        "Counter {counter}: recalled {number} ({service}), now {status}.",
        "{counter} 号窗口：重新叫 {number}（{service}），现为{status}。",
    ),
    "cli.counter_gave_up": (
        "Counter {counter}: gave up on {number} ({service}) after the last recall, now {status}.",
        "{counter} 号窗口：{number}（{service}）多次叫号未到，现为{status}。",
    ),
    "cli.counter_no_show": (
        "Counter {counter}: marked {number} ({service}) not present, now {status}.",
        "{counter} 号窗口：{number}（{service}）叫号未到，现为{status}。",
    ),
    "cli.counter_transferred": (
        "Counter {counter}: sent {number} on to {service}, now {status}.",
        "{counter} 号窗口：{number} 已转至{service}，现为{status}。",
    ),
    "cli.counter_state": (
        "Counter {counter} is {state}.",
        "{counter} 号窗口：{state}。",
    ),
    "cli.note_added": (
        "Note added to request {code} ({audience}).",
        "已为诉求 {code} 添加备注（{audience}）。",
    ),
    "cli.audience_visible": (
        "the resident sees it",
        "居民可见",
    ),
    "cli.audience_internal": (
        "internal: staff only",
        "内部备注，仅工作人员可见",
    ),
    "cli.request_now": (
        "Request {code} is {status}.",
        "诉求 {code}：{status}。",
    ),
    "cli.requests_none": (
        "No requests match.",
        "没有符合条件的诉求。",
    ),
    "cli.request_due": (
        "due {due}",
        "{due} 前答复",
    ),
    "cli.rating_origin": (
        "rating {level} of {code}",
        "{code} 的评价 {level}",
    ),
    "cli.ticket": (
        "Ticket {number}  {service}",
        "号票 {number}  {service}",
    ),
    "cli.ticket_details": (
        "Code {code}  issued {issued}  {ahead} ahead  {wait}",
        "查询码 {code}  取号时间 {issued}  前面还有 {ahead} 人  {wait}",
    ),
    "cli.wait": (
        "estimated wait {low}-{high} min",
        "预计等候 {low}-{high} 分钟",
    ),
    "cli.wait_unknown": (
        "estimated wait unknown: {why}",
        "预计等候：暂无法估计，{why}",
    ),
    "cli.session_starts": (
        "Issued ahead of opening: the session starts at {time}; the wait counts from then.",
        "提前取号：本场 {time} 开始办理，等候时间从开始办理起算。",
    ),
    "cli.priority": (
        "(priority)",
        "（优先）",
    ),
    "cli.no_slots_because": (
        "No appointment slots for {service} on {date}: {reason}.",
        "{service} 在 {date} 没有可预约时段：{reason}。",
    ),
    "cli.no_slots": (
        "No appointment slots for {service} on {date}.",
        "{service} 在 {date} 没有可预约时段。",
    ),
    "cli.slot_free": (
        "{remaining}/{capacity} free",
        "余 {remaining}/{capacity}",
    ),
    "cli.slot_closed": (
        "not bookable now",
        "现不可预约",
    ),
    "cli.slot_staggered": (
        "evening/weekend",
        "错时服务",
    ),
    "cli.booked": (
        "Booked {service} on {date} at {time}. Confirmation code {code}: keep it to check in, cancel or reschedule.",
        "已预约 {service}，{date} {time}。预约码 {code}：签到、取消或改约时需要，请保存。",
    ),
    "cli.cancelled": (
        "Appointment {code} cancelled.",
        "预约 {code} 已取消。",
    ),
    "cli.moved": (
        "Appointment {code} moved to {date} {time}.",
        "预约 {code} 已改到 {date} {time}。",
    ),
    "cli.checked_in": (
        "Checked in. Ticket {number}, {wait}.",
        "签到成功。号票 {number}，{wait}。",
    ),
    "cli.checked_in_late": (
        "Checked in late: joining the normal queue. Ticket {number}, {wait}.",
        "签到晚于规定时间：按普通排队。号票 {number}，{wait}。",
    ),
    "cli.request_filed": (
        "Request filed. Tracking code {code}; we will respond by {due}.",
        "诉求已提交。查询码 {code}；我们将在 {due} 前答复。",
    ),
    "cli.status_ticket": (
        "{kind} {code}  {number} {service} ({date})  status: {status}",
        "{kind} {code}  {number} {service}（{date}）  状态：{status}",
    ),
    "cli.status_appointment": (
        "{kind} {code}  {service} on {date}  status: {status}",
        "{kind} {code}  {service}，{date}  状态：{status}",
    ),
    "cli.status_request": (
        "{kind} {code}  {category}, answer by {due}  status: {status}",
        "{kind} {code}  {category}，{due} 前答复  状态：{status}",
    ),
    "cli.position": (
        "{ahead} ahead in the queue.",
        "前面还有 {ahead} 人。",
    ),
    "cli.rated": (
        "Rated: yes.",
        "已评价。",
    ),
    "cli.outcome": (
        "outcome: {outcome}",
        "结果：{outcome}",
    ),
    "cli.rate_thanks": (
        "Thank you for rating {code}: {level}.",
        "感谢您对 {code} 的评价：{level}。",
    ),
    "cli.follow_up_opened": (
        "A follow-up request {code} was opened.",
        "已生成回访诉求 {code}。",
    ),
    "cli.follow_up_call": (
        "Staff will call {phone}.",
        "工作人员将致电 {phone} 回访。",
    ),
    "cli.follow_up_no_phone": (
        "No phone number is on record, so nobody can call back (give one with --phone).",
        "没有留下电话，工作人员无法回访（可用 --phone 留下电话）。",
    ),
    "cli.created_training": (
        "Created {path} for a training copy.",
        "已创建 {path}（培训副本）。",
    ),
    "cli.created_live": (
        "Created {path} for a live hall (real clock).",
        "已创建 {path}（正式大厅，使用真实时钟）。",
    ),
    "cli.start_with": (
        "Start the kiosk with: kiosk --data {path}",
        "启动终端：kiosk --data {path}",
    ),
    "cli.training_copy": (
        "Training copy made at {path}. Use it with: kiosk --data {path} --now YYYY-MM-DDTHH:MM",
        "已在 {path} 生成培训副本。使用方法：kiosk --data {path} --now YYYY-MM-DDTHH:MM",
    ),
    "cli.checkpointed": (
        "Folded {records} journal record(s) into {path}, which now holds every record of the hall ({bytes} bytes).",
        "已把 {records} 条日志记录并入 {path}，该文件现包含大厅的全部记录（{bytes} 字节）。",
    ),
    "cli.archived": (
        "Archived: {counts}",
        "已归档：{counts}",
    ),
    "cli.nothing": (
        "nothing",
        "无",
    ),
    "cli.demo_generated": (
        "Generated {days} days of history: {counts}",
        "已生成 {days} 天的历史数据：{counts}",
    ),
    "cli.restored": (
        "Restored {name}.",
        "已恢复 {name}。",
    ),
    "cli.restore_kept": (
        "The replaced file was kept as {name}.",
        "被替换的文件已保留为 {name}。",
    ),
    "cli.restore_dropped": (
        "Left out, because their days are closed and archived: {counts}.",
        "以下记录所在日期已闭厅归档，未恢复：{counts}。",
    ),
    "cli.restore_nothing_replaced": (
        "There was no data file to replace.",
        "原先没有数据文件可替换。",
    ),
    "cli.restore_audit_lost": (
        "The replaced file could not be read: audit entries written since the backup are lost.",
        "被替换的文件无法读取：备份之后写入的审计记录已丢失。",
    ),
    "cli.restore_audit_kept": (
        "Kept {count} audit entries written since the backup.",
        "保留了备份之后写入的 {count} 条审计记录。",
    ),
    "cli.no_backups": (
        "No backups yet.",
        "还没有备份。",
    ),
    "cli.col_backup": (
        "Backup",
        "备份",
    ),
    "cli.col_taken": (
        "Taken",
        "时间",
    ),
    "cli.col_bytes": (
        "Bytes",
        "字节",
    ),
    "cli.damaged": (
        "damaged",
        "已损坏",
    ),
    "cli.table.tickets": (
        "tickets",
        "号票",
    ),
    "cli.table.tickets.one": (
        "ticket",
        "号票",
    ),
    "cli.table.calls": (
        "calls",
        "叫号",
    ),
    "cli.table.calls.one": (
        "call",
        "叫号",
    ),
    "cli.table.appointments": (
        "appointments",
        "预约",
    ),
    "cli.table.appointments.one": (
        "appointment",
        "预约",
    ),
    "cli.table.requests": (
        "requests",
        "诉求",
    ),
    "cli.table.requests.one": (
        "request",
        "诉求",
    ),
    "cli.table.ratings": (
        "ratings",
        "评价",
    ),
    "cli.table.ratings.one": (
        "rating",
        "评价",
    ),
    "cli.table.audit": (
        "audit entries",
        "审计记录",
    ),
    "cli.table.audit.one": (
        "audit entry",
        "审计记录",
    ),
    "cli.table.staff": (
        "staff",
        "工号",
    ),
    "cli.table.counters": (
        "counters",
        "窗口",
    ),
    "cli.table.counters.one": (
        "counter",
        "窗口",
    ),
    "cli.table.sessions": (
        "sessions",
        "登录",
    ),
    "cli.table.sessions.one": (
        "session",
        "登录",
    ),
}
