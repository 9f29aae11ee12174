// A heartbeat beside a function that schedules itself again and again. Node empties
// process.nextTick's queue completely before the loop moves on, ticks added while
// emptying it included: a nextTick recursion never lets the loop reach its timers
// or I/O, and the heartbeat stops. setImmediate's queue runs only what was in it
// when the check phase began: each turn goes round, and the heartbeat beats on.
import { performance } from 'node:perf_hooks';
import { emit, scaled } from '@concurrency/trace';
import { watchStalls } from './stalls.ts';

/** The heartbeat's period and how long the recursion runs, nominal: scaled. */
export const nominal = { beatMs: 100, recurseMs: 1000 } as const;

// How the recursion schedules its next call: the broken contrast, or the right way.
export type Recursion = 'setImmediate' | 'nextTick';

/** Beats every 100 ms; meanwhile `recursion` spins for `recurseMs`, then stops. */
export async function heartbeatBeside(recursion: Recursion, recurseMs: number): Promise<void> {
  // Python: a task that loops on `await asyncio.sleep(0.1)`. Here: a timer.
  // Each beat is traced (a test reads the gaps between them) and wakes whoever
  // awaits nextBeat(): the handshake that starts and ends this part.
  let beats = 0;
  let onBeat = () => {};
  const heartbeat = setInterval(() => {
    // Traced, not printed: ten lines a second would bury the lesson.
    emit('heartbeat', 'beat', undefined, { beats: ++beats });
    onBeat();
  }, scaled(nominal.beatMs));
  // A promise the next beat resolves: a handshake, never a guessed sleep.
  const nextBeat = () => new Promise<void>((resolve) => (onBeat = resolve));

  // The heart beats: now the recursion starts.
  await nextBeat();
  const before = beats;
  // The same recursion either way; only the queue it schedules itself on differs.
  const fields = { recursion, recurseMs };
  emit('recursion', 'start', `${recursion} recursion starts, for ${recurseMs} ms`, fields);
  // While it spins, count the beats: the loop's other work either gets turns or not.
  const calls = await recurse(recursion, scaled(recurseMs));
  emit('recursion', 'end', `${recursion} recursion ends`, { calls });
  // nextTick: none at all, however long it spun; setImmediate: about one a period.
  const during = beats - before;
  // The beat the loop owed: it comes as soon as the loop is free again.
  await nextBeat();
  // Python: heartbeat_task.cancel(). A live interval would keep the process up.
  clearInterval(heartbeat);
  emit('main', 'beats', `heartbeat: ${during} beats while the recursion ran`, { during });
}

// Bounded, so the run ends: it stops itself once `ms` have passed.
function recurse(recursion: Recursion, ms: number): Promise<number> {
  const until = performance.now() + ms;
  return new Promise((resolve) => {
    let calls = 0;
    // For the tests only: notes when the machine stopped this process.
    const stalled = watchStalls('recursion');
    // One call does almost nothing and schedules the next: a loop spun by the
    // event loop itself, as a stream parser or a retry loop might be by mistake.
    const again = () => {
      stalled();
      if (performance.now() >= until) return resolve(calls);
      calls++;
      // Python: loop.call_soon(again) is setImmediate's twin: asyncio's ready
      // queue runs only what it held when the turn began. nextTick has no twin.
      if (recursion === 'nextTick') process.nextTick(again);
      else setImmediate(again);
    };
    // The first call runs now, inline; every later one from the queue it chose.
    again();
  });
}
