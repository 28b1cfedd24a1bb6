"""``huskurage serve`` against bad input, without a browser (issue 15, "Bad input").

Wrong, empty and very long tokens; paths outside the static files; malformed
websocket messages; a flood of sessions past the cap: each gets a 4xx (or, on
an open websocket, the close code 4400) and nothing else, the server keeps
serving the others, and no file of the portfolio changes.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import stat
import subprocess

import aiohttp
import pytest

from support import ROOT, run_cli, snapshot_files
from support.browser import Served, serve_command, served

pytestmark = [pytest.mark.slow]


@pytest.fixture
def server(demo_dir, tmp_path):
    with served(demo_dir, data_dir=tmp_path / "data") as s:
        yield s


def raw_get(server: Served, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A GET with the path sent exactly as written (no client-side clean-up of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def ws_url(server: Served, token: str) -> str:
    return server.base.replace("http://", "ws://") + f"ws/{token}?width=80&height=24"


async def first_screen(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """Output of the app until its first full screen has arrived (the dashboard's count line)."""
    seen = b""
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
            if "kommuner".encode() in seen:
                return seen
    raise AssertionError(f"the websocket closed before the app drew: {seen[-500:]!r}")


class Reading:
    """A websocket read in the background, as a browser does: that also answers the server's heartbeat pings."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.texts: list[str] = []
        self.changed = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(message.data)
                self.changed.set()

    async def answer_to(self, text: str) -> None:
        """Send a ping carrying ``text`` and wait for its pong."""
        await self.ws.send_str(json.dumps(["ping", text]))
        while not any(text in t for t in self.texts):
            self.changed.clear()
            await self.changed.wait()

    async def close(self) -> None:
        await self.ws.close()
        await self.task


def test_every_path_without_the_token_is_403_and_nothing_else(server):
    for path in ("/", "/?token=", f"/?token={server.token[:-1]}{'B' if server.token.endswith('A') else 'A'}", f"/?token={server.token}x", "/?token=%C3%A5%00",
                 "/static/js/textual.js", "/static/css/xterm.css", "/download/abc", "/nothing-here", f"/ws/{server.token[:-2]}"):
        status, body = raw_get(server, path)
        assert (status, body) == (403, b"403: Forbidden"), path
    status, _ = raw_get(server, "/", {"Cookie": "huskurage-token=" + server.token})  # a cookie of another name
    assert status == 403


def test_a_very_long_token_is_a_4xx(server):
    for n in (300, 5000, 20000):
        status, body = raw_get(server, f"/?token={'a' * n}")
        assert 400 <= status < 500 and b"terminal" not in body, n


def test_paths_outside_the_static_files_are_4xx(server):
    cookie = {"Cookie": raw_cookie(server)}
    assert raw_get(server, "/static/js/textual.js", cookie)[0] == 200
    for path in ("/static/../server.py", "/static/%2e%2e/server.py", "/static/..%2fserver.py", "/static/../../../../etc/passwd",
                 "/static/css/", "/static/", "/static//etc/passwd", "/../../etc/passwd", "/download/../static/js/textual.js",
                 "/download/not-a-key"):
        status, body = raw_get(server, path, cookie)
        assert 400 <= status < 500, (path, status)
        assert b"root:" not in body and b"import" not in body, path


def raw_cookie(server: Served) -> str:
    """The cookie the page sets, as a browser would send it back."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", f"/?token={server.token}")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        return response.getheader("Set-Cookie").split(";", 1)[0]
    finally:
        connection.close()


def test_the_page_loads_nothing_from_outside_and_says_so_to_the_browser(server):
    status, body = raw_get(server, f"/?token={server.token}")
    assert status == 200
    page = body.decode()
    assert "googleapis" not in page and "https://" not in page and "http://" not in page
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", f"/?token={server.token}")
    response = connection.getresponse()
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "font-src 'self'" in policy and "connect-src 'self'" in policy
    assert "HttpOnly" in response.getheader("Set-Cookie") and "SameSite=Strict" in response.getheader("Set-Cookie")
    connection.close()
    # A Host header never writes into the policy.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("GET", f"/?token={server.token}", skip_host=True)
    connection.putheader("Host", "evil.example; script-src *")
    connection.endheaders()
    response = connection.getresponse()
    assert "script-src *" not in (response.getheader("Content-Security-Policy") or ""), response.status
    connection.close()


