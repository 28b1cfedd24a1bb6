"""Under ``huskurage serve`` two threads write to the pipe textual-serve reads: packets arrive whole.

The app's thread writes the screen and the driver's input thread writes a
download's 64 KB chunks. Each packet is framed as textual-serve reads it (a
type byte, a 4-byte length, the bytes); a reader that takes its time lets
the pipe fill, where a bare ``os.write`` can give the pipe up half-way.
"""

from __future__ import annotations

import os
import threading

from wizard.tui.web_driver import WebDriver, whole_writes

SIZES = (64 * 1024 + 7, 3_000, 150_000)  # a download's chunk, a screen update, a large screen


def _packets(kind: bytes, n: int) -> list[bytes]:
    out = []
    for i in range(n):
        payload = (kind * 3 + i.to_bytes(4, "big")) * (SIZES[i % len(SIZES)] // 7)
        out.append(kind + len(payload).to_bytes(4, "big") + payload)
    return out


def test_two_threads_writing_large_packets_to_a_full_pipe_never_interleave():
    read_end, write_end = os.pipe()
    write = whole_writes(write_end)
    sent = {b"D": _packets(b"D", 40), b"P": _packets(b"P", 40)}
    writers = [threading.Thread(target=lambda ps=ps: [write(p) for p in ps]) for ps in sent.values()]
    for w in writers:
        w.start()
    received: dict[bytes, list[bytes]] = {b"D": [], b"P": []}
    with os.fdopen(read_end, "rb", buffering=0) as pipe:

        def exactly(n: int) -> bytes:
            data = b""
            while len(data) < n:
                part = pipe.read(min(n - len(data), 1000))  # a slow reader: the pipe stays full
                assert part, "the pipe closed inside a packet"
                data += part
            return data

        for _ in range(80):
            kind = exactly(1)
            assert kind in received, f"a packet began with {kind!r}: two writes interleaved"
            length = int.from_bytes(exactly(4), "big")
            assert length <= max(SIZES) + 7, f"a packet of {length} bytes: two writes interleaved"
            received[kind].append(kind + length.to_bytes(4, "big") + exactly(length))
    for w in writers:
        w.join()
    os.close(write_end)
    assert received == sent


def test_the_served_app_uses_this_driver(monkeypatch, demo_dir, tmp_path):
    from support.tui import app_for

    monkeypatch.setattr("textual.constants.DRIVER", "textual.drivers.web_driver:WebDriver")  # as textual-serve starts it
    assert app_for(demo_dir, tmp_path / "data").driver_class is WebDriver
