"""CPU-bound speed-up in Python: one job of fixed work, done sequentially, in two
threads (the GIL lets one run at a time) and in a pre-started Pool(2)."""
import json
import sys
import threading
import time
from multiprocessing import Pool


def work(n):
    state = 0x2545F491
    for i in range(n):
        state = ((state ^ (state >> 15)) * 0x2C1B3C6D + i) & 0xFFFFFFFF
    return state


def iterations_for(ms):
    """Loop iterations that take `ms` on a free core: the fastest of many short
    timings, each shorter than a scheduler slice, so some run uninterrupted even on a
    loaded machine (as the Node side calibrates burnCpu)."""
    n = 2_000
    best = min(timed(lambda: work(n)) for _ in range(200))
    return max(2, int(n * ms / best))


def timed(job):
    begin = time.perf_counter()
    job()
    return (time.perf_counter() - begin) * 1000


def in_threads(half):
    threads = [threading.Thread(target=work, args=(half,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    rounds, ms, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    began = time.perf_counter()
    half = iterations_for(ms) // 2
    samples = {"sequential": [], "threads": [], "pool": []}
    with Pool(2) as pool:
        pool.map(work, [1000, 1000])  # the pool's processes are up and warm
        for round in range(-1, rounds):  # round -1 is the warm-up
            runs = {
                "sequential": timed(lambda: (work(half), work(half))),
                "threads": timed(lambda: in_threads(half)),
                "pool": timed(lambda: pool.map(work, [half, half], chunksize=1)),
            }
            if round >= 0:
                for name, took in runs.items():
                    samples[name].append(took)
            # On a loaded machine, stop at the time given (after 3 rounds at least).
            if round >= 2 and time.perf_counter() - began > seconds:
                break
    print(json.dumps(samples))


if __name__ == "__main__":
    main()
