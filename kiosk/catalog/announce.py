"""``kiosk announce``, the spoken calls: what it prints and its refusals. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "announce.started": (
        "Announcing each call as it is made ({voices}). Stop with Ctrl+C.",
        "开始逐个播报叫号（{voices}）。按 Ctrl+C 停止。",
    ),
    "announce.spoken": (
        "{number} → counter {counter}: {sentences}",
        "{number} → {counter} 号窗口：{sentences}",
    ),
    "announce.spoken_recall": (
        "{number} → counter {counter}, called again: {sentences}",
        "{number} → {counter} 号窗口，再次呼叫：{sentences}",
    ),
    "announce.bell": (
        "(no voice: the bell rang)",
        "（无语音：已响铃）",
    ),
    "announce.sample": (
        "No call yet today: a sample call.",
        "今天还没有叫号：播报一条示例。",
    ),
    "announce.note": (
        "Note: {note}",
        "注意：{note}",
    ),
    "announce.problem": (
        "{number}: the call was not heard in full: {problem}",
        "{number}：本次播报未完整播出：{problem}",
    ),
    "announce.player_missing": (
        "The player '{value}' is not on this machine: install it (aplay is in alsa-utils, paplay in pulseaudio-utils, pw-play in pipewire-bin), or name another with [announce] player in kiosk.toml or --player.",
        "本机没有播放命令 '{value}'：请安装（aplay 在 alsa-utils，paplay 在 pulseaudio-utils，pw-play 在 pipewire-bin），或在 kiosk.toml 的 [announce] player 或 --player 中指定其他命令。",
    ),
    "announce.bad_player": (
        "--player: expected a command such as 'aplay -q', got '{value}'.",
        "--player：应为播放命令，例如 'aplay -q'，实际为 '{value}'。",
    ),
    "announce.bad_languages": (
        "--lang: expected zh, en, zh,en or en,zh, got '{value}'.",
        "--lang：应为 zh、en、zh,en 或 en,zh，实际为 '{value}'。",
    ),
    "announce.failed": (
        "The call could not be played: {problem}",
        "叫号未能播放：{problem}",
    ),
}
