// A toy event loop, the simplified loop of the Python lessons: a ready queue, timers
// in a min-heap, one callback at a time. Tasks are generators: `yield future` is
// `await future`. It runs the same program as python/event_loop.py's asyncio.run.
import { performance } from 'node:perf_hooks';

type Callback = () => void;
type Timer = { when: number; callback: Callback };
/** A coroutine: it yields the future it waits for, and is resumed with its result. */
export type Coroutine = Generator<ToyFuture<unknown>, void, unknown>;

// Python: asyncio.Future. Done once, with a result. Its callbacks are never run
// inline: completing it puts them at the end of the ready queue, as asyncio does.
export class ToyFuture<T> {
  done = false;
  result: T | undefined;
  private callbacks: Callback[] = [];
  private loop: ToyLoop;
  constructor(loop: ToyLoop) {
    this.loop = loop;
  }
  // Python: future.add_done_callback(callback); if already done, it runs soon.
  addDoneCallback(callback: (future: ToyFuture<T>) => void): void {
    if (this.done) this.loop.callSoon(() => callback(this));
    else this.callbacks.push(() => callback(this));
  }
  // Python: future.set_result(value): each waiting callback to the ready queue.
  setResult(value: T): void {
    [this.result, this.done] = [value, true];
    for (const callback of this.callbacks.splice(0)) this.loop.callSoon(callback);
  }
}

export class ToyLoop {
  private ready: Callback[] = [];
  // A binary min-heap: timers[0] is due first; the children of i are 2i+1, 2i+2.
  private timers: Timer[] = [];

  // Python: loop.call_soon(callback): to the end of the ready queue.
  callSoon(callback: Callback): void {
    this.ready.push(callback);
  }

  // Python: loop.call_later(delay, callback), a heapq.heappush: the new timer goes
  // last, then swaps with its parent while it is due before it.
  callLater(ms: number, callback: Callback): void {
    const heap = this.timers;
    heap.push({ when: performance.now() + ms, callback });
    for (let i = heap.length - 1, up = (i - 1) >> 1; i > 0; i = up, up = (i - 1) >> 1) {
      if (heap[up]!.when <= heap[i]!.when) break;
      swap(heap, i, up);
    }
  }

  // Python: heapq.heappop: the last timer goes to the root, then swaps with its
  // earlier child while that child is due before it.
  private popTimer(): Timer {
    const heap = this.timers;
    swap(heap, 0, heap.length - 1);
    const first = heap.pop()!;
    for (let i = 0, child = 1; child < heap.length; i = child, child = 2 * i + 1) {
      if (child + 1 < heap.length && heap[child + 1]!.when < heap[child]!.when) child++;
      if (heap[i]!.when <= heap[child]!.when) break;
      swap(heap, i, child);
    }
    return first;
  }

  // Python: BaseEventLoop._run_once, one turn of the loop.
  private runOnce(): void {
    // Nothing ready: block until the first timer is due (asyncio blocks in
    // select(), where I/O could wake it too; this toy has no I/O).
    if (this.ready.length === 0) {
      const first = this.timers[0];
      if (!first) throw new Error('the task awaits a future that nothing will complete');
      Atomics.wait(sleeper, 0, 0, Math.max(0, first.when - performance.now()));
    }
    // Every due timer joins the END of the ready queue: call_soon's go first.
    while (this.timers[0] && this.timers[0].when <= performance.now())
      this.ready.push(this.popTimer().callback);
    // Run only what is ready now, one at a time: what these schedule waits a turn,
    // so a callback that reschedules itself cannot starve the timers.
    for (const callback of this.ready.splice(0)) callback();
  }

  // Python: asyncio.sleep(delay): a future that a timer completes.
  sleep(ms: number): ToyFuture<unknown> {
    const future = new ToyFuture<unknown>(this);
    this.callLater(ms, () => future.setResult(undefined));
    return future;
  }

  // Python: asyncio.run(main()): turn the loop until main's task is done. A step runs
  // main to its next `yield`; the future it yields wakes the next step with its result.
  run(main: Coroutine): void {
    const task = new ToyFuture<void>(this);
    const step = (value?: unknown) => {
      const next = main.next(value);
      if (next.done) task.setResult(undefined);
      else next.value.addDoneCallback((future) => step(future.result));
    };
    this.callSoon(() => step());
    while (!task.done) this.runOnce();
  }
}

const swap = <T>(list: T[], i: number, j: number) => {
  [list[i], list[j]] = [list[j]!, list[i]!];
};

// What select() would block on: a cell nobody notifies, waited on with a timeout.
const sleeper = new Int32Array(new SharedArrayBuffer(4));
