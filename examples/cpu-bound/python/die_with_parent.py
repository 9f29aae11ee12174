# Not the lesson: ends this program, and the processes of its pool, when the Node
# program that started it has gone, however it went (even SIGKILL). On Linux the
# kernel does it: PR_SET_PDEATHSIG has a process killed when its parent dies, set
# here and in every process forked from here. Elsewhere a thread waits for the end
# of stdin, whose write end Node holds (beside busy threads it may wait for the GIL).
import ctypes
import multiprocessing
import os
import select
import signal
import stat
import sys
import threading

PR_SET_PDEATHSIG = 1


def _killed_with_parent():
    return ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0


def _parent_gone():
    readable, _, _ = select.select([0], [], [], 0)
    return bool(readable) and os.read(0, 1) == b""


def _watch():
    while os.read(0, 4096):
        pass
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(1)


def _stop_if_asked():
    # A test's handshake (CONCURRENCY_STOP_AT=python:<part>): this program stops itself
    # (SIGSTOP) once that part is under way, so the test can signal its parent while it
    # certainly runs, then let it go with SIGCONT. For processes, once the pool's
    # processes are forked (where the pool forks them from here).
    part = sys.argv[1]
    if os.environ.get("CONCURRENCY_STOP_AT") != f"python:{part}":
        return
    if part == "processes" and multiprocessing.get_start_method() == "fork":
        forked = []

        def after_fork():
            forked.append(1)
            if len(forked) == int(sys.argv[2]):
                os.kill(os.getpid(), signal.SIGSTOP)

        os.register_at_fork(after_in_parent=after_fork)
    else:
        os.kill(os.getpid(), signal.SIGSTOP)


def die_with_parent():
    mode = os.fstat(0).st_mode
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        return  # run by hand: no parent to watch
    if sys.platform == "linux" and _killed_with_parent():
        os.register_at_fork(after_in_child=_killed_with_parent)
        if _parent_gone():  # it went before the line above
            os._exit(1)
    else:
        threading.Thread(target=_watch, daemon=True).start()
    _stop_if_asked()
