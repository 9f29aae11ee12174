// One party's life, the same for a worker thread and an async task. Python:
//   for round in range(1, 4):
//       time.sleep(work(i, round))
//       barrier.wait()
import { emit, sleep } from '@concurrency/trace';
import { BrokenBarrierError, isBrokenBarrier } from './broken.ts';
import type { Plan } from './setup.ts';

// `plan` is plain data (setup.ts): how long to work each round, whether to wait at
// the barrier at all (not with --no-barrier), and the faults a flag asks for.
export async function playRounds(
  plan: Plan,
  waitAtBarrier: (timeoutMs: number | undefined) => unknown,
): Promise<void> {
  const { actor, label } = plan;
  for (const [i, workMs] of plan.workMs.entries()) {
    const round = i + 1;
    // time.sleep(work(i, round)): the work, a different length for each party.
    await sleep(workMs);
    // --fail: this party dies before it arrives. It will never come: main notices
    // its end and breaks the barrier for the others.
    if (round === plan.dieInRound) {
      throw new Error(`${plan.name} died before reaching the barrier in round ${round}`);
    }
    const after = `after ${(workMs / 1000).toFixed(1)} s`;
    // Each line also goes to the trace, which the tests read: emit writes both.
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
    // Past the barrier: every party has arrived in this round.
    emit(actor, 'depart', `${label} departs round ${round}`, { round });
  }
}
