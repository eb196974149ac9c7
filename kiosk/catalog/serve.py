"""``kiosk serve``: the pages' notices and the command's lines. Each message in English and 简体中文, side by side:
``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "serve.refused": (
        "This device ({address}) may not open terminal {terminal}. Ask the hall's IT person to add it to the "
        "terminal's allow list in kiosk.toml.",
        "本设备（{address}）无权打开终端 {terminal}。请联系大厅管理员在 kiosk.toml 中为该终端添加允许的地址。",
    ),
    "serve.index_refused": (
        "The list of terminals is shown only on the server itself.",
        "终端列表只能在服务器本机查看。",
    ),
    "serve.unknown_terminal": (
        "There is no such terminal. Terminals served: {known}.",
        "没有这个终端。可打开的终端：{known}。",
    ),
    "serve.taken_over": (
        "This screen was opened on another device.",
        "此屏幕已在另一台设备上打开。",
    ),
    "serve.reconnecting": (
        "Connecting again...",
        "正在重新连接……",
    ),
    "serve.local_only": (
        "this server only",
        "仅限服务器本机",
    ),
    "serve.column_terminal": ("Terminal", "终端"),
    "serve.column_mode": ("Mode", "类型"),
    "serve.column_page": ("Page", "页面"),
    "serve.column_allow": ("Allowed clients", "允许的客户端"),
    "serve.listening": (
        "Serving {count} terminals at {url} (Ctrl+C stops).",
        "已在 {url} 提供 {count} 个终端（按 Ctrl+C 停止）。",
    ),
    "serve.no_terminals": (
        "kiosk.toml has no [[terminals]] with a screen to serve (kiosk, staff, board or pad).",
        "kiosk.toml 中没有可提供的终端（kiosk、staff、board 或 pad）。",
    ),
    "serve.bad_host": (
        "--host takes an address or host name to listen on, such as 0.0.0.0 or 192.168.1.10, not '{value}'.",
        "--host 须为监听的地址或主机名（如 0.0.0.0 或 192.168.1.10），而不是“{value}”。",
    ),
    "serve.cannot_listen": (
        "Cannot serve on {host}:{port}: {reason}. Check --host (an address of this machine, or 0.0.0.0) and that "
        "nothing else uses --port.",
        "无法在 {host}:{port} 提供服务：{reason}。请检查 --host（本机地址或 0.0.0.0），以及 --port 是否已被占用。",
    ),
    "serve.no_page": (
        "Terminal {terminal} drives speakers and has no page to open.",
        "终端 {terminal} 用于语音播报，没有可打开的页面。",
    ),
    "serve.bad_port": (
        "--port must be a port number 1-65535, not {value}.",
        "--port 须为 1-65535 之间的端口号，而不是 {value}。",
    ),
    "serve.bad_network": (
        "--index-allow takes an IP address or network such as 192.168.1.0/24, not '{value}'.",
        "--index-allow 须为 IP 地址或网段（如 192.168.1.0/24），而不是“{value}”。",
    ),
    "serve.no_textual_serve": (
        "kiosk serve needs textual-serve: pip install -e '.[serve]'.",
        "kiosk serve 需要 textual-serve：pip install -e '.[serve]'。",
    ),
}