def test_malformed_websocket_messages_close_that_session_only(server, demo_dir):
    before = snapshot_files(demo_dir)

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http_session:
            bad_token = await http_session.get(ws_url(server, "x" * 43).replace("ws://", "http://"))
            assert bad_token.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http_session.ws_connect(ws_url(server, server.token[:-1]))
            assert refused.value.status == 403
            keeper_ws = await http_session.ws_connect(ws_url(server, server.token))
            await first_screen(keeper_ws)
            keeper = Reading(keeper_ws)
            for bad in ("not json", "[]", "{}", '["stdin"]', '["stdin", 5]', '["resize", {"width": "80", "height": 24}]',
                        '["resize", {"width": 1e9, "height": 24}]', '["open_url", "https://example.org"]', '["ping", "a", "b"]', b"\x00binary"):
                ws = await http_session.ws_connect(ws_url(server, server.token))
                await first_screen(ws)
                await (ws.send_bytes(bad) if isinstance(bad, bytes) else ws.send_str(bad))
                async for _ in ws:  # until the server closes it
                    pass
                assert ws.close_code == 4400, bad
            huge = await http_session.ws_connect(ws_url(server, server.token), max_msg_size=0)
            await first_screen(huge)
            await huge.send_str('["stdin", "' + "a" * 400_000 + '"]')
            async for _ in huge:
                pass
            assert huge.close_code == 1009  # message too big
            await keeper.answer_to("still here")  # the first session never noticed
            await keeper.close()

    asyncio.run(scenario())
    server.log.wait_for(r"session ended", times=12)
    assert snapshot_files(demo_dir) == before
    assert server.token not in server.log.text()  # the access log never shows the token


def test_a_flood_of_sessions_stops_at_the_cap_and_the_others_keep_working(demo_dir, tmp_path):
    with served(demo_dir, "--max-sessions", "2", data_dir=tmp_path / "data") as server:

        async def scenario() -> None:
            async with aiohttp.ClientSession() as http_session:
                sockets = [await http_session.ws_connect(ws_url(server, server.token)) for _ in range(2)]
                for ws in sockets:
                    await first_screen(ws)
                open_ = [Reading(ws) for ws in sockets]
                for _ in range(20):
                    with pytest.raises(aiohttp.WSServerHandshakeError) as full:
                        await http_session.ws_connect(ws_url(server, server.token))
                    assert full.value.status == 429
                page = await http_session.get(server.url)
                assert page.status == 429 and "Alla platser är upptagna" in await page.text()
                await open_[0].answer_to("1")  # the sessions inside the cap still answer
                await open_[0].close()
                await asyncio.to_thread(server.log.wait_for, r"session ended")
                again = await http_session.ws_connect(ws_url(server, server.token))  # a place is free again
                await first_screen(again)
                await again.close()
                await open_[1].answer_to("2")
                await open_[1].close()

        asyncio.run(scenario())


def test_a_token_file_is_made_private_once_and_kept(demo_dir, tmp_path):
    token_file = tmp_path / "token"
    with served(demo_dir, "--token-file", str(token_file), data_dir=tmp_path / "data") as first:
        pass
    assert token_file.read_text().strip() == first.token
    if os.name == "posix":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    # Started again: the same token, from the file; this time it is not printed.
    again = subprocess.Popen(serve_command(demo_dir, "--token-file", str(token_file)), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "HUSKURAGE_DATA_DIR": str(tmp_path / "data")})
    assert again.stdout is not None
    printed = [again.stdout.readline() for _ in range(3)]
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=60) == 0
    assert str(token_file) in "".join(printed) and first.token not in "".join(printed)
    assert token_file.read_text().strip() == first.token


def test_a_weak_token_file_is_refused(demo_dir, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("secret\n")
    result = run_cli("serve", demo_dir, "--port", "0", "--token-file", token_file)
    assert result.returncode == 2 and "minst 22 tecken" in result.stderr, result.stderr
    result = run_cli("serve", tmp_path / "nowhere", "--port", "0")
    assert result.returncode == 2 and "nowhere" in result.stderr
