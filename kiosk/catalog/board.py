"""The display board. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "board.open": (
        "Open until {end}",
        "办理中 · 至 {end}",
    ),
    "board.extended": (
        "Extended hours until {end}: appointments only",
        "错时服务至 {end} · 仅接待预约",
    ),
    "board.closed": (
        "Closed",
        "休息中",
    ),
    "board.closed_because": (
        "Closed today: {reason}",
        "今日休息：{reason}",
    ),
    "board.next_opening": (
        "Opens {when}",
        "下次开放 {when}",
    ),
    "board.serving": (
        "Now serving",
        "正在办理",
    ),
    "board.recent": (
        "Recent calls",
        "最近叫号",
    ),
    "board.waiting": (
        "Waiting",
        "等候人数",
    ),
    "board.people": (
        "{n}",
        "{n} 人",
    ),
    "board.calling": (
        "Number {number}, please go to {counter}",
        "请 {number} 号到 {counter}办理",
    ),
    "board.recalling": (
        "{number} again, please go to {counter}",
        "再次呼叫：请 {number} 号到 {counter}办理",
    ),
    "board.more": (
        "+{n} more",
        "另有 {n} 个新叫号",
    ),
    "board.no_calls": (
        "No calls yet",
        "暂无叫号",
    ),
    "board.trouble": (
        "Data unavailable: showing the last known state",
        "数据暂时无法读取，显示的是最近的状态",
    ),
    "board.paused": (
        "{counter} paused",
        "{counter} 暂停",
    ),
    "board.none_serving": (
        "No counter is calling now",
        "暂无窗口叫号",
    ),
}
