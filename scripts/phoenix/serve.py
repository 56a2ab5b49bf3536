"""Runs `phoenix serve` for annokit's scripts and tests, and never outlives the Node process that started it.

Started by scripts/phoenix/server.mjs with stdin as a pipe from Node. When that pipe closes (Node
stopped the server, exited or was killed, even with SIGKILL) this process asks itself to shut down,
and removes the temporary working directory it was given. Configuration comes from the PHOENIX_*
environment variables the Node side sets.
"""

import os
import shutil
import signal
import sys
import threading
import time


def _remove_working_dir() -> None:
    working_dir = os.environ.get("PHOENIX_WORKING_DIR", "")
    if working_dir and os.environ.get("ANNOKIT_PHOENIX_REMOVE_WORKING_DIR") == "1":
        shutil.rmtree(working_dir, ignore_errors=True)


def _exit_when_parent_goes() -> None:
    try:
        sys.stdin.buffer.read()
    except Exception:
        pass
    # the parent's end of stdout/stderr may be gone with it: a write there must not kill the shutdown
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.kill(os.getpid(), signal.SIGTERM)
    # uvicorn shuts down on SIGTERM; if that hangs, do not linger as an orphan
    time.sleep(15)
    _remove_working_dir()
    os._exit(1)


def main() -> int:
    # uvicorn handles SIGTERM by shutting down, then raises it again with the handler found before
    # it: make that one unwind through `finally`, so the working directory is removed
    def _terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    threading.Thread(target=_exit_when_parent_goes, name="annokit-parent-watch", daemon=True).start()
    try:
        from phoenix.server.main import main as phoenix_main

        sys.argv = ["phoenix", "serve"]
        result = phoenix_main()
        return int(result or 0)
    finally:
        _remove_working_dir()


if __name__ == "__main__":
    sys.exit(main())
