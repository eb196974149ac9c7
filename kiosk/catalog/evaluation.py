"""好差评 as the rules ask: reasons for a poor rating, the rating pad, rectification cases, appeals. Each message
in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the evaluation's rules
    "rating.reason_required": (
        "Please tell us why: choose a reason or write a few words.",
        "请告诉我们原因：选择一项原因或写几句话。",
    ),
    "rating.other_needs_words": (
        'You chose "other": please write what went wrong.',
        "您选择了“其他”，请写明具体情况。",
    ),
    "rating.reasons_for_low": (
        "Reasons are asked only for a rating of 2 or 1.",
        "只有“不满意”或“非常不满意”需要选择原因。",
    ),
    "rating.bad_reason": (
        "There is no reason '{value}'. Reasons: {known}.",
        "没有“{value}”这项原因。可选原因：{known}。",
    ),
    "rating.bad_indicator": (
        "There is no indicator '{value}'. Indicators: efficiency, competence, attitude.",
        "没有“{value}”这项指标。指标：efficiency（服务效率）、competence（服务水平）、attitude（服务态度）。",
    ),
    "rating.bad_channel": (
        "There is no rating channel '{channel}'. Channels: {known}.",
        "没有“{channel}”这种评价渠道。渠道：{known}。",
    ),
    "rating.recorder_missing": (
        "A rating written down by staff needs the staff id of who wrote it (--staff).",
        "工作人员代录的评价须注明代录人工号（--staff）。",
    ),
    "rating.own_service": (
        "{staff} served this resident and may not write down their rating.",
        "{staff} 是被评价的工作人员，不能代录该评价。",
    ),
    "pad.not_asking": (
        "The pad no longer asks about this service (it was rated elsewhere or the next resident came).",
        "评价器已不再询问这项服务（已在别处评价，或已换下一位）。",
    ),
    # -- rectification cases
    "case.not_found": (
        "No open case of a poor rating has this code.",
        "没有该编号的差评整改件。",
    ),
    "case.ended": (
        "This case has ended; it is in the archive.",
        "该整改件已办结归档。",
    ),
    "case.clerk_rated": (
        "{staff} is the clerk who was rated and may not take part in handling this rating.",
        "{staff} 是被评价人，不能参与办理该差评。",
    ),
    "case.own_appeal": (
        "{staff} made the appeal; another staff account must review it.",
        "{staff} 是申诉人，须由其他工作人员复核。",
    ),
    "case.appealed_once": (
        "This rating has already been appealed; a case is appealed once.",
        "该差评已申诉过，每件只能申诉一次。",
    ),
    "case.bad_step": (
        "That step cannot be taken at this case's present stage: see 'kiosk case show CODE' (or the console's case"
        " screen) for the steps possible now.",
        "该整改件当前所处环节不能办理这一步。可办理的步骤见“kiosk case show 编号”或窗口工作台的整改件页面。",
    ),
    "case.bad_grade": (
        "Grade the rectification 3 (satisfied), 2 (fairly satisfied) or 1 (dissatisfied), not '{value}'.",
        "请对整改结果评价：3（满意）、2（基本满意）或 1（不满意），而不是“{value}”。",
    ),
    "case.bad_channel": (
        "A grade comes from a kiosk or is written down by staff, not '{channel}'.",
        "整改评价只能在自助终端提交或由工作人员代录，不能是“{channel}”。",
    ),
    "case.staff_missing": (
        "A grade written down by staff needs the staff id (--staff).",
        "工作人员代录整改评价须注明工号（--staff）。",
    ),
    "request.has_case": (
        "This follow-up is a rectification case: use its steps (assign, call back, rectify, grade).",
        "该回访件是差评整改件，请按整改步骤办理（分派、回访、整改、评价）。",
    ),
}
