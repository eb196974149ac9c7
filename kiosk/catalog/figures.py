"""Satisfaction figures (好差评): the evaluation export, the report's satisfaction figures and the public line on
the board and the kiosk's home. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- kiosk export evaluations
    "figures.export_done": (
        "Exported {span}: {rows} evaluation record(s) to {path}.",
        "已导出 {span} 的 {rows} 条评价记录到 {path}。",
    ),
    "figures.channel.pad": ("rating pad at the counter", "窗口评价器"),
    "figures.channel.kiosk": ("kiosk", "自助终端"),
    "figures.channel.qr": ("QR code on the slip", "扫码评价"),
    "figures.channel.staff": ("written down by staff", "工作人员代录"),
    "figures.channel.other": ("other", "其他"),
    # -- kiosk report (and the counter console's report view)
    "figures.satisfaction": (
        "Satisfaction rate {rate} ({satisfied} of {rated} rated 5 to 3; {upheld} removed by an upheld appeal)",
        "满意率 {rate}（{rated} 件评价中 {satisfied} 件为 5 至 3 分；申诉成立剔除 {upheld} 件）",
    ),
    "figures.rating_rate": (
        "Rating rate {rate} ({rated} rated of {served} served: {tickets} tickets, {requests} requests)",
        "评价率 {rate}（办件 {served} 件中评价 {rated} 件：取号 {tickets} 件，诉求 {requests} 件）",
    ),
    "figures.poor_title": (
        "Poor ratings and their rectification",
        "差评及整改",
    ),
    "figures.poor_summary": (
        "{total} poor rating(s): {called} called back ({called_on_time} on time, {missed} past the call-back "
        "deadline and not called), {rectified} rectified ({rectified_on_time} on time), {graded} graded, "
        "{ungraded} closed ungraded.",
        "差评 {total} 件：已回访 {called} 件（按时 {called_on_time} 件，超过回访时限未回访 {missed} 件），已整改 "
        "{rectified} 件（按时 {rectified_on_time} 件），已评定 {graded} 件，未评定自动办结 {ungraded} 件。",
    ),
    "figures.col.poor": ("Poor", "差评"),
    "figures.col.called_on_time": ("Called back on time", "按时回访"),
    "figures.col.rectified_on_time": ("Rectified on time", "按时整改"),
    "figures.col.graded": ("Graded", "已评定"),
    "figures.col.clerk": ("Clerk", "工作人员"),
    "figures.grade.satisfied": ("Satisfied", "满意"),
    "figures.grade.fairly-satisfied": ("Fairly satisfied", "基本满意"),
    "figures.grade.dissatisfied": ("Dissatisfied", "不满意"),
    # -- the public line (政务公开): the board and the kiosk's home
    "figures.public": (
        "This month {rate} satisfied · {poor} poor, {handled} rectified",
        "本月满意率 {rate} · 差评 {poor} 件，已整改 {handled} 件",
    ),
    "figures.public_none": (
        "No ratings yet this month",
        "本月暂无评价",
    ),
}
