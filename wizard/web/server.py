"""textual-serve's server, made fit for an intranet: every request carries the token, nothing loads from outside.

What textual-serve gives (pinned in pyproject.toml): a page with xterm.js, one
app process per browser websocket, and file delivery from the app to the
browser. What this subclass changes, and why:

- **The token.** The page is asked for as ``/?token=…``; it sets a cookie
  (HttpOnly, SameSite=Strict) that the page's own files and downloads carry,
  and it opens its websocket at ``/ws/<token>`` (textual.js appends
  ``?width=…`` itself, so the token travels in the path there). A request
  without it gets 403 and the words "403: Forbidden", whatever its path; tokens are compared
  with :func:`wizard.web.access.matches` (constant time). The access log
  shows route patterns (``/ws/{token}``), never a token.
- **Nothing from outside.** textual-serve's page pulls Roboto Mono from a public
  font service; ours declares the copy textual-serve ships in its static
  folder, and a Content-Security-Policy lets the browser load nothing but
  this server.
- **Strict messages, bounded sizes.** A websocket message that is not one of
  the five textual.js sends (stdin, resize, ping, focus, blur) with the
  right types closes that session with code 4400; terminal sizes are
  clamped; messages are capped. textual-serve's own loop raises on such
  input and logs a traceback.
- **A cap on sessions** (``--max-sessions``): beyond it the page and the
  websocket answer 429 with a page that says so.
- **A session that ends saves and quits.** A closed tab sends the app Ctrl+Q,
  as a user would (the app saves what is being edited, then quits; a
  conflict question left open is not answered for anyone); an app that has
  not ended after :data:`STOP_SECONDS` gets textual-serve's quit, then is
  terminated, then killed. Saves are atomic and
  the portfolio lock is the kernel's, so even a killed app leaves no
  half-written file and no stuck lock (README, Guarantees). Output from an
  app whose browser has gone is drained, so it can always finish.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve import download_manager
from textual_serve.app_service import AppService
from textual_serve.server import Server

from wizard.i18n import language, t
from wizard.web.access import matches

log = logging.getLogger("huskurage.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(textual_serve.__file__).resolve().parent / "static"

#: Seconds an app gets to save and quit after its browser has gone, before it is terminated (and as long again before it is killed).
STOP_SECONDS = 10.0
#: The largest websocket message taken: a 10,000-character paste is at most 60 kB as JSON.
MAX_MESSAGE = 256 * 1024
#: Terminal sizes beyond these are clamped: a size is memory in the app.
MAX_COLUMNS, MAX_ROWS = 400, 200
#: The websocket close code for a message that is not textual.js's protocol (4000-4999: the application's own).
BAD_MESSAGE = 4400
FONT_SIZES = range(8, 41)
#: textual-serve ends a download whose next chunk takes longer than 4 s to come from the app, leaving the
#: browser a truncated file; an app busy saving or starting on a loaded server must not cost a colleague the zip.
download_manager.DOWNLOAD_TIMEOUT = 60
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def app_command(root: Path, lang: str) -> str:
    """The shell command textual-serve runs per session: this Python, this package, this portfolio."""
    argv = [sys.executable, "-m", "wizard", "--lang", lang, str(root)]
    return subprocess.list2cmdline(argv) if sys.platform == "win32" else shlex.join(argv)


def _clamp(value: object, low: int, high: int, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return max(low, min(high, number))


class AccessLog(AbstractAccessLogger):
    """One line per request: address, method, the route's pattern (no token, no query), status."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        route = getattr(request, "match_info", None)
        resource = getattr(getattr(route, "route", None), "resource", None)
        where = resource.canonical if resource is not None and "{" in resource.canonical else request.rel_url.path
        self.logger.info("%s %s %s %s %.0fms", request.remote, request.method, where[:200], response.status, time * 1000)


