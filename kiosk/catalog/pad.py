"""The counter's rating pad (评价器, ``kiosk pad``): what it says while idle, the question after a service, the
reasons for a poor rating, the indicators, the thanks. Each message in English and 简体中文, side by side:
``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- starting one (the command line)
    "pad.counter_missing": (
        "A rating pad stands at one counter: give --counter ID, or --terminal ID of a pad in [[terminals]].",
        "评价器须对应一个窗口：请给出 --counter 窗口编号，或 [[terminals]] 中评价器的 --terminal 编号。",
    ),
    # -- idle
    "pad.clerk": (
        "Serving you: {name} (staff no. {staff})",
        "为您服务：{name}（工号 {staff}）",
    ),
    "pad.no_clerk": (
        "Nobody is signed in at this counter now.",
        "本窗口暂无工作人员登录。",
    ),
    "pad.invite": (
        "When your business here is done, please rate our service on this pad.",
        "办事结束后，请在此对我们的服务进行评价。",
    ),
    "pad.invite_note": (
        "Your rating goes to the hall's records and helps us serve you better.",
        "您的评价将如实记录，帮助我们改进服务。",
    ),
    # -- the question
    "pad.ask": (
        "How was your service?",
        "请对本次服务进行评价",
    ),
    "pad.served": (
        "{what} {number} · {service}",
        "{what} {number} · {service}",
    ),
    "pad.served_by": (
        "Served by {name} (staff no. {staff})",
        "办理人员：{name}（工号 {staff}）",
    ),
    "pad.seconds_left": (
        "{seconds} s left",
        "剩余 {seconds} 秒",
    ),
    "pad.pick_level": (
        "Press a number or touch your choice:",
        "请按数字键或点选：",
    ),
    # -- a rating of 2 or 1: why
    "pad.reasons_title": (
        "We are sorry. What went wrong? Choose one or more, then confirm:",
        "很抱歉。请选择不满意的原因（可多选），然后确认：",
    ),
    "pad.confirm": (
        "Confirm",
        "确认",
    ),
    "pad.other_title": (
        "Please tell us in a few words what went wrong:",
        "请用几句话写明具体情况：",
    ),
    "pad.other_field": (
        "What went wrong",
        "具体情况",
    ),
    "pad.other_hint": (
        "A few words are enough; Enter sends. Esc: back to the reasons.",
        "写几句话即可，按回车提交；Esc 返回原因。",
    ),
    "pad.send": (
        "Send",
        "提交",
    ),
    # -- the indicators (when [ratings] indicators = true)
    "pad.indicator_title": (
        "{indicator} ({n} of {of}): press a number, or skip",
        "{indicator}（{n}/{of}）：请按数字键评分，也可跳过",
    ),
    "pad.indicator.efficiency": (
        "Efficiency",
        "服务效率",
    ),
    "pad.indicator.competence": (
        "Competence",
        "服务水平",
    ),
    "pad.indicator.attitude": (
        "Attitude",
        "服务态度",
    ),
    "pad.skip": (
        "Skip",
        "跳过",
    ),
    # -- after the answer
    "pad.thanks": (
        "Thank you for your rating!",
        "感谢您的评价！",
    ),
    "pad.follow_up_code": (
        "Your follow-up code:",
        "您的回访编号：",
    ),
    "pad.follow_up_track": (
        "With this code you can follow its progress at a self-service kiosk.",
        "凭此编号可在自助终端查询处理进度。",
    ),
    "pad.thanks_sorry": (
        "Thank you. We are sorry the service fell short: the hall will look into it.",
        "感谢您的评价。对服务中的不足我们深表歉意，将认真核查整改。",
    ),
}
