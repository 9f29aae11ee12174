// The little program both loops run: the toy loop here, asyncio.run in
// python/event_loop.py, line for line; a test lays their traced steps side by side.
import { emit, scaled } from '@concurrency/trace';
import { type Coroutine, ToyFuture, ToyLoop } from './toy-loop.ts';

/** The program's two timers, nominal: every wait is scaled from these. */
export const nominal = { laterMs: 10, sleepMs: 20 } as const;
const say = (step: string, text: string) => emit('toy', step, `[toy] ${text}`);

// async def main():
function* main(loop: ToyLoop): Coroutine {
  say('main-start', 'main() starts: two timers, three call_soon, then awaits a future');
  // loop.call_later(0.010, say, ...) and loop.call_later(0, say, ...)
  loop.callLater(scaled(nominal.laterMs), () => say('later', 'call_later(10 ms)'));
  loop.callLater(0, () => say('later-0', 'call_later(0)'));
  // loop.call_soon(say, ...)
  loop.callSoon(() => say('soon-1', 'call_soon, the first'));
  // future = loop.create_future(); future.add_done_callback(...)
  const future = new ToyFuture<number>(loop);
  future.addDoneCallback((done) => say('done-callback', `done callback: ${done.result}`));
  // loop.call_soon(resolve), which calls future.set_result(42)
  loop.callSoon(() => {
    say('set-result', 'call_soon, the second: future.set_result(42)');
    future.setResult(42);
  });
  loop.callSoon(() => say('soon-3', 'call_soon, the third'));
  // value = await future
  const value = yield future;
  say('resumed', `main() resumes: await future gave ${value}`);
  // await asyncio.sleep(0.020)
  yield loop.sleep(scaled(nominal.sleepMs));
  say('main-end', 'main() ends after sleep(20 ms)');
}

// asyncio.run(main()) on the toy loop, which blocks Node's own loop until main() ends.
export function runToyProgram(): void {
  const loop = new ToyLoop();
  loop.run(main(loop));
}
