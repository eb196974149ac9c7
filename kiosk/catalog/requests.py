"""Service requests and their lifecycle. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "request.unknown_category": (
        "There is no request category '{category}'. Categories: {known}.",
        "没有“{category}”这类诉求。可选类别：{known}。",
    ),
    "request.not_found": (
        "No service request has that code.",
        "没有找到该编码的服务诉求。",
    ),
    "request.preferred_invalid": (
        "Please give the preferred time as YYYY-MM-DDTHH:MM (got '{value}').",
        "请按 YYYY-MM-DDTHH:MM 填写期望时间（收到“{value}”）。",
    ),
    "request.preferred_range": (
        "The preferred time must be in the next {days} days.",
        "期望时间须在今后 {days} 天之内。",
    ),
    "request.preferred_hours": (
        "Visits can be arranged between {first} and {last}, weekends included.",
        "上门时间可安排在 {first} 至 {last}，周末也可以。",
    ),
    "request.bad_status": (
        "'{status}' is not a status a request can be moved to.",
        "“{status}”不是诉求可以转入的状态。",
    ),
    "request.bad_transition": (
        "A request that is {current} cannot become {wanted}.",
        "处于“{current}”状态的诉求不能转为“{wanted}”。",
    ),
    "request.assignee_missing": (
        "Say who the request is assigned to.",
        "请填写承办人。",
    ),
    "request.not_yours": (
        "This request is assigned to {assignee}: only {assignee} may move it on ({staff} may add a note).",
        "该诉求已派给 {assignee}：只有 {assignee} 可以推进（{staff} 可以添加备注）。",
    ),
    "request.not_yours_reassign": (
        "This request is assigned to {assignee}: only {assignee} may move it on, and {by}, who assigned it, may "
        "reassign it ({staff} may add a note).",
        "该诉求已派给 {assignee}：只有 {assignee} 可以推进，派单人 {by} 可以改派（{staff} 可以添加备注）。",
    ),
    "request.ended": (
        "This request has ended ({status}).",
        "该诉求已结束（{status}）。",
    ),
    "request.pick_category": (
        "Service request: what do you need?",
        "诉求服务：请选择类别",
    ),
    "request.deadline_days": (
        "answer within {days} working days",
        "{days} 个工作日内答复",
    ),
    "request.details": (
        "Tell us more",
        "请填写诉求内容",
    ),
    "request.description": (
        "What do you need? (at least 5 characters)",
        "诉求内容（至少5个字）",
    ),
    "request.count": (
        "{count} / {limit} characters",
        "已输入 {count} / {limit} 字",
    ),
    "request.phone": (
        "Phone: mobile, or landline with area code (we will call you back)",
        "联系电话：手机或带区号的固话（用于回访联系）",
    ),
    "request.address": (
        "Address (optional)",
        "地址（选填）",
    ),
    "request.address_required": (
        "Address (needed for this request)",
        "地址（此类诉求必填）",
    ),
    "request.pick_time": (
        "When suits you for a visit or a call?",
        "您方便的上门或回访时间",
    ),
    "request.no_preference": (
        "Any time",
        "时间不限",
    ),
    "request.kind.evening": (
        "evening",
        "晚间",
    ),
    "request.kind.weekend": (
        "weekend",
        "周末",
    ),
    "request.kind.daytime": (
        "working hours",
        "工作时间",
    ),
    "request.confirm_title": (
        "Please check your request",
        "请核对诉求内容",
    ),
    "request.summary_phone": (
        "Phone: {phone}",
        "电话：{phone}",
    ),
    "request.summary_address": (
        "Address: {address}",
        "地址：{address}",
    ),
    "request.summary_time": (
        "Preferred time: {when}",
        "期望时间：{when}",
    ),
    "request.confirm": (
        "Submit the request",
        "提交诉求",
    ),
    "request.done": (
        "Your request has been submitted.",
        "诉求已提交。",
    ),
    "request.done_deadline": (
        "We will answer by {when}.",
        "我们将在 {when} 前答复。",
    ),
    "request.done_track": (
        "Check its progress any time with this code: 'Check by code' on the start screen.",
        "可随时在首页“凭码查询”中凭此码查看办理进度。",
    ),
    "request.visible_note_only": (
        "--visible is for a note only: a rejection reason and a resolution are always shown to the resident, other steps' notes never.",
        "--visible 只用于备注：驳回原因和办结说明始终对居民可见，其他步骤的备注始终为内部备注。",
    ),
}
