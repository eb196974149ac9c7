"""Ratings (好差评) and their follow-ups. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "rating.bad_level": (
        "Choose a level from 1 (very dissatisfied) to 5 (very satisfied), not '{value}'.",
        "请选择1（非常不满意）到5（非常满意）之间的评价，而不是“{value}”。",
    ),
    "rating.not_served": (
        "This {kind} cannot be rated yet: it has not been served.",
        "该{kind}尚未办理，暂不能评价。",
    ),
    "rating.no_show": (
        "This number was called but nobody came to the counter, so there is no service to rate.",
        "此号叫号时未到窗口办理，没有可评价的服务。",
    ),
    "rating.ended_unserved": (
        "This ended without being served (it was cancelled, missed or expired), so there is no service to rate.",
        "该事项未经办理即已结束（已取消、爽约或作废），没有可评价的服务。",
    ),
    "rating.too_late": (
        "Ratings are accepted for {days} days after the service.",
        "服务结束后 {days} 天内可评价。",
    ),
    "rating.already": (
        "This service has already been rated. Thank you.",
        "该服务已评价过，谢谢您。",
    ),
    "rate.title": (
        "Rate a service",
        "服务评价",
    ),
    "rate.pick_level": (
        "How satisfied are you?",
        "您对本次服务满意吗？",
    ),
    "rate.comment_title": (
        "Anything to add?",
        "还有什么想说的吗？",
    ),
    "rate.comment": (
        "Comment (optional)",
        "意见建议（选填）",
    ),
    "rate.comment_required": (
        "What went wrong (required)",
        "具体情况（必填）",
    ),
    "rate.comment_hint": (
        "Press Enter to send, with or without a comment.",
        "按回车键提交，可不填写。",
    ),
    "rate.comment_hint_next": (
        "Press Enter to go on, with or without a comment.",
        "按回车键继续，可不填写。",
    ),
    "rate.send": (
        "Send my rating",
        "提交评价",
    ),
    "rate.not_yet": (
        "This can be rated once the service is finished.",
        "服务办结后才可以评价。",
    ),
    "rate.case_in_hand": (
        "Your feedback is still being handled (now: {stage}). Once it has been put right, grade it here.",
        "您反映的问题正在处理中（当前环节：{stage}），整改完成后可在此评价整改结果。",
    ),
    "rate.case_in_hand_no_stage": (
        "Your feedback is still being handled. Once it has been put right, grade it here.",
        "您反映的问题正在处理中，整改完成后可在此评价整改结果。",
    ),
    "rate.case_closed": (
        "This follow-up has ended: there is nothing more to rate. Thank you.",
        "该差评回访件已办结，无需再评价。谢谢您。",
    ),
    "rate.thanks": (
        "Thank you for your rating.",
        "感谢您的评价。",
    ),
    "rate.thanks_note": (
        "It helps us serve everyone better.",
        "您的意见帮助我们把服务做得更好。",
    ),
    "rate.thanks_sorry": (
        "Thank you. We are sorry we did not do better.",
        "感谢您的反馈，很抱歉没能让您满意。",
    ),
    "rate.follow_up": (
        "A member of staff will call you back on {phone} within {days} working day(s).",
        "工作人员将在 {days} 个工作日内致电 {phone} 回访您。",
    ),
    "rate.follow_up_fix": (
        "The hall will look into it and put it right within {days} working days.",
        "大厅将在 {days} 个工作日内核查并整改。",
    ),
    "rate.follow_up_no_phone": (
        "Your feedback goes to the hall's staff. No phone number was given, so nobody can call you back.",
        "您的意见已转交工作人员处理。您未留电话，工作人员无法回访您。",
    ),
    "rate.phone": (
        "Phone for a call back (optional)",
        "回访电话（选填）",
    ),
    "rate.phone_hint": (
        "Without a phone number nobody can call you back about this.",
        "不留电话，工作人员将无法就此回访您。",
    ),
    "rate.phone_on_record": (
        "the phone number you gave when booking",
        "您办理时留下的电话",
    ),
    "rate.phone_known": (
        "A member of staff will call you back on {phone}.",
        "工作人员将致电 {phone} 回访您。",
    ),
    "rate.follow_up_code": (
        "Follow the progress with this code under 'Check by code'.",
        "可在“凭码查询”中凭此码查看回访进度。",
    ),
}
