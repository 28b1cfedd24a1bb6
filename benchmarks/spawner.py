"""Start benchmark children from a small process, so each child's peak memory is its own.

A child's ``ru_maxrss`` also counts the memory it had before ``exec``, which
for a child of ``run.py`` (that has imported the program and generated
portfolios) is all of ``run.py``'s. So ``run.py`` starts this script once
(``python -I -S``, a few MiB) and asks it, one JSON line per request, to run a
command: ``{"cmd", "cwd", "env", "stdout", "stderr", "timeout"}``. It answers
``{"seconds", "cpu_seconds", "maxrss_kb", "status"}``: wall time from spawn to
exit, and the child's own CPU time and peak RSS from ``os.wait4``.
"""

import json
import os
import signal
import sys
import time


def run(req):
    out_fd = os.open(req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err_fd = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_fd, 1),
        (os.POSIX_SPAWN_DUP2, err_fd, 2),
    ]
    os.chdir(req["cwd"])
    t0 = time.perf_counter()
    pid = os.posix_spawn(req["cmd"][0], req["cmd"], req["env"], file_actions=actions)
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(int(req.get("timeout", 300)))
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    signal.alarm(0)
    os.close(out_fd)
    os.close(err_fd)
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu_seconds": cpu, "maxrss_kb": usage.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}


def main():
    for line in sys.stdin:
        try:
            answer = run(json.loads(line))
        except OSError as e:
            answer = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
