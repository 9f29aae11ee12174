"""Start-up cost of threading.Thread and multiprocessing.Process, one at a time:
from start() to the first sign of life from the new thread or process."""
import json
import multiprocessing
import sys
import threading
import time


def signal(event):
    event.set()


def time_start(kind, event):
    """Milliseconds from creating a Thread or Process to it setting `event`."""
    begin = time.perf_counter()
    runner = kind(target=signal, args=(event,))
    runner.start()
    event.wait()
    took = time.perf_counter() - begin
    runner.join()
    return took * 1000


def time_thread():
    return time_start(threading.Thread, threading.Event())


def time_process():
    return time_start(multiprocessing.Process, multiprocessing.Event())


def main():
    rounds, seconds = int(sys.argv[1]), float(sys.argv[2])
    began = time.perf_counter()
    threads, processes = [], []
    time_thread(), time_process()  # warm-up
    for done in range(rounds):
        # On a loaded machine, stop at the time given (after 3 rounds at least).
        if done >= 3 and time.perf_counter() - began > seconds:
            break
        threads.append(time_thread())
        processes.append(time_process())
    method = multiprocessing.get_start_method()
    print(json.dumps({"thread": threads, "process": processes, "method": method}))


if __name__ == "__main__":
    main()