class Session(AppService):
    """One browser tab's app process; it always gets the chance to save and quit (see the module docstring)."""

    async def stop(self) -> None:
        process, task = self._process, self._task
        if task is not None and not task.done():
            # Ctrl+Q, as a user would press it: the app saves what is being edited, then quits.
            # (textual-serve's own "quit" ends the app without its save-on-quit.)
            await self.send_bytes(b"\x11")
            try:
                await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
            except asyncio.TimeoutError:
                pass
        try:
            await asyncio.wait_for(super().stop(), STOP_SECONDS)
        except (asyncio.TimeoutError, ConnectionError):
            pass
        if process is None:
            return
        # Wait first: signalling an exited child makes subprocess reap it behind asyncio's back.
        for end in (None, process.terminate, process.kill):
            if end is not None:
                log.warning("session %s did not end in %ss: %s", self.app_service_id[:8], STOP_SECONDS, end.__name__)
                try:
                    end()  # Textual's web driver takes SIGTERM as a quit; SIGKILL is the last word
                except ProcessLookupError:
                    break
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), STOP_SECONDS)
                return
            except asyncio.TimeoutError:
                continue
        await process.wait()


def _sender(ws: web.WebSocketResponse, send: Callable[[Any], Awaitable[None]]) -> Callable[[Any], Awaitable[None]]:
    """Send to the browser while it is there; after that, drop the app's output so the app never blocks on it."""

    async def deliver(data: Any) -> None:
        if ws.closed:
            return
        try:
            await send(data)
        except (ConnectionError, RuntimeError):
            pass

    return deliver


def parse_message(data: str) -> tuple[str, Any] | None:
    """A message from textual.js as (kind, value), or None when it is not one of the five it sends."""
    try:
        envelope = json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested deeper than the parser goes
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, rest = envelope[0], envelope[1:]
    if kind in ("focus", "blur") and not rest:
        return kind, None
    if len(rest) != 1:
        return None
    value = rest[0]
    if kind in ("stdin", "ping") and isinstance(value, str):
        return kind, value
    if kind == "resize" and isinstance(value, dict):
        width, height = value.get("width"), value.get("height")
        if type(width) is int and type(height) is int:
            return kind, (max(1, min(MAX_COLUMNS, width)), max(1, min(MAX_ROWS, height)))
    return None


