// The broken barrier's promise, as a check over a run's trace: when the barrier
// breaks, every party already asleep in it is woken at once with BrokenBarrierError,
// not on its own timeout, and not never. Runs stopped at a deadline are read the same
// way: a party that never woke is named.
import { select, spanWithoutCpuWait, type Trace, TraceCheckError } from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';

/** The moment the barrier broke: main's abort(), or the wait that timed out. */
export function breakOf(trace: Trace): TraceEvent | undefined {
  const [abort] = select(trace, { actor: 'main', event: 'abort' });
  if (abort) return abort;
  return select(trace, { event: 'broken' }).find((event) =>
    String(event.text).includes('timed out'),
  );
}

/**
 * Every party that had arrived in `round` before the break, and had not departed,
 * reports `broken` for that round, woken by the break (its message says "the barrier
 * is broken"), within `withinMs` of it.
 */
export function everySleeperWokenAtBreak(trace: Trace, round: number, withinMs: number): void {
  const broke = breakOf(trace);
  const rule =
    `every party asleep in round ${round} when the barrier breaks wakes with ` +
    `BrokenBarrierError within ${withinMs} ms of the break`;
  if (!broke) throw new TraceCheckError({ rule, culprits: [], trace, but: 'it never broke' });
  const asleep = select(trace, { event: 'arrive', round }).filter(
    (arrive) =>
      arrive.t < broke.t &&
      arrive.actor !== broke.actor &&
      select(trace, { actor: arrive.actor, event: 'depart', round }).length === 0,
  );
  if (asleep.length === 0) {
    const but = 'nobody was asleep in it: A broke it before anyone arrived';
    throw new TraceCheckError({ rule, culprits: [broke], trace, but });
  }
  for (const arrive of asleep) {
    const [woke] = select(trace, { actor: arrive.actor, event: 'broken', round });
    if (!woke) {
      const but = `${arrive.actor}, asleep since A, never wakes after B`;
      throw new TraceCheckError({ rule, culprits: [arrive, broke], trace, but });
    }
    // Less the time a thread waited for a core: on a loaded machine, that is its share.
    const late = spanWithoutCpuWait(trace, woke, broke);
    if (late > withinMs || !String(woke.text).includes('the barrier is broken')) {
      const but = `A wakes ${late.toFixed(0)} ms from the break B, saying "${woke.text}"`;
      throw new TraceCheckError({ rule, culprits: [woke, broke], trace, but });
    }
  }
}
