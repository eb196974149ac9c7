"""The web server of ``kiosk serve``: each terminal profile of ``kiosk.toml`` at its own page, ``/t/<id>``.

Each page's terminal runs the face of its profile (``kiosk run|staff|board|pad --terminal <id>``) as a process of
its own, driven by textual-serve's app process driver (:class:`textual_serve.app_service.AppService`), exactly as
``textual serve`` would, on the one data file every process of the hall shares.

Rules (the README's "Every face in a browser"):

* **Who may open a page**: the server's own machine always; another machine only when its address is in the
  profile's ``allow`` list (:func:`kiosk.terminals.client_allowed`). Anyone else gets a refusal page (HTTP 403),
  and their websocket is refused too. The index (``/``) is for the server's machine and ``--index-allow``.
* **One live session per profile**: a second browser that opens a profile takes it over (a kiosk PC that was
  restarted must get its screen back without anybody's help); the first page then says it was opened elsewhere
  and does nothing more. A console's sign-in is not carried over: the new page signs in again.
* **A session that ends** (the face quit, crashed or was killed) closes its websocket, and the page connects again
  by itself: a new face starts. No "Restart" button is ever shown.
* **Sound**: a board whose profile has ``sound`` plays its calls through :mod:`kiosk.cli.web.spool` (set by the
  server in the face's environment); the server hands each WAV to the pages open on that profile
  (``/t/<id>/events``), which play them one after the other. A page not open then misses it, as a switched-off
  loudspeaker would. Without ``sound``, the page rings a chime on the app's bell.
* The clock of a training server (``--now``) runs on; each face starts at the server's current instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from kiosk import terminals
from kiosk.cli.web import page
from kiosk.config import HallConfig
from kiosk.i18n import translate
from kiosk.terminals import Terminal
from kiosk.voice import chime, write_wav

log = logging.getLogger("kiosk.serve")

#: The websocket close code that tells a page its terminal was opened on another device.
TAKEN_OVER = 4001
#: Modes that have a face to show (an announcer only drives speakers).
SERVED_MODES = ("kiosk", "staff", "board", "pad")
#: How often the server looks for calls' sound handed over by a served board, and how long it keeps them.
SPOOL_POLL_SECONDS = 0.1
SOUND_KEEP_SECONDS = 600.0


def both(key: str, **params: Any) -> str:
    """A notice in both of the hall's languages, Chinese first (a page does not know who stands before it)."""
    return translate("zh-Hans", key, **params) + "\n" + translate("en", key, **params)


def both_inline(key: str) -> str:
    """A short label in both languages on one line: ``终端 Terminal``."""
    return f"{translate('zh-Hans', key)} {translate('en', key)}"


class _FaceProcess(AppService):
    """textual-serve's driver of one face's process, with the terminal's environment, and ``ended`` called when
    the process ends by itself (quit, crash, killed) so the page can connect again."""

    def __init__(
        self, command: str, *, environment: dict[str, str], ended: Callable[[], Awaitable[None]], **kwargs: Any
    ) -> None:
        super().__init__(command, **kwargs)
        self.environment = environment
        self.ended = ended

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        merged = {**super()._build_environment(width, height), **self.environment}
        return {name: value for name, value in merged.items() if value != ""}  # "" removes a variable

    async def run(self) -> None:
        await super().run()
        await self.ended()


@dataclass
class Session:
    """The live session of one terminal: the page's websocket and the face's process."""

    websocket: web.WebSocketResponse
    remote: str = "?"
    face: _FaceProcess | None = None
    started: float = field(default_factory=time.monotonic)