class HuskurageServer(Server):
    """``huskurage serve``: one portfolio, many browser sessions, one token."""

    def __init__(self, root: Path, *, token: str, host: str = "127.0.0.1", port: int = 8000, max_sessions: int = 10) -> None:
        super().__init__(
            app_command(root, language()),
            host=host,
            port=port,
            title=t("cli.serve.page.title", folder=root.name),
            statics_path=STATIC,
            templates_path=TEMPLATES,
        )
        self.root = root
        self.token = token
        self.max_sessions = max_sessions
        self.active = 0  # sessions started or starting: counted before the first await, so a flood cannot slip past the cap
        self.websockets: set[web.WebSocketResponse] = set()
        self.cookie = f"huskurage-{secrets.token_hex(4)}"  # cookies ignore ports: two servers on one host must not share one
        self.pages = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        self.stopping: asyncio.Event | None = None
        self.bound_port: int | None = None

    # ------------------------------------------------------------ the web application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=4096)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, follow_symlinks=False, name="static"),
            ]
        )
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        """The token, or 403 with nothing in it: for every path, known or not."""
        route = request.match_info.route
        if getattr(route, "name", None) == "websocket":
            allowed = matches(request.match_info.get("token"), self.token)
        else:
            allowed = matches(request.query.get("token"), self.token) or matches(request.cookies.get(self.cookie), self.token)
        if not allowed:
            return web.Response(status=403, text="403: Forbidden")
        return await handler(request)

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The page and downloads are never kept; textual.js and the font (the same for everyone) may be, by this browser only.
        response.headers["Cache-Control"] = "private, max-age=3600" if request.path.startswith("/static/") else "no-store"

    def _page(self, name: str, status: int = 200, csp: str | None = None, **values: Any) -> web.Response:
        html = self.pages.get_template(name).render(lang=language(), t=t, **values)
        response = web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = csp or "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
        return response

    def _full(self) -> web.Response:
        return self._page("full.html", status=429, title=self.title, n=self.max_sessions)

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.active >= self.max_sessions:
            return self._full()
        nonce = secrets.token_urlsafe(16)
        # The websocket's own address, for browsers whose 'self' does not cover ws:; a Host header that is
        # not a plain host[:port] never reaches the policy.
        host = request.host if _HOST.fullmatch(request.host or "") else ""
        sockets = f" ws://{host} wss://{host}" if host else ""
        csp = (
            f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; img-src 'self' data:; connect-src 'self'{sockets}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
        font_size = _clamp(request.query.get("fontsize", "16"), FONT_SIZES.start, FONT_SIZES.stop - 1, 16)
        response = self._page("page.html", csp=csp, title=self.title, token=self.token, nonce=nonce, font_size=font_size)
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/", secure=request.secure)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self.active >= self.max_sessions:
            return self._full()
        self.active += 1
        try:
            return await self._session(request)
        finally:
            self.active -= 1
            log.info("session ended (%d of %d in use)", self.active, self.max_sessions)  # its place is free from here on

    async def _session(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await ws.prepare(request)
        self.websockets.add(ws)
        async def close() -> None:  # the app has exited: the page then says the session has ended
            await ws.close()

        session = Session(
            self.command,
            write_bytes=_sender(ws, ws.send_bytes),
            write_str=_sender(ws, ws.send_str),
            close=close,
            download_manager=self.download_manager,
        )
        width = _clamp(request.query.get("width", "80"), 1, MAX_COLUMNS, 80)
        height = _clamp(request.query.get("height", "24"), 1, MAX_ROWS, 24)
        try:
            await session.start(width, height)
            log.info("session started (%d of %d in use)", self.active, self.max_sessions)
            await self._process_messages(ws, session)
        finally:
            self.websockets.discard(ws)
            # Shielded: a server shutting down must still let the app save and quit.
            await asyncio.shield(session.stop())
            await ws.close()
        return ws

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        async for message in websocket:
            if message.type == WSMsgType.ERROR:
                break
            parsed = parse_message(message.data) if message.type == WSMsgType.TEXT else None
            if parsed is None:
                log.warning("session %s: a message that is not textual.js's; the session is closed", app_service.app_service_id[:8])
                await websocket.close(code=BAD_MESSAGE, message=b"bad message")
                break
            kind, value = parsed
            if kind == "stdin":
                await app_service.send_bytes(value.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(*value)
            elif kind == "ping":
                await websocket.send_json(["pong", value[:64]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser's websocket: each session's handler then lets its app save and quit."""
        await asyncio.gather(*(ws.close(code=1001, message=b"server stopping") for ws in list(self.websockets)), return_exceptions=True)

    # ------------------------------------------------------------ running

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
        logging.getLogger("aiohttp").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.INFO)  # AccessLog: one line per request, no token

    def request_exit(self) -> None:
        if self.stopping is not None:
            self.stopping.set()

    def address(self, port: int) -> str:
        """The address to give colleagues: a wildcard host is named by this machine's name."""
        host = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    async def run(self, announce: Callable[[str], None]) -> None:
        """Serve until SIGINT/SIGTERM (Ctrl+C); ``announce`` gets the address once the port is bound."""
        self.stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.request_exit)
            except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C arrives as KeyboardInterrupt
                pass
        runner = web.AppRunner(await self._make_app(), access_log_class=AccessLog, handle_signals=False, shutdown_timeout=STOP_SECONDS * 5)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            self.bound_port = runner.addresses[0][1]
            announce(self.address(self.bound_port))
            await self.stopping.wait()
        finally:
            await runner.cleanup()

    def serve(self, debug: bool = False, announce: Callable[[str], None] = print) -> None:
        self.initialize_logging()
        try:
            asyncio.run(self.run(announce))
        except KeyboardInterrupt:
            pass
