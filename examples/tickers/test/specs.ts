// The claims of the three parts, as checks on a run's trace. Each throws a
// TraceCheckError naming the events that broke it; the contrast must make them throw.
import {
  expectAllBefore,
  expectCount,
  expectPeakConcurrency,
  select,
  spans,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { nominal } from '../src/setup.ts';

export const beatSpans = {
  start: { actor: 'ticker', event: 'start' },
  end: { actor: 'ticker', event: 'done' },
  key: 'beat',
};

function fail(rule: string, culprits: TraceEvent[], trace: Trace, but: string): never {
  throw new TraceCheckError({ rule, culprits, trace, but });
}

/** When each beat was due had the ticker kept its period exactly, from the part's header. */
const header = (trace: Trace) => select(trace, { actor: 'main', event: 'part' })[0]!;

/**
 * Part one: every beat runs, one at a time (never two at once), each no earlier than
 * its tick (k periods after the ticker started); the ticker stops once, after the
 * last beat. And the last beat starts no later than halfway to where a ticker that
 * waited a period after each beat's work would put it, plus what this run's timers
 * showed of a busy machine: Node sets each next tick from when the last one fired,
 * so a late timer delays every tick after it. The worst lateness of a beat's sleep,
 * once for every beat, is the slack.
 */
export function tickerSpec(trace: Trace, scale: number, beats: number = nominal.beats): void {
  expectCount(trace, { actor: 'ticker', event: 'start' }, beats);
  expectCount(trace, { actor: 'ticker', event: 'done' }, beats);
  const starts = select(trace, { actor: 'ticker', event: 'start' });
  const t0 = header(trace).t;
  const period = nominal.periodMs * scale;
  for (const [i, start] of starts.entries()) {
    if (start.t - t0 < 0.9 * (i + 1) * period) {
      fail(`beat ${i + 1} starts no earlier than its tick`, [start], trace, 'A came early');
    }
  }
  expectPeakConcurrency(trace, beatSpans, { atMost: 1 });
  expectCount(trace, { actor: 'ticker', event: 'stopped' }, 1);
  expectAllBefore(
    trace,
    { actor: 'ticker', event: ['start', 'done'] },
    { actor: 'ticker', event: 'stopped' },
  );
  const work = (n: number) => (n === nominal.slowBeat ? nominal.slowMs : nominal.workMs);
  const lateness = Math.max(
    0,
    ...spans(trace, beatSpans).map(
      ({ start, end }) => end.t - start.t - work(Number(start.beat)) * scale,
    ),
  );
  let added = 0;
  for (let n = 1; n < beats; n++) added += work(n);
  const latest = (beats * nominal.periodMs + added / 2) * scale + beats * lateness;
  const last = starts.at(-1)!;
  if (last.t - t0 > latest) {
    const rule = `the last beat starts within ${latest.toFixed(0)} ms of the ticker's start`;
    fail(rule, [last], trace, `A came ${(last.t - t0).toFixed(0)} ms after it`);
  }
}

/** Part two: how far tick k of a schedule is behind t0 + k * period, in real ms. */
export function drifts(
  trace: Trace,
  schedule: string,
  scale: number,
): { k: number; behind: number; event: TraceEvent }[] {
  const [begin] = expectCount(trace, { actor: schedule, event: 'begin' }, 1);
  return select(trace, { actor: schedule, event: 'tick' }).map((event) => ({
    k: event.k as number,
    behind: event.t - (begin!.t + (event.k as number) * nominal.periodMs * scale),
    event,
  }));
}

/** The chained timer falls behind by at least each tick's work: firm minimum, 0.9 of it. */
export function chainedDriftSpec(trace: Trace, schedule: string, scale: number): void {
  const ticks = drifts(trace, schedule, scale);
  if (ticks.length !== nominal.ticks)
    fail(`${schedule} ticks ${nominal.ticks} times`, [], trace, `it ticked ${ticks.length}`);
  for (const { k, behind, event } of ticks) {
    const least = 0.9 * (k - 1) * nominal.tickWorkMs * scale;
    if (behind < least) {
      fail(
        `${schedule} tick ${k} is at least ${least.toFixed(0)} ms behind`,
        [event],
        trace,
        `A is ${behind.toFixed(1)} ms behind`,
      );
    }
  }
}

/**
 * The fixed-rate schedule ticks no earlier than each tick's due time (firm: a tenth
 * of a period early at most), and by its last tick it is behind by at least half the
 * chained schedule's added work less than the chained one, run beside it on the same
 * loop: a busy machine makes both late alike, but only the chained one adds it up.
 */
export function fixedRateSpec(trace: Trace, schedule: string, other: string, scale: number): void {
  const ticks = drifts(trace, schedule, scale);
  if (ticks.length !== nominal.ticks) {
    fail(`${schedule} ticks ${nominal.ticks} times`, [], trace, `it ticked ${ticks.length}`);
  }
  const early = 0.1 * nominal.periodMs * scale;
  for (const { k, behind, event } of ticks) {
    if (behind < -early) {
      fail(
        `${schedule} tick ${k} is at most ${early} ms early`,
        [event],
        trace,
        `A is ${-behind} ms early`,
      );
    }
  }
  const mine = ticks.at(-1)!;
  const theirs = drifts(trace, other, scale).at(-1)!;
  const gap = ((nominal.ticks - 1) * nominal.tickWorkMs * scale) / 2;
  if (mine.behind > theirs.behind - gap) {
    const rule = `${schedule}'s last tick is at least ${gap} ms less behind than ${other}'s`;
    const but = `A is ${mine.behind.toFixed(1)} ms behind, B ${theirs.behind.toFixed(1)} ms`;
    fail(rule, [mine.event, theirs.event], trace, but);
  }
}

/**
 * Part three, for one limiter: every request goes; in any window of w ms at most
 * burst + rate * w go (a loose bound: w is taken a quarter of a token's time longer);
 * the first `burst` go at once (within half a token's time of the first: halfway to
 * a limiter without bursts); all go within 1.5 times the time the tokens take to come.
 */
export function limitSpec(trace: Trace, limiter: string, scale: number): void {
  const { rate, burst, requests } = nominal;
  const starts = expectCount(trace, { actor: limiter, event: 'go' }, requests).sort(
    (a, b) => a.t - b.t,
  );
  const tokenMs = (1000 * scale) / rate;
  for (let i = 0; i < starts.length; i++) {
    for (let j = i + 1; j < starts.length; j++) {
      const w = starts[j]!.t - starts[i]!.t;
      // A quarter of a token's time of slack: the trace's clock is read just after
      // the grant, and a busy machine may pause the process in between.
      if (j - i + 1 > burst + (w + tokenMs / 4) / tokenMs) {
        const rule = `${limiter}: in any window of w ms at most ${burst} + ${rate}/s * w start`;
        fail(
          rule,
          [starts[i]!, starts[j]!],
          trace,
          `${j - i + 1} start within ${w.toFixed(1)} ms, from A to B`,
        );
      }
    }
  }
  const first = starts[0]!;
  const late = starts.slice(0, burst).find((start) => start.t - first.t > tokenMs / 2);
  if (late)
    fail(`${limiter}: the first ${burst} go at once`, [first, late], trace, 'B goes well after A');
  const span = starts.at(-1)!.t - first.t;
  const most = 1.5 * (requests - burst) * tokenMs;
  if (span > most) {
    fail(
      `${limiter}: all ${requests} go within ${most.toFixed(0)} ms`,
      [first, starts.at(-1)!],
      trace,
      `B - A = ${span.toFixed(0)} ms`,
    );
  }
}
