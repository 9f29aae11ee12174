// A toy event loop, the simplified loop of the Python lessons: a ready queue, timers
// in a min-heap, one callback at a time. Tasks are generators: `yield future` is
// `await future`. It runs the same program as python/event_loop.py's asyncio.run.
import { performance } from 'node:perf_hooks';

type Callback = () => void;
type Timer = { when: number; seq: number; callback: Callback };
/** A coroutine: it yields the future it waits for, and is resumed with its result. */
export type Coroutine = Generator<ToyFuture<unknown>, void, unknown>;

// Python: asyncio.Future. Done once; its callbacks go to the ready queue, never run inline.
export class ToyFuture<T> {
  done = false;
  result: T | undefined;
  private callbacks: ((future: ToyFuture<T>) => void)[] = [];
  constructor(private loop: ToyLoop) {}
  addDoneCallback(callback: (future: ToyFuture<T>) => void): void {
    if (this.done) this.loop.callSoon(() => callback(this));
    else this.callbacks.push(callback);
  }
  setResult(value: T): void {
    [this.result, this.done] = [value, true];
    for (const callback of this.callbacks.splice(0)) this.loop.callSoon(() => callback(this));
  }
}

export class ToyLoop {
  private ready: Callback[] = [];
  private timers: Timer[] = []; // a binary heap: timers[0] is always due first
  private seq = 0; // breaks ties between equal deadlines: first scheduled, first run
  private earlier = (i: number, j: number) => {
    const [a, b] = [this.timers[i]!, this.timers[j]!];
    return a.when < b.when || (a.when === b.when && a.seq < b.seq);
  };
  private swap = (i: number, j: number) => {
    [this.timers[i], this.timers[j]] = [this.timers[j]!, this.timers[i]!];
  };

  // Python: loop.call_soon(callback): to the end of the ready queue.
  callSoon(callback: Callback): void {
    this.ready.push(callback);
  }

  // Python: loop.call_later(delay, callback): into the heap, sifted up to its place.
  callLater(ms: number, callback: Callback): void {
    let i = this.timers.push({ when: performance.now() + ms, seq: this.seq++, callback }) - 1;
    for (let up = (i - 1) >> 1; i > 0 && this.earlier(i, up); i = up, up = (i - 1) >> 1) {
      this.swap(i, up);
    }
  }

  // Python: heapq.heappop: the last leaf to the root, sifted down.
  private popTimer(): Timer {
    this.swap(0, this.timers.length - 1);
    const first = this.timers.pop()!;
    for (let i = 0, child = 1; child < this.timers.length; i = child, child = 2 * i + 1) {
      if (child + 1 < this.timers.length && this.earlier(child + 1, child)) child++;
      if (!this.earlier(child, i)) break;
      this.swap(i, child);
    }
    return first;
  }

  // Python: BaseEventLoop._run_once, one turn of the loop.
  private runOnce(): void {
    // Nothing ready: block until the first timer is due (asyncio blocks in select()).
    if (this.ready.length === 0) {
      const first = this.timers[0];
      if (!first) throw new Error('the task awaits a future that nothing will complete');
      Atomics.wait(sleeper, 0, 0, Math.max(0, first.when - performance.now()));
    }
    // Every due timer joins the END of the ready queue: call_soon's run first.
    while (this.timers[0] && this.timers[0].when <= performance.now()) {
      this.ready.push(this.popTimer().callback);
    }
    // Run only what is ready now, one at a time; what they schedule waits a turn.
    for (const callback of this.ready.splice(0)) callback();
  }

  createFuture<T>(): ToyFuture<T> {
    return new ToyFuture<T>(this);
  }

  // Python: asyncio.sleep(delay): a future a timer completes.
  sleep(ms: number): ToyFuture<unknown> {
    const future = this.createFuture<unknown>();
    this.callLater(ms, () => future.setResult(undefined));
    return future;
  }

  // Python: asyncio.run(main()): wrap the coroutine in a task, turn until it is done.
  // Each step runs the coroutine to its next yield and wakes it when that is done.
  run(main: Coroutine): void {
    const task = this.createFuture<void>();
    const step = (value?: unknown) => {
      const next = main.next(value);
      if (next.done) task.setResult(undefined);
      else next.value.addDoneCallback((future) => step(future.result));
    };
    this.callSoon(() => step());
    while (!task.done) this.runOnce();
  }
}

// What select() would block on: a cell nobody notifies, waited on with a timeout.
const sleeper = new Int32Array(new SharedArrayBuffer(4));
