"""asyncio's twin of libuv's pool: loop.run_in_executor(None, ...) runs blocking
calls on the loop's default executor, a ThreadPoolExecutor the loop makes on first
use with min(32, CPUs + 4) threads (Python 3.8 on; 3.13 counts the CPUs this process
may use). hashlib.pbkdf2_hmac lets go of the GIL while it hashes, so these threads
really hash at once, as libuv's do. Prints the executor's size and the most calls
that ran at once.

    python3 default_executor.py CALLS ROUNDS
"""
import asyncio
import hashlib
import os
import sys
import threading


async def main(calls: int, rounds: int) -> None:
    loop = asyncio.get_running_loop()
    lock = threading.Lock()
    running = peak = 0

    def hash_one(i: int) -> bytes:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return hashlib.pbkdf2_hmac("sha512", b"password", b"salt-%d" % i, rounds)
        finally:
            with lock:
                running -= 1

    # The twin of Promise.all over crypto.pbkdf2: every call queued at once.
    await asyncio.gather(*(loop.run_in_executor(None, hash_one, i) for i in range(calls)))
    cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    size = loop._default_executor._max_workers  # made by the first run_in_executor(None)
    print(f"Python's default executor: {size} threads, min(32, {cpus} CPUs + 4)")
    print(f"Python: {calls} calls, at most {peak} at once")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
