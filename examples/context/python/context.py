"""The Python twins of examples/context (`--python` runs this; its tests check what it
prints): contextvars and threading.local across concurrent asyncio "requests", a
task's copy of the context, a callback's context, and what a thread sees."""
import asyncio
import contextvars
import threading

request_id = contextvars.ContextVar("request_id", default=None)
local = threading.local()  # one thread runs every task below: they all share it


async def handle(rid, everyone_in):
    request_id.set(rid)  # the twin of als.run(id, ...): this task's copy only
    local.request = rid  # the twin of a module variable: one for the thread
    await everyone_in.wait()  # every request arrives before any goes on
    await asyncio.sleep(0.01)
    print(f"request {rid}: contextvars says {request_id.get()}, "
          f"threading.local says {local.request}")


async def main():
    everyone_in = asyncio.Event()
    tasks = [asyncio.create_task(handle(rid, everyone_in)) for rid in (1, 2, 3)]
    await asyncio.sleep(0)  # each task runs up to its wait, its id set
    everyone_in.set()
    await asyncio.gather(*tasks)

    # A task copies the context when it is created: it sees what was set before,
    # and what it sets stays in its copy.
    request_id.set(7)

    async def child():
        print(f"a task created under 7 sees {request_id.get()}")
        request_id.set(8)

    await asyncio.create_task(child())
    print(f"after the task set 8, main still sees {request_id.get()}")

    # A callback added to a future runs in the context it was added in, not in
    # the context of whoever sets the result (Node's emitter needs bind for that).
    done = asyncio.get_running_loop().create_future()
    done.add_done_callback(lambda _: print(f"a callback added under 7 sees {request_id.get()}"))
    request_id.set(9)
    done.set_result(None)
    await asyncio.sleep(0)
    # So does loop.call_soon. A hand-written list of observers does not: it calls
    # them in the context of whoever notifies (Node's emit(), the --no-bind trap).
    request_id.set(7)
    asyncio.get_running_loop().call_soon(lambda: print(f"call_soon under 7 sees {request_id.get()}"))
    observers = [lambda: print(f"an observer added under 7, notified under 9, sees {request_id.get()}")]
    request_id.set(9)
    await asyncio.sleep(0)
    for notify in observers:
        notify()

    request_id.set(7)
    # A thread starts with an empty context (Node's worker: no store), while
    # asyncio.to_thread copies the caller's context into the thread.
    seen = []
    thread = threading.Thread(target=lambda: seen.append(request_id.get()))
    thread.start()
    thread.join()
    print(f"threading.Thread sees {seen[0]}")
    print(f"asyncio.to_thread sees {await asyncio.to_thread(request_id.get)}")


asyncio.run(main())
