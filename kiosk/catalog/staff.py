"""Staff accounts, sign-in, the staff key and the audit log. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "staff.pin_missing": (
        "Please enter the PIN.",
        "请输入密码。",
    ),
    "staff.pin_format": (
        "A PIN is {minimum} to {maximum} digits.",
        "密码为 {minimum} 至 {maximum} 位数字。",
    ),
    "staff.pin_weak": (
        "This PIN is too easy to guess (repeated or consecutive digits, a keypad pattern, or part of the staff id). Choose another.",
        "该密码太容易被猜到（重复或连续的数字、键盘规律，或包含工号），请另选一个。",
    ),
    "staff.pin_mismatch": (
        "The two PINs are not the same; nothing was changed.",
        "两次输入的密码不一致，未做任何改动。",
    ),
    "staff.prompt_pin": (
        "New PIN: ",
        "新密码：",
    ),
    "staff.prompt_repeat": (
        "Repeat the PIN: ",
        "再次输入密码：",
    ),
    "staff.exists": (
        "There is already a staff account '{staff}'.",
        "工号“{staff}”已存在。",
    ),
    "staff.unknown": (
        "There is no staff account '{staff}'. Add one with 'kiosk staff-add'.",
        "没有工号“{staff}”。请用 'kiosk staff-add' 添加。",
    ),
    "staff.disabled": (
        "Staff account '{staff}' is disabled.",
        "工号“{staff}”已停用。",
    ),
    "staff.counter_taken": (
        "{holder} is signed in at counter {counter}; sign in there to act at it.",
        "{counter}号窗口当前由 {holder} 登录；请在该窗口登录后再操作。",
    ),
    "staff.sign_in_failed": (
        "Wrong staff id or PIN. After {tries} wrong PINs in a row an id is locked for {minutes} minutes.",
        "工号或密码错误。连续输错 {tries} 次，该工号将被锁定 {minutes} 分钟。",
    ),
    "staff.counter_missing": (
        "Say which counter.",
        "请指定窗口。",
    ),
    "staff.days_range": (
        "Choose between 1 and {maximum} days.",
        "天数须在 1 到 {maximum} 之间。",
    ),
    "staff.added": (
        "Staff account {staff} ({name}) added.",
        "已添加工号 {staff}（{name}）。",
    ),
    "staff.pin_set": (
        "New PIN set for {staff}.",
        "已为 {staff} 设置新密码。",
    ),
    "staff.enabled": (
        "Staff account {staff} is enabled.",
        "工号 {staff} 已启用。",
    ),
    "staff.disabled_now": (
        "Staff account {staff} is disabled.",
        "工号 {staff} 已停用。",
    ),
    "staff.none": (
        "No staff accounts yet. Add one with 'kiosk staff-add ID --name NAME'.",
        "尚无工作人员账号。请用 'kiosk staff-add 工号 --name 姓名' 添加。",
    ),
    "staff.state_active": (
        "active",
        "正常",
    ),
    "staff.state_disabled": (
        "disabled",
        "已停用",
    ),
    "staff.state_locked": (
        "locked until {until}",
        "锁定至 {until}",
    ),
    "staff.col_id": (
        "Id",
        "工号",
    ),
    "staff.col_name": (
        "Name",
        "姓名",
    ),
    "staff.col_state": (
        "State",
        "状态",
    ),
    "staff.col_counter": (
        "Signed in at",
        "登录窗口",
    ),
    "staff.col_last": (
        "Last sign-in",
        "上次登录",
    ),
    "staff.demo": (
        "Demo staff accounts {ids}, all with PIN {pin} (for this demo file only).",
        "演示工号 {ids}，密码均为 {pin}（仅限本演示数据文件）。",
    ),
    "audit.bad_action": (
        "Unknown audit action '{action}'. Actions: {known}.",
        "未知的操作类型“{action}”。可选：{known}。",
    ),
    "audit.bad_limit": (
        "--limit must be at least 1.",
        "--limit 至少为 1。",
    ),
    "audit.none": (
        "No audit entries match.",
        "没有符合条件的操作记录。",
    ),
    "audit.col_at": (
        "Time",
        "时间",
    ),
    "audit.col_staff": (
        "Staff",
        "工号",
    ),
    "audit.col_counter": (
        "Counter",
        "窗口",
    ),
    "audit.col_action": (
        "Action",
        "操作",
    ),
    "audit.col_ticket": (
        "Ticket/code",
        "号票/编码",
    ),
    "audit.col_detail": (
        "Detail",
        "详情",
    ),
    "audit.action_sign_in": (
        "signed in",
        "登录",
    ),
    "audit.action_sign_in_failed": (
        "sign-in failed",
        "登录失败",
    ),
    "audit.action_staff_key": (
        "staff key at a kiosk",
        "自助终端工作人员操作",
    ),
    "audit.action_restore": (
        "backup restored",
        "恢复备份",
    ),
    "audit.action_archive": (
        "days closed and archived",
        "结束并归档日期",
    ),
    "audit.action_export": (
        "exported with full contacts",
        "导出完整联系方式",
    ),
    "audit.action_reprint": (
        "slip reprinted",
        "补打凭条",
    ),
    "audit.action_rating_not_rated": (
        "not rated at the counter's pad",
        "评价器未评价",
    ),
    "audit.action_request_visit": ("visit time set for a request", "安排上门时间"),
    "audit.action_message_resent": ("text message sent again", "重发短信"),
    "audit.action_rating_recorded": (
        "rating written down for a resident",
        "代录评价",
    ),
    "audit.action_case_step": (
        "poor rating case step",
        "差评整改步骤",
    ),
    "audit.action_sign_in_locked": (
        "sign-in while locked",
        "锁定期间尝试登录",
    ),
    "audit.action_sign_out": (
        "signed out",
        "退出",
    ),
    "audit.action_call": (
        "called",
        "叫号",
    ),
    "audit.action_recall": (
        "recalled",
        "重呼",
    ),
    "audit.action_no_show": (
        "no-show",
        "过号",
    ),
    "audit.action_transfer": (
        "transferred",
        "转办",
    ),
    "audit.action_finish": (
        "finished",
        "办结",
    ),
    "audit.action_counter_state": (
        "counter state",
        "窗口状态",
    ),
    "audit.action_request_status": (
        "request status",
        "诉求状态",
    ),
    "audit.action_request_note": (
        "request note",
        "诉求备注",
    ),
    "audit.action_staff_added": (
        "account added",
        "添加账号",
    ),
    "audit.action_pin_changed": (
        "PIN changed",
        "修改密码",
    ),
    "audit.action_staff_disabled": (
        "account disabled",
        "停用账号",
    ),
    "audit.action_staff_enabled": (
        "account enabled",
        "启用账号",
    ),
    "staff_prompt.title": (
        "Staff only",
        "工作人员专用",
    ),
    "staff_prompt.staff": (
        "Staff id",
        "工号",
    ),
    "staff_prompt.pin": (
        "PIN",
        "密码（PIN）",
    ),
    "staff_prompt.sign_in": (
        "Sign in",
        "登录",
    ),
    "staff_prompt.quit": (
        "Quit the program on this terminal",
        "退出本机程序",
    ),
    "staff_prompt.mode.staff": (
        "Use this terminal as a counter console",
        "将本机切换为窗口工作台",
    ),
    "staff_prompt.mode.board": (
        "Use this terminal as the display board",
        "将本机切换为叫号显示屏",
    ),
    "staff_prompt.mode.kiosk": (
        "Use this terminal as a resident kiosk",
        "将本机切换为自助终端",
    ),
    "staff_prompt.no_accounts": (
        "No staff accounts exist yet: add one with 'kiosk staff-add'.",
        "尚无工作人员账号：请用“kiosk staff-add”添加。",
    ),
    "staff_prompt.wrong": (
        "Wrong staff id or PIN.",
        "工号或密码错误。",
    ),
    "staff_prompt.wait": (
        "Too many wrong tries at this terminal: try again in {seconds} s.",
        "本机输错次数过多，请 {seconds} 秒后再试。",
    ),
}
