# The Python twins of cpu-bound, run by `--python`: the same job on the numbers it is
# given, one after another, with threads (the GIL lets one run at a time) and with
# multiprocessing.Pool. Prints one JSON object: seconds taken and each result mod 2**32.
import concurrent.futures
import json
import multiprocessing
import sys
import time

from die_with_parent import die_with_parent


def cpu_bound(number):
    return sum(i * i for i in range(number)) % 2**32


def warm(_):
    return None


def main():
    die_with_parent()
    mode, workers = sys.argv[1], int(sys.argv[2])
    numbers = [int(x) for x in sys.argv[3:]]
    if mode == "sequential":
        start = time.perf_counter()
        results = [cpu_bound(n) for n in numbers]
    elif mode == "threads":
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as executor:
            start = time.perf_counter()
            results = list(executor.map(cpu_bound, numbers))
    else:
        with multiprocessing.Pool(workers) as pool:
            # Started and warmed before the clock, as the Node pools are.
            pool.map(warm, range(workers))
            start = time.perf_counter()
            results = pool.map(cpu_bound, numbers)
    print(json.dumps({"seconds": time.perf_counter() - start, "results": results}))


if __name__ == "__main__":
    main()
