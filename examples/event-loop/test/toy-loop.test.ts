// The toy loop on its own, in this process: what the shared program cannot show.
import { performance } from 'node:perf_hooks';
import { expect, it, vi } from 'vitest';
import { type Coroutine, ToyFuture, ToyLoop } from '../src/toy-loop.ts';

it('a call_soon recursion cannot starve a timer: each turn runs only what was ready when it began', () => {
  const loop = new ToyLoop();
  const start = performance.now();
  let calls = 0;
  let firedAfter: number | undefined;
  // As setImmediate's recursion beside the heartbeat: it spins until three calls
  // after the 5 ms timer has fired, or 200 ms at most (a loop that starves it).
  const again = () => {
    calls++;
    if (firedAfter !== undefined && calls > firedAfter + 3) return;
    if (performance.now() - start < 200) loop.callSoon(again);
  };
  function* main(): Coroutine {
    loop.callSoon(again);
    loop.callLater(5, () => (firedAfter = calls));
    yield loop.sleep(10);
  }
  loop.run(main());
  // A loop that ran until its ready queue was empty would fire the timer only once
  // the recursion had stopped, after every call.
  expect(firedAfter).toBeDefined();
  expect(firedAfter!).toBeLessThan(calls);
});

it('timers fire in deadline order, however they were scheduled', () => {
  const loop = new ToyLoop();
  const fired: number[] = [];
  const delays = [7, 1, 9, 3, 3, 0, 8, 2, 6, 5, 4];
  function* main(): Coroutine {
    // One moment for all the calls: each deadline is exactly now + its delay, however
    // long a loaded machine takes between two calls.
    const now = vi.spyOn(performance, 'now').mockReturnValue(performance.now());
    for (const ms of delays) loop.callLater(ms, () => fired.push(ms));
    now.mockRestore();
    yield loop.sleep(12);
  }
  loop.run(main());
  expect(fired).toEqual([...delays].sort((a, b) => a - b));
});

it('a task that awaits a future nothing completes is an error, not a hang', () => {
  const loop = new ToyLoop();
  function* main(): Coroutine {
    yield new ToyFuture<void>(loop);
  }
  expect(() => loop.run(main())).toThrow('the task awaits a future that nothing will complete');
});

it("a future's done callbacks run a turn later, never inline: added before set_result or after", () => {
  const loop = new ToyLoop();
  const seen: string[] = [];
  function* main(): Coroutine {
    const future = new ToyFuture<number>(loop);
    future.addDoneCallback(() => seen.push('added before'));
    future.setResult(1);
    seen.push('set_result returned');
    // Python: add_done_callback on a done future schedules it with call_soon.
    future.addDoneCallback(() => seen.push('added after'));
    seen.push('add_done_callback returned');
    yield loop.sleep(0);
  }
  loop.run(main());
  expect(seen).toEqual([
    'set_result returned',
    'add_done_callback returned',
    'added before',
    'added after',
  ]);
});
