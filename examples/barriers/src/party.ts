// One party's life, the same for a worker thread and an async task: in each round
// it works for a while (a sleep, a different length for each party), arrives at the
// barrier, waits there for the others, and departs into the next round.
import { emit, sleep } from '@concurrency/trace';
import { BrokenBarrierError, isBrokenBarrier } from './broken.ts';

/** What a party is told to do; plain data, so it can travel to a worker as workerData. */
export interface Plan {
  /** 'worker 2' or 'task 2': the name in messages; the trace's actor is 'worker-2'. */
  name: string;
  /** Nominal milliseconds of work before arriving, one entry per round. */
  workMs: number[];
  /** False for the broken contrast: the party does not wait at all. */
  useBarrier: boolean;
  /** The round in which this party dies before it arrives, if it does. */
  dieInRound?: number;
  /** Real milliseconds a wait may last before it breaks the barrier. */
  timeoutMs?: number;
}

/** Waits at the barrier: `barrier.wait(timeout)`, blocking or awaited. */
export type WaitAtBarrier = (timeoutMs: number | undefined) => unknown;

export async function playRounds(plan: Plan, waitAtBarrier: WaitAtBarrier): Promise<void> {
  const actor = plan.name.replace(' ', '-');
  const label = plan.name[0]!.toUpperCase() + plan.name.slice(1);
  for (const [i, workMs] of plan.workMs.entries()) {
    const round = i + 1;
    await sleep(workMs);
    if (round === plan.dieInRound) {
      throw new Error(`${plan.name} died before reaching the barrier in round ${round}`);
    }
    const after = `${(workMs / 1000).toFixed(1)} s`;
    emit(actor, 'arrive', `${label} arrives at round ${round} (after ${after})`, { round });
    if (plan.useBarrier) {
      try {
        await waitAtBarrier(plan.timeoutMs);
      } catch (error) {
        if (!isBrokenBarrier(error)) throw error;
        // Not waiting forever is the whole point: say so, and stop this party.
        const why = `${plan.name} in round ${round}: ${error.message}`;
        emit(actor, 'broken', `${label} gives up: BrokenBarrierError (${error.message})`, {
          round,
        });
        throw new BrokenBarrierError(why);
      }
    }
    emit(actor, 'depart', `${label} departs round ${round}`, { round });
  }
}
