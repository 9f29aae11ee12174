// Part four: asyncio.wait_for, a timeout that cancels the task it gives up on,
// beside the Promise.race that only stops waiting.
import { emit, scaled } from '@concurrency/trace';
import { task } from './task.ts';

// asyncio.TimeoutError: what the caller of a timed-out task hears.
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * `await asyncio.wait_for(aw, timeout)`: a timer aborts the signal the task was
 * started with, so the task itself stops, its own timers cleared. The caller gets
 * a TimeoutError, not the task's AbortError. The timer is cleared when the task
 * ends first, so a quick task leaves nothing behind either.
 * (`AbortSignal.timeout(ms)` is the built-in form of this controller and timer.)
 */
export async function withTimeout<T>(
  ms: number,
  start: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  // The timer aborts the task's own signal: the task stops, its timers cleared.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(`timed out after ${ms / 1000} s`)),
    scaled(ms),
  );
  try {
    // The task runs with the signal in hand, and passes it to what it awaits.
    return await start(controller.signal);
  } catch (error) {
    // Aborted by us: the caller hears TimeoutError, as asyncio raises it.
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    // Done in time: the timer must not fire later, nor keep the process alive.
    clearTimeout(timer);
  }
}

/**
 * The broken contrast, seen in a lot of code: race the task against a timer.
 * The caller does get its TimeoutError on time, but nothing tells the task, which
 * runs on to its end with nobody waiting for it.
 */
export async function raceTimeout<T>(
  ms: number,
  start: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  // A promise that rejects when the time is up, raced against the task.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`timed out after ${ms / 1000} s`)),
      scaled(ms),
    );
  });
  try {
    // A signal nobody will ever abort: the task cannot hear that we gave up.
    return await Promise.race([start(new AbortController().signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A 2 s task given 1 s is cancelled at 1 s; a 0.5 s task given 1 s returns its
 * result. `abortOnTimeout: false` is the contrast: Promise.race, and A runs on.
 */
export async function timeouts({ abortOnTimeout = true } = {}): Promise<void> {
  const demo = 'timeout';
  // wait_for, or the broken Promise.race twin: the same call, the same timeout.
  const wrap = abortOnTimeout ? withTimeout : raceTimeout;
  for (const { name, ms } of [
    { name: 'A', ms: 2000 },
    { name: 'B', ms: 500 },
  ]) {
    try {
      // result = await asyncio.wait_for(task(name), timeout=1)
      const result = await wrap(1000, (signal) => task({ demo, name, ms, signal }));
      emit('main', 'in-time', `Main: ${name} returned "${result}" within 1 s`, {
        demo,
        task: name,
      });
    } catch (error) {
      // except asyncio.TimeoutError: anything else is a real failure, let it go up.
      if (!(error instanceof TimeoutError)) throw error;
      emit('main', 'timed-out', `Main: ${name} ${error.message}`, { demo, task: name });
    }
  }
}
