"""The forked children of an export: documents rendered in another process while this one renders the rest.

A :class:`Detached` child is forked from this process (so it shares the
view already built, copy-on-write), renders its documents, writes them
straight into the staged folder and leaves; only how it ended comes back,
through a pipe. :func:`fork_is_safe` says where forking is safe (Linux, one
thread). The export forks for its largest documents (``plan.toml``, and the
calendar with ``follow-up.md``: some 70,000 calendar lines for 290
municipalities); ``benchmarks/run.py`` measures it as ``export_290_vs_check``.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from wizard.documents.errors import ExportError


def fork_is_safe() -> bool:
    """Whether this process may fork a child that goes on running Python.

    Only on Linux (elsewhere Python itself prefers spawning) and only with a
    single thread: a fork copies no other thread, so a lock another thread
    holds (the import lock, an I/O buffer's, an allocator's) would stay locked
    in the child forever. ``/proc/self/task`` counts every thread, also those
    no ``threading`` module knows of.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


class Detached:
    """Documents rendered and written (by ``write``), in order, by a forked child while this process renders the rest.

    The child writes straight into the staged folder and reports only how it
    ended, through a pipe: nothing but the exit status and, on failure, the
    error (as JSON). It leaves with ``os._exit``: no ``atexit`` handlers, no
    flushing of buffers inherited from this process, no teardown of a heap it
    is about to drop anyway. :meth:`wait` raises the child's error here,
    where ``output_set.write_set`` turns it into an :class:`ExportError` like its own.
    """

    def __init__(
        self,
        documents: Sequence[tuple[Path, Callable[[], str | bytes]]],
        write: Callable[[Path, str | bytes], None],
    ) -> None:
        self.paths = [path for path, _ in documents]
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except BaseException:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:  # pragma: no cover - the child; measured by the tests through its file and its errors
            status = 1
            path = self.paths[0]
            try:
                os.close(read_end)
                for path, render in documents:
                    write(path, render())
                status = 0
            except BaseException as e:  # noqa: BLE001 - every failure goes to the parent
                try:
                    os.write(write_end, _error_report(e, path))
                except BaseException:  # noqa: BLE001
                    pass
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid: int | None = pid
        self.fd: int | None = read_end

    def wait(self) -> None:
        """Wait for the child; raise its error (OSError, MemoryError, ExportError, KeyboardInterrupt)."""
        chunks = []
        try:
            while chunk := os.read(self.fd, 65536):  # type: ignore[arg-type]
                chunks.append(chunk)
        finally:
            self._close()
        status = self._reap()
        if status == 0:
            return
        if chunks:
            raise _error_from_report(b"".join(chunks), self.paths)
        reason = f"exit status {os.waitstatus_to_exitcode(status)}"
        if os.WIFSIGNALED(status):
            try:
                reason = signal.Signals(os.WTERMSIG(status)).name
            except ValueError:
                reason = f"signal {os.WTERMSIG(status)}"
        raise OSError(f"{', '.join(p.name for p in self.paths)}: {reason}")

    def kill(self) -> None:
        """Stop the child (another document failed) and reap it, so it writes nothing more."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        self._close()
        self._reap()

    def _close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _reap(self) -> int:
        if self.pid is None:
            return 0
        while True:
            try:
                _, status = os.waitpid(self.pid, 0)
                break
            except InterruptedError:  # pragma: no cover - PEP 475 retries already
                continue
            except ChildProcessError:  # reaped elsewhere: nothing to learn
                status = 0
                break
        self.pid = None
        return status


def _error_report(e: BaseException, path: Path) -> bytes:
    import json

    report: dict[str, Any] = {"type": type(e).__name__, "text": str(e), "document": path.name}
    if isinstance(e, ExportError):
        report["code"], report["params"] = e.code, {k: str(v) for k, v in e.params.items()}
    elif isinstance(e, OSError):
        report["errno"], report["strerror"] = e.errno, e.strerror
        report["permission"] = isinstance(e, PermissionError)
    return json.dumps(report).encode("utf-8")


def _error_from_report(data: bytes, paths: Sequence[Path]) -> BaseException:
    import json

    try:
        report = json.loads(data.decode("utf-8"))
    except ValueError:
        return OSError(f"{', '.join(p.name for p in paths)}: {data[:200].decode('utf-8', 'replace')}")
    kind = report.get("type")
    if "code" in report:
        return ExportError(report["code"], **report.get("params", {}))
    if "errno" in report:
        cls = PermissionError if report.get("permission") else OSError
        if report.get("errno") is not None and report.get("strerror"):
            return cls(report["errno"], report["strerror"])
        return cls(report.get("text") or kind)
    if kind == "MemoryError":
        return MemoryError()
    if kind == "KeyboardInterrupt":
        return KeyboardInterrupt()
    # A bug in rendering: in the child it cannot travel as a traceback, so it becomes the export's failure.
    return OSError(f"{report.get('document', '')}: {kind}: {report.get('text', '')}")
