"""The Python twin of part two: a periodic task as a loop with asyncio.sleep.

The usual loop sleeps a whole period after the work, so it falls behind by the
work's time on every turn (chained); the fixed-rate loop sleeps until
start + k * period. Both run side by side on one event loop, as in src/drift.ts.

    python3 python/drift.py [period_ms] [work_ms] [ticks]
"""

import asyncio
import sys


async def chained(period: float, work: float, ticks: int) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    for k in range(1, ticks + 1):
        await asyncio.sleep(period)  # a whole period, after the work
        report("chained", k, loop.time() - (start + k * period))
        await asyncio.sleep(work)


async def fixed_rate(period: float, work: float, ticks: int) -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    for k in range(1, ticks + 1):
        await asyncio.sleep(start + k * period - loop.time())  # until tick k is due
        report("fixed-rate", k, loop.time() - (start + k * period))
        await asyncio.sleep(work)


def report(schedule: str, k: int, behind: float) -> None:
    print(f"{schedule}: tick {k}, {max(0, round(behind * 1000))} ms behind", flush=True)


async def main() -> None:
    given = [int(arg) for arg in sys.argv[1:4]]
    period_ms, work_ms, ticks = given + [500, 300, 5][len(given):]
    period, work = period_ms / 1000, work_ms / 1000
    await asyncio.gather(chained(period, work, ticks), fixed_rate(period, work, ticks))


asyncio.run(main())
