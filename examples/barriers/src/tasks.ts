// asyncio.Barrier: the same four parties and three rounds as barriers.ts, played by
// async tasks on one event loop, meeting at a barrier of promises.
import { AsyncBarrier } from './async-barrier.ts';
import { breakOnDeath } from './broken.ts';
import { playRounds } from './party.ts';
import { reportEnd } from './report.ts';
import { planFor, type RoundsOptions } from './setup.ts';

// Python, with coroutines:
//   barrier = asyncio.Barrier(4)
//   await asyncio.gather(*(party(i) for i in range(4)))
// Each party is an async function's promise; the barrier is a list of promises.
export async function runTasks(options: RoundsOptions): Promise<void> {
  const barrier = new AsyncBarrier(options.parties);
  const tasks = Array.from({ length: options.parties }, (_, party) => {
    // The same rounds as a thread plays, awaiting the barrier instead of blocking.
    const plan = planFor(party, options, 'task');
    const task = playRounds(plan, (timeoutMs) => barrier.wait({ timeoutMs }));
    // A task that died never arrives: main breaks the barrier for the others.
    return breakOnDeath(task, barrier, `task ${party}`);
  });
  // Every party's end heard: main's last line, or one line for a failure (report.ts).
  await reportEnd(tasks, 'task', options.rounds);
}
