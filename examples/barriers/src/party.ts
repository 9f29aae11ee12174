// One party's life, the same for a worker thread and an async task. Python:
//   for round in range(1, 4):
//       time.sleep(work(i, round))
//       barrier.wait()
import { emit, sleep } from '@concurrency/trace';
import { BrokenBarrierError, isBrokenBarrier } from './broken.ts';

/** What a party is told to do: plain data, so it can travel to a worker as workerData. */
export interface Plan {
  /** 'worker 2' or 'task 2'; its lane in the trace is 'worker-2'. */
  name: string;
  /** Nominal milliseconds of work before arriving, one entry per round. */
  workMs: number[];
  /** False for the broken contrast: the party does not wait at all. */
  useBarrier: boolean;
  /** The round in which this party dies before it arrives (--fail). */
  dieInRound?: number;
  /** Real milliseconds a wait may last before it breaks the barrier (--timeout). */
  timeoutMs?: number;
}

export async function playRounds(
  plan: Plan,
  waitAtBarrier: (timeoutMs: number | undefined) => unknown,
): Promise<void> {
  const actor = plan.name.replace(' ', '-');
  const label = plan.name[0]!.toUpperCase() + plan.name.slice(1);
  for (const [i, workMs] of plan.workMs.entries()) {
    const round = i + 1;
    // time.sleep(work(i, round)): the work, a different length for each party.
    await sleep(workMs);
    if (round === plan.dieInRound) {
      throw new Error(`${plan.name} died before reaching the barrier in round ${round}`);
    }
    const after = `after ${(workMs / 1000).toFixed(1)} s`;
    emit(actor, 'arrive', `${label} arrives at round ${round} (${after})`, { round });
    // barrier.wait(timeout): blocking in a thread, awaited in a task.
    if (plan.useBarrier) {
      try {
        await waitAtBarrier(plan.timeoutMs);
      } catch (error) {
        if (!isBrokenBarrier(error)) throw error;
        // Not waiting for ever is the point of breaking: say so, and stop this party.
        const why = `${label} gives up: BrokenBarrierError (${error.message})`;
        emit(actor, 'broken', why, { round });
        throw new BrokenBarrierError(`${plan.name} in round ${round}: ${error.message}`);
      }
    }
    emit(actor, 'depart', `${label} departs round ${round}`, { round });
  }
}
