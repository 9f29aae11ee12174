// A heartbeat beside a function that schedules itself again and again. Node empties
// process.nextTick's queue completely before the loop moves on, ticks added while
// emptying it included: a nextTick recursion never lets the loop reach its timers
// or I/O, and the heartbeat stops. setImmediate's queue runs only what was in it
// when the check phase began: each turn goes round, and the heartbeat beats on.
import { performance } from 'node:perf_hooks';
import { emit, scaled } from '@concurrency/trace';
import { nominal } from './event-loop.ts';

export type Recursion = 'setImmediate' | 'nextTick';

/** Beats every 100 ms; meanwhile `recursion` spins for `recurseMs`, then stops. */
export async function heartbeatBeside(recursion: Recursion, recurseMs: number): Promise<void> {
  // Python: a task that loops on `await asyncio.sleep(0.1)`. Here: a timer.
  let beats = 0;
  let onBeat = () => {};
  const heartbeat = setInterval(() => {
    emit('heartbeat', 'beat', undefined, { beats: ++beats }); // traced, not printed
    onBeat();
  }, scaled(nominal.beatMs));
  const nextBeat = () => new Promise<void>((resolve) => (onBeat = resolve));

  await nextBeat(); // the heart beats: now the recursion starts
  const before = beats;
  emit('main', 'recursion-start', `${recursion} recursion starts, for ${recurseMs} ms`, {
    recursion,
    recurseMs,
  });
  const calls = await recurse(recursion, scaled(recurseMs));
  emit('main', 'recursion-end', `${recursion} recursion ends`, { calls });
  const during = beats - before;
  await nextBeat(); // the beat the loop owed: it comes as soon as the loop is free
  clearInterval(heartbeat);
  emit('main', 'beats', `heartbeat: ${during} beats while the recursion ran`, { during });
}

// Bounded, so the run ends: it stops itself once `ms` have passed.
function recurse(recursion: Recursion, ms: number): Promise<number> {
  const until = performance.now() + ms;
  return new Promise((resolve) => {
    let calls = 0;
    const again = () => {
      if (performance.now() >= until) return resolve(calls);
      calls++;
      // Python: loop.call_soon(again) is setImmediate's twin: asyncio's ready
      // queue runs only what it held when the turn began. nextTick has no twin.
      if (recursion === 'nextTick') process.nextTick(again);
      else setImmediate(again);
    };
    again();
  });
}
