"""asyncio.gather over N trivial coroutines: a small warm-up gather, then one timed."""
import asyncio
import json
import sys
import time


async def task(i):
    return i  # nothing to do: what is timed is gather itself


async def gather(size):
    begin = time.perf_counter()
    results = await asyncio.gather(*(task(i) for i in range(size)))
    assert len(results) == size
    return (time.perf_counter() - begin) * 1000


async def main(size):
    await gather(size // 10)
    return await gather(size)


if __name__ == "__main__":
    print(json.dumps({"ms": asyncio.run(main(int(sys.argv[1])))}))
