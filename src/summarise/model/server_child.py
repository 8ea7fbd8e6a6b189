"""Run ``llama_cpp.server`` as a child that exits when the process that started it dies.

``python -m summarise.model.server_child PARENT_PID <llama_cpp.server arguments>``. A
parent killed with SIGKILL runs no cleanup, and Linux's PR_SET_PDEATHSIG fires
when the spawning *thread* exits (ours is a worker thread), so a watchdog thread
polls the parent id instead and ends the server when it changes.
"""

from __future__ import annotations

import os
import runpy
import sys
import threading
import time


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)  # the parent is gone: nobody will ever call this server again


if __name__ == "__main__":
    parent_pid = int(sys.argv[1])
    sys.argv = ["llama_cpp.server", *sys.argv[2:]]
    threading.Thread(target=_watch, args=(parent_pid,), daemon=True).start()
    runpy.run_module("llama_cpp.server", run_name="__main__")
