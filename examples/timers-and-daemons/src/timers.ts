// Part 1, timers: Python's threading.Timer is a thread that sleeps, then calls its
// function unless cancel() came first. Node needs no thread for that: setTimeout puts
// the call on the event loop's timer list, and clearTimeout takes it off again.
import { setTimeout as wait } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

/**
 * `t = threading.Timer(1.0, f); t.start()` then `t.cancel()`: setTimeout and
 * clearTimeout. A timer cancelled in time never fires; a cancel that comes after
 * the timer fired does nothing. `cancel: false` is the broken contrast.
 */
export async function timers({ cancel = true } = {}): Promise<void> {
  // a = threading.Timer(1.0, fire_a); a.start()   and B, due at 0.2 s
  const late = setTimeout(() => emit('timer-a', 'fire', 'timer A fired'), scaled(nominal.timerMs));
  const early = setTimeout(() => emit('timer-b', 'fire', 'timer B fired'), scaled(nominal.earlyMs));
  // time.sleep(0.4): main waits; both timers are pending on the event loop.
  await sleep(nominal.cancelAfterMs);
  // a.cancel(): before it fired, so it never will.
  if (cancel) clearTimeout(late);
  const a = cancel ? 'cancel timer A' : 'leave timer A (--no-cancel)';
  emit('main', 'cancel', `main: ${a} at ${nominal.cancelAfterMs} ms (due at ${nominal.timerMs})`);
  // b.cancel(): too late, it already fired, so this does nothing (no error either,
  // in Python or in Node: cancelling a spent timer is harmless).
  clearTimeout(early);
  emit(
    'main',
    'cancel',
    `main: cancel timer B at ${nominal.cancelAfterMs} ms (it fired at ${nominal.earlyMs})`,
  );

  // timers/promises: the timer is a promise, cancelled through an AbortSignal, as
  // asyncio's  task = asyncio.create_task(asyncio.sleep(1)); task.cancel()
  const controller = new AbortController();
  const timerC = wait(scaled(nominal.timerMs), 'timer C fired', { signal: controller.signal });
  await sleep(nominal.cancelAfterMs);
  // task.cancel(): the signal aborts, and the awaiting code gets an AbortError.
  if (cancel) controller.abort();
  try {
    emit('timer-c', 'fire', await timerC);
  } catch (error) {
    // except asyncio.CancelledError: the cancelled wait throws where it was awaited.
    emit('main', 'aborted', `main: timer C rejected with ${(error as Error).name}, never fired`);
  }
  // Wait past timer A's time, so that a timer the cancel missed would show here.
  await sleep(nominal.timerMs - nominal.cancelAfterMs);
  emit('main', 'timers-done', `main: ${nominal.timerMs} ms have passed`);
}
