import { setTimeout as wait } from 'node:timers/promises';
import { emit, scaled, sleep } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** A timer set for 1 s is cancelled after 0.4 s; another fires at 0.2 s, before its cancel. */
  timerMs: 1000,
  cancelAfterMs: 400,
  earlyMs: 200,
  /** The child that is not joined: three ticks. */
  childTicks: 3,
  childTickMs: 300,
  /** The daemon thread ticks once a second, four times at most. */
  daemonTickMs: 1000,
  daemonTicks: 4,
  /** A timer long enough to be noticed if it held the process open. */
  longTimerMs: 5000,
  /** The detached child ticks this often, and gives up after this many ticks. */
  orphanTickMs: 300,
  orphanTicks: 200,
  /** The lesson lets it tick this many times after its parent has gone, then stops it. */
  orphanTicksShown: 3,
  /** The background work a forgotten await loses. */
  backgroundMs: 200,
  /** Below this scale, process start-up is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

/**
 * `t = threading.Timer(1.0, f); t.start()` then `t.cancel()`: setTimeout and
 * clearTimeout. A timer cancelled in time never fires; a cancel that comes after
 * the timer fired does nothing. `cancel: false` is the broken contrast.
 */
export async function timers({ cancel = true } = {}): Promise<void> {
  // a = threading.Timer(1.0, fire_a); a.start()   and B, due at 0.2 s
  const late = setTimeout(() => emit('timer-a', 'fire', 'timer A fired'), scaled(nominal.timerMs));
  const early = setTimeout(() => emit('timer-b', 'fire', 'timer B fired'), scaled(nominal.earlyMs));
  await sleep(nominal.cancelAfterMs);
  // a.cancel(): before it fired, so it never will.
  if (cancel) clearTimeout(late);
  const a = cancel ? 'cancel timer A' : 'leave timer A (--no-cancel)';
  emit('main', 'cancel', `main: ${a} at ${nominal.cancelAfterMs} ms (due at ${nominal.timerMs})`);
  clearTimeout(early); // too late: it already fired, so this does nothing
  emit(
    'main',
    'cancel',
    `main: cancel timer B at ${nominal.cancelAfterMs} ms (it fired at ${nominal.earlyMs})`,
  );

  // timers/promises: the timer is a promise, cancelled through an AbortSignal.
  const controller = new AbortController();
  const timerC = wait(scaled(nominal.timerMs), 'timer C fired', { signal: controller.signal });
  await sleep(nominal.cancelAfterMs);
  if (cancel) controller.abort();
  try {
    emit('timer-c', 'fire', await timerC);
  } catch (error) {
    emit('main', 'aborted', `main: timer C rejected with ${(error as Error).name}, never fired`);
  }
  // Wait past timer A's time, so that a timer the cancel missed would show here.
  await sleep(nominal.timerMs - nominal.cancelAfterMs);
  emit('main', 'timers-done', `main: ${nominal.timerMs} ms have passed`);
}

// Background work whose result someone wants, and one that fails. In Python:
//   async def add_later(state, n): await asyncio.sleep(0.2); state.total += n
//   async def save_later(): await asyncio.sleep(0.2); raise RuntimeError(...)
async function addLater(state: { total: number }, n: number): Promise<void> {
  await sleep(nominal.backgroundMs);
  state.total += n;
  emit('task', 'add', `task: added ${n}`);
}

async function saveLater(): Promise<void> {
  await sleep(nominal.backgroundMs);
  throw new Error('the background save failed');
}

// await add_later(state, 5): main reads the total after the task added to it, and
// try/except around await save_later() catches the failure.
export async function awaited(): Promise<void> {
  const state = { total: 0 };
  await addLater(state, 5);
  emit('main', 'total', `main: total is ${state.total}`);
  try {
    await saveLater();
  } catch (error) {
    emit('main', 'caught', `main: caught "${(error as Error).message}"`);
  }
}

/**
 * The broken contrast (--forget-await): the same calls without `await`. Both
 * promises run anyway. Main reads the total before the task added to it (the
 * result is lost), and the failure has nobody to go to: an unhandled rejection,
 * which ends the process with exit code 1 a moment later, wherever main is by then.
 */
export async function forgotten(): Promise<void> {
  // add_later(state, 5) without await: Python warns "coroutine ... was never
  // awaited" and never runs it; Node runs it, and nobody waits for it.
  const state = { total: 0 };
  // biome-ignore lint/nursery/noFloatingPromises: the mistake this contrast shows
  addLater(state, 5);
  emit('main', 'total', `main: total is ${state.total}`);
  // biome-ignore lint/nursery/noFloatingPromises: the mistake this contrast shows
  saveLater();
  emit('main', 'moved-on', 'main: moved on, as if all went well');
  await sleep(2 * nominal.backgroundMs);
  emit('main', 'unreached', 'main: this line never prints');
}
