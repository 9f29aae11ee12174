# The Python twins of the subprocess example, run by `--python`: each prints what it
# saw, so the claims the README makes about Python are checked by running them.
# Every child is `sys.executable -c ...`: another program, and no shell.
import asyncio
import fcntl
import os
import signal
import stat
import subprocess
import sys
import threading
import time

SCALE = float(os.environ.get("CONCURRENCY_TIME_SCALE") or 1)
PY = sys.executable
# A child that sleeps until its time is up or, given a pipe, until its stdin closes
# (the Node parent died).
SLEEPER = ("import os,select,stat,sys; m = os.fstat(0).st_mode\n"
           "pipe = stat.S_ISFIFO(m) or stat.S_ISSOCK(m)\n"
           "select.select([0] if pipe else [], [], [], float(sys.argv[1]))")
ECHO = (
    "import sys,time\n"
    "for line in sys.stdin:\n"
    "    time.sleep(float(sys.argv[1])); print(line.strip().upper(), flush=True)"
)


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        return True


def run_capture():
    out = subprocess.run([PY, "-c", "print('x' * 4096)"], capture_output=True, text=True)
    print(f"subprocess.run(capture_output=True): {len(out.stdout)} characters, returncode {out.returncode}")


def popen_lines():
    proc = subprocess.Popen([PY, "-c", ECHO, str(0.3 * SCALE)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    proc.stdin.write("one\ntwo\nthree\n")
    proc.stdin.flush()
    # Each line is read as the child prints it. Its stdin stays open until the third is
    # in: the child ends when its input does, so it is surely running when each arrives.
    for _ in range(3):
        line = proc.stdout.readline()
        print(f"Popen: got {line.strip()} while the child runs: {proc.poll() is None}")
    proc.stdin.close()
    print(f"Popen: returncode {proc.wait()}")


def run_timeout():
    # The child starts a grandchild and prints its pid; both would sleep 10 s.
    parent = ("import subprocess,sys; g = subprocess.Popen([sys.executable, '-c', sys.argv[1], '10'])\n"
              "print(g.pid, flush=True); g.wait()")
    cmd = [PY, "-c", parent, SLEEPER]
    # Their stdin is a pipe we hold: closing it ends every grandchild, also one whose
    # pid never reached us (its parent was killed before printing it).
    hold, let_go = os.pipe()
    timeout = max(1 * SCALE, 0.5)
    while True:  # a longer timeout if the machine was too slow to start the grandchild
        try:
            subprocess.run(cmd, stdin=hold, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as expired:
            if expired.stdout:
                grandchild = int(expired.stdout)
                break
        timeout *= 2
    time.sleep(0.05)
    print(f"run(timeout=...) killed the child; its grandchild alive: {alive(grandchild)}")
    os.kill(grandchild, signal.SIGKILL)
    os.close(let_go)
    os.close(hold)
    # The recipe: a new session (process group), and os.killpg on the timeout.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, start_new_session=True)
    grandchild = int(proc.stdout.readline())
    try:
        proc.communicate(timeout=1 * SCALE)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        time.sleep(0.05)
        print(f"start_new_session=True, then os.killpg: grandchild alive: {alive(grandchild)}, "
              f"returncode {proc.returncode}")


def wait_first():
    if hasattr(fcntl, "F_GETPIPE_SZ"):  # Linux
        read, write = os.pipe()
        print(f"Popen's PIPE is an os.pipe(): it holds {fcntl.fcntl(read, fcntl.F_GETPIPE_SZ)} bytes")
        os.close(read)
        os.close(write)
    proc = subprocess.Popen([PY, "-c", "import sys; sys.stdout.write('x' * 2**20)"],
                            stdout=subprocess.PIPE)
    try:
        proc.wait(timeout=2 * SCALE)
        print("wait() before reading: the child exited")
    except subprocess.TimeoutExpired:
        print("wait() before reading: TimeoutExpired, the child waits for room in the pipe")
        proc.kill()
        proc.communicate()


async def two_at_once():
    async def run(name):
        proc = await asyncio.create_subprocess_exec(PY, "-c", ECHO, str(0.3 * SCALE),
                                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        proc.stdin.write(b"one\ntwo\n")
        proc.stdin.close()
        start = time.monotonic()
        async for line in proc.stdout:
            pass
        await proc.wait()
        return start, time.monotonic()

    (a0, a1), (b0, b1) = await asyncio.gather(run("a"), run("b"))
    print(f"asyncio.create_subprocess_exec: two children overlap: {max(a0, b0) < min(a1, b1)}")


def watch_parent():
    # If the Node parent dies, our stdin closes: end now, and the session we started.
    while os.read(0, 4096):
        pass
    os._exit(1)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # each line to Node as it is printed
    # Run by Node, not by hand: stdin is a socket whose other end Node holds (libuv
    # makes its 'pipe' stdio of socket pairs), or a pipe if another program runs us.
    mode = os.fstat(0).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        threading.Thread(target=watch_parent, daemon=True).start()
    run_capture()
    popen_lines()
    asyncio.run(two_at_once())
    run_timeout()
    wait_first()
