// One party's life, the same for a worker thread and an async task, and how main
// hears its end. Python:
//   for round in range(1, 4):
//       time.sleep(work(i, round))
//       barrier.wait()
import { emit, sleep } from '@concurrency/trace';
import { BrokenBarrierError, isBrokenBarrier } from './broken.ts';
import { reportEnd } from './report.ts';
import type { Plan, RoundsOptions } from './setup.ts';

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

// A party that dies never arrives, so main breaks the barrier: the others get
// BrokenBarrierError instead of waiting for ever. (Python leaves this to you: a
// thread that raises does not break a threading.Barrier.)
export async function settle(
  parties: Promise<void>[],
  barrier: { abort(): void },
  kind: 'worker' | 'task',
  { rounds }: RoundsOptions,
): Promise<void> {
  // allSettled, not all: main hears every party's end, the first failure included,
  // and still waits for the others to give up before it reports.
  const outcomes = await Promise.allSettled(
    parties.map((party, index) =>
      party.catch((error: unknown) => {
        // A BrokenBarrierError is a consequence; anything else is a party that died.
        if (!isBrokenBarrier(error)) {
          emit('main', 'abort', `Main: ${kind} ${index} died, so main breaks the barrier`);
          barrier.abort();
        }
        throw error;
      }),
    ),
  );
  // Main's last line when all passed every round; else one line for the whole
  // failure: the cause first, then how many it took down (report.ts).
  reportEnd(outcomes, kind, rounds);
}
