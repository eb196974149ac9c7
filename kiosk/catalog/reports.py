"""The manager's report, the overview and the appointments export. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "export.no_stdout": (
        "--out - (standard output) is not supported: an export is a file with a manifest beside it. Give a file or a folder.",
        "不支持 --out -（标准输出）：导出是一个文件，旁边附有清单。请给出文件或文件夹。",
    ),
    "export.bad_format": (
        "Unknown export format '{value}'. Formats: {known}.",
        "未知的导出格式“{value}”。可选：{known}。",
    ),
    "export.bad_contact": (
        "Unknown contact mode '{value}'. Modes: {known}.",
        "未知的联系方式选项“{value}”。可选：{known}。",
    ),
    "export.no_folder": (
        "The folder {path} does not exist; create it, or end --out with '/' to have it created.",
        "文件夹 {path} 不存在；请先创建，或在 --out 末尾加“/”让程序创建。",
    ),
    "export.write_failed": (
        "The export could not be written to {path}: {reason}. No file was left behind.",
        "无法写入导出文件 {path}：{reason}。未留下任何文件。",
    ),
    "export.refused_data": (
        "--out {path} is, or leads to, the hall's data file {target}: an export never replaces it, not even with --force. Choose another --out.",
        "--out {path} 就是（或指向）大厅的数据文件 {target}：导出绝不覆盖它，加 --force 也不行。请换一个 --out。",
    ),
    "export.refused_lock": (
        "--out {path} is, or leads to, the data file's lock {target}: an export never replaces it, not even with --force. Choose another --out.",
        "--out {path} 就是（或指向）数据文件的锁文件 {target}：导出绝不覆盖它，加 --force 也不行。请换一个 --out。",
    ),
    "export.refused_backup": (
        "--out {path} is, or leads to, the data file's backups folder {target}: an export never writes there, not even with --force. Choose another --out.",
        "--out {path} 位于（或指向）数据文件的备份文件夹 {target}：导出绝不写入那里，加 --force 也不行。请换一个 --out。",
    ),
    "export.refused_archive": (
        "--out {path} is, or leads to, the data file's archive {target}: an export never writes there, not even with --force. Choose another --out.",
        "--out {path} 位于（或指向）数据文件的归档 {target}：导出绝不写入那里，加 --force 也不行。请换一个 --out。",
    ),
    "export.refused_manifest_name": (
        "{path} is a manifest's name; an export is written under its own name and its manifest beside it.",
        "{path} 是清单文件的名称；导出文件使用自己的名称，清单写在它旁边。",
    ),
    "export.refused_hall_file": (
        "{path} belongs to a Hall Kiosk hall (a data file, its lock or a kept copy); an export never replaces one, even with --force. Choose another --out.",
        "{path} 属于某个大厅（数据文件、其锁文件或保留副本）；导出永远不会覆盖它，即使使用 --force。请换一个 --out。",
    ),
    "export.refused_sibling": (
        "--out {path} is, or leads to, a kept or temporary copy of the data file {target}: an export never replaces it, not even with --force. Choose another --out.",
        "--out {path} 就是（或指向）数据文件 {target} 的留存副本或临时文件：导出绝不覆盖它，加 --force 也不行。请换一个 --out。",
    ),
    "export.refused_folder": (
        "{path} is a folder: an export never replaces it. Choose another --out.",
        "{path} 是一个文件夹：导出绝不覆盖它。请换一个 --out。",
    ),
    "export.refused_link": (
        "{path} is a symbolic link: an export never replaces it. Choose another --out (the file it points to, or a new name).",
        "{path} 是一个符号链接：导出绝不覆盖它。请换一个 --out（链接指向的文件，或一个新文件名）。",
    ),
    "export.refused_special": (
        "{path} is not a regular file (a device, pipe or socket): an export never replaces it. Choose another --out.",
        "{path} 不是普通文件（设备、管道或套接字）：导出绝不覆盖它。请换一个 --out。",
    ),
    "export.refused_not_ours": (
        "{path} already exists and is not one of our exports (no manifest of ours beside it describes it). Choose another --out, or add --force to replace it.",
        "{path} 已存在，且不是本程序导出的文件（旁边没有描述它的导出清单）。请换一个 --out，或加 --force 覆盖它。",
    ),
    "export.refused_changed": (
        "{path} is an earlier export that has been changed since (its bytes no longer match its manifest). Choose another --out, or add --force to replace it.",
        "{path} 是之前导出的文件，但此后被改动过（内容与其清单不符）。请换一个 --out，或加 --force 覆盖它。",
    ),
    "export.refused_manifest": (
        "{path} already exists and is not a manifest written by an export. Choose another --out, or add --force to replace it.",
        "{path} 已存在，且不是导出时写下的清单文件。请换一个 --out，或加 --force 覆盖它。",
    ),
    "export.done": (
        "Exported {span}: {rows} appointment(s) to {path}.",
        "已导出 {span} 的 {rows} 条预约到 {path}。",
    ),
    "export.progress": (
        "Reading archived days",
        "正在读取归档数据",
    ),
    "export.status.booked": (
        "booked",
        "已预约",
    ),
    "export.status.checked_in": (
        "checked in",
        "已签到",
    ),
    "export.status.attended": (
        "attended",
        "已办理",
    ),
    "export.status.cancelled": (
        "cancelled",
        "已取消",
    ),
    "export.status.no_show": (
        "no-show",
        "爽约",
    ),
    "export.label.code": (
        "Code",
        "预约码",
    ),
    "export.label.status": (
        "Status",
        "状态",
    ),
    "export.label.phone": (
        "Phone",
        "电话",
    ),
    "export.label.window": (
        "Staggered hours",
        "错时服务",
    ),
    "export.label.ticket": (
        "Ticket",
        "号票",
    ),
    "export.calendar_name": (
        "{hall}: appointments {span}",
        "{hall}预约 {span}",
    ),
    "report.title": (
        "{hall}: report for {span}",
        "{hall} 运行报表 {span}",
    ),
    "report.as_of": (
        "Figures as of {as_of}.",
        "数据截至 {as_of}。",
    ),
    "report.none": (
        "-",
        "-",
    ),
    "report.total": (
        "Total",
        "合计",
    ),
    "report.tickets": (
        "Tickets",
        "排队取号",
    ),
    "report.times": (
        "Waits and service times (minutes)",
        "等候与办理时长（分钟）",
    ),
    "report.service": (
        "Service",
        "业务",
    ),
    "report.issued": (
        "Issued",
        "取号",
    ),
    "report.served": (
        "Served",
        "办结",
    ),
    "report.no_show": (
        "No-show",
        "过号",
    ),
    "report.expired": (
        "Expired",
        "作废",
    ),
    "report.waiting": (
        "Waiting now",
        "当前等候",
    ),
    "report.recalls": (
        "Recalls",
        "重呼",
    ),
    "report.transfers": (
        "Transfers",
        "转办",
    ),
    "report.wait_median": (
        "Wait median",
        "等候中位数",
    ),
    "report.wait_p90": (
        "Wait p90",
        "等候90分位",
    ),
    "report.service_median": (
        "Service median",
        "办理中位数",
    ),
    "report.service_p90": (
        "Service p90",
        "办理90分位",
    ),
    "report.kind": (
        "Tickets of",
        "号票类型",
    ),
    "report.called": (
        "Called",
        "已叫号",
    ),
    "report.kind.walk_in": (
        "walk-ins",
        "现场取号",
    ),
    "report.kind.appointment": (
        "appointments",
        "预约签到",
    ),
    "report.kind.late_appointment": (
        "late appointments",
        "预约迟到",
    ),
    "report.waits_chart": (
        "Median wait (minutes) of the tickets called in each period of the day; tickets called in brackets",
        "各时段叫号的等候时间中位数（分钟），括号内为叫号数",
    ),
    "report.minutes_unit": (
        "min",
        "分钟",
    ),
    "report.appointments": (
        "Appointments",
        "预约",
    ),
    "report.appointments_total": (
        "All",
        "全部",
    ),
    "report.staggered": (
        "Staggered hours",
        "错时服务",
    ),
    "report.staggered_share": (
        "Staggered-hours share: {share} of {total} appointments.",
        "错时服务占比：{total} 个预约中占 {share}。",
    ),
    "report.requests": (
        "Service requests",
        "服务诉求",
    ),
    "report.category": (
        "Category",
        "类别",
    ),
    "report.opened": (
        "Opened",
        "新增",
    ),
    "report.resolved": (
        "Resolved",
        "已解决",
    ),
    "report.resolved_late": (
        "Resolved late",
        "逾期解决",
    ),
    "report.rejected": (
        "Rejected",
        "驳回",
    ),
    "report.open": (
        "Open",
        "未办结",
    ),
    "report.overdue": (
        "Overdue",
        "已逾期",
    ),
    "report.median_resolve": (
        "Median hours to resolve",
        "解决用时中位数（小时）",
    ),
    "report.ratings": (
        "Ratings",
        "满意度评价",
    ),
    "report.level": (
        "Level",
        "评价",
    ),
    "report.count": (
        "Count",
        "数量",
    ),
    "report.share": (
        "Share",
        "占比",
    ),
    "report.average": (
        "Average",
        "平均分",
    ),
    "report.counter": (
        "Counter",
        "窗口",
    ),
    "report.follow_ups": (
        "Follow-ups of dissatisfied ratings",
        "不满意评价回访",
    ),
    "report.follow_up_summary": (
        "{total} follow-ups: {met} resolved in time, {late} late, {open} open within their deadline, {overdue} overdue.",
        "共 {total} 条回访：按时办结 {met} 条，超时办结 {late} 条，未超时办理中 {open} 条，已超时 {overdue} 条。",
    ),
    "report.code": (
        "Code",
        "编码",
    ),
    "report.subject": (
        "Rated",
        "被评价",
    ),
    "report.rated_at": (
        "Rated at",
        "评价时间",
    ),
    "report.due": (
        "Due",
        "时限",
    ),
    "report.state": (
        "State",
        "状态",
    ),
    "report.follow_up.met": (
        "resolved in time",
        "按时办结",
    ),
    "report.follow_up.late": (
        "resolved late",
        "超时办结",
    ),
    "report.follow_up.open": (
        "open, within deadline",
        "办理中，未超时",
    ),
    "report.follow_up.overdue": (
        "overdue",
        "已超时",
    ),
    "report.follow_up.rejected": (
        "rejected",
        "已驳回",
    ),
    "report.follow_up.missing": (
        "not found",
        "未找到",
    ),
    "view.open": (
        "OPEN: walk-ins welcome",
        "营业中：可现场取号",
    ),
    "view.extended": (
        "EXTENDED HOURS until {end}: appointments only",
        "错时服务至 {end}：仅接待预约",
    ),
    "view.closed": (
        "CLOSED",
        "休息中",
    ),
    "view.closed_because": (
        "CLOSED ({reason})",
        "休息中（{reason}）",
    ),
    "view.next": (
        "Walk-ins next: {walk_in}    Appointments next: {booking}",
        "下次现场取号：{walk_in}    下次预约服务：{booking}",
    ),
    "view.none": (
        "not within 60 days",
        "60天内无",
    ),
    "view.next_walk_in": (
        "Walk-ins next: {walk_in}",
        "下次现场取号：{walk_in}",
    ),
    "view.service": (
        "Service",
        "业务",
    ),
    "view.waiting": (
        "Waiting",
        "等候",
    ),
    "view.longest": (
        "Longest wait",
        "最长等候",
    ),
    "view.estimate": (
        "Estimate",
        "预计等候",
    ),
    "view.numbers": (
        "Next",
        "即将叫号",
    ),
    "view.counter": (
        "Counter",
        "窗口",
    ),
    "view.state": (
        "State",
        "状态",
    ),
    "view.serving": (
        "Serving",
        "正在办理",
    ),
    "view.minutes": (
        "{n} min",
        "{n} 分钟",
    ),
    "view.range": (
        "{low}-{high} min",
        "{low}-{high} 分钟",
    ),
}
