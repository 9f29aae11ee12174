// The one figure that proves this example's concept, read from a run's trace: how many
// pbkdf2 calls each pool ran at once, and how long pbkdf2Sync held the loop. A test's
// run carries the probe's count of each pool (src/proof.ts): exact. A run without it
// (the tour's) has only the calls' ends: a pool of 4 ends 8 calls in two waves, 4 and
// 4, and a busy machine can blur them: a reading that is not 4 and 8 is marked unshown.
import { peakConcurrency, select, type Trace } from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { nominal } from '../src/libuv-pool.ts';

/** The pids of the processes that hashed, in the order they first did: one per part. */
export function partPids(trace: Trace): number[] {
  return [...new Set(select(trace, { event: 'submit' }).map((event) => event.pid))];
}

export const ofPid = (trace: Trace, pid: number) => trace.filter((event) => event.pid === pid);

export const copySpans = {
  start: { actor: /^copy-/, event: 'start' },
  end: { actor: /^copy-/, event: 'release' },
};

/** Calls at once by the probe's count, or by the waves of ends; undefined if unclear. */
function atOnce(trace: Trace): { n: number | undefined; how: 'counted' | 'by waves' } {
  if (select(trace, { event: 'start', actor: /^copy-/ }).length > 0) {
    return { n: peakConcurrency(trace, copySpans).peak, how: 'counted' };
  }
  const first = select(trace, { event: 'submit' })[0]?.t ?? 0;
  const ends = select(trace, { event: 'done' }).map((event: TraceEvent) => event.t);
  // A wave of ends takes about as long as the first did; ends within one are close.
  const wave = (ends[0] ?? 0) - first;
  const gaps = ends.slice(1).map((t, i) => t - ends[i]!);
  const breaks = gaps.flatMap((gap, i) => (gap > wave / 2 ? [i + 1] : []));
  const clear = gaps.every((gap) => gap > wave / 2 || gap < wave / 4);
  if (clear && breaks.length === 0) return { n: ends.length, how: 'by waves' };
  if (clear && breaks.length > 0) return { n: breaks[0], how: 'by waves' };
  return { n: undefined, how: 'by waves' };
}

const longestGap = (trace: Trace) => Number(select(trace, { event: 'gap' }).at(-1)?.gap);

export function figure(trace: Trace, _scale: number) {
  const [byDefault, sized] = partPids(trace).map((pid) => ofPid(trace, pid));
  const main = select(trace, { actor: 'main', event: 'part' })[0]?.pid;
  const [four, eight] = [atOnce(byDefault ?? []), atOnce(sized ?? [])];
  const blocked = longestGap(trace.filter((event) => event.pid === main));
  const free = Math.max(longestGap(byDefault ?? []), longestGap(sized ?? []));
  const text =
    `${four.n ?? '?'} at once by default, ${eight.n ?? '?'} with UV_THREADPOOL_SIZE=8 ` +
    `(${four.how}); pbkdf2Sync held the loop ${blocked} ms, the pool at most ${free} ms`;
  // Waves of ends that do not read as the pools' sizes were blurred: not shown.
  if (four.n !== nominal.defaultPool || eight.n !== nominal.pool) {
    const reason =
      four.how === 'counted'
        ? 'the pools counted were not 4 and 8'
        : 'a busy machine blurred the waves of ends';
    return { text, shown: false, reason };
  }
  return text;
}
