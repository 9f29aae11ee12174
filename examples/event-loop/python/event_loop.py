# The little program the toy loop runs (src/toy-program.ts), on asyncio's real
# loop. Each step prints "<step>\t<text>"; the Node program traces and shows them.
import asyncio
import os
import time

SCALE = float(os.environ.get("CONCURRENCY_TIME_SCALE", "1"))
LATER_MS, SLEEP_MS = 10, 20
START = time.monotonic()


def say(step, text):
    ms = (time.monotonic() - START) * 1000
    print(f"{step}\t{ms:.3f}\t{text}", flush=True)


async def main():
    loop = asyncio.get_running_loop()
    say("main-start", "main() starts: two timers, three call_soon, then awaits a future")
    loop.call_later(LATER_MS * SCALE / 1000, say, "later", "call_later(10 ms)")
    loop.call_later(0, say, "later-0", "call_later(0)")
    loop.call_soon(say, "soon-1", "call_soon, the first")
    future = loop.create_future()
    future.add_done_callback(lambda done: say("done-callback", f"done callback: {done.result()}"))

    def resolve():
        say("set-result", "call_soon, the second: future.set_result(42)")
        future.set_result(42)

    loop.call_soon(resolve)
    loop.call_soon(say, "soon-3", "call_soon, the third")
    value = await future
    say("resumed", f"main() resumes: await future gave {value}")
    await asyncio.sleep(SLEEP_MS * SCALE / 1000)
    say("main-end", "main() ends after sleep(20 ms)")


if __name__ == "__main__":
    asyncio.run(main())
