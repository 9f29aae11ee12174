// One party's life, the same for a worker thread and an async task. Python:
//   for round in range(1, 4):
//       time.sleep(work(i, round))
//       barrier.wait()
import { emit, sleep } from '@concurrency/trace';
import { BrokenBarrierError, isBrokenBarrier } from './broken.ts';
import { diesIfPlanned, type Plan } from './setup.ts';

// `plan` is plain data (setup.ts): each round's work, and what the flags ask for.
export async function playRounds(plan: Plan, waitAtBarrier: (timeoutMs?: number) => unknown) {
  const { actor, label } = plan;
  for (const [i, workMs] of plan.workMs.entries()) {
    const round = i + 1;
    // time.sleep(work(i, round)): the work, a different length for each party.
    await sleep(workMs);
    // --fail: the party throws here and never comes; main breaks the barrier for the rest.
    diesIfPlanned(plan, round);
    const after = `after ${(workMs / 1000).toFixed(1)} s`;
    // Each line also goes to the trace, which the tests read: emit writes both.
    emit(actor, 'arrive', `${label} arrives at round ${round} (${after})`, { round });
    // barrier.wait(timeout): blocking in a thread, awaited in a task (not --no-barrier).
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
