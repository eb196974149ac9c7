"""What a browser gets from ``kiosk serve``: the page of a terminal, the refusal page, the index, and the
terminal's script (textual-serve's, with four small changes).

Nothing on these pages comes from the internet: no web fonts, no scripts but our own and textual-serve's (served
by us), so a hall's screens work on a network without a way out. The terminal's font list prefers the monospace
CJK fonts a Debian screen gets from ``fonts-noto-cjk`` (or ``fonts-wqy-zenhei``), so Chinese never shows as
boxes; the README says what to install on the screens.
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files
from string import Template

#: The terminal's fonts, best first: local CJK monospace fonts, then any monospace font.
FONTS = (
    "'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei Mono', "
    "'WenQuanYi Micro Hei Mono', 'Sarasa Mono SC', 'DejaVu Sans Mono', monospace"
)

#: The exact text of textual-serve 1.1.2's ``textual.js`` that :func:`terminal_script` changes, and what it
#: becomes. Each must be found once: a textual-serve whose script differs stops the server at start-up with a
#: clear message instead of serving a page that silently misbehaves (pyproject pins the version).
SCRIPT_CHANGES = (
    # The font list comes from the page (data-font-family), not Roboto Mono fetched from the internet.
    (
        "fontFamily:\"'Roboto Mono', Monaco, 'Courier New', monospace\"",
        "fontFamily:e.dataset.fontFamily||\"'Roboto Mono', Monaco, 'Courier New', monospace\"",
    ),
    # The page's own script gets hold of the terminal (to reconnect, and to hear its bell).
    (
        "const t=new w(e,{ping:r});",
        'const t=new w(e,{ping:r});e.textualTerminal=t;window.dispatchEvent(new Event("textual-ready"));',
    ),
    # A closed session is the page's to handle (reconnect, or say it was opened elsewhere), never a "Restart"
    # button that anybody at a kiosk could press.
    (
        'this.socket.addEventListener("close",(e=>{console.log("CLOSED"),document.querySelector("body")'
        '.classList.add("-closed")}))',
        'this.socket.addEventListener("close",(e=>{window.dispatchEvent(new CustomEvent("textual-closed",'
        "{detail:{code:e.code,reason:e.reason}}))}))",
    ),
    (
        'document.querySelector("body").classList.add("-loaded")',
        'document.querySelector("body").classList.add("-loaded"),window.dispatchEvent(new Event("textual-open"))',
    ),
)


class ScriptMismatch(RuntimeError):
    """textual-serve's script is not the one this server knows how to change."""


@cache
def terminal_script() -> bytes:
    """textual-serve's ``textual.js`` with :data:`SCRIPT_CHANGES` applied (raises :class:`ScriptMismatch`)."""
    text = files("textual_serve").joinpath("static/js/textual.js").read_text(encoding="utf-8")
    for old, new in SCRIPT_CHANGES:
        if text.count(old) != 1:
            raise ScriptMismatch(f"textual-serve's textual.js has {text.count(old)} copies of {old[:60]!r}")
        text = text.replace(old, new)
    return text.encode("utf-8")


@cache
def terminal_css() -> bytes:
    """xterm.js's style sheet, as textual-serve ships it."""
    return files("textual_serve").joinpath("static/css/xterm.css").read_bytes()


@cache
def page_script() -> bytes:
    """The page's own script (``page.js`` beside this module)."""
    return files("kiosk.cli.web").joinpath("page.js").read_bytes()


_PAGE = Template("""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="stylesheet" href="/static/xterm.css">
<style>
  html, body { margin: 0; height: 100%; background: #000; overflow: hidden; }
  #terminal { position: absolute; inset: 0; }
  .textual-terminal { opacity: 0; }
  body.-first-byte .textual-terminal { opacity: 1; }
  #notice { display: none; position: absolute; inset: 0; z-index: 10; align-items: center; justify-content: center;
            background: #0c181f; color: #fff; font: 28px/1.6 $style_fonts; text-align: center;
            white-space: pre-line; }
  body.-notice #notice { display: flex; }
</style>
<script src="/static/textual.js"></script>
</head>
<body data-terminal="$terminal" data-ws-path="$ws_path" data-events-path="$events_path" data-bell="$bell"
      data-live-path="$live_path" data-taken-over="$taken_over" data-reconnecting="$reconnecting">
<div id="notice"><div id="notice-text"></div></div>
<div id="terminal" class="textual-terminal" data-font-size="$font_size" data-font-family="$fonts"></div>
<script src="/static/page.js"></script>
</body>
</html>
""")


def terminal_page(*, terminal: str, title: str, font_size: int, sound: bool, bell: bool, words: dict[str, str]) -> str:
    """The page of ``terminal``: its terminal, and the notices its script shows (``words``: ``taken_over``,
    ``reconnecting``, each already in both languages). With ``sound`` the page plays the calls the server hands
    it (``/t/ID/events``); with ``bell`` (a board without speakers) it plays a chime on the app's bell. Other
    faces ring the bell for a wrong key, which must not sound like a call across the hall: they stay silent."""
    quoted = html.escape(terminal, quote=True)
    return _PAGE.substitute(
        title=html.escape(title),
        terminal=quoted,
        ws_path=f"/t/{quoted}/ws",
        live_path=f"/t/{quoted}/live",
        events_path=f"/t/{quoted}/events" if sound else "",
        bell=f"/t/{quoted}/chime.wav" if bell and not sound else "",
        style_fonts=FONTS,
        taken_over=html.escape(words["taken_over"], quote=True),
        reconnecting=html.escape(words["reconnecting"], quote=True),
        font_size=str(font_size),
        fonts=html.escape(FONTS, quote=True),
    )


_MESSAGE = Template("""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>$title</title>
<style>body { margin: 0; height: 100vh; display: flex; align-items: center; justify-content: center;
background: #0c181f; color: #fff; font: 28px/1.6 $fonts; text-align: center; white-space: pre-line; }</style>
</head><body><div id="message">$text</div></body></html>
""")


def message_page(title: str, text: str) -> str:
    """A page that only says ``text`` (a refusal, an unknown terminal)."""
    return _MESSAGE.substitute(title=html.escape(title), text=html.escape(text), fonts=FONTS)


_INDEX = Template("""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>$title</title>
<style>body { font: 18px/1.6 $fonts; margin: 2em; } td, th { padding: 0.2em 1em; text-align: left; }</style>
</head><body><h1>$title</h1>
<table><tr><th>$col_terminal</th><th>$col_mode</th><th>$col_page</th><th>$col_allow</th></tr>
$rows
</table></body></html>
""")


def index_page(title: str, columns: dict[str, str], rows: list[tuple[str, str, str | None, str]]) -> str:
    """The IT person's list of the served terminals: ``(id, mode, path or None, who may open it)``."""
    lines = []
    for terminal, mode, path, allow in rows:
        link = f'<a href="{html.escape(path)}">{html.escape(path)}</a>' if path else "-"
        lines.append(
            f"<tr><td>{html.escape(terminal)}</td><td>{html.escape(mode)}</td><td>{link}</td>"
            f"<td>{html.escape(allow)}</td></tr>"
        )
    return _INDEX.substitute(
        title=html.escape(title),
        fonts=FONTS,
        rows="\n".join(lines),
        **{f"col_{name}": html.escape(text) for name, text in columns.items()},
    )
