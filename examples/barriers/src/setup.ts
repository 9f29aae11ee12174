// The plan of a run: how long each party works in each round, and the faults the
// flags ask for (a party that dies, one that comes late, a timeout on every wait).
import { scaled } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  parties: 4,
  rounds: 3,
  /** Arrivals in a round are this far apart: the k-th to arrive works k steps. */
  stepMs: 500,
  /** How much later than planned a stalled party arrives in the last round. */
  stallMs: 5000,
  /** Below this scale, a step (50 ms) is no longer large beside a busy machine's delays. */
  minScale: 0.1,
} as const;

/** What a party is told to do: plain data, so it can travel to a worker as workerData. */
export interface Plan {
  /** 'worker 2' or 'task 2': in errors; 'Worker 2' on screen; 'worker-2' in the trace. */
  name: string;
  label: string;
  actor: string;
  /** Nominal milliseconds of work before arriving, one entry per round. */
  workMs: number[];
  /** False for the broken contrast: the party does not wait at all. */
  useBarrier: boolean;
  /** The round in which this party dies before it arrives (--fail). */
  dieInRound?: number;
  /** Real milliseconds a wait may last before it breaks the barrier (--timeout). */
  timeoutMs?: number;
}

export interface RoundsOptions {
  parties: number;
  rounds: number;
  useBarrier: boolean;
  /** This party dies before it arrives in the last round. */
  failing?: number;
  /** This party arrives nominal.stallMs late in the last round. */
  stalling?: number;
  /** Nominal milliseconds a wait may last before it breaks the barrier (none: forever). */
  timeoutMs?: number;
}

/**
 * How long `party` works before arriving in `round`: 1 to `parties` steps. The order
 * rotates, so a different party is the last to arrive in each round.
 */
export function workMs(party: number, round: number, parties: number): number {
  return nominal.stepMs * (((party + round - 1) % parties) + 1);
}

/** --fail: the party dies before it arrives in its planned round, a plain Error. */
export function diesIfPlanned(plan: Plan, round: number): void {
  if (round !== plan.dieInRound) return;
  throw new Error(`${plan.name} died before reaching the barrier in round ${round}`);
}

export function planFor(party: number, options: RoundsOptions, kind = 'worker'): Plan {
  const { rounds, parties, useBarrier, failing, stalling, timeoutMs } = options;
  const work = Array.from({ length: rounds }, (_, i) => workMs(party, i + 1, parties));
  if (party === stalling) work[rounds - 1]! += nominal.stallMs;
  return {
    name: `${kind} ${party}`,
    label: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${party}`,
    actor: `${kind}-${party}`,
    workMs: work,
    useBarrier,
    ...(party === failing ? { dieInRound: rounds } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs: scaled(timeoutMs) }),
  };
}