class HallServer:
    """Serves every terminal of ``config`` (see the module's rules). ``face_command(terminal)`` is the command line
    that starts a terminal's face (the CLI builds it with its ``--config``, ``--data`` and clock)."""

    def __init__(
        self,
        config: HallConfig,
        face_command: Callable[[Terminal], list[str]],
        *,
        index_allow: tuple[str, ...] = (),
        font_size: int = 16,
        spool_root: Path | None = None,
    ) -> None:
        self.config = config
        self.face_command = face_command
        self.index_allow = index_allow
        self.font_size = font_size
        self.terminals = {t.id: t for t in config.terminals if t.mode in SERVED_MODES}
        self.sessions: dict[str, Session] = {}
        self.listeners: dict[str, set[web.WebSocketResponse]] = {}
        self.downloads = DownloadManager()
        self._own_spool = spool_root is None
        self.spool_root = spool_root or Path(tempfile.mkdtemp(prefix="kiosk-serve-"))
        self._watcher: asyncio.Task[None] | None = None
        page.terminal_script()  # a textual-serve this server cannot adapt stops it here, not at the first page

    # -- the application

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/static/textual.js", self.static(page.terminal_script, "application/javascript")),
                web.get("/static/xterm.css", self.static(page.terminal_css, "text/css")),
                web.get("/static/page.js", self.static(page.page_script, "application/javascript")),
                web.get("/favicon.ico", self.no_icon),
                web.get("/t/{terminal}", self.page),
                web.get("/t/{terminal}/", self.page),
                web.get("/t/{terminal}/live", self.live),
                web.get("/t/{terminal}/ws", self.session),
                web.get("/t/{terminal}/events", self.events),
                web.get("/t/{terminal}/chime.wav", self.chime),
                web.get("/t/{terminal}/sound/{name}", self.sound),
            ]
        )
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._stop)
        return app

    async def _start(self, _app: web.Application) -> None:
        self._watcher = asyncio.create_task(self._watch_spools())

    async def _stop(self, _app: web.Application) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        for session in list(self.sessions.values()):
            if session.face is not None:
                await session.face.stop()
            await session.websocket.close(code=WSCloseCode.GOING_AWAY)
        for listeners in self.listeners.values():
            for listener in list(listeners):
                await listener.close(code=WSCloseCode.GOING_AWAY)
        if self._own_spool:
            shutil.rmtree(self.spool_root, ignore_errors=True)

    @staticmethod
    def static(content: Callable[[], bytes], kind: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        """A handler serving ``content()`` as ``kind``."""

        async def handler(_request: web.Request) -> web.Response:
            return web.Response(body=content(), content_type=kind, headers={"Cache-Control": "no-cache"})

        return handler

    # -- who may open what

    def _terminal(self, request: web.Request) -> Terminal:
        """The terminal a request names; an unknown one is a 404 page (an announcer has no page: it says so)."""
        wanted = request.match_info["terminal"]
        terminal = self.terminals.get(wanted)
        if terminal is None:
            known = ", ".join(self.terminals) or "-"
            if any(t.id == wanted for t in self.config.terminals):
                raise web.HTTPNotFound(
                    text=page.message_page(self.config.name.zh_hans, both("serve.no_page", terminal=wanted)),
                    content_type="text/html",
                )
            raise web.HTTPNotFound(
                text=page.message_page(self.config.name.zh_hans, both("serve.unknown_terminal", known=known)),
                content_type="text/html",
            )
        return terminal

    def _allowed(self, request: web.Request, terminal: Terminal) -> Terminal:
        """``terminal``, when the browser's machine may open it; a refusal page (403) otherwise."""
        if not terminals.client_allowed(terminal, request.remote):
            log.warning("refused %s for terminal %s", request.remote, terminal.id)
            raise web.HTTPForbidden(
                text=page.message_page(
                    self.config.name.zh_hans,
                    both("serve.refused", terminal=terminal.id, address=request.remote or "?"),
                ),
                content_type="text/html",
            )
        return terminal

    # -- pages

    async def no_icon(self, _request: web.Request) -> web.Response:
        """No icon (browsers ask for one on every page)."""
        return web.Response(status=204)

    async def live(self, request: web.Request) -> web.Response:
        """Whether a page holds ``terminal`` now: a page that was taken over asks, and comes back once nobody does."""
        terminal = self._allowed(request, self._terminal(request))
        return web.json_response({"live": terminal.id in self.sessions}, headers={"Cache-Control": "no-store"})

    async def index(self, request: web.Request) -> web.Response:
        """The IT person's list of terminals and their pages (the server's machine and ``--index-allow`` only)."""
        viewer = Terminal(id="index", mode="kiosk", allow=self.index_allow)
        if not terminals.client_allowed(viewer, request.remote):
            log.warning("refused %s for the list of terminals", request.remote)
            raise web.HTTPForbidden(
                text=page.message_page(self.config.name.zh_hans, both("serve.index_refused")),
                content_type="text/html",
            )
        rows = [
            (
                t.id,
                t.mode,
                f"/t/{t.id}" if t.mode in SERVED_MODES else None,
                ", ".join(t.allow) or both_inline("serve.local_only"),
            )
            for t in self.config.terminals
        ]
        columns = {name: both_inline(f"serve.column_{name}") for name in ("terminal", "mode", "page", "allow")}
        return web.Response(
            text=page.index_page(f"{self.config.name.zh_hans} · kiosk serve", columns, rows), content_type="text/html"
        )

    async def page(self, request: web.Request) -> web.Response:
        """A terminal's page."""
        terminal = self._allowed(request, self._terminal(request))
        font_size = int(request.query["fontsize"]) if request.query.get("fontsize", "").isdigit() else self.font_size
        body = page.terminal_page(
            terminal=terminal.id,
            title=f"{self.config.name.zh_hans} · {terminal.id}",
            font_size=max(8, min(font_size, 64)),
            sound=terminal.sound.enabled,
            bell=terminal.mode == "board",
            words={"taken_over": both("serve.taken_over"), "reconnecting": both("serve.reconnecting")},
        )
        return web.Response(text=body, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def chime(self, request: web.Request) -> web.Response:
        """The chime a page plays on the app's bell (made here, as the announcer makes it)."""
        self._allowed(request, self._terminal(request))
        return web.Response(body=_chime_wav(), content_type="audio/wav")

    async def sound(self, request: web.Request) -> web.StreamResponse:
        """One call's audio, handed over by the terminal's face."""
        terminal = self._allowed(request, self._terminal(request))
        name = request.match_info["name"]
        path = self._served_folder(terminal.id) / name
        if not (name.endswith(".wav") and name[:-4].isdigit() and path.is_file()):
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"Content-Type": "audio/wav"})

    # -- the terminal's session

    async def session(self, request: web.Request) -> web.WebSocketResponse:
        """The websocket that drives a terminal's face: one live session per terminal (a new one takes over)."""
        terminal = self._allowed(request, self._terminal(request))
        _same_origin(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        old = self.sessions.pop(terminal.id, None)
        if old is not None:
            log.info(
                "terminal %s: a page at %s took it over from the page at %s", terminal.id, request.remote, old.remote
            )
            await old.websocket.close(code=TAKEN_OVER, message=b"taken over")
            if old.face is not None:
                await old.face.stop()
        else:
            log.info("terminal %s: opened by %s", terminal.id, request.remote)
        current = Session(websocket, remote=request.remote or "?")
        self.sessions[terminal.id] = current

        async def ended() -> None:
            # The face is gone (quit, crash, killed): the page connects again and a new face starts.
            if self.sessions.get(terminal.id) is current:
                del self.sessions[terminal.id]
                log.info("terminal %s: its face ended; the page at %s connects again", terminal.id, current.remote)
            if not websocket.closed:
                await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"session ended")

        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        face = _FaceProcess(
            shlex.join(self.face_command(terminal)),
            environment=self._environment(terminal),
            ended=ended,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
        )
        current.face = face
        try:
            await face.start(width, height)
            await self._messages(websocket, face)
        except asyncio.CancelledError:
            pass
        finally:
            await face.stop()
            if self.sessions.get(terminal.id) is current:
                del self.sessions[terminal.id]
        return websocket

    def _environment(self, terminal: Terminal) -> dict[str, str]:
        """What a face's process gets besides the server's environment: where to hand its calls' sound. The
        server's ``KIOSK_LANG`` (the language of its own messages, set in the systemd unit) is not passed on: a
        face starts in its profile's language."""
        environment = {"KIOSK_LANG": ""}
        if terminal.sound.enabled:
            folder = self.spool_root / terminal.id / "incoming"
            folder.mkdir(parents=True, exist_ok=True)
            environment["KIOSK_WEB_SOUND"] = str(folder)
        return environment

    @staticmethod
    async def _messages(websocket: web.WebSocketResponse, face: AppService) -> None:
        """What the page sends: keys, its size, pings, focus (textual-serve's protocol)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *data = message.json()
            except ValueError:
                continue
            if kind == "stdin" and data and isinstance(data[0], str):
                await face.send_bytes(data[0].encode("utf-8"))
            elif kind == "resize" and data and isinstance(data[0], dict):
                await face.set_terminal_size(_size(data[0].get("width"), 80), _size(data[0].get("height"), 24))
            elif kind == "ping" and data:
                await websocket.send_json(["pong", data[0]])
            elif kind == "blur":
                await face.blur()
            elif kind == "focus":
                await face.focus()

    # -- sound for the pages

    async def events(self, request: web.Request) -> web.WebSocketResponse:
        """The websocket a page with sound listens on: ``["play", url]`` for each call's audio."""
        terminal = self._allowed(request, self._terminal(request))
        _same_origin(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        listeners = self.listeners.setdefault(terminal.id, set())
        listeners.add(websocket)
        try:
            async for _ in websocket:
                pass
        finally:
            listeners.discard(websocket)
        return websocket

    def _served_folder(self, terminal_id: str) -> Path:
        return self.spool_root / terminal_id / "served"

    async def _watch_spools(self) -> None:
        """Hand each call's audio a face puts in its spool to the pages open on its terminal, in order."""
        while True:
            await asyncio.sleep(SPOOL_POLL_SECONDS)
            for terminal_id in list(self.terminals):
                with contextlib.suppress(OSError):
                    await self._hand_out(terminal_id)

    async def _hand_out(self, terminal_id: str) -> None:
        incoming = self.spool_root / terminal_id / "incoming"
        if not incoming.is_dir():
            return
        served = self._served_folder(terminal_id)
        served.mkdir(parents=True, exist_ok=True)
        for sound in sorted(incoming.glob("*.wav")):
            target = served / sound.name
            os.replace(sound, target)
            for listener in list(self.listeners.get(terminal_id, ())):
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await listener.send_json(["play", f"/t/{terminal_id}/sound/{sound.name}"])
        cutoff = time.time() - SOUND_KEEP_SECONDS
        for old in served.glob("*.wav"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)


def _same_origin(request: web.Request) -> None:
    """Refuse a websocket opened by a page of another site (a browser says where the page came from): any web
    page open in a browser on an allowed machine could otherwise drive a terminal."""
    origin = request.headers.get("Origin")
    if origin is None:
        return  # not a browser (a script on an allowed machine): the address check applies
    host = request.headers.get("Host", "")
    if origin.split("://", 1)[-1].rstrip("/") != host:
        log.warning("refused a websocket for %s from a page of %s", request.path, origin)
        raise web.HTTPForbidden(text="origin")


def _size(value: Any, default: int) -> int:
    """A terminal size from the page: a whole number of cells, within reason."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(10, min(number, 1000))


def _chime_wav() -> bytes:
    """The chime as WAV bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chime.wav"
        write_wav(path, chime())
        return path.read_bytes()


def face_command(
    terminal: Terminal,
    *,
    config_path: Path,
    data_path: str | None,
    now: Callable[[], str] | None,
    python: str = sys.executable,
) -> list[str]:
    """The command line that starts ``terminal``'s face, on the server's config and data, at the server's
    current instant when it runs a training clock."""
    command = [python, "-m", "kiosk", "--config", str(config_path)]
    if data_path:
        command += ["--data", data_path]
    if now is not None:
        command += ["--now", now()]
    return [*command, terminals.COMMANDS[terminal.mode], "--terminal", terminal.id]


def serve(server: HallServer, host: str, port: int, *, ready: Callable[[str], None] | None = None) -> None:
    """Run ``server`` on ``host:port`` until interrupted (SIGINT/SIGTERM end it cleanly). ``ready(url)`` is
    called once the port is bound (not before: a port in use must not be announced as served)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"

    def bound(_message: str) -> None:
        if ready is not None:
            ready(url)

    web.run_app(server.app(), host=host, port=port, print=bound, access_log=None, handle_signals=True)


__all__ = ["TAKEN_OVER", "HallServer", "face_command", "serve"]
