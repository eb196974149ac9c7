"""Terminal profiles and printed slips: what the paper says, printer faults, reprints. Each message in English and
简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --terminal
    "terminal.unknown": (
        "There is no terminal '{value}' in [[terminals]] of this kind. Terminals: {known}.",
        "配置 [[terminals]] 中没有此类终端“{value}”。可用终端：{known}。",
    ),
    "terminal.wrong_mode": (
        "Terminal '{value}' has mode '{mode}': start it with 'kiosk {command} --terminal {value}'.",
        "终端“{value}”的模式是 {mode}，请用“kiosk {command} --terminal {value}”启动。",
    ),
    "terminal.counter_conflict": (
        "Terminal '{value}' is fixed to counter {counter}; leave out --counter, or give the same one.",
        "终端“{value}”已固定为 {counter} 号窗口；请不要再给 --counter，或给出同一个窗口。",
    ),
    # the slip on paper
    "print.ticket_title": ("Queue ticket", "排队号票"),
    "print.appointment_title": ("Appointment", "预约凭条"),
    "print.request_title": ("Service request receipt", "诉求回执"),
    "print.reprinted": ("REPRINT {time}", "补打 {time}"),
    "print.priority": ("Priority", "优先号"),
    "print.taken_at": ("Taken at {time}", "取号时间：{time}"),
    "print.session_starts": ("Issued ahead of opening; service starts {time}", "提前取号，{time} 开始办理"),
    "print.ahead": ("{ahead} ahead of you", "前面还有 {ahead} 人"),
    "print.none_ahead": ("Nobody ahead of you", "前面没有人等候"),
    "print.wait": ("Estimated wait: {low}-{high} min", "预计等候：{low}-{high} 分钟"),
    "print.wait_unknown": ("Estimated wait: unknown ({why})", "预计等候：暂无法估计（{why}）"),
    "print.documents": ("Please bring:", "请备齐以下材料（一次告知）："),
    "print.document_item": ("- {document}", "· {document}"),
    "print.no_documents": ("No documents needed.", "无需携带材料。"),
    "print.code_label": ("Your code", "查询码"),
    "print.ticket_hint": (
        "Scan or type the code at a kiosk to check your place or rate the service.",
        "在自助终端扫码或输入查询码，可查询进度、评价服务。",
    ),
    "print.booked_for": ("Booked for: {name}", "预约人：{name}"),
    "print.checkin": (
        "Check in at a kiosk from {minutes} min before your time.",
        "请于预约时间前 {minutes} 分钟内到自助终端签到。",
    ),
    "print.how_to_cancel": (
        "To cancel or move it: at a kiosk, 'Check / cancel / change by code', then this code and your phone's last 4 digits.",
        "如需取消或改约：在自助终端选择“查询/取消/改约”，输入本查询码和手机号后四位。",
    ),
    "print.appointment_hint": (
        "Scan or type the code at a kiosk to check in.",
        "在自助终端扫码或输入查询码即可签到。",
    ),
    "print.filed_at": ("Filed at {time}", "提交时间：{time}"),
    "print.due": ("Answer due by {time}", "答复期限：{time} 前"),
    "print.request_hint": (
        "Scan or type the tracking code at a kiosk to follow your request.",
        "在自助终端扫码或输入跟踪码，可查询办理进度。",
    ),
    # faults: each reason is what the printer does, with its verb ("The printer of K1 is out of paper"), so that
    # every sentence it is slotted into (print.console_fault, print.check_fault, print.failed) reads whole
    "print.fault.unreachable": ("cannot be reached (off or unplugged?)", "无法连接（未开机或线缆断开？）"),
    "print.fault.no_answer": ("does not answer", "无响应"),
    "print.fault.out_of_paper": ("is out of paper", "缺纸"),
    "print.fault.not_installed": (
        "cannot print, as printing is not installed (pip install 'hall-kiosk[print]')",
        "因未安装打印组件而无法打印（pip install 'hall-kiosk[print]'）",
    ),
    "print.fault.error": ("has failed", "出错"),
    "print.resident_fault": (
        "The printer is not working: please note your number and code.",
        "打印机暂时无法打印，请记下您的号码和查询码。",
    ),
    "print.printing": ("Printing your slip…", "正在打印凭条……"),
    "print.printed": ("Your slip is printed: please take it.", "凭条已打印，请取走。"),
    "print.console_fault": (
        "The printer of {terminal} {reason} (since {time})",
        "{terminal} 的打印机{reason}（自 {time} 起）",
    ),
    "print.check_fault": (
        "warning: the printer of terminal {terminal} ({where}) {reason} (since {time}{detail}). Fix: check its power, paper and cable; 'kiosk print CODE --terminal {terminal}' reprints a slip.",
        "警告：终端 {terminal} 的打印机（{where}）{reason}（自 {time} 起{detail}）。处理：检查电源、纸卷和线缆；“kiosk print 查询码 --terminal {terminal}”可补打凭条。",
    ),
    "print.check_fault_detail": ("; {detail}", "；{detail}"),
    "print.overview_faults": ("Printers not working:", "打印机故障："),
    "print.no_printer_in_hall": (
        "No terminal in kiosk.toml has a printer; --preview shows the slip.",
        "kiosk.toml 中没有配置打印机的终端；可用 --preview 查看凭条。",
    ),
    "print.done": ("Printed the slip of {code} on {terminal}.", "已在 {terminal} 打印 {code} 的凭条。"),
    "print.failed": (
        "The printer of {terminal} {reason}: the slip of {code} was not printed.",
        "{terminal} 的打印机{reason}：{code} 的凭条未打印。",
    ),
    "key.console.reprint": ("Reprint", "补打凭条"),
    "print.reprint_title": ("Reprint a slip", "补打凭条"),
    "print.reprint_label": ("Code of the ticket, appointment or request", "号票、预约或诉求的查询码"),
    "print.console_no_printer": (
        "No printer is set up for this console or any kiosk.",
        "本窗口和各自助终端都没有配置打印机。",
    ),
}
