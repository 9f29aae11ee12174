// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests use the same per-round numbers.
import { select, type Trace } from '@concurrency/harness';

/** The parties' lanes: worker-0... for threads, task-0... for async tasks. */
export const partyActor = /^(worker|task)-\d+$/;

export interface Round {
  round: number;
  /** Trace clock (ms) of the last arrival and of the first and last departures. */
  lastArrival: number;
  firstDeparture: number;
  lastDeparture: number;
}

export function roundsOf(trace: Trace, actor: RegExp = partyActor): Round[] {
  const byRound = new Map<number, Round>();
  for (const event of select(trace, { actor, event: ['arrive', 'depart'] })) {
    const round = event.round as number;
    const found = byRound.get(round) ?? {
      round,
      lastArrival: Number.NEGATIVE_INFINITY,
      firstDeparture: Number.POSITIVE_INFINITY,
      lastDeparture: Number.NEGATIVE_INFINITY,
    };
    if (event.event === 'arrive') found.lastArrival = Math.max(found.lastArrival, event.t);
    else {
      found.firstDeparture = Math.min(found.firstDeparture, event.t);
      found.lastDeparture = Math.max(found.lastDeparture, event.t);
    }
    byRound.set(round, found);
  }
  return [...byRound.values()].sort((a, b) => a.round - b.round);
}

/** Milliseconds from the first departure of a round to its last one. */
export const departureSpread = (round: Round): number => round.lastDeparture - round.firstDeparture;

function ms(value: number): string {
  return `${value < 1 ? value.toFixed(2) : value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

export function figure(trace: Trace, _scale: number): string {
  const rounds = roundsOf(trace);
  const parties = new Set(select(trace, { actor: partyActor }).map((event) => event.actor)).size;
  const head = `${parties} parties × ${rounds.length} rounds`;
  const early = rounds.filter((round) => round.firstDeparture <= round.lastArrival).length;
  if (early > 0) {
    return `${head}; a departure before the last arrival in ${early} of ${rounds.length} rounds`;
  }
  // The middle round's spread: one slow wake-up on a busy machine does not speak for all.
  const spreads = rounds.map(departureSpread).sort((a, b) => a - b);
  const median = spreads[Math.floor(spreads.length / 2)]!;
  return `${head}; last arrival before first departure every round; departures spread ${ms(median)}`;
}
