// The claims of the lesson as checks over a run's trace, shared by the tests and
// the figure. Each throws TraceCheckError when its claim does not hold.
import {
  expectActorOrder,
  expectAllBefore,
  expectCount,
  expectDuration,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { nominal as beat } from '../src/starve.ts';
import { nominal } from '../src/toy-program.ts';

/** The order asyncio runs the toy program in: the --python test checks it on python3. */
export const asyncioOrder = [
  'main-start',
  'soon-1',
  'set-result',
  'soon-3',
  'later-0',
  'done-callback',
  'resumed',
  'later',
  'main-end',
];

// Only what Node guarantees. From the scene's own callback: its synchronous code,
// then every nextTick, then every promise reaction, and only then any phase. Inside
// the I/O callback: nextTick, promise, then setImmediate (check comes right after
// poll), then setTimeout 0. Never asserted: setTimeout 0 against setImmediate from
// the scene, or the readFile callback against either.
export function nodeOrderSpec(trace: Trace): void {
  const steps = ['sync', 'sync-end', 'nextTick', 'promise', 'timer', 'immediate'];
  const io = ['io', 'io-nextTick', 'io-promise', 'io-immediate', 'io-timer'];
  for (const step of [...steps, ...io]) expectCount(trace, { actor: 'node', event: step }, 1);
  expectActorOrder(trace, 'node', ['sync', 'sync-end', 'nextTick', 'promise']);
  expectAllBefore(
    trace,
    { actor: 'node', event: 'promise' },
    { actor: 'node', event: ['timer', 'immediate', 'io'] },
  );
  expectActorOrder(trace, 'node', io);
}

/** asyncio's order without call_later(10 ms), the one step whose place is a timing. */
export const fixedOrder = asyncioOrder.filter((step) => step !== 'later');

// call_later(10 ms) runs at the first turn that finds it due, so where it lands among
// the future's callbacks depends on how fast the loop got there. Two places hold on
// any machine: before main's end (its sleep began later and is longer), and after
// call_later(0) whenever the first turn (soon-1) came within 10 ms of main's start,
// since call_later(0) was then added before call_later(10 ms) fell due. `at` reads a
// step's time on the loop's own clock.
export function laterPlacementSpec(
  trace: Trace,
  actor: string,
  scale: number,
  at: (step: TraceEvent) => number = (step) => step.t,
): void {
  const steps = select(trace, { actor });
  const index = (name: string) => steps.findIndex((step) => step.event === name);
  const time = (name: string) => at(steps[index(name)]!);
  const later = index('later');
  const fail = (but: string) => {
    const rule = `${actor}'s call_later(10 ms) runs before main() ends, and after call_later(0) if the first turn came within 10 ms`;
    throw new TraceCheckError({ rule, culprits: [steps[later] ?? steps[0]!], trace, but });
  };
  if (later === -1 || later > index('main-end')) fail('it ran after main() ended, or never');
  const firstTurnMs = time('soon-1') - time('main-start');
  if (firstTurnMs < nominal.laterMs * scale && later < index('later-0')) {
    fail(
      `it ran first, though the first turn came ${firstTurnMs.toFixed(1)} ms after main's start`,
    );
  }
}

// The toy loop ran the program in asyncio's order, its timers no earlier than due:
// call_later(10 ms) from main's start, main's end a 20 ms sleep after it resumed.
export function toySpec(trace: Trace, scale: number, actor = 'toy'): void {
  expectActorOrder(trace, actor, fixedOrder);
  laterPlacementSpec(trace, actor, scale);
  const after = (from: string, to: string, nominalMs: number) =>
    expectDuration(trace, {
      from: { actor, event: from },
      to: { actor, event: to },
      nominalMs,
      scale,
      atLeast: 0.9,
      // A loose ceiling: these timers are a few ms; only a hang would pass it.
      atMost: 1000 / (nominalMs * scale),
    });
  after('main-start', 'later', nominal.laterMs);
  after('resumed', 'main-end', nominal.sleepMs);
}

/**
 * Of the wall time from `from` to `to`, what this process ran: the stalls the
 * recursion traced (the machine stopped the whole process) are taken out.
 */
function ranBetween(stalls: TraceEvent[], from: number, to: number): number {
  let stopped = 0;
  for (const stall of stalls) {
    const start = stall.t - Number(stall.ms);
    stopped += Math.max(0, Math.min(to, stall.t) - Math.max(from, start));
  }
  return to - from - stopped;
}

/**
 * The heartbeats from the last one before the recursion to the first one after it,
 * and the longest gap between two, in the time the process ran: a pause the machine
 * made is nobody's loop. `gap.ms` is the same gap on the wall clock.
 */
export function heartbeatAround(trace: Trace) {
  const [start] = expectCount(trace, { actor: 'recursion', event: 'start' }, 1);
  const [end] = expectCount(trace, { actor: 'recursion', event: 'end' }, 1);
  const beats = select(trace, { actor: 'heartbeat', event: 'beat' });
  const stalls = select(trace, { actor: 'recursion', event: 'stall' });
  const first = beats.findLastIndex((beat) => beat.t < start!.t);
  const last = beats.findIndex((beat) => beat.t > end!.t);
  const around = beats.slice(first, last + 1);
  if (first === -1 || last === -1) {
    const rule = 'the heart beats before the recursion starts and after it ends';
    throw new TraceCheckError({ rule, culprits: [start!, end!], trace, but: 'it does not' });
  }
  let gap = { ran: 0, ms: 0, from: around[0]!, to: around[0]! };
  for (let i = 1; i < around.length; i++) {
    const [from, to] = [around[i - 1]!, around[i]!];
    const ran = ranBetween(stalls, from.t, to.t);
    if (ran > gap.ran) gap = { ran, ms: to.t - from.t, from, to };
  }
  const during = beats.filter((beat) => beat.t > start!.t && beat.t < end!.t).length;
  const recurseMs = Number(start!.recurseMs);
  // How much of the recursion the process ran, and how long the machine stopped it.
  const ranMs = ranBetween(stalls, start!.t, end!.t);
  const stoppedMs = end!.t - start!.t - ranMs;
  return { start: start!, end: end!, gap, during, recurseMs, ranMs, stoppedMs };
}

// The loop stays free while the recursion runs: the heartbeat's longest gap stays
// under halfway between its period (free) and the recursion (starved). Both are
// counted in the time the process ran: on a loaded machine, a 1000 ms recursion the
// machine stopped for 400 ms spins 600 ms, and a free loop's pause can read 500 ms
// on the wall clock, all but one period of it spent stopped.
/**
 * Whether the machine ran the recursion long enough to judge it: a starved loop's gap
 * is the whole run, so it fails the spec's bound only if the run is longer than one
 * beat. A trace with no recursion to measure is left for the spec to name.
 */
export function canBeJudged(trace: Trace, scale: number): boolean {
  try {
    return heartbeatAround(trace).ranMs > beat.beatMs * scale;
  } catch {
    return true;
  }
}

export function heartbeatSpec(trace: Trace, scale: number): void {
  const { start, end, gap, recurseMs, ranMs, stoppedMs } = heartbeatAround(trace);
  expectDuration(trace, {
    from: { actor: 'recursion', event: 'start' },
    to: { actor: 'recursion', event: 'end' },
    nominalMs: recurseMs,
    scale,
    atMost: 3,
  });
  const period = beat.beatMs * scale;
  // A starved loop's gap is the whole run, and it fails the bound below only if the
  // run is longer than one period. A run the machine gave less cannot tell a free
  // loop from a starved one: say so, never pass it. (One series run got 154 ms.)
  if (!canBeJudged(trace, scale)) {
    const rule = `the machine runs the recursion (A to B) for more than one beat, ${period} ms`;
    const but = `it stopped the process for ${stoppedMs.toFixed(0)} ms of it; this run cannot be judged`;
    throw new TraceCheckError({ rule, culprits: [start, end], trace, but });
  }
  const bound = (period + ranMs) / 2;
  if (gap.ran < bound) return;
  const rule = `the heartbeat never pauses ${bound.toFixed(0)} ms or more of the ${ranMs.toFixed(0)} ms the process ran the recursion (A to B)`;
  const but = `it pauses ${gap.ran.toFixed(0)} ms from C to D (${gap.ms.toFixed(0)} ms on the wall clock)`;
  throw new TraceCheckError({ rule, culprits: [start, end, gap.from, gap.to], trace, but });
}
